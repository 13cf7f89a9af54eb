import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordExecution } from '../src/services/function-executions.js';
import { createFunction } from '../src/services/functions.js';
import { buildTestApp } from './support/app.js';
import { anonHeaders, createTestUser } from './support/users.js';

/**
 * `GET /functions` carries each function's newest run (`last_execution`), for the dashboard's list.
 * Functions and runs are written through the services: no Deno process is needed.
 */
const { app, config } = await buildTestApp();
await app.ready();
const superuser = await createTestUser(app, { is_superuser: true });

async function fn(name: string) {
  return createFunction(app.db, config.functions.dir, {
    name,
    code: 'export default () => 1;',
    meta: { description: null, triggers: [{ type: 'http' }], runOnce: false },
    is_active: true,
    owner_id: null,
  });
}

async function run(
  name: string,
  startedAt: string,
  fields: { status?: 'success' | 'error'; trigger?: string },
) {
  const known = await recordExecution(app.db, {
    id: randomUUID(),
    function: name,
    trigger: fields.trigger ?? 'http',
    status: fields.status ?? 'success',
    status_code: fields.status === 'error' ? 500 : 200,
    started_at: startedAt,
    duration_ms: 42,
    error: fields.status === 'error' ? 'boom' : null,
    logs: [],
  });
  expect(known).toBe(true);
}

const list = async (query = '', headers: Record<string, string> = superuser.headers) =>
  app.inject({ method: 'GET', url: `/api/v1/functions${query}`, headers });

describe('GET /functions: last_execution', () => {
  it('is null for a function that never ran, and the newest run of any trigger otherwise', async () => {
    const suffix = randomBytes(4).toString('hex');
    const [idle, busy] = [`a-idle-${suffix}`, `b-busy-${suffix}`];
    await fn(idle);
    await fn(busy);
    await run(busy, '2026-01-01T10:00:00.000Z', { status: 'success' });
    await run(busy, '2026-01-01T12:00:00.000Z', { status: 'error', trigger: 'schedule' });
    await run(busy, '2026-01-01T11:00:00.000Z', { status: 'success' });

    const res = await list();
    expect(res.statusCode).toBe(200);
    const byName = new Map(
      (res.json() as Array<{ name: string; last_execution: unknown }>).map((f) => [f.name, f]),
    );
    expect(byName.get(idle)?.last_execution).toBeNull();
    expect(byName.get(busy)?.last_execution).toEqual({
      status: 'error',
      status_code: 500,
      trigger: 'schedule',
      started_at: '2026-01-01T12:00:00.000Z',
      duration_ms: 42,
    });
  });

  it('keeps every field of Function, and pages by name with skip and limit', async () => {
    const suffix = randomBytes(4).toString('hex');
    for (const n of [1, 2, 3]) await fn(`page-${suffix}-${n}`);
    const all = (await list('?limit=1000')).json() as Array<Record<string, unknown>>;
    const names = all.map((f) => f.name as string);
    expect(names).toEqual([...names].sort());
    const start = names.indexOf(`page-${suffix}-1`);
    const page = (await list(`?skip=${start + 1}&limit=1`)).json() as Array<Record<string, unknown>>;
    expect(page.map((f) => f.name)).toEqual([`page-${suffix}-2`]);
    expect(Object.keys(page[0] ?? {}).sort()).toEqual(
      [
        'id',
        'name',
        'description',
        'code',
        'is_active',
        'version_number',
        'timeout_ms',
        'triggers',
        'run_once',
        'owner_id',
        'created_at',
        'updated_at',
        'last_execution',
      ].sort(),
    );
  });

  it.each([
    { caller: 'nobody', headers: () => ({}), status: 401, code: 'AUTH_REQUIRED' },
    { caller: 'anon', headers: () => anonHeaders(app), status: 401, code: 'AUTH_REQUIRED' },
    {
      caller: 'a user',
      headers: async () => (await createTestUser(app)).headers,
      status: 403,
      code: 'FORBIDDEN',
    },
    {
      caller: 'another user',
      headers: async () => (await createTestUser(app)).headers,
      status: 403,
      code: 'FORBIDDEN',
    },
  ])('is refused to $caller ($status $code), revealing no run', async ({ headers, status, code }) => {
    const res = await list('', await headers());
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ detail: expect.any(String), code });
  });
});
