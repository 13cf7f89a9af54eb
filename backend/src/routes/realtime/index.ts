import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { credentialsFromQuery, RealtimeConnection } from '../../realtime/connection.js';

/**
 * `/api/v1/realtime/ws`: row changes over WebSocket (API.md §9). Browsers cannot set headers on a
 * WebSocket, so authentication happens in the protocol (first frame or `?token=` / `?apikey=`).
 */
export const realtimeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/ws',
    {
      websocket: true,
      config: { access: 'public' },
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket: authenticate, subscribe by id or channel, receive row changes',
        querystring: z.object({ token: z.string().optional(), apikey: z.string().optional() }),
      },
    },
    (socket, request) => {
      new RealtimeConnection(socket, app, app.realtimeHub, credentialsFromQuery(request.query));
    },
  );
};
