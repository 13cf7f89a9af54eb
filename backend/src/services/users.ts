import type { Db, Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { isPgError } from '../errors/pg-errors.js';
import { hashPassword } from './passwords.js';
import { revokeAllSessions } from './sessions.js';
import { countOwnedResources, type OwnedKind, transferOwnedResources } from './user-resources.js';

/** A user as the API shows it: never the password hash. */
export type User = {
  id: string;
  email: string;
  full_name: string | null;
  is_active: boolean;
  is_superuser: boolean;
  created_at: string;
  updated_at: string;
};

export type UserChanges = Partial<{
  email: string;
  full_name: string | null;
  password: string;
  is_active: boolean;
  is_superuser: boolean;
}>;

const USER_COLUMNS = 'id, email, full_name, is_active, is_superuser, created_at, updated_at';

/** Serialises changes to who is an active superuser, so two concurrent demotions cannot both pass. */
const SUPERUSER_LOCK = 'selfdb.users.superusers';

function toUser(row: Record<string, unknown> | undefined): User {
  if (!row) throw new AppError('USER_NOT_FOUND');
  return {
    id: row.id as string,
    email: row.email as string,
    full_name: (row.full_name as string | null) ?? null,
    is_active: row.is_active as boolean,
    is_superuser: row.is_superuser as boolean,
    created_at: (row.created_at as Date).toISOString(),
    updated_at: (row.updated_at as Date).toISOString(),
  };
}

function emailTaken(err: unknown): never {
  if (isPgError(err) && err.code === '23505') throw new AppError('EMAIL_TAKEN');
  throw err;
}

export async function getUser(db: Queryable, id: string): Promise<User> {
  const res = await db.query(`SELECT ${USER_COLUMNS} FROM selfdb.users WHERE id = $1`, [id]);
  return toUser(res.rows[0]);
}

export async function listUsers(
  db: Db,
  params: { skip: number; limit: number; search?: string },
): Promise<User[]> {
  const res = await db.query(
    `SELECT ${USER_COLUMNS} FROM selfdb.users
     WHERE $1::text IS NULL OR strpos(lower(email), lower($1)) > 0
     ORDER BY created_at, id OFFSET $2 LIMIT $3`,
    [params.search || null, params.skip, params.limit],
  );
  return res.rows.map(toUser);
}

export async function countRegularUsers(db: Db): Promise<number> {
  const res = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM selfdb.users WHERE NOT is_superuser',
  );
  return res.rows[0]?.n ?? 0;
}

export async function createUser(
  db: Queryable,
  fields: {
    email: string;
    password: string;
    full_name?: string | null;
    is_active?: boolean;
    is_superuser?: boolean;
  },
): Promise<User> {
  const passwordHash = await hashPassword(fields.password);
  const res = await db
    .query(
      `INSERT INTO selfdb.users (email, password_hash, full_name, is_active, is_superuser)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
      [
        fields.email,
        passwordHash,
        fields.full_name ?? null,
        fields.is_active ?? true,
        fields.is_superuser ?? false,
      ],
    )
    .catch(emailTaken);
  return toUser(res.rows[0]);
}

/**
 * Applies changes to a user. Losing the last active superuser is refused (409 LAST_SUPERUSER);
 * a new password or a deactivation ends every session of that user.
 */
export async function updateUser(db: Db, id: string, changes: UserChanges): Promise<User> {
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
  return db.withTransaction(async (client) => {
    const current = await getUser(client, id);
    const losesSuperuser =
      current.is_superuser &&
      current.is_active &&
      (changes.is_superuser === false || changes.is_active === false);
    if (losesSuperuser) await assertAnotherActiveSuperuser(client, id);

    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (changes.email !== undefined) set('email', changes.email);
    if (changes.full_name !== undefined) set('full_name', changes.full_name);
    if (passwordHash !== undefined) set('password_hash', passwordHash);
    if (changes.is_active !== undefined) set('is_active', changes.is_active);
    if (changes.is_superuser !== undefined) set('is_superuser', changes.is_superuser);
    if (sets.length === 0) return current;

    const res = await client
      .query(
        `UPDATE selfdb.users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        values,
      )
      .catch(emailTaken);
    if (passwordHash !== undefined || changes.is_active === false) await revokeAllSessions(client, id);
    return toUser(res.rows[0]);
  });
}

/** What a user owns, per kind: what passes to the superuser who deletes them. */
export async function getOwnedResources(db: Queryable, id: string): Promise<Record<OwnedKind, number>> {
  await getUser(db, id);
  return countOwnedResources(db, id);
}

/** Deletes a user after passing everything they own to the deleting superuser (nothing is orphaned). */
export async function deleteUser(db: Db, id: string, deletedBy: string): Promise<void> {
  if (id === deletedBy) throw new AppError('CANNOT_DELETE_SELF');
  await db.withTransaction(async (client) => {
    const user = await getUser(client, id);
    if (user.is_superuser && user.is_active) await assertAnotherActiveSuperuser(client, id);
    await transferOwnedResources(client, id, deletedBy);
    await client.query('DELETE FROM selfdb.users WHERE id = $1', [id]);
  });
}

async function assertAnotherActiveSuperuser(client: Queryable, exceptId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SUPERUSER_LOCK]);
  const others = await client.query(
    'SELECT 1 FROM selfdb.users WHERE is_superuser AND is_active AND id <> $1 LIMIT 1',
    [exceptId],
  );
  if (!others.rowCount) throw new AppError('LAST_SUPERUSER');
}
