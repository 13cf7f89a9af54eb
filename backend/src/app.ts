import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { registerErrorHandler } from './errors/handler.js';
import { loggingOptions } from './logging.js';
import { authPlugin } from './plugins/auth.js';
import { catalogPlugin } from './plugins/catalog.js';
import { dbPlugin } from './plugins/db.js';
import { functionsPlugin } from './plugins/functions.js';
import { openapiPlugin } from './plugins/openapi.js';
import { pendingFilesSweeperPlugin } from './plugins/pending-files-sweeper.js';
import { readinessPlugin } from './plugins/readiness.js';
import { realtimePlugin } from './plugins/realtime.js';
import { storagePlugin } from './plugins/storage.js';
import { authRoutes } from './routes/auth/index.js';
import { bucketsRoutes } from './routes/buckets/index.js';
import { filesRoutes } from './routes/files/index.js';
import { functionsRoutes } from './routes/functions/index.js';
import { healthRoutes } from './routes/health/index.js';
import { realtimeRoutes } from './routes/realtime/index.js';
import { rootRoutes } from './routes/root.js';
import { schemaRoutes } from './routes/schema/index.js';
import { sqlRoutes } from './routes/sql/index.js';
import { tablesRoutes } from './routes/tables/index.js';
import { rowsRoutes } from './routes/tables/rows.js';
import { usersRoutes } from './routes/users/index.js';

export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export type BuildOptions = {
  /** Where log lines go (stdout by default); tests read them from here. */
  logStream?: DestinationStream;
};

/** Builds the API without listening: the server listens, tests call inject(). */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggingOptions(config, options.logStream),
    requestIdHeader: 'x-request-id',
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('config', config);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // @fastify/cors allows only GET, HEAD and POST by default: browsers must also PUT (uploads, row
  // updates), PATCH and DELETE across origins.
  await app.register(cors, {
    origin: config.corsOrigins,
    credentials: true,
    maxAge: 600,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  });
  await app.register(openapiPlugin);
  await app.register(readinessPlugin);
  await app.register(dbPlugin);
  await app.register(storagePlugin);
  await app.register(pendingFilesSweeperPlugin);
  await app.register(authPlugin);
  await app.register(catalogPlugin);
  await app.register(realtimePlugin);
  await app.register(functionsPlugin);

  await app.register(rootRoutes);
  await app.register(healthRoutes, { prefix: API_PREFIX });
  await app.register(authRoutes, { prefix: `${API_PREFIX}/auth` });
  await app.register(usersRoutes, { prefix: `${API_PREFIX}/users` });
  await app.register(tablesRoutes, { prefix: `${API_PREFIX}/tables` });
  await app.register(rowsRoutes, { prefix: `${API_PREFIX}/tables` });
  await app.register(realtimeRoutes, { prefix: `${API_PREFIX}/realtime` });
  await app.register(bucketsRoutes, { prefix: `${API_PREFIX}/buckets` });
  await app.register(filesRoutes, { prefix: `${API_PREFIX}/files` });
  await app.register(sqlRoutes, {
    prefix: `${API_PREFIX}/sql`,
    onSchemaChange: () => app.tableCatalog.invalidate(),
  });
  await app.register(schemaRoutes, { prefix: `${API_PREFIX}/schema` });
  await app.register(functionsRoutes, { prefix: `${API_PREFIX}/functions` });

  return app;
}
