import type { Db, Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { isPgError } from '../errors/pg-errors.js';
import { type FunctionFile, writeFunctionFile } from '../functions/files.js';

/** An env var as the API shows it: a secret's value is write-only (null when read). */
export type EnvVar = { id: string; key: string; value: string | null; is_secret: boolean };

type Row = { id: string; key: string; value: string; is_secret: boolean };

function toEnvVar(row: Row): EnvVar {
  return { id: row.id, key: row.key, value: row.is_secret ? null : row.value, is_secret: row.is_secret };
}

function keyTaken(err: unknown): never {
  if (isPgError(err) && err.code === '23505') throw new AppError('ENV_VAR_EXISTS');
  throw err;
}

/**
 * Bumps the function's settings revision, in the transaction of the change; the caller then
 * rewrites the function's file (after the commit), so runtimes reload it with the new variables.
 */
async function settingsChanged(client: Queryable, functionId: string): Promise<FunctionFile | null> {
  const res = await client.query<{
    name: string;
    code: string;
    version_number: number;
    settings_revision: number;
    is_active: boolean;
  }>(
    `UPDATE selfdb.functions SET settings_revision = settings_revision + 1, updated_at = now() WHERE id = $1
     RETURNING name, code, version_number, settings_revision, is_active`,
    [functionId],
  );
  const fn = res.rows[0];
  if (!fn) throw new AppError('FUNCTION_NOT_FOUND');
  if (!fn.is_active) return null;
  return { name: fn.name, code: fn.code, version: fn.version_number, settingsRevision: fn.settings_revision };
}

async function rewrite(dir: string, file: FunctionFile | null): Promise<void> {
  if (file) await writeFunctionFile(dir, file);
}

async function assertFunction(db: Queryable, functionId: string): Promise<void> {
  const res = await db.query('SELECT 1 FROM selfdb.functions WHERE id = $1', [functionId]);
  if (res.rowCount === 0) throw new AppError('FUNCTION_NOT_FOUND');
}

export async function listEnvVars(db: Db, functionId: string): Promise<EnvVar[]> {
  await assertFunction(db, functionId);
  const res = await db.query<Row>(
    'SELECT id, key, value, is_secret FROM selfdb.function_env_vars WHERE function_id = $1 ORDER BY key',
    [functionId],
  );
  return res.rows.map(toEnvVar);
}

export async function createEnvVar(
  db: Db,
  dir: string,
  functionId: string,
  fields: { key: string; value: string; is_secret: boolean },
): Promise<EnvVar> {
  const { envVar, file } = await db
    .withTransaction(async (client) => {
      await assertFunction(client, functionId);
      const res = await client.query<Row>(
        `INSERT INTO selfdb.function_env_vars (function_id, key, value, is_secret) VALUES ($1, $2, $3, $4)
         RETURNING id, key, value, is_secret`,
        [functionId, fields.key, fields.value, fields.is_secret],
      );
      return { envVar: toEnvVar(res.rows[0] as Row), file: await settingsChanged(client, functionId) };
    })
    .catch(keyTaken);
  await rewrite(dir, file);
  return envVar;
}

export async function updateEnvVar(
  db: Db,
  dir: string,
  functionId: string,
  envId: string,
  changes: { key?: string; value?: string; is_secret?: boolean },
): Promise<EnvVar> {
  const { envVar, file } = await db
    .withTransaction(async (client) => {
      const res = await client.query<Row>(
        `UPDATE selfdb.function_env_vars SET key = coalesce($3, key), value = coalesce($4, value),
           is_secret = coalesce($5, is_secret), updated_at = now()
         WHERE id = $2 AND function_id = $1 RETURNING id, key, value, is_secret`,
        [functionId, envId, changes.key ?? null, changes.value ?? null, changes.is_secret ?? null],
      );
      if (!res.rows[0]) {
        await assertFunction(client, functionId);
        throw new AppError('ENV_VAR_NOT_FOUND');
      }
      return { envVar: toEnvVar(res.rows[0]), file: await settingsChanged(client, functionId) };
    })
    .catch(keyTaken);
  await rewrite(dir, file);
  return envVar;
}

export async function deleteEnvVar(db: Db, dir: string, functionId: string, envId: string): Promise<void> {
  const file = await db.withTransaction(async (client) => {
    const res = await client.query(
      'DELETE FROM selfdb.function_env_vars WHERE id = $2 AND function_id = $1',
      [functionId, envId],
    );
    if (res.rowCount === 0) {
      await assertFunction(client, functionId);
      throw new AppError('ENV_VAR_NOT_FOUND');
    }
    return settingsChanged(client, functionId);
  });
  await rewrite(dir, file);
}

/** What the runtime needs to run a function: its variables in clear, and its timeout. */
export async function runtimeSettings(
  db: Db,
  name: string,
): Promise<{ timeout_ms: number | null; env: Record<string, string> } | null> {
  const fn = await db.query<{ id: string; timeout_ms: number | null }>(
    'SELECT id, timeout_ms FROM selfdb.functions WHERE name = $1',
    [name],
  );
  const row = fn.rows[0];
  if (!row) return null;
  const vars = await db.query<{ key: string; value: string }>(
    'SELECT key, value FROM selfdb.function_env_vars WHERE function_id = $1',
    [row.id],
  );
  return { timeout_ms: row.timeout_ms, env: Object.fromEntries(vars.rows.map((v) => [v.key, v.value])) };
}
