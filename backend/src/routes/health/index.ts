import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorCodes } from '../../errors/codes.js';
import { dbUnavailable } from '../../errors/pg-errors.js';
import { VERSION } from '../../version.js';

const checkResult = z.object({
  status: z.enum(['ok', 'error']),
  latency_ms: z.number(),
  error: z.string().optional(),
});
const checks = z.record(z.string(), checkResult);

/** `/api/v1/health*`: liveness and readiness, open to everyone. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The API process is running, and its version',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), message: z.string(), version: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, message: 'API is running', version: VERSION }),
  );

  app.get(
    '/health/db',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The database answers; 503 DB_UNAVAILABLE when it does not',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), message: z.string(), latency_ms: z.number() }) },
      },
    },
    async () => {
      const result = await app.readiness.runOne('database');
      if (result.status !== 'ok') throw dbUnavailable();
      return { status: 'ok' as const, message: 'Database is reachable', latency_ms: result.latency_ms };
    },
  );

  app.get(
    '/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Every dependency answers; 503 NOT_READY, with the same checks, if any does not',
        security: [],
        response: {
          200: z.object({ status: z.literal('ok'), checks }),
          503: z.object({
            status: z.literal('error'),
            detail: z.string(),
            code: z.literal('NOT_READY'),
            checks,
          }),
        },
      },
    },
    async (_request, reply) => {
      const results = await app.readiness.run();
      const down = Object.keys(results).filter((name) => results[name]?.status !== 'ok');
      if (down.length === 0) return { status: 'ok' as const, checks: results };
      return reply.code(errorCodes.NOT_READY.status).send({
        status: 'error' as const,
        detail: `Unavailable: ${down.join(', ')}`,
        code: 'NOT_READY' as const,
        checks: results,
      });
    },
  );
};
