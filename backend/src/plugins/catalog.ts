import fp from 'fastify-plugin';
import { Notifications } from '../db/notifications.js';
import { connectionOptions } from '../db/pool.js';
import { TableCatalog } from '../services/tables/catalog.js';

declare module 'fastify' {
  interface FastifyInstance {
    notifications: Notifications;
    tableCatalog: TableCatalog;
  }
}

/** The LISTEN connection and the table metadata cache it keeps fresh across every replica. */
export const catalogPlugin = fp(
  async (app) => {
    const notifications = new Notifications(connectionOptions(app.config.db), app.log);
    const catalog = new TableCatalog(app.db);
    notifications.listen('selfdb_ddl', () => catalog.invalidate());
    notifications.onReconnect(() => catalog.invalidate());
    app.decorate('notifications', notifications);
    app.decorate('tableCatalog', catalog);
    app.addHook('onReady', () => notifications.start());
    app.addHook('onClose', () => notifications.close());
  },
  { name: 'catalog', dependencies: ['db'] },
);
