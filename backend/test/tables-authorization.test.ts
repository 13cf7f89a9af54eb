import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createTable } from './support/tables.js';
import { anonHeaders, createTestUser } from './support/users.js';

/**
 * Table policies as data: every preset (and a custom owner-only policy) × every caller × every row
 * operation. `owner` owns the target row; `other` is another logged-in user. Each cell is the
 * expected status.
 */
const { app } = await buildTestApp();
await app.ready();
const superuser = await createTestUser(app, { is_superuser: true });
const owner = await createTestUser(app);
const other = await createTestUser(app);

type CallerName = 'anon' | 'owner' | 'other' | 'superuser';
type Op = 'list' | 'get' | 'insert' | 'update' | 'delete';
const headers: Record<CallerName, Record<string, string>> = {
  anon: anonHeaders(app),
  owner: owner.headers,
  other: other.headers,
  superuser: superuser.headers,
};

const presets = {
  public: { is_public: true },
  private: { is_public: false },
  members: {
    permissions: {
      select: 'authenticated',
      insert: 'authenticated',
      update: 'authenticated',
      delete: 'superuser',
    },
  },
  owner_only: { permissions: { select: 'owner', insert: 'authenticated', update: 'owner', delete: 'owner' } },
} as const;

const expected: Record<keyof typeof presets, Record<CallerName, Record<Op, number>>> = {
  public: {
    anon: { list: 200, get: 200, insert: 201, update: 401, delete: 401 },
    owner: { list: 200, get: 200, insert: 201, update: 200, delete: 200 },
    other: { list: 200, get: 200, insert: 201, update: 404, delete: 404 },
    superuser: { list: 200, get: 200, insert: 201, update: 200, delete: 200 },
  },
  private: {
    anon: { list: 404, get: 404, insert: 404, update: 404, delete: 404 },
    owner: { list: 404, get: 404, insert: 404, update: 404, delete: 404 },
    other: { list: 404, get: 404, insert: 404, update: 404, delete: 404 },
    superuser: { list: 200, get: 200, insert: 201, update: 200, delete: 200 },
  },
  members: {
    anon: { list: 404, get: 404, insert: 404, update: 404, delete: 404 },
    owner: { list: 200, get: 200, insert: 201, update: 200, delete: 403 },
    other: { list: 200, get: 200, insert: 201, update: 200, delete: 403 },
    superuser: { list: 200, get: 200, insert: 201, update: 200, delete: 200 },
  },
  owner_only: {
    anon: { list: 404, get: 404, insert: 404, update: 404, delete: 404 },
    owner: { list: 200, get: 200, insert: 201, update: 200, delete: 200 },
    other: { list: 200, get: 404, insert: 201, update: 404, delete: 404 },
    superuser: { list: 200, get: 200, insert: 201, update: 200, delete: 200 },
  },
};

for (const [preset, policy] of Object.entries(presets)) {
  await createTable(app, superuser, {
    name: `t_${preset}`,
    owner_column: 'user_id',
    ...policy,
    columns: [
      { name: 'id', type: 'serial', primary_key: true },
      { name: 'body', type: 'text' },
      { name: 'user_id', type: 'uuid' },
    ],
  });
}

/** A fresh row owned by `owner` for each case, so deletes and updates do not interfere. */
async function ownedRow(table: string): Promise<number> {
  const res = await app.db.query(
    `INSERT INTO public.${table} (body, user_id) VALUES ('x', $1) RETURNING id`,
    [owner.id],
  );
  return (res.rows[0] as { id: number }).id;
}

const cases = Object.entries(expected).flatMap(([preset, byCaller]) =>
  Object.entries(byCaller).flatMap(([caller, byOp]) =>
    Object.entries(byOp).map(([op, status]) => ({
      preset,
      caller: caller as CallerName,
      op: op as Op,
      status,
    })),
  ),
);

describe('table policies × callers × operations', () => {
  it.each(cases)('$preset: $caller $op → $status', async ({ preset, caller, op, status }) => {
    const table = `t_${preset}`;
    const id = await ownedRow(table);
    const base = `/api/v1/tables/${table}/data`;
    const request = {
      list: { method: 'GET' as const, url: base },
      get: { method: 'GET' as const, url: `${base}/${id}` },
      insert: { method: 'POST' as const, url: base, payload: { body: 'new' } },
      update: { method: 'PATCH' as const, url: `${base}/${id}`, payload: { body: 'changed' } },
      delete: { method: 'DELETE' as const, url: `${base}/${id}` },
    }[op];
    const res = await app.inject({ ...request, headers: headers[caller] });
    expect(res.statusCode).toBe(status);
    const stored = await app.db.query(`SELECT body FROM public.${table} WHERE id = $1`, [id]);
    if (op === 'update') expect(stored.rows[0]?.body).toBe(status === 200 ? 'changed' : 'x');
    if (op === 'delete') expect(stored.rowCount).toBe(status === 200 ? 0 : 1);
    if (op === 'list' && status === 200 && preset === 'owner_only') {
      const ids = res.json().data.map((r: { user_id: string }) => r.user_id);
      if (caller === 'superuser') expect(ids).toContain(owner.id);
      else
        expect(ids.every((userId: string) => userId === (caller === 'owner' ? owner.id : other.id))).toBe(
          true,
        );
    }
  });
});

describe('table management × callers', () => {
  const management: Array<
    [string, 'GET' | 'POST' | 'PUT' | 'DELETE', string, object | undefined, Record<CallerName, number>]
  > = [
    ['list', 'GET', '/api/v1/tables', undefined, { anon: 200, owner: 200, other: 200, superuser: 200 }],
    [
      'describe public',
      'GET',
      '/api/v1/tables/t_public',
      undefined,
      { anon: 200, owner: 200, other: 200, superuser: 200 },
    ],
    [
      'describe private',
      'GET',
      '/api/v1/tables/t_private',
      undefined,
      { anon: 404, owner: 404, other: 404, superuser: 200 },
    ],
    [
      'ddl',
      'GET',
      '/api/v1/tables/t_public/sql',
      undefined,
      { anon: 401, owner: 403, other: 403, superuser: 200 },
    ],
    [
      'create',
      'POST',
      '/api/v1/tables',
      { name: 'made', if_not_exists: true, columns: [{ name: 'id', type: 'integer' }] },
      { anon: 401, owner: 403, other: 403, superuser: 201 },
    ],
    [
      'update',
      'PUT',
      '/api/v1/tables/t_public',
      { description: 'd' },
      { anon: 401, owner: 403, other: 403, superuser: 200 },
    ],
    [
      'add column',
      'POST',
      '/api/v1/tables/t_members/columns',
      { column_name: 'extra', data_type: 'text' },
      { anon: 401, owner: 403, other: 403, superuser: 201 },
    ],
    [
      'drop table',
      'DELETE',
      '/api/v1/tables/made',
      undefined,
      { anon: 401, owner: 403, other: 403, superuser: 200 },
    ],
  ];
  const rows = management.flatMap(([name, method, url, payload, byCaller]) =>
    (Object.keys(byCaller) as CallerName[]).map((caller) => ({
      name,
      method,
      url,
      payload,
      caller,
      status: byCaller[caller],
    })),
  );
  it.each(rows)('$name: $caller → $status', async ({ method, url, payload, caller, status }) => {
    const res = await app.inject({ method, url, headers: headers[caller], payload });
    expect(res.statusCode).toBe(status);
  });
  it('no credentials at all → 401 AUTH_REQUIRED', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/tables/t_public/data' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });
});
