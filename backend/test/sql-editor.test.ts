import { describe, expect, it } from 'vitest';
import { createDb } from '../src/db/pool.js';
import { runSql } from '../src/services/sql-editor.js';
import { buildTestApp } from './support/app.js';
import { createTestUser } from './support/users.js';

// One pooled connection: every test also proves the editor hands it back healthy.
const { app } = await buildTestApp({ env: { DB_POOL_MAX: '1' } });
await app.ready();
const admin = await createTestUser(app, { is_superuser: true });

async function run(query: string, options: { read_only?: boolean; timeout_ms?: number } = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/sql/query',
    headers: admin.headers,
    payload: { query, ...options },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function tableExists(name: string): Promise<boolean> {
  const res = await app.db.query('SELECT to_regclass($1) IS NOT NULL AS found', [`public.${name}`]);
  return res.rows[0]?.found === true;
}

describe('POST /sql/query', () => {
  it('runs several statements and answers each in the documented shape', async () => {
    const body = await run(
      `create table sq_shapes (id int primary key, name text);
       insert into sq_shapes values (1, 'a;b'), (2, 'c');
       select id, name from sq_shapes order by id;`,
    );
    expect(body).toMatchObject({ success: true, is_read_only: false, total_rows_affected: 2 });
    expect(typeof body.total_execution_time).toBe('number');
    expect(body.results).toHaveLength(3);
    const [create, insert, select] = body.results;
    expect(Object.keys(create).sort()).toEqual(
      ['execution_time', 'is_read_only', 'message', 'row_count', 'statement'].sort(),
    );
    expect(create).toMatchObject({
      statement: 'create table sq_shapes (id int primary key, name text)',
      is_read_only: false,
      row_count: 0,
    });
    expect(insert).toMatchObject({ is_read_only: false, row_count: 2 });
    expect(insert.message).toContain('INSERT');
    expect(Object.keys(select).sort()).toEqual(
      ['columns', 'data', 'execution_time', 'is_read_only', 'row_count', 'statement', 'truncated'].sort(),
    );
    expect(select).toMatchObject({
      is_read_only: true,
      columns: ['id', 'name'],
      data: [
        { id: 1, name: 'a;b' },
        { id: 2, name: 'c' },
      ],
      row_count: 2,
      truncated: false,
    });
  });

  it('calls a run that changed nothing read-only', async () => {
    const body = await run('select 1 as one; show server_version;');
    expect(body).toMatchObject({ success: true, is_read_only: true, total_rows_affected: 0 });
    expect(body.results[0]).toMatchObject({ columns: ['one'], data: [{ one: 1 }] });
  });

  it('keeps $$ and $tag$ bodies whole', async () => {
    const body = await run(`
      create function sq_semi() returns text language plpgsql as $fn$
        begin return 'a;b'; end;
      $fn$;
      do $$ begin perform sq_semi(); end $$;
      select sq_semi() as v;`);
    expect(body.success).toBe(true);
    expect(body.results[2].data).toEqual([{ v: 'a;b' }]);
  });

  it('rolls back every statement when one fails mid-script, and says where', async () => {
    const query =
      'create table sq_rollback (id int);\ninsert into sq_rollback values (1);\nselec 1;\nselect 2;';
    const body = await run(query);
    expect(body.success).toBe(false);
    expect(body.error).toMatch(/syntax error/);
    expect(body.position).toBe(query.indexOf('selec 1') + 1);
    expect(Object.keys(body).sort()).toEqual(['error', 'position', 'success']);
    expect(await tableExists('sq_rollback')).toBe(false);
  });

  it('counts the error position in characters of the whole text', async () => {
    const query = "select '😀';\nselect nope;";
    const body = await run(query);
    expect(body.success).toBe(false);
    expect(body.position).toBe([...query].indexOf('n') + 1);
  });

  it('answers a runtime error without a position', async () => {
    const body = await run('select 1; select 1/0;');
    expect(body).toEqual({ success: false, error: 'division by zero' });
  });

  it('times out a statement beyond timeout_ms within a second, and the connection stays usable', async () => {
    const started = Date.now();
    const body = await run('select pg_sleep(5);', { timeout_ms: 500 });
    const elapsed = Date.now() - started;
    expect(body.success).toBe(false);
    expect(body.error).toMatch(/timed out after 500 ms.*statement timeout/);
    expect(elapsed).toBeLessThan(1500);
    // The pool has one connection, so this runs on the very connection that was cancelled.
    const after = await run('select 1 as ok');
    expect(after).toMatchObject({ success: true, results: [{ data: [{ ok: 1 }] }] });
    const timeout = await app.db.query('SHOW statement_timeout');
    expect(timeout.rows[0]?.statement_timeout).toBe('0');
  });

  it('closes a connection that stops answering, by timeout_ms + 0.5 s, and the pool replaces it', async () => {
    // A stopped server process cannot run statement_timeout: only the watchdog can end the run.
    // A pool of its own, with one connection: the app's pool is also used by background work (the
    // change feed polls), which could take the stopped connection first and hang on it.
    const db = createDb({ ...app.config.db, poolMax: 1 }, () => {});
    try {
      const backend = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pid = backend.rows[0]?.pid as number;
      process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      try {
        const outcome = await runSql(db, { query: 'select 1', read_only: false, timeout_ms: 300 });
        expect(outcome.response).toEqual({
          success: false,
          error: expect.stringMatching(/^Query timed out after 300 ms \(the database did not answer/),
        });
        expect(Date.now() - started).toBeLessThan(1300);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const after = await runSql(db, { query: 'select 1 as ok', read_only: false, timeout_ms: 5000 });
      expect(after.response).toMatchObject({ success: true, results: [{ data: [{ ok: 1 }] }] });
    } finally {
      await db.close();
    }
    expect((await run('select 1 as ok')).results[0].data).toEqual([{ ok: 1 }]);
  });

  it('spends timeout_ms on the whole run, not on each statement', async () => {
    const started = Date.now();
    const body = await run('select pg_sleep(0.4); select pg_sleep(0.4); select pg_sleep(0.4);', {
      timeout_ms: 700,
    });
    expect(body.success).toBe(false);
    expect(body.error).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1700);
  });

  it('returns at most 10,000 rows of a statement and says it truncated them', async () => {
    const body = await run(
      'select g from generate_series(1, 25000) g; select g from generate_series(1, 10000) g;',
    );
    const [big, exact] = body.results;
    expect(big).toMatchObject({ row_count: 10_000, truncated: true });
    expect(big.data).toHaveLength(10_000);
    expect(big.data[9_999]).toEqual({ g: 10_000 });
    expect(exact).toMatchObject({ row_count: 10_000, truncated: false });
  });

  it('with read_only refuses writes and leaves nothing behind', async () => {
    const body = await run('select 1; create table sq_readonly (id int);', { read_only: true });
    expect(body.success).toBe(false);
    expect(body.error).toMatch(/read-only transaction/);
    expect(await tableExists('sq_readonly')).toBe(false);
    const sneaky = await run('set transaction read write; create table sq_readonly (id int);', {
      read_only: true,
    });
    expect(sneaky.success).toBe(false);
    expect(await tableExists('sq_readonly')).toBe(false);
    expect((await run('select 2 as two', { read_only: true })).results[0].data).toEqual([{ two: 2 }]);
  });

  it.each(['commit', 'BEGIN', 'start transaction', 'rollback', 'end', "prepare transaction 'x'"])(
    'refuses transaction control (%s) that would escape the one transaction',
    async (statement) => {
      const query = `create table sq_escape (id int);\n${statement};\ninsert into sq_escape values (1);`;
      const body = await run(query, { read_only: true });
      expect(body.success).toBe(false);
      expect(body.error).toMatch(/Transaction control/);
      expect(body.position).toBe(query.indexOf(statement) + 1);
      expect(await tableExists('sq_escape')).toBe(false);
    },
  );

  it.each(['copy sq_copy from stdin', 'COPY (select 1) TO STDOUT'])(
    'refuses %s, which would leave the connection waiting on the client',
    async (statement) => {
      const query = `create table sq_copy (id int);\n${statement};`;
      const body = await run(query);
      expect(body.success).toBe(false);
      expect(body.error).toMatch(/COPY FROM STDIN and COPY TO STDOUT are not supported/);
      expect(body.position).toBe(query.indexOf(statement) + 1);
      expect(await tableExists('sq_copy')).toBe(false);
    },
  );

  it('survives a script that kills its own connection: the pool replaces it', async () => {
    const body = await run('select pg_terminate_backend(pg_backend_pid())');
    expect(body).toEqual({ success: false, error: 'terminating connection due to administrator command' });
    expect((await run('select 7 as seven')).results[0].data).toEqual([{ seven: 7 }]);
  });

  it('allows savepoints inside the run', async () => {
    const body = await run(
      'savepoint s; select 1; rollback to savepoint s; release savepoint s; select 2 as two;',
    );
    expect(body.success).toBe(true);
  });

  it('does not let session settings, locks or temp tables leak to the next user of the connection', async () => {
    const body = await run(
      "set search_path = pg_catalog; select pg_advisory_lock(42); create temp table sq_tmp (id int); select set_config('application_name', 'leak', false);",
    );
    expect(body.success).toBe(true);
    const check = await app.db.query(
      `SELECT current_setting('search_path') AS path, current_setting('application_name') AS app,
              to_regclass('pg_temp.sq_tmp') AS tmp,
              (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks`,
    );
    expect(check.rows[0]).toEqual({ path: '"$user", public', app: '', tmp: null, locks: 0 });
  });

  it('returns dates, times and bytea as PostgreSQL prints them', async () => {
    const body = await run(
      "select date '2024-02-29' as d, timestamp '2024-01-02 03:04:05.123456' as ts, '\\xdead'::bytea as b, 12345678901234::bigint as n, '{\"a\":1}'::jsonb as j",
    );
    expect(body.results[0].data[0]).toEqual({
      d: '2024-02-29',
      ts: '2024-01-02 03:04:05.123456',
      b: '\\xdead',
      n: '12345678901234',
      j: { a: 1 },
    });
  });

  it('answers a script of only comments as a failure', async () => {
    expect(await run('-- nothing here;\n/* really */')).toEqual({
      success: false,
      error: 'No SQL statements to run',
    });
  });

  it('refuses an invalid body with 422', async () => {
    for (const payload of [
      {},
      { query: '' },
      { query: 'select 1', timeout_ms: 0 },
      { query: 'select 1', read_only: 'yes' },
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/sql/query',
        headers: admin.headers,
        payload,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it.each([
    ['DDL', 'create table sq_wrote (id int); drop table sq_wrote;', true],
    ['a write hidden in a SELECT', 'create temp table sq_t as select 1 as x;', true],
    ['reads only', "select 1; select * from pg_tables where schemaname = 'public';", false],
    ['a failed write', 'create table sq_failed (id int); select nope;', false],
  ])('reports whether a run wrote (%s), which drives the schema-change hook', async (_name, query, wrote) => {
    const outcome = await runSql(app.db, { query, read_only: false, timeout_ms: 5000 });
    expect(outcome.wrote).toBe(wrote);
  });
});
