import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { prepareDatabase } from '../prepare-database.js';
import { startFunctionRuntime } from './function-runtime.js';
import { freePort } from './ports.js';
import { startPostgres } from './postgres.js';
import { startS3Server } from './s3-server.js';

export type LocalStackOptions = {
  /** Names the temporary folder (`selfdb-<name>-…`) and the first superuser's email domain. */
  name: string;
  /** Also start the function runtime. */
  functions?: boolean;
  /** Settings added to (or replacing) the generated environment, e.g. `CORS_ORIGINS`. */
  env?: Record<string, string>;
};

export type LocalStack = {
  app: FastifyInstance;
  config: Config;
  /** The environment the API was configured from, as a `.env` would hold it. */
  env: Record<string, string>;
  /** The API's base URL (without /api/v1). */
  url: string;
  /** The function runtime's URL (it answers only when started with `functions: true`). */
  runtimeUrl: string;
  /** A temporary folder that lives as long as the stack. */
  root: string;
  anonKey: string;
  admin: { email: string; password: string };
  stop(): Promise<void>;
};

/**
 * A whole native SelfDB for the browser tests, the benchmarks and the sample app's tests:
 * PostgreSQL and the S3 server in a temporary folder on free loopback ports, migrated, with the
 * first superuser, the API listening on loopback and, when asked, the function runtime. Nothing
 * of a running SelfDB is touched; `stop()` removes everything.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const root = await mkdtemp(path.join(tmpdir(), `selfdb-${options.name}-`));
  // PostgreSQL runs as user postgres when the tests run as root: it must be able to enter the folder.
  await chmod(root, 0o755);
  const apiPort = await freePort();
  const url = `http://127.0.0.1:${apiPort}`;
  const runtimePort = await freePort();
  const runtimeUrl = `http://127.0.0.1:${runtimePort}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    PUBLIC_API_URL: url,
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(await freePort()),
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    SECRET_KEY: randomBytes(32).toString('hex'),
    ANON_KEY: randomBytes(32).toString('hex'),
    DEFAULT_ADMIN_EMAIL: `admin@${options.name}.test`,
    DEFAULT_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    S3_ACCESS_KEY: options.name,
    S3_SECRET_KEY: randomBytes(12).toString('hex'),
    RUNTIME_KEY: randomBytes(32).toString('hex'),
    FUNCTIONS_DIR: path.join(root, 'functions'),
    DENO_RUNTIME_URL: runtimeUrl,
    ...options.env,
  };
  const config = loadConfig(env);
  const stops: Array<() => Promise<unknown>> = [() => rm(root, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };
  try {
    const postgres = await startPostgres({
      dataDir: path.join(root, 'postgres'),
      port: config.db.port,
      user: config.db.user,
      password: config.db.password,
      database: config.db.database,
    });
    stops.push(() => postgres.stop());
    const s3 = await startS3Server({
      directory: path.join(root, 'storage'),
      host: '127.0.0.1',
      port: Number(new URL(config.storage.endpoint).port),
      accessKey: config.storage.accessKey,
      secretKey: config.storage.secretKey,
    });
    stops.push(() => s3.stop());
    await prepareDatabase(config, () => {});
    const app = await buildApp(config);
    await app.listen({ host: config.host, port: config.port });
    stops.push(() => app.close());
    if (options.functions) {
      await mkdir(config.functions.dir, { recursive: true });
      const runtime = await startFunctionRuntime({
        functionsDir: config.functions.dir,
        apiUrl: url,
        runtimeKey: config.functions.runtimeKey,
        anonKey: config.auth.anonKey,
        secretKey: config.auth.secretKey,
        port: runtimePort,
      });
      stops.push(() => runtime.stop());
    }
    return {
      app,
      config,
      env,
      url,
      runtimeUrl,
      root,
      anonKey: config.auth.anonKey,
      admin: { ...config.admin },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
