import type { Queryable } from '../db/pool.js';

/** One recorded run of the SQL editor, as `GET /sql/history` lists it. */
export type SqlHistoryEntry = {
  id: string;
  query: string;
  is_read_only: boolean;
  /** Seconds. */
  execution_time: number | null;
  row_count: number | null;
  error: string | null;
  executed_at: string;
};

export type SqlHistoryRecord = {
  query: string;
  is_read_only: boolean;
  execution_time: number | null;
  row_count: number | null;
  error: string | null;
};

export type SqlHistoryPage = {
  history: SqlHistoryEntry[];
  metadata: { total_count: number; page: number; page_size: number; total_pages: number };
};

const ENTRY_COLUMNS = 'id, query, is_read_only, execution_time, row_count, error, executed_at';

function toEntry(row: Record<string, unknown>): SqlHistoryEntry {
  return {
    id: row.id as string,
    query: row.query as string,
    is_read_only: row.is_read_only as boolean,
    execution_time: (row.execution_time as number | null) ?? null,
    row_count: (row.row_count as number | null) ?? null,
    error: (row.error as string | null) ?? null,
    executed_at: (row.executed_at as Date).toISOString(),
  };
}

export async function recordSqlRun(
  db: Queryable,
  userId: string,
  record: SqlHistoryRecord,
): Promise<SqlHistoryEntry> {
  const res = await db.query(
    `INSERT INTO selfdb.sql_history (user_id, query, is_read_only, execution_time, row_count, error)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENTRY_COLUMNS}`,
    [userId, record.query, record.is_read_only, record.execution_time, record.row_count, record.error],
  );
  return toEntry(res.rows[0] as Record<string, unknown>);
}

/** The caller's own runs, newest first. */
export async function listSqlHistory(
  db: Queryable,
  userId: string,
  paging: { page: number; page_size: number },
): Promise<SqlHistoryPage> {
  const [count, rows] = await Promise.all([
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM selfdb.sql_history WHERE user_id = $1', [userId]),
    db.query(
      `SELECT ${ENTRY_COLUMNS} FROM selfdb.sql_history WHERE user_id = $1
       ORDER BY executed_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [userId, paging.page_size, (paging.page - 1) * paging.page_size],
    ),
  ]);
  const total = count.rows[0]?.n ?? 0;
  return {
    history: rows.rows.map(toEntry),
    metadata: {
      total_count: total,
      page: paging.page,
      page_size: paging.page_size,
      total_pages: Math.ceil(total / paging.page_size),
    },
  };
}
