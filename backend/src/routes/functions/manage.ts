import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';
import { inspectModule } from '../../functions/module-check.js';
import {
  createFunction,
  deleteFunction,
  functionNameTaken,
  getFunction,
  listFunctions,
  listVersions,
  updateFunction,
  versionCode,
} from '../../services/functions.js';
import {
  functionCode,
  functionIdParams,
  functionListItemSchema,
  functionName,
  functionSchema,
  pagination,
  timeoutMs,
  versionSchema,
} from './function-schema.js';

/** `/api/v1/functions` and `/functions/{id}`: create, read, change and delete functions (superuser). */
export const manageFunctionRoutes: FastifyPluginAsyncZod = async (app) => {
  const dir = app.config.functions.dir;
  const callerId = (caller: Parameters<typeof isLoggedIn>[0]) => (isLoggedIn(caller) ? caller.user.id : null);

  app.get(
    '/',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: 'Every function, by name, each with its newest run (last_execution)',
        querystring: pagination,
        response: { 200: z.array(functionListItemSchema) },
      },
    },
    async (request) => listFunctions(app.db, request.query),
  );

  app.post(
    '/',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary:
          'Deploy a function; 400 INVALID_FUNCTION when the module does not load or declares bad triggers',
        body: z.object({
          name: functionName,
          code: functionCode,
          description: z.string().max(1000).nullish(),
          is_active: z.boolean().default(true),
          timeout_ms: timeoutMs.nullish(),
        }),
        response: { 201: functionSchema },
      },
    },
    async (request, reply) => {
      const { body } = request;
      if (await functionNameTaken(app.db, body.name)) throw new AppError('FUNCTION_EXISTS');
      const meta = await inspectModule(body.code);
      const created = await createFunction(app.db, dir, {
        ...body,
        meta,
        owner_id: callerId(request.caller),
      });
      await app.functionRuntime.reload();
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/:id',
    {
      config: { access: 'superuser' },
      schema: { tags: ['functions'], params: functionIdParams, response: { 200: functionSchema } },
    },
    async (request) => getFunction(app.db, request.params.id),
  );

  app.put(
    '/:id',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: 'Change a function; changed code is a new version, is_active=false stops every trigger',
        params: functionIdParams,
        body: z.object({
          code: functionCode.optional(),
          description: z.string().max(1000).nullish(),
          is_active: z.boolean().optional(),
          timeout_ms: timeoutMs.nullish(),
        }),
        response: { 200: functionSchema },
      },
    },
    async (request) => {
      const { code, ...rest } = request.body;
      const changes =
        code === undefined ? rest : { ...rest, code: { text: code, meta: await inspectModule(code) } };
      const updated = await updateFunction(app.db, dir, request.params.id, changes, callerId(request.caller));
      await app.functionRuntime.reload();
      return updated;
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: 'superuser' },
      schema: { tags: ['functions'], params: functionIdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteFunction(app.db, dir, request.params.id);
      await app.functionRuntime.reload();
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/versions',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: 'Every version, newest first',
        params: functionIdParams,
        response: { 200: z.array(versionSchema) },
      },
    },
    async (request) => listVersions(app.db, request.params.id),
  );

  app.post(
    '/:id/versions/:n/restore',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: "Make version n's code current again, as a new version",
        params: functionIdParams.extend({ n: z.coerce.number().int().min(1) }),
        response: { 200: functionSchema },
      },
    },
    async (request) => {
      const code = await versionCode(app.db, request.params.id, request.params.n);
      const meta = await inspectModule(code);
      const updated = await updateFunction(
        app.db,
        dir,
        request.params.id,
        { code: { text: code, meta } },
        callerId(request.caller),
      );
      await app.functionRuntime.reload();
      return updated;
    },
  );
};
