import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { functionEnvRoutes } from './env.js';
import { functionExecutionRoutes } from './executions.js';
import { invokeRoutes } from './invoke.js';
import { manageFunctionRoutes } from './manage.js';
import { runtimeCallbackRoutes } from './runtime-callbacks.js';
import { functionToolingRoutes } from './tooling.js';

/**
 * `/api/v1/functions` (API.md §8). Management, env vars, the editor's tools, executions and logs
 * are superuser-only; `/invoke/*` is for any caller; `/runtime/*` for the function runtime only.
 */
export const functionsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(functionToolingRoutes);
  await app.register(manageFunctionRoutes);
  await app.register(functionEnvRoutes);
  await app.register(functionExecutionRoutes);
  await app.register(invokeRoutes, { prefix: '/invoke' });
  await app.register(runtimeCallbackRoutes, { prefix: '/runtime' });
};
