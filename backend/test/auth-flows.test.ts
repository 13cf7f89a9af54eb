import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { anonHeaders, createTestUser, TEST_PASSWORD, userCount } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();
const anon = anonHeaders(app);

function post(url: string, payload: object, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { ...anon, ...headers } });
}

async function loginAs(email: string, password = TEST_PASSWORD) {
  const res = await post('/auth/login', { email, password });
  expect(res.statusCode).toBe(200);
  return res.json() as { access_token: string; refresh_token: string; user_id: string };
}

describe('POST /auth/login', () => {
  it('accepts JSON {email, password} and returns both tokens', async () => {
    const user = await createTestUser(app);
    const res = await post('/auth/login', { email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      token_type: 'bearer',
      is_superuser: false,
      email: user.email,
      user_id: user.id,
    });
    const claims = app.jwt.decode<Record<string, unknown>>(body.access_token);
    expect(claims).toMatchObject({ sub: user.id, email: user.email, is_superuser: false, type: 'access' });
    expect(Number(claims?.exp) - Number(claims?.iat)).toBe(60 * 60);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.json().id).toBe(user.id);
  });

  it('accepts the OAuth2 password form (urlencoded)', async () => {
    const user = await createTestUser(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { ...anon, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: user.email, password: TEST_PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user_id).toBe(user.id);
  });

  it('accepts the form as multipart fields', async () => {
    const user = await createTestUser(app);
    const form = new FormData();
    form.set('username', user.email);
    form.set('password', TEST_PASSWORD);
    const request = new Request('http://x', { method: 'POST', body: form });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { ...anon, 'content-type': request.headers.get('content-type') ?? '' },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user_id).toBe(user.id);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const user = await createTestUser(app);
    const wrong = await post('/auth/login', { email: user.email, password: 'not-the-password' });
    const unknown = await post('/auth/login', {
      email: 'nobody-here@selfdb.test',
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ detail: 'Incorrect email or password', code: 'INVALID_CREDENTIALS' });
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses a deactivated account with 403 USER_INACTIVE', async () => {
    const user = await createTestUser(app, { is_active: false });
    const res = await post('/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('USER_INACTIVE');
  });

  it('needs a username or email', async () => {
    const res = await post('/auth/login', { password: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'username']);
  });
});

describe('POST /auth/register', () => {
  it('creates a regular active user and ignores is_superuser / is_active in the body', async () => {
    const res = await post('/auth/register', {
      email: '  New.Person@Selfdb.Test ',
      password: 'long-enough-pw',
      full_name: 'New Person',
      is_superuser: true,
      is_active: false,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      email: 'new.person@selfdb.test',
      full_name: 'New Person',
      is_superuser: false,
      is_active: true,
    });
    expect(body).not.toHaveProperty('password_hash');
    await loginAs('new.person@selfdb.test', 'long-enough-pw');
  });

  it.each([
    [
      'a duplicate email in another case',
      { email: 'DUP@selfdb.test', password: 'long-enough-pw' },
      400,
      'EMAIL_TAKEN',
    ],
    ['an invalid email', { email: 'not-an-email', password: 'long-enough-pw' }, 422, 'VALIDATION_FAILED'],
    ['a short password', { email: 'short@selfdb.test', password: 'short' }, 422, 'VALIDATION_FAILED'],
    ['no password', { email: 'nopw@selfdb.test' }, 422, 'VALIDATION_FAILED'],
  ])('refuses %s and writes nothing', async (_case, body, status, code) => {
    await createTestUser(app, { email: 'dup@selfdb.test' }).catch(() => undefined);
    const before = await userCount(app);
    const res = await post('/auth/register', body);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await userCount(app)).toBe(before);
  });

  it('refuses a 10 MB body with 413 and writes nothing', async () => {
    const before = await userCount(app);
    const res = await post('/auth/register', {
      email: 'huge@selfdb.test',
      password: 'long-enough-pw',
      full_name: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect(await userCount(app)).toBe(before);
  });
});

describe('sessions', () => {
  it('refresh rotates the token: the new one works, the old one is revoked', async () => {
    const user = await createTestUser(app);
    const first = await loginAs(user.email);
    const rotated = await post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json();
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect(app.jwt.decode<{ sub: string }>(next.access_token)?.sub).toBe(user.id);
    expect((await post('/auth/refresh', { refresh_token: next.refresh_token })).statusCode).toBe(200);
  });

  it('a refresh token reused after rotation revokes the whole family', async () => {
    const user = await createTestUser(app);
    const first = await loginAs(user.email);
    const second = (await post('/auth/refresh', { refresh_token: first.refresh_token })).json();
    const replay = await post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('TOKEN_INVALID');
    const afterTheft = await post('/auth/refresh', { refresh_token: second.refresh_token });
    expect(afterTheft.statusCode).toBe(401);
    const live = await app.db.query(
      'SELECT count(*)::int AS n FROM selfdb.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(live.rows[0]?.n).toBe(0);
  });

  it('an unknown refresh token → 401 TOKEN_INVALID', async () => {
    const res = await post('/auth/refresh', { refresh_token: 'made-up-token' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it("a deactivated user's refresh token → 403 USER_INACTIVE", async () => {
    const user = await createTestUser(app);
    const session = await loginAs(user.email);
    await app.db.query('UPDATE selfdb.users SET is_active = false WHERE id = $1', [user.id]);
    const res = await post('/auth/refresh', { refresh_token: session.refresh_token });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('USER_INACTIVE');
  });

  it('logout revokes the session; other sessions live on', async () => {
    const user = await createTestUser(app);
    const a = await loginAs(user.email);
    const b = await loginAs(user.email);
    const out = await post('/auth/logout', { refresh_token: a.refresh_token });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect((await post('/auth/refresh', { refresh_token: a.refresh_token })).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refresh_token: b.refresh_token })).statusCode).toBe(200);
  });

  it('changing the password keeps the current session and ends the others', async () => {
    const user = await createTestUser(app);
    const current = await loginAs(user.email);
    const other = await loginAs(user.email);
    const headers = { authorization: `Bearer ${current.access_token}` };
    const wrong = await app.inject({
      method: 'PUT',
      url: '/api/v1/users/me/password',
      headers,
      payload: { current_password: 'not-it', new_password: 'brand-new-password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('WRONG_PASSWORD');
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/users/me/password',
      headers,
      payload: { current_password: TEST_PASSWORD, new_password: 'brand-new-password' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toBe(true);
    expect((await post('/auth/refresh', { refresh_token: other.refresh_token })).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refresh_token: current.refresh_token })).statusCode).toBe(200);
    expect((await post('/auth/login', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(400);
    await loginAs(user.email, 'brand-new-password');
  });
});

describe('settings', () => {
  it('registration can be switched off (403 REGISTRATION_DISABLED, nothing written)', async () => {
    const closed = await buildTestApp({ env: { ALLOW_REGISTRATION: 'false' } });
    const before = await userCount(closed.app);
    const res = await closed.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: anonHeaders(closed.app),
      payload: { email: 'late@selfdb.test', password: 'long-enough-pw' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('REGISTRATION_DISABLED');
    expect(await userCount(closed.app)).toBe(before);
  });

  it('throttles repeated failures per email and per IP with 429 RATE_LIMITED and Retry-After', async () => {
    const limited = await buildTestApp({
      env: {
        LOGIN_MAX_FAILURES_PER_EMAIL: '3',
        LOGIN_MAX_FAILURES_PER_IP: '5',
        LOGIN_FAILURE_WINDOW_SECONDS: '600',
      },
    });
    const target = await createTestUser(limited.app);
    const attempt = (email: string, password: string, ip = '10.0.0.1') =>
      limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: anonHeaders(limited.app),
        payload: { email, password },
      });

    for (let i = 0; i < 3; i++) expect((await attempt(target.email, 'wrong-password')).statusCode).toBe(400);
    const blocked = await attempt(target.email, TEST_PASSWORD, '10.0.0.2');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(500);

    // The IP limit: five failures across other emails, then even a correct login from that IP waits.
    const other = await createTestUser(limited.app);
    for (let i = 0; i < 2; i++) expect((await attempt(`guess-${i}@selfdb.test`, 'x')).statusCode).toBe(400);
    const fromSameIp = await attempt(other.email, TEST_PASSWORD);
    expect(fromSameIp.statusCode).toBe(429);
    expect((await attempt(other.email, TEST_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });
});
