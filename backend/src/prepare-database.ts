import type { Config } from './config.js';
import { runMigrations } from './db/migrate.js';
import { createDb } from './db/pool.js';
import { syncFunctionFolder } from './functions/sync-folder.js';
import { ensureDefaultSuperuser } from './services/initial-data.js';
import { relinkTablePolicies } from './services/tables/relink-policies.js';

/**
 * What every backend does before it serves: migrate schema `selfdb`, ensure the initial data,
 * relink table policies after a restore, and bring the functions folder in line with the database.
 */
export async function prepareDatabase(config: Config, log: (message: string) => void): Promise<void> {
  const applied = await runMigrations(config.db, log);
  if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  const db = createDb({ ...config.db, poolMax: 1 }, (err) => log(`database error: ${err.message}`));
  try {
    if (await ensureDefaultSuperuser(db, config.admin)) log(`created superuser ${config.admin.email}`);
    const relinked = await relinkTablePolicies(db);
    if (relinked > 0) log(`relinked the policies of ${relinked} restored tables`);
    await syncFunctionFolder(config, db, log);
  } finally {
    await db.close();
  }
}
