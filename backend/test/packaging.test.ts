import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MIGRATIONS_DIR } from '../src/db/migrate.js';

/*
 * No Docker engine runs where these tests run, so the Docker packaging is checked statically: the
 * compose file and the Dockerfile are parsed and held to what the README promises, and the scripts
 * run against a stub `docker` that records what it was asked to do.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readRoot = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  container_name?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
};

const compose = parse(readRoot('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** `${name}` as the compose file writes it: a Compose reference, not a JavaScript placeholder. */
const ref = (name: string) => `\${${name}}`;

/** Every string in a parsed YAML document, keys included: what Compose interpolates (comments are not). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)]);
  }
  return [];
}

/** The first capture group of every match. */
function captures(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].flatMap((m) => (m[1] ? [m[1]] : []));
}

const exampleNames = new Set(captures(readRoot('.env.example'), /^([A-Z][A-Z0-9_]*)=/gm));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, MinIO, the backend, the function runtime and the dashboard under the documented container names', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'backend',
      'deno-runtime',
      'frontend',
      'minio',
      'postgres',
    ]);
    expect(service('deno-runtime').container_name).toBe('selfdb_deno');
    expect(service('postgres').container_name).toBe('selfdb_postgres');
    expect(service('minio').container_name).toBe('selfdb_minio');
    expect(service('backend').container_name).toBe('selfdb_backend');
    expect(service('frontend').container_name).toBe('selfdb_frontend');
  });

  it('publishes the API, function runtime, dashboard and MinIO ports, and keeps PostgreSQL off the host', () => {
    expect(service('backend').ports).toEqual([`${ref('API_PORT:-8000')}:8000`]);
    expect(service('deno-runtime').ports).toEqual([`${ref('DENO_PORT:-8090')}:8090`]);
    expect(service('frontend').ports).toEqual([`${ref('FRONTEND_PORT:-3000')}:3000`]);
    expect(service('minio').ports).toEqual(['9000:9000', '9001:9001']);
    expect(service('minio').command).toEqual(['server', '/data', '--console-address', ':9001']);
    expect(service('postgres').ports).toBeUndefined();
  });

  it('keeps the data in named volumes, where PostgreSQL 18 and MinIO expect it', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(['minio_data', 'postgres_data']);
    expect(service('postgres').volumes).toEqual(['postgres_data:/var/lib/postgresql']);
    expect(service('minio').volumes).toEqual(['minio_data:/data']);
  });

  it('uses PostgreSQL 18 and the pinned MinIO release from quay.io', () => {
    expect(service('postgres').image).toBe('postgres:18');
    const minio = service('minio').image;
    expect(minio).toBe('quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z');
    expect(minio).not.toMatch(/:latest$|^minio\/|^docker\.io\//);
  });

  it('gives every service a health check and a restart policy', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.healthcheck?.test[0], name).toBe('CMD');
      expect(svc.restart, name).toBe('unless-stopped');
    }
    expect(service('postgres').healthcheck?.test).toEqual([
      'CMD',
      'pg_isready',
      '-U',
      ref('POSTGRES_USER'),
      '-d',
      ref('POSTGRES_DB'),
    ]);
    expect(service('minio').healthcheck?.test).toEqual(['CMD', 'mc', 'ready', 'local']);
    expect(service('frontend').healthcheck?.test).toEqual([
      'CMD',
      'wget',
      '-q',
      '--spider',
      'http://127.0.0.1:3000/',
    ]);
  });

  it('starts the backend only once PostgreSQL and MinIO are healthy', () => {
    expect(service('backend').depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      minio: { condition: 'service_healthy' },
    });
  });

  it('starts the dashboard once the backend is healthy, giving it only the anonymous key', () => {
    const frontend = service('frontend');
    expect(frontend.depends_on).toEqual({ backend: { condition: 'service_healthy' } });
    expect(frontend.build).toEqual({ context: '.', dockerfile: 'frontend/Dockerfile' });
    expect(frontend.env_file).toBeUndefined();
    expect(frontend.environment).toEqual({ ANON_KEY: ref('ANON_KEY') });
  });

  it('builds the backend from the repository root and points it at the other services', () => {
    const backend = service('backend');
    expect(backend.build).toEqual({ context: '.', dockerfile: 'backend/Dockerfile' });
    expect(backend.env_file).toBe('.env');
    expect(backend.environment).toEqual({
      POSTGRES_HOST: 'postgres',
      POSTGRES_PORT: '5432',
      S3_ENDPOINT: 'http://minio:9000',
      API_HOST: '0.0.0.0',
      API_PORT: '8000',
      DENO_RUNTIME_URL: 'http://deno-runtime:8090',
      FUNCTIONS_DIR: '/app/functions',
    });
    // An override under a misspelt name would be silently ignored by the backend.
    expect(Object.keys(backend.environment ?? {}).filter((name) => !exampleNames.has(name))).toEqual([]);
    expect(service('minio').environment).toEqual({
      MINIO_ROOT_USER: ref('S3_ACCESS_KEY'),
      MINIO_ROOT_PASSWORD: ref('S3_SECRET_KEY'),
    });
  });

  it('reads only variables that .env.example defines', () => {
    // ${NAME}, ${NAME:-default} and $NAME are interpolated by Compose; $$ is a literal dollar.
    const referenced = new Set(
      strings(compose).flatMap((text) => captures(text, /(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)),
    );
    expect([...referenced].sort()).toEqual([
      'ANON_KEY',
      'API_PORT',
      'DENO_PORT',
      'FRONTEND_PORT',
      'POSTGRES_DB',
      'POSTGRES_PASSWORD',
      'POSTGRES_USER',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
    ]);
    expect([...referenced].filter((name) => !exampleNames.has(name))).toEqual([]);
  });

  it('builds the function runtime on the official Deno 2 image and shares ./functions with the backend', () => {
    const deno = service('deno-runtime');
    expect(deno.build).toEqual({ context: '.', dockerfile: 'deno-runtime/Dockerfile' });
    expect(deno.env_file).toBe('.env');
    expect(deno.environment).toEqual({
      POSTGRES_HOST: 'postgres',
      POSTGRES_PORT: '5432',
      SELFDB_API_URL: 'http://backend:8000',
      FUNCTIONS_DIR: '/app/functions',
      DENO_PORT: '8090',
    });
    expect(Object.keys(deno.environment ?? {}).filter((name) => !exampleNames.has(name))).toEqual([]);
    expect(deno.volumes).toEqual(['./functions:/app/functions']);
    expect(service('backend').volumes).toEqual(['./functions:/app/functions']);
    expect(deno.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(deno.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'deno', 'eval']);
    expect(deno.healthcheck?.test[3]).toContain("'http://127.0.0.1:8090/health'");

    const dockerfile = readRoot('deno-runtime/Dockerfile');
    const from = /^FROM\s+(\S+)/m.exec(dockerfile)?.[1] ?? '';
    expect(from).toMatch(/^denoland\/deno:2\.\d+\.\d+$/);
    // The same Deno release as the `deno` npm package that native mode and the tests run.
    const npmDeno = JSON.parse(readRoot('backend/package.json')).dependencies.deno;
    expect(from).toBe(`denoland/deno:${npmDeno}`);
    expect(dockerfile).toContain('USER deno');
    expect(dockerfile).toContain('COPY deno-runtime/ deno-runtime/');
    expect(dockerfile).toMatch(/CMD \["run", .*"--allow-run=\/usr\/bin\/deno", "deno-runtime\/main.ts"\]/);
    expect(dockerfile).not.toMatch(/--allow-all|\s-A\s/);
  });

  it('has a backend health check that passes only when /health/ready answers 2xx', async () => {
    const test = service('backend').healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const script = test[3] ?? '';
    expect(script).toContain("'http://127.0.0.1:8000/api/v1/health/ready'");

    let status = 200;
    const server = createServer((_req, res) => {
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const probe = script.replace('http://127.0.0.1:8000', `http://127.0.0.1:${port}`);
    try {
      expect((await run(process.execPath, ['-e', probe])).code).toBe(0);
      status = 503;
      expect((await run(process.execPath, ['-e', probe])).code).toBe(1);
    } finally {
      server.close();
    }
    // Nothing listening: the container is not healthy either.
    expect((await run(process.execPath, ['-e', probe])).code).toBe(1);
  });
});

describe('backend/Dockerfile', () => {
  const instructions = readRoot('backend/Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Array<{ from: string; name: string | undefined; lines: string[] }> = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from?.[1]) stages.push({ from: from[1], name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const runtime = stages.at(-1);

  it('is multi-stage on Node 22 LTS, with a runtime stage that carries no compiler', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = new Set<string>();
    for (const stage of stages) {
      expect(stage.from === 'node:22-bookworm-slim' || names.has(stage.from), stage.from).toBe(true);
      if (stage.name) names.add(stage.name);
    }
    expect(runtime?.from).toBe('node:22-bookworm-slim');
    expect(runtime?.lines.filter((line) => line.startsWith('RUN'))).toEqual([]);
  });

  it('installs from the lockfile with npm ci, production dependencies only in the image', () => {
    const runs = instructions.filter((line) => line.startsWith('RUN'));
    expect(runs.filter((line) => /\bnpm (install|i)\b/.test(line))).toEqual([]);
    expect(runs.filter((line) => /\bnpm ci\b/.test(line))).toHaveLength(2);
    expect(runs.some((line) => /\bnpm ci\b.*--omit=dev/.test(line))).toBe(true);
    expect(runs).toContain('RUN npm run build -w backend');
    // argon2 compiles from source.
    expect(runs.some((line) => /apt-get install .*python3 make g\+\+/.test(line))).toBe(true);
  });

  it('runs the compiled server as a non-root user, next to its migrations', () => {
    const lines = runtime?.lines ?? [];
    const user = lines.filter((line) => line.startsWith('USER')).at(-1);
    expect(user).toBe('USER node');
    expect(lines.filter((line) => line.startsWith('WORKDIR')).at(-1)).toBe('WORKDIR /app/backend');
    expect(lines.at(-1)).toBe('CMD ["node", "dist/server.js"]');
    expect(lines).toContain('COPY backend/migrations backend/migrations');
    expect(lines).toContain('COPY deno-runtime deno-runtime');
    expect(lines).toContain('COPY --from=build /app/backend/dist backend/dist');

    // dist/ mirrors src/, so the compiled runner finds the migrations where the source one does.
    const build = JSON.parse(readRoot('backend/tsconfig.build.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(build.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src' });
    expect(MIGRATIONS_DIR).toBe(path.join(ROOT, 'backend', 'migrations'));
  });

  it('copies only files that exist in the repository', () => {
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources).toContain('package-lock.json');
    for (const source of sources) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
  });

  it('keeps secrets, local data and host builds out of the build context', () => {
    const ignored = readRoot('.dockerignore').split('\n');
    for (const entry of ['.env', '.selfdb', '.git', '**/node_modules', '**/dist']) {
      expect(ignored, entry).toContain(entry);
    }
  });
});

describe('frontend/Dockerfile and its nginx template', () => {
  const dockerfile = readRoot('frontend/Dockerfile');
  const template = readRoot('frontend/nginx/default.conf.template');

  it('builds the dashboard with npm ci and serves it from nginx, copying only files that exist', () => {
    expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim AS build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --workspace frontend\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build -w frontend$/m);
    // Non-root: nginx's unprivileged image, not the official one that starts as root.
    expect(dockerfile).toMatch(/^FROM nginxinc\/nginx-unprivileged:[\d.]+-alpine AS runtime$/m);
    expect(dockerfile).toContain('COPY --from=build /app/frontend/dist /usr/share/nginx/html');
    const sources = dockerfile
      .split('\n')
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    for (const source of sources) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
  });

  it('proxies the API with WebSocket upgrades, adds the anonymous key when missing, and falls back to the app', () => {
    expect(template).toContain('listen 3000;');
    expect(template).toMatch(/location \/api\/ \{[^}]*proxy_pass http:\/\/backend:8000;/);
    expect(template).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(template).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(template).toMatch(/map \$http_apikey \$selfdb_apikey \{\s*'' '\$\{ANON_KEY\}';/);
    expect(template).toContain('proxy_set_header apikey $selfdb_apikey;');
    expect(template).toContain('try_files $uri /index.html;');
    // The image substitutes only variables that are set: ANON_KEY is the one the template uses.
    expect(captures(template, /\$\{([A-Z_]+)\}/g)).toEqual(['ANON_KEY']);
  });
});

describe('the scripts', () => {
  const scripts = [
    '.ci/run',
    'start.sh',
    'rebuild.sh',
    'cleanup.sh',
    'backup.sh',
    'restore.sh',
    ...readdirSync(path.join(ROOT, 'scripts'))
      .filter((file) => file.endsWith('.sh'))
      .map((file) => `scripts/${file}`),
  ];

  it('pass shellcheck', () => {
    expect(scripts).toContain('scripts/compose.sh');
    const result = spawnSync('shellcheck', scripts, { cwd: ROOT, encoding: 'utf8' });
    expect(result.error, 'shellcheck must be installed (apt-get install shellcheck)').toBeUndefined();
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('are executable and stop at the first error', () => {
    for (const script of ['start.sh', 'rebuild.sh', 'cleanup.sh', 'backup.sh', 'restore.sh']) {
      expect(statSync(path.join(ROOT, script)).mode & 0o111, script).not.toBe(0);
      expect(readRoot(script), script).toContain('set -euo pipefail');
      expect(readRoot(script), script).toContain('source scripts/compose.sh');
    }
  });

  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /**
   * A copy of the scripts in a temporary checkout, with a `docker` on PATH that only records its
   * arguments (and `docker-compose` too when the plugin is to be missing).
   */
  async function sandbox(options: { composePlugin: boolean }) {
    const dir = await mkdtemp(path.join(tmpdir(), 'selfdb-scripts-'));
    dirs.push(dir);
    const bin = path.join(dir, 'bin');
    const checkout = path.join(dir, 'checkout');
    await mkdir(bin);
    for (const file of [...scripts, '.env.example', 'docker-compose.yml']) {
      await mkdir(path.dirname(path.join(checkout, file)), { recursive: true });
      await copyFile(path.join(ROOT, file), path.join(checkout, file));
    }
    const log = path.join(dir, 'docker.log');
    const pluginExit = options.composePlugin ? 0 : 1;
    await writeFile(
      path.join(bin, 'docker'),
      `#!/bin/sh\necho "docker $*" >> "${log}"\n[ "$1 $2" = "compose version" ] && exit ${pluginExit}\nexit 0\n`,
    );
    await writeFile(path.join(bin, 'docker-compose'), `#!/bin/sh\necho "docker-compose $*" >> "${log}"\n`);
    await chmod(path.join(bin, 'docker'), 0o755);
    await chmod(path.join(bin, 'docker-compose'), 0o755);
    return {
      checkout,
      exec: (script: string, args: string[] = [], input = '') =>
        run('bash', [path.join(checkout, script), ...args], {
          input,
          env: { PATH: `${bin}:${process.env.PATH}` },
        }),
      calls: async () => (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean),
    };
  }

  it('cleanup.sh deletes nothing unless the user types yes', async () => {
    const box = await sandbox({ composePlugin: true });
    const refused = await box.exec('cleanup.sh', [], 'no\n');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('DELETES its volumes');
    expect(refused.stdout).toContain('Nothing was deleted.');
    expect(await box.calls()).toEqual(['docker compose version']);

    const noAnswer = await box.exec('cleanup.sh');
    expect(noAnswer.code).toBe(1);
    expect(await box.calls()).not.toContain('docker compose down --volumes --remove-orphans');

    const confirmed = await box.exec('cleanup.sh', [], 'yes\n');
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('its data is deleted');
    expect((await box.calls()).at(-1)).toBe('docker compose down --volumes --remove-orphans');
  });

  it('cleanup.sh -y skips the question and falls back to docker-compose', async () => {
    const box = await sandbox({ composePlugin: false });
    const result = await box.exec('cleanup.sh', ['-y']);
    expect(result.code).toBe(0);
    expect(await box.calls()).toEqual([
      'docker compose version',
      'docker-compose down --volumes --remove-orphans',
    ]);
    expect((await box.exec('cleanup.sh', ['--force'])).code).toBe(2);
  });

  it('rebuild.sh rebuilds and recreates the containers without touching the volumes', async () => {
    const box = await sandbox({ composePlugin: true });
    const missingEnv = await box.exec('rebuild.sh');
    expect(missingEnv.code).toBe(1);
    expect(missingEnv.stderr).toContain('run ./start.sh first');
    expect(await box.calls()).toEqual([]);

    await copyFile(path.join(box.checkout, '.env.example'), path.join(box.checkout, '.env'));
    const result = await box.exec('rebuild.sh');
    expect(result.code).toBe(0);
    expect(await box.calls()).toEqual([
      'docker compose version',
      'docker compose up -d --build --force-recreate --wait',
    ]);
  });

  it('start.sh --docker creates .env with secrets, then builds and starts the stack', async () => {
    const box = await sandbox({ composePlugin: true });
    const result = await box.exec('start.sh', ['--docker']);
    expect(result.code).toBe(0);
    expect(await box.calls()).toEqual(['docker compose version', 'docker compose up -d --build --wait']);
    expect(result.stdout).toContain('http://localhost:8000/api/v1');
    expect(result.stdout).toContain('http://localhost:3000');
    expect(result.stdout).toContain('selfdb_backend');
    expect(result.stdout).toContain('selfdb_deno');
    const env = await readFile(path.join(box.checkout, '.env'), 'utf8');
    expect(env).toMatch(/^ANON_KEY=[0-9a-f]{64}$/m);
    expect(env).toMatch(/^S3_SECRET_KEY=[0-9a-f]{48}$/m);
    expect(env).toMatch(/^RUNTIME_KEY=[0-9a-f]{64}$/m);
  });
});

/** Runs a command to completion without blocking the event loop (the health check test serves HTTP). */
function run(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? { PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
