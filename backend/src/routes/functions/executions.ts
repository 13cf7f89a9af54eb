import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listExecutions, listLogs } from '../../services/function-executions.js';
import { executionSchema, functionIdParams, logSchema, pagination } from './function-schema.js';

/** `/api/v1/functions/{id}/executions` and `/logs`: what the runtime reported (superuser). */
export const functionExecutionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/executions',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: 'Runs of the function, any trigger, newest first',
        params: functionIdParams,
        querystring: pagination,
        response: { 200: z.array(executionSchema) },
      },
    },
    async (request) => listExecutions(app.db, request.params.id, request.query),
  );

  app.get(
    '/:id/logs',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: "The function's console output, newest first; `since` keeps lines after that time",
        params: functionIdParams,
        querystring: z.object({
          since: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          execution_id: z.uuid().optional(),
        }),
        response: { 200: z.array(logSchema) },
      },
    },
    async (request) => listLogs(app.db, request.params.id, request.query),
  );
};
