import { Writable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp } from './support/app.js';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});
const { app } = await buildTestApp({ env: { LOG_LEVEL: 'info' }, logStream });

/** Routes that exercise the error handler the way real endpoints will. */
beforeAll(async () => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/test/echo',
    { schema: { body: z.object({ name: z.string().min(2), age: z.number().int() }) } },
    async (req) => req.body,
  );
  r.post('/test/sql', { schema: { body: z.object({ sql: z.string() }) } }, async (req) => {
    await app.db.query(req.body.sql);
    return { ok: true };
  });
  r.get('/test/crash', async () => {
    throw new Error('secret internal detail at /srv/app.ts:42');
  });
  await app.db.query('CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL, n int CHECK (n > 0))');
  await app.ready();
});

async function post(url: string, payload: string | object) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

describe('error responses', () => {
  it('unknown routes are 404 JSON in the API error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not found: GET /api/v1/no-such-thing', code: 'NOT_FOUND' });
  });

  it('a malformed JSON body is 400 INVALID_JSON', async () => {
    const res = await post('/test/echo', '{"name": ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_JSON' });
    expect(typeof res.json().detail).toBe('string');
  });

  it('validation failures are 422 with {loc, msg, type} per problem', async () => {
    const res = await post('/test/echo', { name: 'x', age: 'old' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.detail).toHaveLength(2);
    expect(body.detail).toContainEqual({ loc: ['body', 'name'], msg: expect.any(String), type: 'too_small' });
    expect(body.detail).toContainEqual({
      loc: ['body', 'age'],
      msg: expect.any(String),
      type: 'invalid_type',
    });
  });

  it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post('/test/echo', { name: 'x'.repeat(10 * 1024 * 1024), age: 1 });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ["INSERT INTO things VALUES (1, 'a', 1)", 200, undefined],
    ["INSERT INTO things VALUES (1, 'b', 1)", 409, 'CONFLICT'],
    ['INSERT INTO things (id) VALUES (2)', 400, 'INVALID_VALUE'],
    ["INSERT INTO things VALUES (3, 'c', -1)", 400, 'INVALID_VALUE'],
    ["INSERT INTO things VALUES ('x', 'c', 1)", 400, 'INVALID_VALUE'],
    ['SET statement_timeout = 50; SELECT pg_sleep(1)', 504, 'QUERY_TIMEOUT'],
  ])('database error for %s → %i %s', async (sql, status, code) => {
    const res = await post('/test/sql', { sql });
    expect(res.statusCode).toBe(status);
    if (code) expect(res.json().code).toBe(code);
  });

  it('maps foreign-key violations to 409 FK_VIOLATION', async () => {
    await post('/test/sql', {
      sql: 'CREATE TABLE parts (id int PRIMARY KEY, thing_id int REFERENCES things(id))',
    });
    const res = await post('/test/sql', { sql: 'INSERT INTO parts VALUES (1, 999)' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FK_VIOLATION');
    const rows = await app.db.query('SELECT count(*)::int AS n FROM parts');
    expect(rows.rows).toEqual([{ n: 0 }]);
  });

  it('unexpected errors are 500 with no internals, and logged', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal server error', code: 'INTERNAL_ERROR' });
    expect(res.body).not.toContain('/srv/app.ts');
    expect(logLines.some((l) => l.includes('secret internal detail'))).toBe(true);
  });

  it('SQL errors the client did not cause are 500 without the SQL', async () => {
    const res = await post('/test/sql', { sql: 'SELECT * FROM table_that_is_not_there' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('table_that_is_not_there');
  });
});

describe('request logging', () => {
  it('writes one line per request with its id, and never credentials', async () => {
    logLines.length = 0;
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/health?apikey=anon-secret-value&x=1',
      headers: { authorization: 'Bearer jwt-secret-value', 'x-request-id': 'req-123' },
    });
    expect(res.headers['x-request-id']).toBe('req-123');
    const lines = logLines.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reqId: 'req-123', method: 'GET', route: '/api/v1/health', status: 200 });
    expect(lines[0].url).toBe('/api/v1/health?apikey=%5Bredacted%5D&x=1');
    expect(logLines.join('')).not.toMatch(/anon-secret-value|jwt-secret-value/);
  });
});

describe('CORS', () => {
  it('answers preflights for configured origins only', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/v1/health',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const other = await preflight('http://evil.test');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows browsers every method the API uses (uploads PUT, row updates PATCH, deletes)', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/tables/todos/data/1',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': method },
      });
      expect(res.statusCode).toBe(204);
      expect(String(res.headers['access-control-allow-methods']).split(/, */)).toContain(method);
    }
  });
});
