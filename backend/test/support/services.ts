import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';

export const TEMPLATE_DATABASE = 'selfdb_template';

export type TestServices = {
  postgres: { host: string; port: number; user: string; password: string };
  s3: { endpoint: string; accessKey: string; secretKey: string };
  /** The run's shared function runtime (over an empty folder): what readiness checks reach. */
  runtime: { url: string; key: string };
};

declare module 'vitest' {
  export interface ProvidedContext {
    services: TestServices;
  }
}

export function services(): TestServices {
  return inject('services');
}

/**
 * The environment a backend would read, pointing at the test services and a given database, with
 * a functions folder of its own (a fresh temporary one unless FUNCTIONS_DIR is given).
 */
export function testEnv(database: string, overrides: Record<string, string> = {}): Record<string, string> {
  const { postgres, s3, runtime } = services();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    POSTGRES_HOST: postgres.host,
    POSTGRES_PORT: String(postgres.port),
    POSTGRES_USER: postgres.user,
    POSTGRES_PASSWORD: postgres.password,
    POSTGRES_DB: database,
    DB_CONNECT_TIMEOUT_MS: '2000',
    SECRET_KEY: randomBytes(32).toString('hex'),
    ANON_KEY: randomBytes(32).toString('hex'),
    DEFAULT_ADMIN_EMAIL: 'admin@selfdb.test',
    DEFAULT_ADMIN_PASSWORD: 'admin-password-1',
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    RUNTIME_KEY: runtime.key,
    DENO_RUNTIME_URL: runtime.url,
    FUNCTIONS_DIR: overrides.FUNCTIONS_DIR ?? mkdtempSync(path.join(tmpdir(), 'selfdb-test-fn-')),
    ...overrides,
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ ...services().postgres, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A fresh database with SelfDB's schema already migrated (a clone of the template). */
export async function createMigratedDatabase(): Promise<string> {
  const name = uniqueName('test');
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  return name;
}

/** A fresh, empty database: no schema `selfdb` yet. */
export async function createEmptyDatabase(): Promise<string> {
  const name = uniqueName('empty');
  await adminQuery(`CREATE DATABASE ${name}`);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function testConfig(database: string, overrides: Record<string, string> = {}): Config {
  return loadConfig(testEnv(database, overrides));
}
