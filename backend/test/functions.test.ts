import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { syncFunctionFolder } from '../src/functions/sync-folder.js';
import { freePort } from '../src/local/ports.js';
import { eventually, startFunctionsStack } from './support/functions.js';
import { createMigratedDatabase, dropDatabase, testConfig } from './support/services.js';
import { anonHeaders, createTestUser } from './support/users.js';

/**
 * Functions end to end (API.md §8): deploy through the API, the real Deno runtime loads the file,
 * invocations go through the API to the runtime and back, and the runtime reports every run.
 */
const stack = await startFunctionsStack({ runtimeEnv: { FUNCTION_MEMORY_MB: '64' } });
const { app, apiUrl, dir, superuser } = stack;
const admin = superuser.headers;
const anon = anonHeaders(app);

const invoke = (name: string, init: RequestInit & { path?: string } = {}) =>
  fetch(`${apiUrl}/api/v1/functions/invoke/${name}${init.path ?? ''}`, {
    ...init,
    headers: { ...anon, ...(init.headers as Record<string, string>) },
  });

const api = (method: string, url: string, payload?: object) =>
  app.inject({ method: method as 'GET', url: `/api/v1/functions${url}`, headers: admin, payload });

async function executionsOf(id: string) {
  return (await api('GET', `/${id}/executions`)).json() as Array<Record<string, unknown>>;
}

const HELLO = `export default (req: Request, ctx: any) => ({ hello: ctx.user?.email ?? 'anon', v: 1 });`;

describe('deploying and invoking', () => {
  it('answers through the API within a second of the deploy returning', async () => {
    await stack.deploy('hello', HELLO);
    const deployed = Date.now();
    const res = await invoke('hello');
    expect(Date.now() - deployed).toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'anon', v: 1 });
  });

  it('passes the caller identity to the function', async () => {
    const user = await createTestUser(app);
    const res = await invoke('hello', { headers: user.headers });
    expect(await res.json()).toEqual({ hello: user.email, v: 1 });
  });

  it('streams the request body, rest of the path and query to the function, and its response back', async () => {
    await stack.deploy(
      'echo',
      `export default async (req: Request) => new Response(req.body, {
         headers: { 'x-path': new URL(req.url).pathname + new URL(req.url).search, 'content-type': 'text/plain' },
       });`,
    );
    const body = 'x'.repeat(200_000);
    const res = await invoke('echo', { method: 'POST', path: '/a/b?c=1', body });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-path')).toBe('/echo/a/b?c=1');
    expect(await res.text()).toBe(body);
  });

  it('keeps every version: an edit answers with the new code, a restore brings an old one back', async () => {
    const fn = await stack.deploy('versioned', `export default () => ({ v: 1 });`);
    const edited = await api('PUT', `/${fn.id}`, { code: `export default () => ({ v: 2 });` });
    expect(edited.json()).toMatchObject({ version_number: 2 });
    expect(await (await invoke('versioned')).json()).toEqual({ v: 2 });

    const versions = (await api('GET', `/${fn.id}/versions`)).json();
    expect(versions.map((v: { version_number: number }) => v.version_number)).toEqual([2, 1]);
    expect(versions[1]).toMatchObject({ code: `export default () => ({ v: 1 });`, created_by: superuser.id });

    const restored = await api('POST', `/${fn.id}/versions/1/restore`);
    expect(restored.json()).toMatchObject({ version_number: 3, code: `export default () => ({ v: 1 });` });
    expect(await (await invoke('versioned')).json()).toEqual({ v: 1 });
    expect((await api('POST', `/${fn.id}/versions/9/restore`)).json().code).toBe('VERSION_NOT_FOUND');
  });

  it('stops answering when deactivated or deleted (404), and never deletes files it did not write', async () => {
    const fn = await stack.deploy('short-lived', HELLO);
    await writeFile(path.join(dir, 'notes.txt'), 'not a function');
    expect((await api('PUT', `/${fn.id}`, { is_active: false })).json().is_active).toBe(false);
    const inactive = await invoke('short-lived');
    expect(inactive.status).toBe(404);
    expect((await inactive.json()).code).toBe('FUNCTION_NOT_FOUND');
    await api('PUT', `/${fn.id}`, { is_active: true });
    expect((await invoke('short-lived')).status).toBe(200);

    expect((await api('DELETE', `/${fn.id}`)).statusCode).toBe(204);
    expect((await invoke('short-lived')).status).toBe(404);
    expect(existsSync(path.join(dir, 'short-lived.ts'))).toBe(false);
    expect(existsSync(path.join(dir, 'notes.txt'))).toBe(true);
    expect((await api('GET', `/${fn.id}`)).json().code).toBe('FUNCTION_NOT_FOUND');
  });

  it('applies the method rules of http triggers (405 with Allow)', async () => {
    await stack.deploy(
      'get-only',
      `export const triggers = [{ type: 'http', method: ['GET'] }]; export default () => 'ok';`,
    );
    expect((await invoke('get-only')).status).toBe(200);
    const post = await invoke('get-only', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await post.json()).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses an invocation without credentials (401) or with a wrong anon key', async () => {
    const none = await fetch(`${apiUrl}/api/v1/functions/invoke/hello`);
    expect(none.status).toBe(401);
    expect((await none.json()).code).toBe('AUTH_REQUIRED');
    const wrong = await fetch(`${apiUrl}/api/v1/functions/invoke/hello`, { headers: { apikey: 'nope' } });
    expect((await wrong.json()).code).toBe('INVALID_API_KEY');
  });

  it('answers 404 FUNCTION_NOT_FOUND for an unknown function', async () => {
    const res = await invoke('does-not-exist');
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('FUNCTION_NOT_FOUND');
  });

  it('answers 503 when the runtime is down', async () => {
    const database = await createMigratedDatabase();
    const down = await buildApp(
      testConfig(database, { DENO_RUNTIME_URL: `http://127.0.0.1:${await freePort()}` }),
    );
    try {
      const res = await down.inject({
        method: 'GET',
        url: '/api/v1/functions/invoke/hello',
        headers: anonHeaders(down),
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('FUNCTION_RUNTIME_UNAVAILABLE');
      const ready = await down.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(ready.json().checks.function_runtime.status).toBe('error');
    } finally {
      await down.close();
      await dropDatabase(database);
    }
  });
});

describe('env vars', () => {
  it('gives a function only its own variables plus the three SelfDB ones; secrets are write-only', async () => {
    const fn = await stack.deploy(
      'env-reader',
      `export default (_req: Request, ctx: any) => {
         let host = 'denied';
         try { host = String(Deno.env.get('SECRET_KEY')); } catch { /* no env permission */ }
         return { keys: Object.keys(ctx.env).sort(), plain: ctx.env.PLAIN, secret: ctx.env.TOKEN, host };
       };`,
    );
    const plain = await api('POST', `/${fn.id}/env`, { key: 'PLAIN', value: 'visible' });
    expect(plain.statusCode).toBe(201);
    const secret = await api('POST', `/${fn.id}/env`, { key: 'TOKEN', value: 's3cr3t', is_secret: true });
    expect(secret.json()).toMatchObject({ key: 'TOKEN', value: null, is_secret: true });
    const listed = (await api('GET', `/${fn.id}/env`)).json();
    expect(listed.map((v: { key: string; value: string | null }) => [v.key, v.value])).toEqual([
      ['PLAIN', 'visible'],
      ['TOKEN', null],
    ]);

    const body = await (await invoke('env-reader')).json();
    expect(body).toEqual({
      keys: ['ANON_KEY', 'DATABASE_URL', 'PLAIN', 'SELFDB_API_URL', 'TOKEN'],
      plain: 'visible',
      secret: 's3cr3t',
      host: 'denied',
    });

    const changed = await api('PUT', `/${fn.id}/env/${plain.json().id}`, { value: 'changed' });
    expect(changed.json().value).toBe('changed');
    expect((await (await invoke('env-reader')).json()).plain).toBe('changed');
    expect((await api('DELETE', `/${fn.id}/env/${plain.json().id}`)).statusCode).toBe(204);
    expect((await (await invoke('env-reader')).json()).plain).toBeUndefined();
  });

  it('refuses a duplicate key (409) and keys SelfDB sets (422)', async () => {
    const fn = await stack.deploy('env-rules', HELLO);
    await api('POST', `/${fn.id}/env`, { key: 'ONE', value: '1' });
    const duplicate = await api('POST', `/${fn.id}/env`, { key: 'ONE', value: '2' });
    expect([duplicate.statusCode, duplicate.json().code]).toEqual([409, 'ENV_VAR_EXISTS']);
    const reserved = await api('POST', `/${fn.id}/env`, { key: 'ANON_KEY', value: 'x' });
    expect([reserved.statusCode, reserved.json().code]).toEqual([422, 'VALIDATION_FAILED']);
    expect((await api('GET', `/${fn.id}/env`)).json()).toHaveLength(1);
  });
});

describe('functions that misbehave', () => {
  it('a function that throws is a 500, recorded as an error with its logs', async () => {
    const fn = await stack.deploy(
      'thrower',
      `export default () => { console.log('about to fail'); throw new Error('kaboom'); };`,
    );
    const res = await invoke('thrower');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ detail: expect.any(String), code: 'FUNCTION_FAILED' });
    const [execution] = await eventually(async () => {
      const list = await executionsOf(fn.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(execution).toMatchObject({
      trigger: 'http',
      status: 'error',
      status_code: 500,
      error: 'Error: kaboom',
    });
    const logs = (await api('GET', `/${fn.id}/logs`)).json();
    expect(logs.map((l: { message: string }) => l.message)).toContain('about to fail');
  });

  it('a value JSON cannot carry is a 500, logged', async () => {
    const fn = await stack.deploy('bigint', `export default () => ({ n: 10n });`);
    expect((await invoke('bigint')).status).toBe(500);
    const [execution] = await eventually(async () => {
      const list = await executionsOf(fn.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(String(execution?.error)).toContain('not JSON-serialisable');
  });

  it('a function that never resolves is stopped at its timeout (504) while others keep answering', async () => {
    const fn = await stack.deploy('hangs', `export default () => new Promise(() => {});`, {
      timeout_ms: 1500,
    });
    const started = Date.now();
    const hanging = invoke('hangs');
    const meanwhile = await invoke('hello');
    expect(meanwhile.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const res = await hanging;
    expect(res.status).toBe(504);
    expect((await res.json()).code).toBe('FUNCTION_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    await eventually(async () => expect((await executionsOf(fn.id))[0]).toMatchObject({ status: 'timeout' }));
  });

  it('an endless loop is terminated at its timeout and does not stall any other function', async () => {
    await stack.deploy('spins', `export default () => { while (true) {} };`, { timeout_ms: 1500 });
    const spinning = invoke('spins');
    await new Promise((r) => setTimeout(r, 200));
    const others = await Promise.all([invoke('hello'), invoke('echo', { method: 'POST', body: 'hi' })]);
    expect(others.map((r) => r.status)).toEqual([200, 200]);
    expect((await spinning).status).toBe(504);
    // The function gets a fresh process for its next run.
    expect((await invoke('spins')).status).toBe(504);
  });

  it('a function that allocates without bound is stopped at its memory limit; the runtime lives on', async () => {
    const fn = await stack.deploy(
      'hog',
      `export default () => { const all = []; for (;;) all.push(new Array(1e6).fill(Math.random())); };`,
    );
    const res = await invoke('hog');
    expect(res.status).toBe(500);
    expect((await res.json()).code).toBe('FUNCTION_FAILED');
    expect((await invoke('hello')).status).toBe(200);
    await eventually(async () => {
      const [execution] = await executionsOf(fn.id);
      expect(execution).toMatchObject({ status: 'error', error: expect.stringContaining('memory') });
    });
  });

  it('cannot read the host environment or files outside its folder', async () => {
    await stack.deploy(
      'snoop',
      `export default async () => {
         const tryIt = async (f: () => unknown) => { try { await f(); return 'allowed'; } catch (e) { return (e as Error).name; } };
         return {
           env: await tryIt(() => Deno.env.get('SECRET_KEY')),
           envAll: await tryIt(() => Deno.env.toObject()),
           passwd: await tryIt(() => Deno.readTextFile('/etc/passwd')),
           proc: await tryIt(() => Deno.readTextFile('/proc/self/environ')),
           dotenv: await tryIt(() => Deno.readTextFile('${path.resolve('..', '.env.example')}')),
           run: await tryIt(() => new Deno.Command('/bin/sh').output()),
           write: await tryIt(() => Deno.writeTextFile('x.ts', 'x')),
         };
       };`,
    );
    expect(await (await invoke('snoop')).json()).toEqual({
      env: 'NotCapable',
      envAll: 'NotCapable',
      passwd: 'NotCapable',
      proc: 'NotCapable',
      dotenv: 'NotCapable',
      run: 'NotCapable',
      write: 'NotCapable',
    });
  });
});

describe('bad input is refused and nothing is written', () => {
  const cases: Array<{
    name: string;
    body: Record<string, unknown>;
    status: number;
    code: string;
    detail?: RegExp;
  }> = [
    { name: 'a name with /', body: { name: 'a/b', code: HELLO }, status: 422, code: 'VALIDATION_FAILED' },
    { name: 'a name with ..', body: { name: '..', code: HELLO }, status: 422, code: 'VALIDATION_FAILED' },
    {
      name: 'a reserved name',
      body: { name: 'emit-event', code: HELLO },
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'an upper-case name',
      body: { name: 'Hello', code: HELLO },
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'code with a syntax error',
      body: { name: 'broken', code: 'export default function () {\n  const x = ;\n}\n' },
      status: 400,
      code: 'INVALID_FUNCTION',
      detail: /line 2, column 13/,
    },
    {
      name: 'code without a default export',
      body: { name: 'no-default', code: 'export const x = 1;' },
      status: 400,
      code: 'INVALID_FUNCTION',
      detail: /default export/,
    },
    {
      name: 'an invalid cron expression',
      body: {
        name: 'bad-cron',
        code: `export const triggers = [{ type: 'schedule', cron: '61 * * * *' }]; export default () => 1;`,
      },
      status: 400,
      code: 'INVALID_FUNCTION',
      detail: /cron.*61 is out of range/,
    },
    {
      name: 'a cron expression with too few fields',
      body: {
        name: 'short-cron',
        code: `export const triggers = [{ type: 'schedule', cron: '* * *' }]; export default () => 1;`,
      },
      status: 400,
      code: 'INVALID_FUNCTION',
      detail: /needs 5/,
    },
    {
      name: 'a trigger of unknown type',
      body: {
        name: 'odd-trigger',
        code: `export const triggers = [{ type: 'webhook' }]; export default () => 1;`,
      },
      status: 400,
      code: 'INVALID_FUNCTION',
    },
    {
      name: 'a module whose top level never finishes',
      body: { name: 'top-loop', code: 'while (true) {}\nexport default () => 1;' },
      status: 400,
      code: 'INVALID_FUNCTION',
      detail: /did not finish loading/,
    },
  ];

  it.each(cases)(
    '$name → $status $code',
    async ({ body, status, code, detail }) => {
      const before = (await api('GET', '/')).json().length;
      const res = await api('POST', '', body);
      expect(res.statusCode).toBe(status);
      expect(res.json().code).toBe(code);
      if (detail) expect(res.json().detail).toMatch(detail);
      expect((await api('GET', '/')).json()).toHaveLength(before);
      if (typeof body.name === 'string' && !body.name.includes('/')) {
        expect(existsSync(path.join(dir, `${body.name}.ts`))).toBe(false);
      }
    },
    40_000,
  );

  it('a duplicate name → 409 FUNCTION_EXISTS, and the first function is untouched', async () => {
    await stack.deploy('taken', HELLO);
    const res = await api('POST', '', { name: 'taken', code: 'export default () => 2;' });
    expect([res.statusCode, res.json().code]).toEqual([409, 'FUNCTION_EXISTS']);
    expect(await readFile(path.join(dir, 'taken.ts'), 'utf8')).toContain(HELLO);
  });

  it('an edit to invalid code → 400, and the current version keeps answering', async () => {
    const fn = await stack.deploy('stable', `export default () => ({ ok: true });`);
    const res = await api('PUT', `/${fn.id}`, { code: 'export default (' });
    expect([res.statusCode, res.json().code]).toEqual([400, 'INVALID_FUNCTION']);
    expect((await api('GET', `/${fn.id}/versions`)).json()).toHaveLength(1);
    expect(await (await invoke('stable')).json()).toEqual({ ok: true });
  });
});

describe('executions and logs', () => {
  it('records every run with its trigger, status, status code, duration and console output', async () => {
    const fn = await stack.deploy(
      'logger',
      `export default (req: Request) => { console.log('seen', new URL(req.url).searchParams.get('n')); console.warn({ careful: true }); return { ok: true }; };`,
    );
    for (const n of [1, 2, 3]) expect((await invoke('logger', { path: `?n=${n}` })).status).toBe(200);
    const executions = await eventually(async () => {
      const list = await executionsOf(fn.id);
      expect(list).toHaveLength(3);
      return list;
    });
    for (const e of executions) {
      expect(e).toMatchObject({ trigger: 'http', status: 'success', status_code: 200, error: null });
      expect(e.duration_ms).toEqual(expect.any(Number));
    }
    const times = executions.map((e) => String(e.started_at));
    expect([...times].sort().reverse()).toEqual(times);

    const logs = (await api('GET', `/${fn.id}/logs`)).json();
    expect(
      logs.filter((l: { level: string }) => l.level === 'log').map((l: { message: string }) => l.message),
    ).toEqual(['seen 3', 'seen 2', 'seen 1']);
    expect(logs.find((l: { level: string }) => l.level === 'warn').message).toContain('careful: true');
    const since = logs[2].at;
    const newer = (await api('GET', `/${fn.id}/logs?since=${encodeURIComponent(since)}&limit=1`)).json();
    expect(newer).toHaveLength(1);
    expect(newer[0].at > since).toBe(true);
  });
});

describe('other triggers', () => {
  it('an event trigger fires through the runtime /emit-event, with the event as a POST body', async () => {
    const fn = await stack.deploy(
      'on-signup',
      `export const triggers = [{ type: 'event', event: 'user.created' }];
       export default async (req: Request, ctx: any) => { console.log(req.method, req.headers.get('x-trigger-type'), JSON.stringify(await req.json()), ctx.trigger.event); };`,
    );
    const runtime = stack.runtimes[0]?.url ?? '';
    const res = await fetch(`${runtime}/emit-event`, {
      method: 'POST',
      headers: { 'x-runtime-key': stack.config.functions.runtimeKey, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'user.created', data: { id: 7 } }),
    });
    expect(await res.json()).toEqual({ event: 'user.created', functions: ['on-signup'] });
    const logs = await eventually(async () => {
      const list = (await api('GET', `/${fn.id}/logs`)).json();
      expect(list).toHaveLength(1);
      return list;
    });
    expect(logs[0].message).toBe(
      'POST event {"type":"event","event":"user.created","data":{"id":7}} user.created',
    );
    expect((await executionsOf(fn.id))[0]).toMatchObject({ trigger: 'event', status: 'success' });
  });

  it('database change events reach database triggers whose operations match (the path change capture will use)', async () => {
    const fn = await stack.deploy(
      'on-order',
      `export const triggers = [{ type: 'database', table: 'orders', operations: ['INSERT'] }];
       export default (_req: Request, ctx: any) => { console.log(ctx.trigger.operation, JSON.stringify(ctx.trigger.data)); };`,
    );
    const runtime = stack.runtimes[0]?.url ?? '';
    const emit = (operation: string) =>
      fetch(`${runtime}/database-change`, {
        method: 'POST',
        headers: { 'x-runtime-key': stack.config.functions.runtimeKey },
        body: JSON.stringify({ table: 'orders', operation, data: { id: 1 }, old_data: null }),
      }).then((r) => r.json());
    expect(await emit('DELETE')).toEqual({ functions: [] });
    expect(await emit('INSERT')).toEqual({ functions: ['on-order'] });
    await eventually(async () => {
      const logs = (await api('GET', `/${fn.id}/logs`)).json();
      expect(logs.map((l: { message: string }) => l.message)).toEqual(['INSERT {"id":1}']);
    });
  });

  it('runOnce runs a new version once (one runtime in the cluster claims it) until it succeeds', async () => {
    const fn = await stack.deploy(
      'migrate-once',
      `export const triggers = []; export const runOnce = true;
       export default (_req: Request, ctx: any) => { console.log('attempt', ctx.trigger.attempt); return { success: true }; };`,
    );
    await eventually(async () => expect(await executionsOf(fn.id)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500));
    expect((await executionsOf(fn.id))[0]).toMatchObject({ trigger: 'once', status: 'success' });
    expect(await executionsOf(fn.id)).toHaveLength(1);
    const notHttp = await invoke('migrate-once');
    expect(notHttp.status).toBe(405);
  });
});

describe('the folder', () => {
  it('imports hand-placed files at backend start, and writes active functions back', async () => {
    await writeFile(
      path.join(dir, 'by-hand.ts'),
      `export const description = 'placed by hand';\nexport default () => 'hand';\n`,
    );
    await writeFile(path.join(dir, 'broken-by-hand.ts'), 'export default (');
    const messages: string[] = [];
    await syncFunctionFolder(stack.config, app.db, (m) => messages.push(m));
    expect(messages.join('\n')).toContain('imported functions');
    expect(messages.join('\n')).toContain('broken-by-hand.ts is not imported');
    const listed = (await api('GET', '/')).json();
    const byHand = listed.find((f: { name: string }) => f.name === 'by-hand');
    expect(byHand).toMatchObject({ description: 'placed by hand', owner_id: null, version_number: 1 });
    expect(await (await invoke('by-hand')).json()).toBe('hand');
  });

  it("passes a deleted user's functions to the deleting superuser", async () => {
    const owner = await createTestUser(app, { is_superuser: true });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/functions',
      headers: owner.headers,
      payload: { name: 'owned', code: HELLO },
    });
    expect(res.json().owner_id).toBe(owner.id);
    await app.inject({ method: 'DELETE', url: `/api/v1/users/${owner.id}`, headers: admin });
    expect((await api('GET', `/${res.json().id}`)).json().owner_id).toBe(superuser.id);
  });
});

describe('the runtime on its own port', () => {
  const runtime = () => stack.runtimes[0]?.url ?? '';

  it('accepts the anon key or a user token, as the API does', async () => {
    const user = await createTestUser(app);
    expect((await fetch(`${runtime()}/hello`, { headers: anon })).status).toBe(200);
    expect(await (await fetch(`${runtime()}/hello`, { headers: user.headers })).json()).toEqual({
      hello: user.email,
      v: 1,
    });
    expect((await (await fetch(`${runtime()}/hello`)).json()).code).toBe('AUTH_REQUIRED');
    expect((await (await fetch(`${runtime()}/hello`, { headers: { apikey: 'x' } })).json()).code).toBe(
      'INVALID_API_KEY',
    );
    const forged = `${user.token.split('.').slice(0, 2).join('.')}.AAAA`;
    const res = await fetch(`${runtime()}/hello`, { headers: { authorization: `Bearer ${forged}` } });
    expect((await res.json()).code).toBe('TOKEN_INVALID');
    // A caller identity is only believed with the internal key.
    const spoofed = await fetch(`${runtime()}/hello`, {
      headers: { ...anon, 'x-selfdb-user': encodeURIComponent(JSON.stringify(user)) },
    });
    expect(await spoofed.json()).toEqual({ hello: 'anon', v: 1 });
  });

  it('keeps its management routes behind the internal key', async () => {
    for (const [method, route] of [
      ['GET', '/functions'],
      ['GET', '/function-status/hello'],
      ['POST', '/reload'],
      ['POST', '/emit-event'],
    ] as const) {
      const res = await fetch(`${runtime()}${route}`, { method, headers: anon });
      expect(res.status, route).toBe(401);
    }
    const key = { 'x-runtime-key': stack.config.functions.runtimeKey };
    const list = await (await fetch(`${runtime()}/functions`, { headers: key })).json();
    expect(list.find((f: { name: string }) => f.name === 'get-only')).toMatchObject({
      triggers: [{ type: 'http', method: ['GET'] }],
      status: { runCount: expect.any(Number) },
    });
    const status = await (await fetch(`${runtime()}/function-status/hello`, { headers: key })).json();
    expect(status).toMatchObject({ name: 'hello', status: { lastRun: expect.any(String), error: null } });
    expect(await (await fetch(`${runtime()}/health`)).json()).toMatchObject({ status: 'ok' });
  });
});

describe('editor tools', () => {
  it('lints with deno lint (1-based positions)', async () => {
    const res = await api('POST', '/lint', { code: 'export default function () {\n  let x = 1;\n}\n' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual(
      expect.objectContaining({ line: 2, column: 7, code: 'no-unused-vars', severity: 'warning' }),
    );
    const old = await app.inject({
      method: 'POST',
      url: `/api/v1/functions/lint?code=${encodeURIComponent('const = 1')}`,
      headers: admin,
    });
    expect(old.json()[0]).toMatchObject({ line: 1, code: 'syntax', severity: 'error' });
  });

  it('validates with deno check, knowing SelfDB context types', async () => {
    const ok = await api('POST', '/validate', {
      code: 'export default (_req: Request, ctx: SelfDBContext) => ctx.env.ANON_KEY.length;',
    });
    expect(ok.json()).toEqual({ valid: true, errors: [] });
    const bad = await api('POST', '/validate', { code: 'const n: number = "x";\nexport default () => n;\n' });
    expect(bad.json()).toMatchObject({
      valid: false,
      errors: [{ line: 1, column: 7, code: 'TS2322', severity: 'error' }],
    });
  });

  it('serves Deno and SelfDB type declarations, and a template per trigger type', async () => {
    const types = await api('GET', '/deno-types');
    expect(types.statusCode).toBe(200);
    expect(types.body).toContain('declare namespace Deno');
    expect(types.body).toContain('interface SelfDBContext');
    for (const type of ['http', 'schedule', 'database', 'event', 'once']) {
      const res = await api('GET', `/templates/${type}`);
      expect(res.json().code, type).toContain('export default');
    }
    expect((await api('GET', '/templates/nope')).statusCode).toBe(422);
  });
});
