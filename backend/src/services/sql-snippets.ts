import type { Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';

/** A saved query: its author's, and every superuser's too when shared. */
export type SqlSnippet = {
  id: string;
  name: string;
  description: string | null;
  sql_code: string;
  user_id: string;
  is_shared: boolean;
  created_at: string;
  updated_at: string;
};

export type SqlSnippetFields = {
  name: string;
  description?: string | null;
  sql_code: string;
  is_shared?: boolean;
};

export type SqlSnippetChanges = Partial<SqlSnippetFields>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SNIPPET_COLUMNS = 'id, name, description, sql_code, user_id, is_shared, created_at, updated_at';

function toSnippet(row: Record<string, unknown>): SqlSnippet {
  return {
    id: row.id as string,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    sql_code: row.sql_code as string,
    user_id: row.user_id as string,
    is_shared: row.is_shared as boolean,
    created_at: (row.created_at as Date).toISOString(),
    updated_at: (row.updated_at as Date).toISOString(),
  };
}

/** The caller's snippets and those others shared, newest first. */
export async function listSnippets(db: Queryable, userId: string): Promise<SqlSnippet[]> {
  const res = await db.query(
    `SELECT ${SNIPPET_COLUMNS} FROM selfdb.sql_snippets WHERE user_id = $1 OR is_shared
     ORDER BY created_at DESC, id DESC`,
    [userId],
  );
  return res.rows.map(toSnippet);
}

export async function createSnippet(
  db: Queryable,
  userId: string,
  fields: SqlSnippetFields,
): Promise<SqlSnippet> {
  const res = await db.query(
    `INSERT INTO selfdb.sql_snippets (user_id, name, description, sql_code, is_shared)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${SNIPPET_COLUMNS}`,
    [userId, fields.name, fields.description ?? null, fields.sql_code, fields.is_shared ?? false],
  );
  return toSnippet(res.rows[0] as Record<string, unknown>);
}

/**
 * Changes a snippet. Only its author may: another superuser gets 403 for a shared snippet and
 * 404 for a private one, which they cannot see at all.
 */
export async function updateSnippet(
  db: Queryable,
  userId: string,
  id: string,
  changes: SqlSnippetChanges,
): Promise<SqlSnippet> {
  if (!UUID.test(id)) throw new AppError('SNIPPET_NOT_FOUND');
  const res = await db.query(
    `UPDATE selfdb.sql_snippets SET
       name = COALESCE($3, name),
       description = CASE WHEN $4::boolean THEN $5::text ELSE description END,
       sql_code = COALESCE($6, sql_code),
       is_shared = COALESCE($7, is_shared),
       updated_at = now()
     WHERE id = $1 AND user_id = $2
     RETURNING ${SNIPPET_COLUMNS}`,
    [
      id,
      userId,
      changes.name ?? null,
      changes.description !== undefined,
      changes.description ?? null,
      changes.sql_code ?? null,
      changes.is_shared ?? null,
    ],
  );
  const row = res.rows[0];
  if (!row) await refuseForeignSnippet(db, id);
  return toSnippet(row as Record<string, unknown>);
}

export async function deleteSnippet(db: Queryable, userId: string, id: string): Promise<SqlSnippet> {
  if (!UUID.test(id)) throw new AppError('SNIPPET_NOT_FOUND');
  const res = await db.query(
    `DELETE FROM selfdb.sql_snippets WHERE id = $1 AND user_id = $2 RETURNING ${SNIPPET_COLUMNS}`,
    [id, userId],
  );
  const row = res.rows[0];
  if (!row) await refuseForeignSnippet(db, id);
  return toSnippet(row as Record<string, unknown>);
}

/** Why the caller could not change a snippet that is not theirs: 403 if they can see it, 404 otherwise. */
async function refuseForeignSnippet(db: Queryable, id: string): Promise<never> {
  const res = await db.query('SELECT 1 FROM selfdb.sql_snippets WHERE id = $1 AND is_shared', [id]);
  if (res.rowCount) throw new AppError('FORBIDDEN', 'Only the author of a snippet may change or delete it');
  throw new AppError('SNIPPET_NOT_FOUND');
}
