import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { anonHeaders, createTestUser, type TestUser } from './support/users.js';

/**
 * Every endpoint of API.md §5–§6 against every kind of caller: all are superuser-only. `author`
 * owns the snippets that paths point at; `superuser` is another superuser, who may read a shared
 * snippet but not change it.
 */
const { app } = await buildTestApp();
await app.ready();

type CallerName = 'none' | 'anon' | 'user' | 'superuser' | 'author';
type Expected = readonly [number, string?];
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Ctx = { sharedSnippet: () => Promise<string>; ownSnippet: (as: TestUser) => Promise<string> };
type Row = {
  route: `${Method} /${string}`;
  path?: (ctx: Ctx, caller: TestUser | undefined) => string | Promise<string>;
  body?: () => object;
  expect: Record<CallerName, Expected>;
};

const NEEDS_AUTH: Expected = [401, 'AUTH_REQUIRED'];
const FORBIDDEN: Expected = [403, 'FORBIDDEN'];
const superuserOnly = (ok: Expected, author: Expected = ok): Record<CallerName, Expected> => ({
  none: NEEDS_AUTH,
  anon: NEEDS_AUTH,
  user: FORBIDDEN,
  superuser: ok,
  author,
});

const matrix: Row[] = [
  { route: 'POST /sql/query', body: () => ({ query: 'select 1' }), expect: superuserOnly([200]) },
  { route: 'GET /sql/history', expect: superuserOnly([200]) },
  {
    route: 'POST /sql/history',
    body: () => ({ query: 'select 1', is_read_only: true, execution_time: 0.1 }),
    expect: superuserOnly([201]),
  },
  { route: 'GET /sql/snippets', expect: superuserOnly([200]) },
  {
    route: 'POST /sql/snippets',
    body: () => ({ name: 'n', sql_code: 'select 1' }),
    expect: superuserOnly([201]),
  },
  {
    route: 'PUT /sql/snippets/{id}',
    path: async ({ sharedSnippet }) => `/sql/snippets/${await sharedSnippet()}`,
    body: () => ({ name: 'renamed' }),
    expect: superuserOnly(FORBIDDEN, [200]),
  },
  {
    route: 'DELETE /sql/snippets/{id}',
    path: async ({ sharedSnippet }) => `/sql/snippets/${await sharedSnippet()}`,
    expect: superuserOnly(FORBIDDEN, [200]),
  },
  {
    route: 'PUT /sql/snippets/{id}',
    // Each superuser's own snippet: everyone below superuser is refused before it matters.
    path: async ({ ownSnippet }, caller) =>
      `/sql/snippets/${caller ? await ownSnippet(caller) : randomUUID()}`,
    body: () => ({ sql_code: 'select 2' }),
    expect: superuserOnly([200]),
  },
  {
    route: 'DELETE /sql/snippets/{id}',
    path: async ({ ownSnippet }, caller) =>
      `/sql/snippets/${caller ? await ownSnippet(caller) : randomUUID()}`,
    expect: superuserOnly([200]),
  },
  {
    route: 'DELETE /sql/snippets/{id}',
    path: () => `/sql/snippets/${randomUUID()}`,
    expect: superuserOnly([404, 'SNIPPET_NOT_FOUND']),
  },
  { route: 'GET /schema', expect: superuserOnly([200]) },
  { route: 'GET /schema/visualization', expect: superuserOnly([200]) },
];

const user = await createTestUser(app);
const superuser = await createTestUser(app, { is_superuser: true });
const author = await createTestUser(app, { is_superuser: true });
const users: Record<CallerName, TestUser | undefined> = {
  none: undefined,
  anon: undefined,
  user,
  superuser,
  author,
};
const headersOf: Record<CallerName, Record<string, string>> = {
  none: {},
  anon: anonHeaders(app),
  user: user.headers,
  superuser: superuser.headers,
  author: author.headers,
};

async function insertSnippet(owner: TestUser, shared: boolean): Promise<string> {
  const res = await app.db.query(
    "INSERT INTO selfdb.sql_snippets (user_id, name, sql_code, is_shared) VALUES ($1, 'm', 'select 1', $2) RETURNING id",
    [owner.id, shared],
  );
  return res.rows[0]?.id as string;
}
const ctx: Ctx = {
  sharedSnippet: () => insertSnippet(author, true),
  ownSnippet: (as) => insertSnippet(as, false),
};

const cases = matrix.flatMap((row) =>
  (Object.keys(row.expect) as CallerName[]).map((caller) => ({ row, caller, expected: row.expect[caller] })),
);

describe('authorization matrix (§5–§6)', () => {
  it.each(cases.map((c, i) => ({ ...c, name: `${c.caller} → ${c.row.route} #${i}` })))(
    '$name',
    async ({ row, caller, expected }) => {
      const [method, template] = row.route.split(' ') as [Method, string];
      const path = row.path ? await row.path(ctx, users[caller]) : template;
      const res = await app.inject({
        method,
        url: `/api/v1${path}`,
        headers: headersOf[caller],
        payload: row.body?.(),
      });
      const [status, code] = expected;
      expect(res.statusCode).toBe(status);
      if (code) expect(res.json().code).toBe(code);
    },
  );

  it('runs no SQL and records nothing for a refused caller', async () => {
    for (const caller of ['none', 'anon', 'user'] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/sql/query',
        headers: headersOf[caller],
        payload: { query: 'create table public.refused (id int)' },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(401);
    }
    const table = await app.db.query("SELECT to_regclass('public.refused') AS t");
    expect(table.rows[0]?.t).toBeNull();
    const history = await app.db.query(
      'SELECT count(*)::int AS n FROM selfdb.sql_history WHERE user_id = $1',
      [user.id],
    );
    expect(history.rows[0]?.n).toBe(0);
  });
});
