import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { anonHeaders, createTestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();

/** A route any valid caller may use, and one that needs a logged-in user. */
const anonRoute = { method: 'POST' as const, url: '/api/v1/auth/logout', payload: { refresh_token: 'none' } };
const userRoute = { method: 'GET' as const, url: '/api/v1/users/me' };

function b64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function forge(header: object, payload: object, secret: string): string {
  const body = `${b64url(header)}.${b64url(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('who is calling', () => {
  it('no credentials → 401 AUTH_REQUIRED', async () => {
    const res = await app.inject(anonRoute);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it.each([
    ['the apikey header', { headers: { apikey: 'KEY' } }],
    ['the anon-key header', { headers: { 'anon-key': 'KEY' } }],
    ['the apikey query parameter', { query: { apikey: 'KEY' } }],
  ])('accepts the anon key in %s', async (_where, how) => {
    const key = app.config.auth.anonKey;
    const res = await app.inject({
      ...anonRoute,
      headers: 'headers' in how ? Object.fromEntries(Object.entries(how.headers).map(([k]) => [k, key])) : {},
      query: 'query' in how ? { apikey: key } : {},
    });
    expect(res.statusCode).toBe(204);
  });

  it('a wrong anon key → 401 INVALID_API_KEY', async () => {
    const res = await app.inject({ ...anonRoute, headers: { apikey: `${app.config.auth.anonKey}x` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_API_KEY');
  });

  it('the anon key alone cannot reach a user route', async () => {
    const res = await app.inject({ ...userRoute, headers: anonHeaders(app) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });

  it('a valid token resolves to its user; the anon key beside it is ignored', async () => {
    const user = await createTestUser(app);
    const res = await app.inject({ ...userRoute, headers: { ...user.headers, apikey: 'wrong-key' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, email: user.email });
  });

  it('a tampered payload → 401 TOKEN_INVALID', async () => {
    const user = await createTestUser(app);
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const tampered = `${header}.${b64url({ ...claims, is_superuser: true })}.${signature}`;
    const res = await app.inject({ ...userRoute, headers: { authorization: `Bearer ${tampered}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it('a token signed with another secret → 401 TOKEN_INVALID', async () => {
    const user = await createTestUser(app);
    const now = Math.floor(Date.now() / 1000);
    const token = forge(
      { alg: 'HS256', typ: 'JWT' },
      { sub: user.id, email: user.email, is_superuser: false, type: 'access', iat: now, exp: now + 600 },
      'another-secret-another-secret-another-secret',
    );
    const res = await app.inject({ ...userRoute, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it('an unsigned token (alg none) → 401 TOKEN_INVALID', async () => {
    const user = await createTestUser(app);
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: user.id, type: 'access', iat: now, exp: now + 600 })}.`;
    const res = await app.inject({ ...userRoute, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it('an expired token with a valid anon key → 401 TOKEN_EXPIRED, never a fall-back to anon', async () => {
    const user = await createTestUser(app);
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = forge(
      { alg: 'HS256', typ: 'JWT' },
      {
        sub: user.id,
        email: user.email,
        is_superuser: false,
        type: 'access',
        sid: user.id,
        iat: past,
        exp: past + 60,
      },
      app.config.auth.secretKey,
    );
    const res = await app.inject({
      ...anonRoute,
      headers: { authorization: `Bearer ${token}`, ...anonHeaders(app) },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('a token that is not an access token → 401 TOKEN_INVALID', async () => {
    const user = await createTestUser(app);
    const token = app.jwt.sign({ sub: user.id, email: user.email, type: 'refresh' });
    const res = await app.inject({ ...userRoute, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it('a malformed Authorization header → 401 TOKEN_INVALID', async () => {
    const res = await app.inject({ ...userRoute, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it("a deactivated user's still-valid token → 403 USER_INACTIVE", async () => {
    const user = await createTestUser(app);
    await app.db.query('UPDATE selfdb.users SET is_active = false WHERE id = $1', [user.id]);
    const res = await app.inject({ ...userRoute, headers: user.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('USER_INACTIVE');
  });

  it("a deleted user's token → 401 TOKEN_INVALID", async () => {
    const user = await createTestUser(app);
    await app.db.query('DELETE FROM selfdb.users WHERE id = $1', [user.id]);
    const res = await app.inject({ ...userRoute, headers: user.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it('the role comes from the database: a demoted superuser loses superuser routes at once', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    await createTestUser(app, { is_superuser: true });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/users/count', headers: admin.headers })).statusCode,
    ).toBe(200);
    await app.db.query('UPDATE selfdb.users SET is_superuser = false WHERE id = $1', [admin.id]);
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/count', headers: admin.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('health and docs need no credentials', async () => {
    for (const url of ['/api/v1/health', '/api/v1/openapi.json', '/docs/']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });
});
