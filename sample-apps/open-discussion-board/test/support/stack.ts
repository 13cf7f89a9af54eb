import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../../backend/src/app.js';
import { loadConfig } from '../../../../backend/src/config.js';
import { startPostgres } from '../../../../backend/src/local/postgres.js';
import { startS3Server } from '../../../../backend/src/local/s3-server.js';
import { prepareDatabase } from '../../../../backend/src/prepare-database.js';

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

export type Stack = {
  /** The API's base URL (without /api/v1). */
  url: string;
  /** A temporary folder that lives as long as the stack. */
  root: string;
  /** SelfDB's .env for this stack, as setup.sh reads it. */
  envFile: string;
  anonKey: string;
  admin: { email: string; password: string };
  stop(): Promise<void>;
};

/**
 * A whole native SelfDB (as bench/support/stack.ts): PostgreSQL and the S3 server in a temporary
 * folder on free loopback ports, migrated, with the first superuser, and the API listening on
 * loopback. `corsOrigin` is the browser origin the API must allow (the served app).
 */
export async function startStack(corsOrigin: string): Promise<Stack> {
  const root = await mkdtemp(path.join(tmpdir(), 'selfdb-board-'));
  await chmod(root, 0o755); // PostgreSQL runs as `postgres` when the tests run as root
  const apiPort = await freePort();
  const url = `http://127.0.0.1:${apiPort}`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    PUBLIC_API_URL: url,
    CORS_ORIGINS: corsOrigin,
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(await freePort()),
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    SECRET_KEY: randomBytes(32).toString('hex'),
    ANON_KEY: randomBytes(32).toString('hex'),
    DEFAULT_ADMIN_EMAIL: 'admin@board.test',
    DEFAULT_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    S3_ACCESS_KEY: 'board',
    S3_SECRET_KEY: randomBytes(12).toString('hex'),
    RUNTIME_KEY: randomBytes(32).toString('hex'),
    FUNCTIONS_DIR: path.join(root, 'functions'),
    DENO_RUNTIME_URL: `http://127.0.0.1:${await freePort()}`,
  };
  const envFile = path.join(root, 'selfdb.env');
  await writeFile(
    envFile,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );

  const config = loadConfig(env);
  const postgres = await startPostgres({
    dataDir: path.join(root, 'postgres'),
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    database: config.db.database,
  });
  const s3 = await startS3Server({
    directory: path.join(root, 'storage'),
    host: '127.0.0.1',
    port: Number(new URL(config.storage.endpoint).port),
    accessKey: config.storage.accessKey,
    secretKey: config.storage.secretKey,
  });
  await prepareDatabase(config, () => {});
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  return {
    url,
    root,
    envFile,
    anonKey: env.ANON_KEY,
    admin: { email: env.DEFAULT_ADMIN_EMAIL, password: env.DEFAULT_ADMIN_PASSWORD },
    async stop() {
      await app.close();
      await s3.stop();
      await postgres.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
