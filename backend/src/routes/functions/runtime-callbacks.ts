import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { runtimeSettings } from '../../services/function-env.js';
import { claimRun, pruneExecutions, recordExecution } from '../../services/function-executions.js';

const PRUNE_EVERY_MS = 60_000;

/**
 * `/api/v1/functions/runtime/*`: what the function runtime asks of the backend, with the internal
 * key (X-Runtime-Key) only. Not for clients; hidden from the OpenAPI document.
 */
export const runtimeCallbackRoutes: FastifyPluginAsyncZod = async (app) => {
  let lastPrune = 0;

  app.get(
    '/settings/:name',
    {
      config: { access: 'runtime' },
      schema: {
        hide: true,
        params: z.object({ name: z.string() }),
        response: {
          200: z.object({ timeout_ms: z.number().nullable(), env: z.record(z.string(), z.string()) }),
        },
      },
    },
    async (request) => {
      const settings = await runtimeSettings(app.db, request.params.name);
      if (!settings) throw new AppError('FUNCTION_NOT_FOUND');
      return settings;
    },
  );

  app.post(
    '/claims',
    {
      config: { access: 'runtime' },
      schema: {
        hide: true,
        body: z.object({ function: z.string().max(63), slot: z.string().max(200) }),
        response: { 200: z.object({ claimed: z.boolean() }) },
      },
    },
    async (request) => ({ claimed: await claimRun(app.db, request.body.function, request.body.slot) }),
  );

  app.post(
    '/executions',
    {
      config: { access: 'runtime' },
      schema: {
        hide: true,
        body: z.object({
          id: z.uuid(),
          function: z.string().max(63),
          trigger: z.string().max(20),
          status: z.enum(['success', 'error', 'timeout']),
          status_code: z.number().int().nullable(),
          started_at: z.iso.datetime({ offset: true }),
          duration_ms: z.number().int().min(0),
          error: z.string().max(10_000).nullable(),
          logs: z
            .array(z.object({ level: z.string().max(10), message: z.string().max(10_000), at: z.string() }))
            .max(1000),
        }),
        response: { 204: z.null(), 404: z.object({ detail: z.string(), code: z.string() }) },
      },
    },
    async (request, reply) => {
      const known = await recordExecution(app.db, request.body);
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        void pruneExecutions(app.db, app.config.functions.retentionDays).catch((err) =>
          request.log.warn({ err }, 'pruning function executions failed'),
        );
      }
      if (!known) throw new AppError('FUNCTION_NOT_FOUND');
      return reply.code(204).send(null);
    },
  );
};
