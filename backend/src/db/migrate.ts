import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Config } from '../config.js';
import { connectionOptions } from './pool.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Brings schema `selfdb` up to date. node-pg-migrate holds a Postgres advisory lock for the whole
 * run and, in `wait` mode, a second backend starting at the same time blocks on it and then finds
 * nothing left to do, instead of racing or failing.
 */
export async function runMigrations(
  db: Config['db'],
  log: (message: string) => void = () => undefined,
): Promise<string[]> {
  const client = new pg.Client(connectionOptions(db));
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      schema: 'selfdb',
      createSchema: true,
      migrationsTable: 'migrations',
      advisoryLockMode: 'wait',
      singleTransaction: true,
      logger: { debug: () => undefined, info: log, warn: log, error: log },
    });
    return applied.map((m) => m.name);
  } finally {
    await client.end();
  }
}
