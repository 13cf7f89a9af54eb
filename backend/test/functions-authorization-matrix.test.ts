import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEnvVar } from '../src/services/function-env.js';
import { createFunction } from '../src/services/functions.js';
import { buildTestApp } from './support/app.js';
import { anonHeaders, createTestUser } from './support/users.js';

/**
 * Every endpoint of API.md §8 against every kind of caller: management is for superusers,
 * invocation for anyone with the anon key or a token, the runtime's callbacks for the runtime only.
 * `user` and `other` are two regular users (functions belong to no regular user).
 */
const { app, config } = await buildTestApp();
await app.ready();

type CallerName = 'none' | 'anon' | 'user' | 'other' | 'superuser';
type Expected = readonly [number, string?];
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Fixture = { id: string; envId: string };
type Row = {
  route: `${Method} /${string}`;
  path?: (fixture: () => Promise<Fixture>) => Promise<string>;
  body?: () => object;
  expect: Record<CallerName, Expected>;
};

const NEEDS_AUTH: Expected = [401, 'AUTH_REQUIRED'];
const superuserOnly = (ok: Expected): Record<CallerName, Expected> => ({
  none: NEEDS_AUTH,
  anon: NEEDS_AUTH,
  user: [403, 'FORBIDDEN'],
  other: [403, 'FORBIDDEN'],
  superuser: ok,
});
const runtimeOnly: Record<CallerName, Expected> = {
  none: [401, 'INVALID_RUNTIME_KEY'],
  anon: [401, 'INVALID_RUNTIME_KEY'],
  user: [401, 'INVALID_RUNTIME_KEY'],
  other: [401, 'INVALID_RUNTIME_KEY'],
  superuser: [401, 'INVALID_RUNTIME_KEY'],
};

/** A function (with one env var) of its own for each cell, inserted directly: no deno run needed. */
async function freshFunction(): Promise<Fixture> {
  const fn = await createFunction(app.db, config.functions.dir, {
    name: `m-${randomBytes(5).toString('hex')}`,
    code: 'export default () => 1;',
    meta: { description: null, triggers: [{ type: 'http' }], runOnce: false },
    is_active: true,
    owner_id: null,
  });
  const env = await createEnvVar(app.db, config.functions.dir, fn.id, {
    key: 'K',
    value: 'v',
    is_secret: false,
  });
  return { id: fn.id, envId: env.id };
}

const code = 'export default () => 1;\n';
const matrix: Row[] = [
  { route: 'GET /functions', expect: superuserOnly([200]) },
  {
    route: 'POST /functions',
    body: () => ({ name: `n-${randomBytes(5).toString('hex')}`, code }),
    expect: superuserOnly([201]),
  },
  {
    route: 'GET /functions/{id}',
    path: async (f) => `/functions/${(await f()).id}`,
    expect: superuserOnly([200]),
  },
  {
    route: 'PUT /functions/{id}',
    path: async (f) => `/functions/${(await f()).id}`,
    body: () => ({ description: 'changed' }),
    expect: superuserOnly([200]),
  },
  {
    route: 'DELETE /functions/{id}',
    path: async (f) => `/functions/${(await f()).id}`,
    expect: superuserOnly([204]),
  },
  {
    route: 'GET /functions/{id}/versions',
    path: async (f) => `/functions/${(await f()).id}/versions`,
    expect: superuserOnly([200]),
  },
  {
    route: 'POST /functions/{id}/versions/{n}/restore',
    path: async (f) => `/functions/${(await f()).id}/versions/1/restore`,
    expect: superuserOnly([200]),
  },
  {
    route: 'GET /functions/{id}/env',
    path: async (f) => `/functions/${(await f()).id}/env`,
    expect: superuserOnly([200]),
  },
  {
    route: 'POST /functions/{id}/env',
    path: async (f) => `/functions/${(await f()).id}/env`,
    body: () => ({ key: 'OTHER', value: 'x', is_secret: true }),
    expect: superuserOnly([201]),
  },
  {
    route: 'PUT /functions/{id}/env/{env_id}',
    path: async (f) => {
      const { id, envId } = await f();
      return `/functions/${id}/env/${envId}`;
    },
    body: () => ({ value: 'y' }),
    expect: superuserOnly([200]),
  },
  {
    route: 'DELETE /functions/{id}/env/{env_id}',
    path: async (f) => {
      const { id, envId } = await f();
      return `/functions/${id}/env/${envId}`;
    },
    expect: superuserOnly([204]),
  },
  { route: 'POST /functions/lint', body: () => ({ code }), expect: superuserOnly([200]) },
  { route: 'POST /functions/validate', body: () => ({ code }), expect: superuserOnly([200]) },
  { route: 'GET /functions/deno-types', expect: superuserOnly([200]) },
  { route: 'GET /functions/templates/http', expect: superuserOnly([200]) },
  {
    route: 'GET /functions/{id}/executions',
    path: async (f) => `/functions/${(await f()).id}/executions`,
    expect: superuserOnly([200]),
  },
  {
    route: 'GET /functions/{id}/logs',
    path: async (f) => `/functions/${(await f()).id}/logs`,
    expect: superuserOnly([200]),
  },
  {
    // The shared test runtime's folder is empty: every caller allowed in reaches a 404 from it.
    route: 'GET /functions/invoke/{name}',
    path: async () => '/functions/invoke/nowhere',
    expect: {
      none: NEEDS_AUTH,
      anon: [404, 'FUNCTION_NOT_FOUND'],
      user: [404, 'FUNCTION_NOT_FOUND'],
      other: [404, 'FUNCTION_NOT_FOUND'],
      superuser: [404, 'FUNCTION_NOT_FOUND'],
    },
  },
  {
    route: 'GET /functions/runtime/settings/{name}',
    path: async () => '/functions/runtime/settings/x',
    expect: runtimeOnly,
  },
  {
    route: 'POST /functions/runtime/claims',
    body: () => ({ function: 'x', slot: 's' }),
    expect: runtimeOnly,
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

const cases = matrix.flatMap((row) =>
  (Object.keys(row.expect) as CallerName[]).map((caller) => ({ row, caller, expected: row.expect[caller] })),
);

describe('authorization matrix (§8)', () => {
  it.each(cases.map((c) => ({ ...c, name: `${c.caller} → ${c.row.route}` })))(
    '$name',
    async ({ row, caller, expected }) => {
      const [method, template] = row.route.split(' ') as [Method, string];
      const path = row.path ? await row.path(freshFunction) : template;
      const res = await app.inject({
        method,
        url: `/api/v1${path}`,
        headers: headersOf[caller],
        payload: row.body?.(),
      });
      const [status, code] = expected;
      expect(res.statusCode, res.body).toBe(status);
      if (code) expect(res.json().code).toBe(code);
    },
  );

  it('the runtime callbacks accept the internal key', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/functions/runtime/claims',
      headers: { 'x-runtime-key': config.functions.runtimeKey },
      payload: { function: 'x', slot: 'once:1' },
    });
    expect(res.json()).toEqual({ claimed: true });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/functions/runtime/claims',
      headers: { 'x-runtime-key': config.functions.runtimeKey },
      payload: { function: 'x', slot: 'once:1' },
    });
    expect(again.json()).toEqual({ claimed: false });
  });
});
