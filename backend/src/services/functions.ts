import type { Db, Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { isPgError } from '../errors/pg-errors.js';
import { type FunctionFile, removeFunctionFile, writeFunctionFile } from '../functions/files.js';
import type { FunctionMeta, Trigger } from '../functions/module-check.js';

/** A function as the API shows it (API.md §8). */
export type FunctionRecord = {
  id: string;
  name: string;
  description: string | null;
  code: string;
  is_active: boolean;
  version_number: number;
  timeout_ms: number | null;
  triggers: Trigger[];
  run_once: boolean;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
};

/** The newest run of a function, as the function list shows it. */
export type LastExecution = {
  status: 'success' | 'error' | 'timeout';
  status_code: number | null;
  trigger: string;
  started_at: string;
  duration_ms: number;
};

export type FunctionListItem = FunctionRecord & { last_execution: LastExecution | null };

export type FunctionVersion = {
  id: string;
  version_number: number;
  code: string;
  created_at: string;
  created_by: string | null;
};

const COLUMNS =
  'id, name, description, code, is_active, version_number, timeout_ms, triggers, run_once, settings_revision, owner_id, created_at, updated_at';

type Row = Omit<FunctionRecord, 'created_at' | 'updated_at'> & {
  settings_revision: number;
  created_at: Date;
  updated_at: Date;
};

function toRecord(row: Row | undefined): FunctionRecord {
  if (!row) throw new AppError('FUNCTION_NOT_FOUND');
  const { settings_revision: _revision, ...rest } = row;
  return { ...rest, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

function toFile(row: Row): FunctionFile {
  return {
    name: row.name,
    code: row.code,
    version: row.version_number,
    settingsRevision: row.settings_revision,
  };
}

/** The folder follows the database: an active function has its file, an inactive one has none. */
async function syncFile(dir: string, row: Row): Promise<void> {
  if (row.is_active) await writeFunctionFile(dir, toFile(row));
  else await removeFunctionFile(dir, row.name);
}

async function getRow(db: Queryable, id: string, lock = false): Promise<Row> {
  const res = await db.query<Row>(
    `SELECT ${COLUMNS} FROM selfdb.functions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!res.rows[0]) throw new AppError('FUNCTION_NOT_FOUND');
  return res.rows[0];
}

export async function listFunctions(
  db: Db,
  params: { skip: number; limit: number },
): Promise<FunctionListItem[]> {
  // One statement for the page: each newest run is one probe of the (function_id, started_at DESC) index.
  const res = await db.query<Row & { last_execution: LastExecution | null }>(
    `SELECT ${COLUMNS},
       (SELECT to_jsonb(last) FROM (
          SELECT e.status, e.status_code, e.trigger, e.started_at, e.duration_ms
          FROM selfdb.function_executions e
          WHERE e.function_id = f.id ORDER BY e.started_at DESC LIMIT 1) last) AS last_execution
     FROM selfdb.functions f ORDER BY name OFFSET $1 LIMIT $2`,
    [params.skip, params.limit],
  );
  return res.rows.map(({ last_execution, ...row }) => ({
    ...toRecord(row),
    last_execution: last_execution
      ? { ...last_execution, started_at: new Date(last_execution.started_at).toISOString() }
      : null,
  }));
}

export async function getFunction(db: Db, id: string): Promise<FunctionRecord> {
  return toRecord(await getRow(db, id));
}

export async function createFunction(
  db: Db,
  dir: string,
  fields: {
    name: string;
    code: string;
    meta: FunctionMeta;
    description?: string | null;
    is_active: boolean;
    timeout_ms?: number | null;
    owner_id: string | null;
  },
): Promise<FunctionRecord> {
  const row = await db
    .withTransaction(async (client) => {
      const res = await client.query<Row>(
        `INSERT INTO selfdb.functions (name, description, code, is_active, timeout_ms, triggers, run_once, owner_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          fields.name,
          fields.description ?? fields.meta.description,
          fields.code,
          fields.is_active,
          fields.timeout_ms ?? null,
          JSON.stringify(fields.meta.triggers),
          fields.meta.runOnce,
          fields.owner_id,
        ],
      );
      const created = res.rows[0] as Row;
      await client.query(
        `INSERT INTO selfdb.function_versions (function_id, version_number, code, created_by) VALUES ($1, 1, $2, $3)`,
        [created.id, fields.code, fields.owner_id],
      );
      return created;
    })
    .catch((err) => {
      if (isPgError(err) && err.code === '23505') throw new AppError('FUNCTION_EXISTS');
      throw err;
    });
  // After the commit, so a runtime that sees the file finds the function's settings.
  await syncFile(dir, row);
  return toRecord(row);
}

export async function functionNameTaken(db: Db, name: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM selfdb.functions WHERE name = $1', [name]);
  return res.rowCount !== 0;
}

export type FunctionChanges = {
  code?: { text: string; meta: FunctionMeta };
  description?: string | null;
  is_active?: boolean;
  timeout_ms?: number | null;
};

/** Changed code becomes a new version; a changed timeout is a new settings revision. */
export async function updateFunction(
  db: Db,
  dir: string,
  id: string,
  changes: FunctionChanges,
  by: string | null,
): Promise<FunctionRecord> {
  const row = await db.withTransaction(async (client) => {
    const current = await getRow(client, id, true);
    const newCode = changes.code !== undefined && changes.code.text !== current.code;
    const newTimeout = changes.timeout_ms !== undefined && changes.timeout_ms !== current.timeout_ms;
    const version = newCode ? current.version_number + 1 : current.version_number;
    const res = await client.query<Row>(
      `UPDATE selfdb.functions SET
         code = $2, version_number = $3, description = $4, is_active = $5, timeout_ms = $6,
         triggers = $7, run_once = $8, settings_revision = settings_revision + $9, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        newCode ? changes.code?.text : current.code,
        version,
        changes.description !== undefined
          ? changes.description
          : newCode && changes.code?.meta.description != null
            ? changes.code.meta.description
            : current.description,
        changes.is_active ?? current.is_active,
        changes.timeout_ms !== undefined ? changes.timeout_ms : current.timeout_ms,
        JSON.stringify(newCode ? changes.code?.meta.triggers : current.triggers),
        newCode ? changes.code?.meta.runOnce : current.run_once,
        newTimeout ? 1 : 0,
      ],
    );
    const updated = res.rows[0] as Row;
    if (newCode) {
      await client.query(
        `INSERT INTO selfdb.function_versions (function_id, version_number, code, created_by) VALUES ($1, $2, $3, $4)`,
        [id, version, updated.code, by],
      );
    }
    return updated;
  });
  await syncFile(dir, row);
  return toRecord(row);
}

export async function deleteFunction(db: Db, dir: string, id: string): Promise<void> {
  const res = await db.query<{ name: string }>('DELETE FROM selfdb.functions WHERE id = $1 RETURNING name', [
    id,
  ]);
  const name = res.rows[0]?.name;
  if (!name) throw new AppError('FUNCTION_NOT_FOUND');
  await removeFunctionFile(dir, name);
}

export async function listVersions(db: Db, id: string): Promise<FunctionVersion[]> {
  await getRow(db, id);
  const res = await db.query<Omit<FunctionVersion, 'created_at'> & { created_at: Date }>(
    `SELECT id, version_number, code, created_at, created_by FROM selfdb.function_versions
     WHERE function_id = $1 ORDER BY version_number DESC`,
    [id],
  );
  return res.rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
}

export async function versionCode(db: Db, id: string, versionNumber: number): Promise<string> {
  await getRow(db, id);
  const res = await db.query<{ code: string }>(
    'SELECT code FROM selfdb.function_versions WHERE function_id = $1 AND version_number = $2',
    [id, versionNumber],
  );
  if (!res.rows[0]) throw new AppError('VERSION_NOT_FOUND');
  return res.rows[0].code;
}

/**
 * Files dropped into the folder by hand become functions at backend start (owned by nobody, with
 * the folder's code as version 1); a file whose name is already a function is left to it.
 * Active functions are (re)written, so the folder matches the database after a restore.
 */
export async function importAndWriteFunctions(
  db: Db,
  dir: string,
  handPlaced: Array<{ name: string; code: string; meta: FunctionMeta }>,
): Promise<string[]> {
  const imported: string[] = [];
  for (const file of handPlaced) {
    const res = await db.query<{ id: string }>(
      `INSERT INTO selfdb.functions (name, description, code, triggers, run_once)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [file.name, file.meta.description, file.code, JSON.stringify(file.meta.triggers), file.meta.runOnce],
    );
    const id = res.rows[0]?.id;
    if (!id) continue;
    await db.query(
      'INSERT INTO selfdb.function_versions (function_id, version_number, code) VALUES ($1, 1, $2)',
      [id, file.code],
    );
    imported.push(file.name);
  }
  const active = await db.query<Row>(`SELECT ${COLUMNS} FROM selfdb.functions WHERE is_active`);
  for (const row of active.rows) await writeFunctionFile(dir, toFile(row));
  return imported;
}
