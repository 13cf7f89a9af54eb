import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** `GET /`: the greeting old clients use to find the API. */
export const rootRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['health'],
        summary: 'Welcome message',
        security: [],
        response: { 200: z.object({ message: z.string() }) },
      },
    },
    async () => ({ message: 'Welcome to SelfDB API' }),
  );
};
