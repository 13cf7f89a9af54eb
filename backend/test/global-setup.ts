import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../src/db/migrate.js';
import { startFunctionRuntime } from '../src/local/function-runtime.js';
import { freePort } from '../src/local/ports.js';
import { startPostgres } from '../src/local/postgres.js';
import { startS3Server } from '../src/local/s3-server.js';
import { TEMPLATE_DATABASE, type TestServices } from './support/services.js';

/**
 * Starts the native stack once for the whole run: real PostgreSQL, the S3 server and the function
 * runtime on free ports in temporary folders (so tests run beside a running SelfDB), and a migrated
 * template database that each test file clones into a database of its own. The shared runtime
 * answers readiness checks; tests of functions start runtimes of their own (src/local/function-runtime.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgDir = await mkdtemp(path.join(tmpdir(), 'selfdb-test-pg-'));
  const s3Dir = await mkdtemp(path.join(tmpdir(), 'selfdb-test-s3-'));
  const functionsDir = await mkdtemp(path.join(tmpdir(), 'selfdb-test-functions-'));
  const services: TestServices = {
    postgres: { host: '127.0.0.1', port: await freePort(), user: 'selfdb', password: 'test-password' },
    s3: { endpoint: '', accessKey: 'selfdb-test', secretKey: 'test-secret-key' },
    runtime: { url: '', key: randomBytes(32).toString('hex') },
  };
  const postgres = await startPostgres({ dataDir: pgDir, ...services.postgres, database: TEMPLATE_DATABASE });
  const s3 = await startS3Server({
    directory: s3Dir,
    host: '127.0.0.1',
    port: await freePort(),
    accessKey: services.s3.accessKey,
    secretKey: services.s3.secretKey,
  });
  services.s3.endpoint = `http://127.0.0.1:${s3.port}`;
  const runtime = await startFunctionRuntime({
    functionsDir,
    apiUrl: `http://127.0.0.1:${await freePort()}`,
    runtimeKey: services.runtime.key,
    anonKey: randomBytes(32).toString('hex'),
    secretKey: randomBytes(32).toString('hex'),
  });
  services.runtime.url = runtime.url;

  await runMigrations({
    ...services.postgres,
    database: TEMPLATE_DATABASE,
    poolMax: 1,
    connectTimeoutMs: 5000,
  });
  // A template must not accept connections while it is being cloned.
  const admin = new pg.Client({ ...services.postgres, database: 'postgres' });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
  await admin.end();

  project.provide('services', services);
  return async () => {
    await runtime.stop();
    await s3.stop();
    await postgres.stop();
    await rm(pgDir, { recursive: true, force: true });
    await rm(s3Dir, { recursive: true, force: true });
    await rm(functionsDir, { recursive: true, force: true });
  };
}
