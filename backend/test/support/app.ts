import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { afterAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { createMigratedDatabase, dropDatabase, testConfig } from './services.js';

export type TestApp = { app: FastifyInstance; config: Config; database: string };

/**
 * The real API over a database of its own (migrated, empty of users) and the shared test S3
 * server. It is closed and its database dropped after the file's tests.
 */
export async function buildTestApp(
  options: { env?: Record<string, string>; logStream?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await createMigratedDatabase();
  const config = testConfig(database, options.env);
  const app = await buildApp(config, { logStream: options.logStream });
  afterAll(async () => {
    await app.close();
    await dropDatabase(database);
    await rm(config.functions.dir, { recursive: true, force: true });
  });
  return { app, config, database };
}
