import fp from 'fastify-plugin';
import { createDb, type Db } from '../db/pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export const dbPlugin = fp(
  async (app) => {
    const { config } = app;
    const db = createDb(config.db, (err) => app.log.warn({ err }, 'database connection error'));
    app.decorate('db', db);
    app.readiness.register('database', () => db.query('SELECT 1'));
    app.addHook('onClose', () => db.close());
  },
  { dependencies: ['readiness'], name: 'db' },
);
