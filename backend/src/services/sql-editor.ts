import { performance } from 'node:perf_hooks';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Db } from '../db/pool.js';
import { type SqlStatement, splitStatements } from '../db/split-statements.js';
import { isPgError } from '../errors/pg-errors.js';

/** At most this many rows of one statement are returned; one more is fetched to know there were more. */
export const MAX_RESULT_ROWS = 10_000;

export type SqlRunInput = { query: string; read_only: boolean; timeout_ms: number };

export type RowsResult = {
  statement: string;
  is_read_only: true;
  columns: string[];
  data: Record<string, unknown>[];
  row_count: number;
  execution_time: number;
  truncated: boolean;
};

export type CommandResult = {
  statement: string;
  is_read_only: false;
  row_count: number;
  execution_time: number;
  message: string;
};

export type SqlRunResponse =
  | {
      success: true;
      is_read_only: boolean;
      results: Array<RowsResult | CommandResult>;
      total_execution_time: number;
      total_rows_affected: number;
    }
  | { success: false; error: string; position?: number };

/** What a run answers, and whether it wrote anything (so cached table metadata may be stale). */
export type SqlRun = { response: SqlRunResponse; wrote: boolean; executionTime: number; rowCount: number };

/**
 * Statements that would end or nest the one transaction a run is: a COMMIT mid-script would let
 * the statements after it escape both the rollback and `read_only`.
 */
const TRANSACTION_CONTROL =
  /^(begin|start\s+transaction|commit|end|abort|rollback(?!\s+(?:work\s+|transaction\s+)?to\b)|prepare\s+transaction)\b/i;

/**
 * COPY through the client's stdin or stdout is a protocol of its own that the editor does not
 * speak: the server would wait for data that never comes.
 */
const COPY_STDIO = /^copy\b[\s\S]*\b(?:stdin|stdout)\b/i;

/**
 * How long past `timeout_ms` a run may go before its connection is closed: `statement_timeout`
 * cancels work inside the server, this covers a connection stuck anywhere else.
 */
const WATCHDOG_GRACE_MS = 500;

/** Commands whose row count is the number of rows they changed. */
const ROW_CHANGING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

/**
 * Values PostgreSQL prints better than node-postgres parses them for a grid of results: bytea
 * (a Buffer would serialise as an array of numbers) and dates and times (parsed into a JS Date in
 * the server's local zone, which shifts `date` values and drops microseconds). Arrays included.
 */
const KEEP_AS_TEXT = new Set([
  ...[17, 1082, 1083, 1114, 1184, 1186, 1266], // bytea, date, time, timestamp, timestamptz, interval, timetz
  ...[1001, 1182, 1183, 1115, 1185, 1187, 1270], // the arrays of those
]);
const editorTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    KEEP_AS_TEXT.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Runs a script from the SQL editor: every statement in one transaction with a time budget of
 * `timeout_ms` for the whole run, read-only when asked. Any error rolls everything back and is
 * answered as data (`success: false`), with its position in the submitted text.
 */
export async function runSql(db: Db, input: SqlRunInput): Promise<SqlRun> {
  const statements = splitStatements(input.query);
  if (statements.length === 0) return failed('No SQL statements to run');
  const refused = statements.find((s) => TRANSACTION_CONTROL.test(s.text));
  if (refused) {
    return failed(
      'Transaction control statements (BEGIN, COMMIT, ROLLBACK, ...) are not allowed: each run is one transaction',
      positionIn(input.query, refused, 1),
    );
  }
  const copy = statements.find((s) => COPY_STDIO.test(s.text));
  if (copy) {
    return failed(
      'COPY FROM STDIN and COPY TO STDOUT are not supported here: use INSERT, or COPY with a server file',
      positionIn(input.query, copy, 1),
    );
  }

  return db.withClient(async (client) => {
    // The pool listens for errors only on idle connections. A script may kill its own connection
    // (pg_terminate_backend), and the socket error that follows between two queries would
    // otherwise be an 'error' event without a listener, which ends the process.
    const ignoreSocketError = () => undefined;
    client.on('error', ignoreSocketError);
    const started = performance.now();
    const results: Array<RowsResult | CommandResult> = [];
    let rowsAffected = 0;
    let current: SqlStatement | undefined;
    let stuck = false;
    const watchdog = setTimeout(() => {
      stuck = true;
      closeConnection(client);
    }, input.timeout_ms + WATCHDOG_GRACE_MS);
    try {
      await client.query('BEGIN');
      if (input.read_only) await client.query('SET TRANSACTION READ ONLY');
      for (const statement of statements) {
        current = statement;
        const remaining = Math.ceil(input.timeout_ms - (performance.now() - started));
        if (remaining <= 0) throw new RunTimeout();
        await client.query("SELECT set_config('statement_timeout', $1, true)", [String(remaining)]);
        const ran = await runStatement(client, statement.text);
        results.push(ran.result);
        rowsAffected += ran.rowsAffected;
      }
      const xact = await client.query<{ wrote: boolean }>(
        'SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote',
      );
      await client.query('COMMIT');
      const wrote = xact.rows[0]?.wrote ?? true;
      const executionTime = seconds(performance.now() - started);
      return {
        response: {
          success: true,
          is_read_only: !wrote,
          results,
          total_execution_time: executionTime,
          total_rows_affected: rowsAffected,
        },
        wrote,
        executionTime,
        rowCount: results.reduce((sum, r) => sum + r.row_count, 0),
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const executionTime = seconds(performance.now() - started);
      if (stuck) {
        const cause = 'the database did not answer in time and its connection was closed';
        return { ...failed(timeoutMessage(input.timeout_ms, cause)), executionTime };
      }
      if (err instanceof RunTimeout) return { ...failed(timeoutMessage(input.timeout_ms)), executionTime };
      if (!isPgError(err)) throw err;
      const message = err.code === '57014' ? timeoutMessage(input.timeout_ms, err.message) : err.message;
      const reported = (err as pg.DatabaseError).position;
      const position = current && reported ? positionIn(input.query, current, Number(reported)) : undefined;
      return { ...failed(message, position), executionTime };
    } finally {
      clearTimeout(watchdog);
      await resetSession(client);
      client.removeListener('error', ignoreSocketError);
    }
  });
}

/** One statement's result, and how many rows it changed (INSERT ... RETURNING both returns and changes rows). */
type StatementRun = { result: RowsResult | CommandResult; rowsAffected: number };

async function runStatement(client: pg.PoolClient, text: string): Promise<StatementRun> {
  const started = performance.now();
  const cursor = client.query(new Cursor(text, undefined, { types: editorTypes }));
  const { rows, result } = await read(cursor, MAX_RESULT_ROWS + 1);
  // Ends the portal, which still holds rows past the cap (an error has ended it already).
  await cursor.close();
  const execution_time = seconds(performance.now() - started);
  if (result.fields.length > 0) {
    const data = rows.slice(0, MAX_RESULT_ROWS);
    const changed = result.command && ROW_CHANGING_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0;
    return {
      result: {
        statement: text,
        is_read_only: true,
        columns: result.fields.map((f) => f.name),
        data,
        row_count: data.length,
        execution_time,
        truncated: rows.length > MAX_RESULT_ROWS,
      },
      rowsAffected: changed,
    };
  }
  const rowCount = result.rowCount ?? 0;
  return {
    result: {
      statement: text,
      is_read_only: false,
      row_count: rowCount,
      execution_time,
      message: `${result.command ?? 'Statement'} completed: ${rowCount} ${rowCount === 1 ? 'row' : 'rows'} affected`,
    },
    rowsAffected: rowCount,
  };
}

/** `Cursor.read` as a promise that also gives the result's fields and command. */
function read(cursor: Cursor, maxRows: number) {
  return new Promise<{ rows: Record<string, unknown>[]; result: pg.QueryResult }>((resolve, reject) => {
    cursor.read(maxRows, (err, rows, result) => (err ? reject(err) : resolve({ rows, result })));
  });
}

/**
 * Leaves the pooled connection as it was found: a script may SET session parameters, take
 * session advisory locks, LISTEN or create temporary tables. If that fails the connection is in
 * an unknown state, so it is closed and the pool replaces it.
 */
async function resetSession(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('DISCARD ALL');
  } catch {
    closeConnection(client);
  }
}

/**
 * Closes a connection for good; releasing it afterwards makes the pool drop it. The socket may
 * still fail later (a reset once the server resumes): that error concerns nobody, and an 'error'
 * event without a listener would end the process.
 */
function closeConnection(client: pg.PoolClient): void {
  client.on('error', () => undefined);
  client.end().catch(() => undefined);
}

class RunTimeout extends Error {}

function timeoutMessage(timeoutMs: number, cause = 'canceling statement due to statement timeout'): string {
  return `Query timed out after ${timeoutMs} ms (${cause})`;
}

function failed(error: string, position?: number): SqlRun {
  const response: SqlRunResponse =
    position === undefined ? { success: false, error } : { success: false, error, position };
  return { response, wrote: false, executionTime: 0, rowCount: 0 };
}

/**
 * PostgreSQL reports a 1-based position in characters of the statement it ran; the editor needs
 * it in the whole submitted text. Characters, not UTF-16 units: an emoji before the statement
 * counts once.
 */
function positionIn(query: string, statement: SqlStatement, positionInStatement: number): number {
  return [...query.slice(0, statement.offset)].length + positionInStatement;
}

function seconds(ms: number): number {
  return Math.round(ms * 1000) / 1_000_000;
}
