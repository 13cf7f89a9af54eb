import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/local/ports.js';
import { createS3Client } from '../src/storage/s3-client.js';

const BACKEND_DIR = fileURLToPath(new URL('..', import.meta.url));

type Supervisor = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Runs native mode (`./start.sh --native` without the install step) against a temporary data dir. */
function startNative(envFile: string, dataDir: string): Promise<Supervisor> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/main.ts'], {
    cwd: BACKEND_DIR,
    env: { PATH: process.env.PATH, SELFDB_ENV_FILE: envFile, SELFDB_DATA_DIR: dataDir },
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('SelfDB is running')) {
        clearInterval(timer);
        resolve({ child, output: () => output, exited });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`native mode exited with ${code} before it was ready:\n${output}`));
    });
  });
}

async function stopNative(supervisor: Supervisor): Promise<number | null> {
  supervisor.child.kill('SIGINT');
  return supervisor.exited;
}

describe('native mode', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function nativeRoot() {
    const root = await mkdtemp(path.join(tmpdir(), 'selfdb-native-'));
    dirs.push(root);
    // PostgreSQL runs as user postgres when the tests run as root: it must be able to enter the folder.
    await chmod(root, 0o755);
    const ports = {
      api: await freePort(),
      pg: await freePort(),
      s3: await freePort(),
      dashboard: await freePort(),
      deno: await freePort(),
    };
    const envFile = path.join(root, '.env');
    await writeFile(
      envFile,
      [
        'LOG_LEVEL=warn',
        `API_PORT=${ports.api}`,
        `POSTGRES_PORT=${ports.pg}`,
        'POSTGRES_PASSWORD=native-test-password',
        `SECRET_KEY=${'s'.repeat(64)}`,
        `ANON_KEY=${'a'.repeat(64)}`,
        'DEFAULT_ADMIN_EMAIL=admin@native.test',
        'DEFAULT_ADMIN_PASSWORD=native-admin-password',
        `S3_ENDPOINT=http://127.0.0.1:${ports.s3}`,
        'S3_ACCESS_KEY=native',
        'S3_SECRET_KEY=native-s3-secret',
        `FRONTEND_PORT=${ports.dashboard}`,
        `RUNTIME_KEY=${'r'.repeat(64)}`,
        `DENO_PORT=${ports.deno}`,
        `FUNCTIONS_DIR=${path.join(root, 'functions')}`,
      ].join('\n'),
    );
    return { root, envFile, ports, dataDir: path.join(root, 'data') };
  }

  it('starts PostgreSQL, the S3 server, the API and the function runtime, stops cleanly, and keeps data across restarts', async () => {
    const { envFile, ports, dataDir } = await nativeRoot();
    const [apiPort, pgPort, s3Port] = [ports.api, ports.pg, ports.s3];
    const db = {
      host: '127.0.0.1',
      port: pgPort,
      user: 'selfdb',
      password: 'native-test-password',
      database: 'selfdb',
    };
    const s3 = createS3Client({
      endpoint: `http://127.0.0.1:${s3Port}`,
      region: 'us-east-1',
      accessKey: 'native',
      secretKey: 'native-s3-secret',
      forcePathStyle: true,
    });

    const first = await startNative(envFile, dataDir);
    const ready = await fetch(`http://127.0.0.1:${apiPort}/api/v1/health/ready`);
    expect(ready.status).toBe(200);
    expect(first.output()).toContain(`http://localhost:${apiPort}/docs`);
    expect(first.output()).toContain(`Dashboard   http://localhost:${ports.dashboard}`);
    const dashboard = await fetch(`http://127.0.0.1:${ports.dashboard}/`);
    expect(await dashboard.text()).toContain('<div id="root"></div>');
    // The dashboard server proxies the API, adding the anonymous key the login needs.
    const login = await fetch(`http://127.0.0.1:${ports.dashboard}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@native.test', password: 'native-admin-password' }),
    });
    expect(login.status).toBe(200);
    const runtime = await fetch(`http://127.0.0.1:${ports.deno}/health`);
    expect(await runtime.json()).toMatchObject({ status: 'ok' });
    expect((await ready.json()).checks.function_runtime.status).toBe('ok');

    const client = new pg.Client(db);
    await client.connect();
    await client.query('CREATE TABLE notes (id serial PRIMARY KEY, body text)');
    await client.query("INSERT INTO notes (body) VALUES ('kept across restarts')");
    await client.end();
    await s3.makeBucket('kept-bucket');
    await s3.putObject('kept-bucket', 'hello.txt', Buffer.from('hello from before the restart'));

    expect(await stopNative(first)).toBe(0);
    expect(first.output()).toContain('[selfdb] stopped');
    await expect(fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.deno}/health`)).rejects.toThrow();

    const second = await startNative(envFile, dataDir);
    const again = new pg.Client(db);
    await again.connect();
    const notes = await again.query('SELECT body FROM notes');
    const admins = await again.query('SELECT email FROM selfdb.users WHERE is_superuser');
    await again.end();
    expect(notes.rows).toEqual([{ body: 'kept across restarts' }]);
    expect(admins.rows).toEqual([{ email: 'admin@native.test' }]);
    const object = await s3.getObject('kept-bucket', 'hello.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of object) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello from before the restart');
    expect(await stopNative(second)).toBe(0);
  }, 120_000);

  it('refuses an invalid .env with every problem listed', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'selfdb-native-bad-'));
    dirs.push(root);
    const envFile = path.join(root, '.env');
    await writeFile(envFile, 'API_PORT=not-a-port\nS3_ENDPOINT=nowhere\n');
    await expect(startNative(envFile, path.join(root, 'data'))).rejects.toThrow(
      /SelfDB cannot start[\s\S]*API_PORT[\s\S]*POSTGRES_PASSWORD[\s\S]*S3_ENDPOINT/,
    );
  });

  it('reports a crashed backend and stops the other services', async () => {
    const { envFile, ports, dataDir } = await nativeRoot();
    const supervisor = await startNative(envFile, dataDir);
    const pid = Number(/backend started \(pid (\d+)\)/.exec(supervisor.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${ports.api}/api/v1/health`)).status).toBe(200);
    process.kill(pid, 'SIGKILL');
    expect(await supervisor.exited).toBe(1);
    expect(supervisor.output()).toContain('backend exited unexpectedly');
    const client = new pg.Client({
      host: '127.0.0.1',
      port: ports.pg,
      user: 'selfdb',
      password: 'x',
      database: 'selfdb',
    });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 120_000);

  it('backs up while stopped and restores into a fresh data dir with every row and file intact', async () => {
    const { root, envFile, ports, dataDir } = await nativeRoot();
    const db = {
      host: '127.0.0.1',
      port: ports.pg,
      user: 'selfdb',
      password: 'native-test-password',
      database: 'selfdb',
    };
    const api = `http://127.0.0.1:${ports.api}/api/v1`;
    const running = await startNative(envFile, dataDir);
    const client = new pg.Client(db);
    await client.connect();
    await client.query('CREATE TABLE kept (id serial PRIMARY KEY, note text)');
    await client.query("INSERT INTO kept (note) SELECT 'row ' || g FROM generate_series(1, 500) g");
    await client.end();
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', apikey: 'a'.repeat(64) },
      body: JSON.stringify({ email: 'admin@native.test', password: 'native-admin-password' }),
    });
    const auth = { authorization: `Bearer ${(await login.json()).access_token}` };
    const bucket = await (
      await fetch(`${api}/buckets`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'kept-files', is_public: true }),
      })
    ).json();
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'photo.bin');
    const [file] = await (
      await fetch(`${api}/buckets/${bucket.id}/files`, { method: 'POST', headers: auth, body: form })
    ).json();

    const backupFile = path.join(root, 'selfdb-backup.tar.gz');
    const whileRunning = runBackup(dataDir, ['backup', backupFile]);
    expect(whileRunning.status).toBe(1);
    expect(whileRunning.stderr).toContain('stop it');
    expect(await stopNative(running)).toBe(0);
    expect(runBackup(dataDir, ['backup', backupFile]).status).toBe(0);

    const freshDir = path.join(root, 'restored');
    const restored = runBackup(freshDir, ['restore', backupFile]);
    expect(restored.status).toBe(0);
    expect(runBackup(freshDir, ['restore', backupFile]).stderr).toContain('not empty');

    const again = await startNative(envFile, freshDir);
    const check = new pg.Client(db);
    await check.connect();
    const rows = await check.query('SELECT count(*)::int AS n, max(note) AS last FROM kept');
    await check.end();
    expect(rows.rows[0]).toEqual({ n: 500, last: 'row 99' });
    const download = await fetch(`${api}/files/${file.id}/content`, { headers: auth });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await stopNative(again)).toBe(0);
  }, 180_000);
});

/** Runs the native backup tool against a data dir, as `npm run backup` / `restore` would. */
function runBackup(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/local/backup.ts', ...args], {
    cwd: BACKEND_DIR,
    env: { PATH: process.env.PATH, SELFDB_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
}
