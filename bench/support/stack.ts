import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../backend/src/app.js';
import { type Config, loadConfig } from '../../backend/src/config.js';
import { runMigrations } from '../../backend/src/db/migrate.js';
import { runtimeCommand } from '../../backend/src/functions/deno.js';
import { startPostgres } from '../../backend/src/local/postgres.js';
import { startS3Server } from '../../backend/src/local/s3-server.js';

export type BenchStack = {
  app: FastifyInstance;
  config: Config;
  url: string;
  /** The function runtime's own URL, when started with `functions: true`. */
  runtimeUrl: string;
  stop(): Promise<void>;
};

function freePort(): Promise<number> {
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
 * A whole native stack for one benchmark: PostgreSQL and the S3 server in a temporary folder on
 * free loopback ports, migrated, and the API listening on loopback, with the function runtime
 * when asked. Nothing of a running SelfDB is touched.
 */
export async function startBenchStack(options: { functions?: boolean } = {}): Promise<BenchStack> {
  const root = await mkdtemp(path.join(tmpdir(), 'selfdb-bench-'));
  await chmod(root, 0o755);
  const denoPort = await freePort();
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
    DEFAULT_ADMIN_EMAIL: 'admin@bench.test',
    DEFAULT_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    S3_ACCESS_KEY: 'bench',
    S3_SECRET_KEY: randomBytes(12).toString('hex'),
    RUNTIME_KEY: randomBytes(32).toString('hex'),
    FUNCTIONS_DIR: path.join(root, 'functions'),
    DENO_PORT: String(denoPort),
    DENO_RUNTIME_URL: `http://127.0.0.1:${denoPort}`,
  };
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
  await runMigrations(config.db);
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  let runtime: ChildProcess | undefined;
  const runtimeUrl = `http://127.0.0.1:${denoPort}`;
  if (options.functions) {
    await mkdir(config.functions.dir, { recursive: true });
    const { command, args } = runtimeCommand();
    runtime = spawn(command, args, {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...env,
        DENO_HOST: '127.0.0.1',
        SELFDB_API_URL: `http://127.0.0.1:${config.port}`,
        DENO_NO_UPDATE_CHECK: '1',
      },
      stdio: 'ignore',
    });
    await waitFor(`${runtimeUrl}/health`);
  }
  return {
    app,
    config,
    url: `http://127.0.0.1:${config.port}`,
    runtimeUrl,
    async stop() {
      if (runtime && runtime.exitCode === null) {
        const exited = new Promise((r) => runtime?.once('exit', r));
        runtime.kill('SIGTERM');
        await exited;
      }
      await app.close();
      await s3.stop();
      await postgres.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer within 30 s`);
}
