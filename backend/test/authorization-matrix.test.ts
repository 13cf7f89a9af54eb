import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { anonHeaders, createTestUser, type TestUser } from './support/users.js';

/**
 * Every endpoint of API.md §2–§3 against every kind of caller. `user` owns the resources that
 * paths point at; `other` is a second regular user. Each cell is the expected status and code.
 */
const { app } = await buildTestApp();
await app.ready();

type CallerName = 'none' | 'anon' | 'user' | 'other' | 'superuser';
type Expected = readonly [number, string?];
type Ctx = { user: TestUser; freshUser: () => Promise<TestUser> };
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Row = {
  route: `${Method} /${string}`;
  /** The concrete path, where the route has a parameter. */
  path?: (ctx: Ctx) => string | Promise<string>;
  body?: () => object;
  expect: Record<CallerName, Expected>;
};

const unique = () => `m-${randomBytes(5).toString('hex')}@selfdb.test`;
const NEEDS_AUTH: Expected = [401, 'AUTH_REQUIRED'];
const FORBIDDEN: Expected = [403, 'FORBIDDEN'];

const everyone = (ok: Expected, none: Expected = NEEDS_AUTH): Record<CallerName, Expected> => ({
  none,
  anon: ok,
  user: ok,
  other: ok,
  superuser: ok,
});
const usersOnly = (ok: Expected): Record<CallerName, Expected> => ({
  none: NEEDS_AUTH,
  anon: NEEDS_AUTH,
  user: ok,
  other: ok,
  superuser: ok,
});
const superuserOnly = (ok: Expected): Record<CallerName, Expected> => ({
  none: NEEDS_AUTH,
  anon: NEEDS_AUTH,
  user: FORBIDDEN,
  other: FORBIDDEN,
  superuser: ok,
});

const matrix: Row[] = [
  {
    route: 'POST /auth/login',
    body: () => ({ email: unique(), password: 'wrong-password' }),
    expect: everyone([400, 'INVALID_CREDENTIALS']),
  },
  {
    route: 'POST /auth/register',
    body: () => ({ email: unique(), password: 'long-enough-pw' }),
    expect: everyone([200]),
  },
  {
    route: 'POST /auth/refresh',
    body: () => ({ refresh_token: 'not-a-token' }),
    expect: everyone([401, 'TOKEN_INVALID']),
  },
  { route: 'POST /auth/logout', body: () => ({ refresh_token: 'not-a-token' }), expect: everyone([204]) },
  { route: 'GET /users/me', expect: usersOnly([200]) },
  { route: 'PUT /users/me', body: () => ({ full_name: 'Changed' }), expect: usersOnly([200]) },
  {
    route: 'PUT /users/me/password',
    body: () => ({ current_password: 'not-the-password', new_password: 'another-password' }),
    expect: usersOnly([400, 'WRONG_PASSWORD']),
  },
  { route: 'GET /users/me/anon-key', expect: usersOnly([200]) },
  { route: 'GET /users', expect: superuserOnly([200]) },
  { route: 'GET /users/', expect: superuserOnly([200]) },
  { route: 'GET /users/count', expect: superuserOnly([200]) },
  {
    route: 'GET /users/{id}',
    path: ({ user }) => `/users/${user.id}`,
    expect: { none: NEEDS_AUTH, anon: NEEDS_AUTH, user: [200], other: FORBIDDEN, superuser: [200] },
  },
  {
    route: 'GET /users/{id}/owned',
    path: ({ user }) => `/users/${user.id}/owned`,
    expect: superuserOnly([200]),
  },
  {
    route: 'POST /users',
    body: () => ({ email: unique(), password: 'long-enough-pw' }),
    expect: superuserOnly([201]),
  },
  {
    route: 'PUT /users/{id}',
    path: ({ user }) => `/users/${user.id}`,
    body: () => ({ full_name: 'By admin' }),
    expect: superuserOnly([200]),
  },
  {
    route: 'DELETE /users/{id}',
    path: async ({ freshUser }) => `/users/${(await freshUser()).id}`,
    expect: superuserOnly([204]),
  },
];

const user = await createTestUser(app);
const other = await createTestUser(app);
const superuser = await createTestUser(app, { is_superuser: true });
const headersOf: Record<CallerName, Record<string, string>> = {
  none: {},
  anon: anonHeaders(app),
  user: user.headers,
  other: other.headers,
  superuser: superuser.headers,
};
const ctx: Ctx = { user, freshUser: () => createTestUser(app) };

const cases = matrix.flatMap((row) =>
  (Object.keys(row.expect) as CallerName[]).map((caller) => ({ row, caller, expected: row.expect[caller] })),
);

describe('authorization matrix (§2–§3)', () => {
  it.each(cases.map((c) => ({ ...c, name: `${c.caller} → ${c.row.route}` })))(
    '$name',
    async ({ row, caller, expected }) => {
      const [method, template] = row.route.split(' ') as [Method, string];
      const path = row.path ? await row.path(ctx) : template;
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
});
