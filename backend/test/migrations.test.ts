import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../src/db/migrate.js';
import { createDb } from '../src/db/pool.js';
import { ensureDefaultSuperuser } from '../src/services/initial-data.js';
import { verifyPassword } from '../src/services/passwords.js';
import { createEmptyDatabase, dropDatabase, testConfig, testEnv } from './support/services.js';

const created: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

async function emptyConfig() {
  const name = await createEmptyDatabase();
  created.push(name);
  return testConfig(name);
}

async function selfdbTables(config: ReturnType<typeof testConfig>): Promise<string[]> {
  const client = new pg.Client({ ...config.db });
  await client.connect();
  const res = await client.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'selfdb' ORDER BY table_name",
  );
  await client.end();
  return res.rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('create schema selfdb on an empty database and are idempotent', async () => {
    const config = await emptyConfig();
    const first = await runMigrations(config.db);
    expect(first.length).toBeGreaterThan(0);
    expect(await selfdbTables(config)).toEqual(
      expect.arrayContaining(['migrations', 'refresh_tokens', 'users']),
    );
    expect(await runMigrations(config.db)).toEqual([]);
  });

  it('are safe when two backends start at once: one applies, the other waits and finds nothing to do', async () => {
    const config = await emptyConfig();
    const [a, b] = await Promise.all([runMigrations(config.db), runMigrations(config.db)]);
    expect([a.length, b.length].sort()).toEqual([0, expect.any(Number)]);
    expect(Math.max(a.length, b.length)).toBeGreaterThan(0);
    const client = new pg.Client({ ...config.db });
    await client.connect();
    const applied = await client.query('SELECT count(*)::int AS n FROM selfdb.migrations');
    await client.end();
    expect(applied.rows[0].n).toBe(Math.max(a.length, b.length));
  });

  it('leave no user tables in public', async () => {
    const config = await emptyConfig();
    await runMigrations(config.db);
    const client = new pg.Client({ ...config.db });
    await client.connect();
    const res = await client.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    expect(res.rows[0].n).toBe(0);
  });
});

describe('initial data', () => {
  it('creates the default superuser once, even when run concurrently', async () => {
    const config = await emptyConfig();
    await runMigrations(config.db);
    const db = createDb(config.db, () => undefined);
    try {
      const results = await Promise.all([
        ensureDefaultSuperuser(db, config.admin),
        ensureDefaultSuperuser(db, config.admin),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await ensureDefaultSuperuser(db, config.admin)).toBe(false);
      const users = await db.query('SELECT email, is_superuser, is_active, password_hash FROM selfdb.users');
      expect(users.rowCount).toBe(1);
      const admin = users.rows[0];
      expect(admin).toMatchObject({ email: config.admin.email, is_superuser: true, is_active: true });
      expect(admin?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      expect(await verifyPassword(admin?.password_hash, config.admin.password)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('does not touch an existing user with that email, whatever its case', async () => {
    const config = await emptyConfig();
    await runMigrations(config.db);
    const db = createDb(config.db, () => undefined);
    try {
      await db.query(
        "INSERT INTO selfdb.users (email, password_hash, is_superuser) VALUES (upper($1), 'kept-hash', false)",
        [config.admin.email],
      );
      expect(await ensureDefaultSuperuser(db, config.admin)).toBe(false);
      const users = await db.query('SELECT password_hash, is_superuser FROM selfdb.users');
      expect(users.rows).toEqual([{ password_hash: 'kept-hash', is_superuser: false }]);
    } finally {
      await db.close();
    }
  });
});

describe('npm run initial-data', () => {
  function runInitialData(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/initial-data.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { PATH: process.env.PATH, ...env },
    });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
  }

  it('migrates and creates the superuser on its own, and changes nothing when run again', async () => {
    const name = await createEmptyDatabase();
    created.push(name);
    const env = testEnv(name);
    const first = await runInitialData(env);
    expect(first).toMatchObject({
      code: 0,
      output: expect.stringContaining(`created superuser ${env.DEFAULT_ADMIN_EMAIL}`),
    });
    const second = await runInitialData(env);
    expect(second.code).toBe(0);
    expect(second.output).not.toContain('created superuser');
    expect(second.output).toContain('initial data is in place');
    const client = new pg.Client({ ...testConfig(name).db });
    await client.connect();
    const users = await client.query('SELECT email FROM selfdb.users');
    await client.end();
    expect(users.rows).toEqual([{ email: env.DEFAULT_ADMIN_EMAIL }]);
  });
});
