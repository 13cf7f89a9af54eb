import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createEnvVar, deleteEnvVar, listEnvVars, updateEnvVar } from '../../services/function-env.js';
import { envKey, envVarSchema, functionIdParams } from './function-schema.js';

const envParams = functionIdParams.extend({ env_id: z.uuid() });
const envValue = z.string().max(65_536);

/** `/api/v1/functions/{id}/env`: a function's own variables; secret values are write-only. */
export const functionEnvRoutes: FastifyPluginAsyncZod = async (app) => {
  const dir = app.config.functions.dir;
  const applied = () => app.functionRuntime.reload();

  app.get(
    '/:id/env',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: 'The variables; a secret has value null',
        params: functionIdParams,
        response: { 200: z.array(envVarSchema) },
      },
    },
    async (request) => listEnvVars(app.db, request.params.id),
  );

  app.post(
    '/:id/env',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        params: functionIdParams,
        body: z.object({ key: envKey, value: envValue, is_secret: z.boolean().default(false) }),
        response: { 201: envVarSchema },
      },
    },
    async (request, reply) => {
      const created = await createEnvVar(app.db, dir, request.params.id, request.body);
      await applied();
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/:id/env/:env_id',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        params: envParams,
        body: z.object({
          key: envKey.optional(),
          value: envValue.optional(),
          is_secret: z.boolean().optional(),
        }),
        response: { 200: envVarSchema },
      },
    },
    async (request) => {
      const updated = await updateEnvVar(app.db, dir, request.params.id, request.params.env_id, request.body);
      await applied();
      return updated;
    },
  );

  app.delete(
    '/:id/env/:env_id',
    {
      config: { access: 'superuser' },
      schema: { tags: ['functions'], params: envParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteEnvVar(app.db, dir, request.params.id, request.params.env_id);
      await applied();
      return reply.code(204).send(null);
    },
  );
};
