import type { Db } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';

export type Execution = {
  id: string;
  trigger: string;
  status: 'success' | 'error' | 'timeout';
  status_code: number | null;
  started_at: string;
  duration_ms: number;
  error: string | null;
};

export type LogEntry = { execution_id: string; level: string; message: string; at: string };

export type ExecutionReport = Execution & {
  function: string;
  logs: Array<{ level: string; message: string; at: string }>;
};

/** Stores one run reported by the runtime, with its console output; false when the function is unknown. */
export async function recordExecution(db: Db, report: ExecutionReport): Promise<boolean> {
  return db.withTransaction(async (client) => {
    const fn = await client.query<{ id: string }>('SELECT id FROM selfdb.functions WHERE name = $1', [
      report.function,
    ]);
    const functionId = fn.rows[0]?.id;
    if (!functionId) return false;
    const inserted = await client.query(
      `INSERT INTO selfdb.function_executions (id, function_id, trigger, status, status_code, started_at, duration_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        report.id,
        functionId,
        report.trigger,
        report.status,
        report.status_code,
        report.started_at,
        report.duration_ms,
        report.error,
      ],
    );
    if (inserted.rowCount === 0 || report.logs.length === 0) return true;
    await client.query(
      `INSERT INTO selfdb.function_logs (execution_id, function_id, level, message, at)
       SELECT $1, $2, l.level, l.message, l.at
       FROM jsonb_to_recordset($3::jsonb) AS l(level text, message text, at timestamptz)`,
      [report.id, functionId, JSON.stringify(report.logs)],
    );
    return true;
  });
}

async function assertFunction(db: Db, functionId: string): Promise<void> {
  const res = await db.query('SELECT 1 FROM selfdb.functions WHERE id = $1', [functionId]);
  if (res.rowCount === 0) throw new AppError('FUNCTION_NOT_FOUND');
}

export async function listExecutions(
  db: Db,
  functionId: string,
  params: { skip: number; limit: number },
): Promise<Execution[]> {
  await assertFunction(db, functionId);
  const res = await db.query<Omit<Execution, 'started_at'> & { started_at: Date }>(
    `SELECT id, trigger, status, status_code, started_at, duration_ms, error FROM selfdb.function_executions
     WHERE function_id = $1 ORDER BY started_at DESC, id OFFSET $2 LIMIT $3`,
    [functionId, params.skip, params.limit],
  );
  return res.rows.map((r) => ({ ...r, started_at: r.started_at.toISOString() }));
}

/** Log lines newest first; `since` keeps those strictly after it. */
export async function listLogs(
  db: Db,
  functionId: string,
  params: { since?: string; limit: number; execution_id?: string },
): Promise<LogEntry[]> {
  await assertFunction(db, functionId);
  const res = await db.query<Omit<LogEntry, 'at'> & { at: Date }>(
    `SELECT execution_id, level, message, at FROM selfdb.function_logs
     WHERE function_id = $1 AND ($2::timestamptz IS NULL OR at > $2) AND ($3::uuid IS NULL OR execution_id = $3)
     ORDER BY at DESC, id DESC LIMIT $4`,
    [functionId, params.since ?? null, params.execution_id ?? null, params.limit],
  );
  return res.rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** Deletes executions (their logs with them) and run claims older than the retention period. */
export async function pruneExecutions(db: Db, retentionDays: number): Promise<void> {
  await db.query(
    `DELETE FROM selfdb.function_executions WHERE started_at < now() - make_interval(days => $1)`,
    [retentionDays],
  );
  await db.query(`DELETE FROM selfdb.function_run_claims WHERE claimed_at < now() - interval '1 day'`);
}

/** Claims a once-per-cluster run; true for the first caller only (see deno-runtime/scheduler.ts). */
export async function claimRun(db: Db, name: string, slot: string): Promise<boolean> {
  const res = await db.query(
    'INSERT INTO selfdb.function_run_claims (function_name, slot) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [name, slot],
  );
  return res.rowCount === 1;
}
