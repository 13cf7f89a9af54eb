import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { build, type PreviewServer, preview } from 'vite';
import { buildApp } from '../../../backend/src/app.js';
import { loadConfig } from '../../../backend/src/config.js';
import { startPostgres } from '../../../backend/src/local/postgres.js';
import { startS3Server } from '../../../backend/src/local/s3-server.js';
import { prepareDatabase } from '../../../backend/src/prepare-database.js';

const FRONTEND_DIR = fileURLToPath(new URL('../..', import.meta.url));

export type Stack = {
  /** The dashboard, served from a production build with `/api` proxied to the backend. */
  dashboardUrl: string;
  apiUrl: string;
  anonKey: string;
  admin: { email: string; password: string };
  app: FastifyInstance;
  stop(): Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The native stack for the browser tests: PostgreSQL and the S3 server in a temporary folder on
 * free loopback ports, the API migrated and listening, and the dashboard built and served by
 * Vite's preview server the way native mode serves it. Nothing of a running SelfDB is touched.
 */
export async function startStack(): Promise<Stack> {
  const root = await mkdtemp(path.join(tmpdir(), 'selfdb-e2e-'));
  // PostgreSQL runs as user postgres when the tests run as root: it must be able to enter the folder.
  await chmod(root, 0o755);
  const admin = { email: 'admin@e2e.test', password: randomBytes(12).toString('hex') };
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    API_HOST: '127.0.0.1',
    API_PORT: String(await freePort()),
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(await freePort()),
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    SECRET_KEY: randomBytes(32).toString('hex'),
    ANON_KEY: randomBytes(32).toString('hex'),
    DEFAULT_ADMIN_EMAIL: admin.email,
    DEFAULT_ADMIN_PASSWORD: admin.password,
    S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    S3_ACCESS_KEY: 'e2e',
    S3_SECRET_KEY: randomBytes(12).toString('hex'),
    // The dashboard's first part needs no function runtime; the API only needs to know where one would be.
    RUNTIME_KEY: randomBytes(32).toString('hex'),
    FUNCTIONS_DIR: path.join(root, 'functions'),
    DENO_RUNTIME_URL: `http://127.0.0.1:${await freePort()}`,
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
    const apiUrl = `http://127.0.0.1:${config.port}`;

    // The dashboard server reads these, as it does from .env in native mode.
    const dashboardPort = await freePort();
    Object.assign(process.env, {
      SELFDB_API_URL: apiUrl,
      ANON_KEY: env.ANON_KEY,
      FRONTEND_PORT: String(dashboardPort),
      FRONTEND_HOST: '127.0.0.1',
    });
    const outDir = path.join(root, 'dashboard');
    await build({ root: FRONTEND_DIR, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const server: PreviewServer = await preview({ root: FRONTEND_DIR, logLevel: 'warn', build: { outDir } });
    stops.push(() => new Promise<void>((resolve) => server.httpServer.close(() => resolve())));

    return {
      dashboardUrl: `http://127.0.0.1:${dashboardPort}`,
      apiUrl,
      anonKey: env.ANON_KEY,
      admin,
      app,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
