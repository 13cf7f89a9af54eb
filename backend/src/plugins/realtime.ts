import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import { ChangeFeed } from '../realtime/change-feed.js';
import { RealtimeHub } from '../realtime/hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    realtimeHub: RealtimeHub;
    changeFeed: ChangeFeed;
  }
}

/** Frames larger than this close the socket (1009); subscriptions are small JSON messages. */
const MAX_FRAME_BYTES = 64 * 1024;

/** The change feed of this backend process and the hub that fans it out to WebSocket subscribers. */
export const realtimePlugin = fp(
  async (app) => {
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
    const hub = new RealtimeHub(app.tableCatalog);
    const feed = new ChangeFeed(
      app.db,
      app.notifications,
      { seconds: app.config.realtime.retentionSeconds, maxEvents: app.config.realtime.retentionMaxEvents },
      (change) => hub.publish(change),
      app.log,
    );
    app.decorate('realtimeHub', hub);
    app.decorate('changeFeed', feed);
    app.readiness.register('realtime_listener', async () => {
      if (!app.notifications.connected) throw new Error('the LISTEN connection is down');
    });
    app.addHook('onReady', async () => feed.start());
    app.addHook('onClose', () => feed.stop());
  },
  { name: 'realtime', dependencies: ['catalog'] },
);
