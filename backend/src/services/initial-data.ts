import type { Config } from '../config.js';
import type { Db } from '../db/pool.js';
import { hashPassword } from './passwords.js';

/**
 * Creates the superuser named by DEFAULT_ADMIN_EMAIL when no user has that email. Idempotent and
 * safe when several backends start at once: the insert yields to the unique email index.
 * Returns whether a user was created.
 */
export async function ensureDefaultSuperuser(db: Db, admin: Config['admin']): Promise<boolean> {
  const existing = await db.query('SELECT 1 FROM selfdb.users WHERE lower(email) = lower($1)', [admin.email]);
  if (existing.rowCount) return false;
  const inserted = await db.query(
    `INSERT INTO selfdb.users (email, password_hash, full_name, is_superuser)
     VALUES ($1, $2, 'Administrator', true)
     ON CONFLICT ((lower(email))) DO NOTHING`,
    [admin.email, await hashPassword(admin.password)],
  );
  return inserted.rowCount === 1;
}
