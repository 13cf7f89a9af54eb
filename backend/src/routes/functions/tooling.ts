import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { DENO_RUNTIME_DIR } from '../../functions/deno.js';
import { checkModule, denoTypes, lintModule } from '../../functions/module-check.js';
import { diagnosticSchema, functionCode } from './function-schema.js';

const TEMPLATE_TYPES = ['http', 'schedule', 'database', 'event', 'once'] as const;

/** `/api/v1/functions/lint|validate|deno-types|templates`: the editor's tools (superuser). */
export const functionToolingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/lint',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: '`deno lint` on the code (body {code}, or query code for old clients)',
        body: z.object({ code: functionCode }).nullish(),
        querystring: z.object({ code: functionCode.optional() }),
        response: { 200: z.array(diagnosticSchema) },
      },
    },
    async (request) => {
      const code = request.body?.code ?? request.query.code;
      if (code === undefined) throw new AppError('BAD_REQUEST', 'Send the code as {"code": "..."}');
      return lintModule(code);
    },
  );

  app.post(
    '/validate',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: '`deno check` (type check) on the code, with SelfDB function types available',
        body: z.object({ code: functionCode }),
        response: { 200: z.object({ valid: z.boolean(), errors: z.array(diagnosticSchema) }) },
      },
    },
    async (request) => checkModule(request.body.code),
  );

  app.get(
    '/deno-types',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: "Deno's type declarations plus SelfDB's (SelfDBContext, SelfDBTrigger, ...) for the editor",
        response: { 200: z.string() },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'private, max-age=3600');
      return reply.type('text/plain; charset=utf-8').send(await denoTypes());
    },
  );

  app.get(
    '/templates/:type',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['functions'],
        summary: 'Starter code for a kind of trigger',
        params: z.object({ type: z.enum(TEMPLATE_TYPES) }),
        response: { 200: z.object({ type: z.enum(TEMPLATE_TYPES), code: z.string() }) },
      },
    },
    async (request) => ({
      type: request.params.type,
      code: await readFile(path.join(DENO_RUNTIME_DIR, 'templates', `${request.params.type}.ts`), 'utf8'),
    }),
  );
};
