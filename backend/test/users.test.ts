import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createTestUser, TEST_PASSWORD } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();
const admin = await createTestUser(app, { is_superuser: true, email: 'root@selfdb.test' });

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: object, payload?: object) {
  return app.inject({ method, url: `/api/v1${url}`, headers: headers as Record<string, string>, payload });
}

describe('/users/me', () => {
  it('shows the caller without a password hash', async () => {
    const user = await createTestUser(app);
    const res = await call('GET', '/users/me', user.headers);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(
      ['created_at', 'email', 'full_name', 'id', 'is_active', 'is_superuser', 'updated_at'].sort(),
    );
  });

  it('PUT changes email and full name only; is_superuser and is_active are ignored', async () => {
    const user = await createTestUser(app);
    const res = await call('PUT', '/users/me', user.headers, {
      email: `Renamed-${user.id.slice(0, 6)}@selfdb.test`,
      full_name: 'Renamed',
      is_superuser: true,
      is_active: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      email: `renamed-${user.id.slice(0, 6)}@selfdb.test`,
      full_name: 'Renamed',
    });
    const row = await app.db.query('SELECT is_superuser, is_active FROM selfdb.users WHERE id = $1', [
      user.id,
    ]);
    expect(row.rows[0]).toEqual({ is_superuser: false, is_active: true });
  });

  it('PUT with an email already taken → 400 EMAIL_TAKEN, nothing changed', async () => {
    const user = await createTestUser(app);
    const res = await call('PUT', '/users/me', user.headers, {
      email: admin.email.toUpperCase(),
      full_name: 'X',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('EMAIL_TAKEN');
    const row = await app.db.query('SELECT email, full_name FROM selfdb.users WHERE id = $1', [user.id]);
    expect(row.rows[0]).toEqual({ email: user.email, full_name: null });
  });

  it('returns the anon key', async () => {
    const user = await createTestUser(app);
    const res = await call('GET', '/users/me/anon-key', user.headers);
    expect(res.json()).toEqual({ anon_key: app.config.auth.anonKey });
  });
});

describe('user management', () => {
  it('lists with search and paging, both /users and /users/', async () => {
    const tag = Date.now().toString(36);
    for (const n of [1, 2, 3]) await createTestUser(app, { email: `list-${tag}-${n}@selfdb.test` });
    const found = await call('GET', `/users?search=LIST-${tag}`, admin.headers);
    expect(found.json().map((u: { email: string }) => u.email)).toEqual(
      [1, 2, 3].map((n) => `list-${tag}-${n}@selfdb.test`),
    );
    const page = await call('GET', `/users/?search=list-${tag}&skip=1&limit=1`, admin.headers);
    expect(page.json().map((u: { email: string }) => u.email)).toEqual([`list-${tag}-2@selfdb.test`]);
    const tooMany = await call('GET', '/users?limit=5000', admin.headers);
    expect(tooMany.statusCode).toBe(422);
  });

  it('counts users who are not superusers', async () => {
    const expected = await app.db.query('SELECT count(*)::int AS n FROM selfdb.users WHERE NOT is_superuser');
    const res = await call('GET', '/users/count', admin.headers);
    expect(res.json()).toBe(expected.rows[0]?.n);
    await createTestUser(app);
    expect((await call('GET', '/users/count', admin.headers)).json()).toBe((expected.rows[0]?.n ?? 0) + 1);
  });

  it('creates a user (superuser flag allowed) who can then log in', async () => {
    const res = await call('POST', '/users', admin.headers, {
      email: 'made-by-admin@selfdb.test',
      password: 'admin-made-pw',
      is_superuser: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: 'made-by-admin@selfdb.test',
      is_superuser: true,
      is_active: true,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { apikey: app.config.auth.anonKey },
      payload: { email: 'made-by-admin@selfdb.test', password: 'admin-made-pw' },
    });
    expect(login.json().is_superuser).toBe(true);
  });

  it('updates any field; a new password ends the user’s sessions', async () => {
    const user = await createTestUser(app);
    await app.db.query(
      "INSERT INTO selfdb.refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), '\\x01', now() + interval '1 day')",
      [user.id],
    );
    const res = await call('PUT', `/users/${user.id}`, admin.headers, {
      full_name: 'Reset',
      password: 'reset-password-1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().full_name).toBe('Reset');
    const live = await app.db.query(
      'SELECT count(*)::int AS n FROM selfdb.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(live.rows[0]?.n).toBe(0);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { apikey: app.config.auth.anonKey },
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(400);
  });

  it('GET /users/{id}: 404 USER_NOT_FOUND for an unknown id, 422 for a malformed one', async () => {
    expect(
      (await call('GET', '/users/00000000-0000-4000-8000-000000000000', admin.headers)).json().code,
    ).toBe('USER_NOT_FOUND');
    expect((await call('GET', '/users/not-a-uuid', admin.headers)).statusCode).toBe(422);
  });

  it('deletes a user and their sessions; a superuser cannot delete themselves', async () => {
    const user = await createTestUser(app);
    const res = await call('DELETE', `/users/${user.id}`, admin.headers);
    expect(res.statusCode).toBe(204);
    expect((await app.db.query('SELECT 1 FROM selfdb.users WHERE id = $1', [user.id])).rowCount).toBe(0);
    expect((await call('DELETE', `/users/${user.id}`, admin.headers)).statusCode).toBe(404);
    const self = await call('DELETE', `/users/${admin.id}`, admin.headers);
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('CANNOT_DELETE_SELF');
  });
});

describe('what a user owns', () => {
  /** Gives `owner` one bucket holding two files, one function, one snippet and three history entries. */
  async function giveThings(owner: string) {
    const tag = owner.slice(0, 8);
    const bucket = await app.db.query<{ id: string }>(
      `INSERT INTO selfdb.buckets (name, minio_bucket_name, owner_id) VALUES ($1, $1 || '-store', $2) RETURNING id`,
      [`owned-${tag}`, owner],
    );
    for (const n of [1, 2]) {
      await app.db.query(
        `INSERT INTO selfdb.files (id, bucket_id, filename, object_name, content_type, owner_id)
         VALUES (gen_random_uuid(), $1, $2, $2, 'text/plain', $3)`,
        [bucket.rows[0]?.id, `file-${n}.txt`, owner],
      );
    }
    await app.db.query(`INSERT INTO selfdb.functions (name, code, owner_id) VALUES ($1, '', $2)`, [
      `fn_${tag}`,
      owner,
    ]);
    await app.db.query(
      `INSERT INTO selfdb.sql_snippets (user_id, name, sql_code) VALUES ($1, 'mine', 'select 1')`,
      [owner],
    );
    for (const n of [1, 2, 3]) {
      await app.db.query(
        `INSERT INTO selfdb.sql_history (user_id, query, is_read_only) VALUES ($1, $2, true)`,
        [owner, `select ${n}`],
      );
    }
  }

  it('GET /users/{id}/owned counts each kind; a user who owns nothing has zeros', async () => {
    const owner = await createTestUser(app);
    const empty = await call('GET', `/users/${owner.id}/owned`, admin.headers);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ buckets: 0, files: 0, functions: 0, sql_history: 0, sql_snippets: 0 });
    await giveThings(owner.id);
    const res = await call('GET', `/users/${owner.id}/owned`, admin.headers);
    expect(res.json()).toEqual({ buckets: 1, files: 2, functions: 1, sql_history: 3, sql_snippets: 1 });
  });

  it('GET /users/{id}/owned: 404 USER_NOT_FOUND for an unknown id, 422 for a malformed one', async () => {
    const unknown = await call('GET', '/users/00000000-0000-4000-8000-000000000000/owned', admin.headers);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('USER_NOT_FOUND');
    expect((await call('GET', '/users/not-a-uuid/owned', admin.headers)).statusCode).toBe(422);
  });

  it('a deletion passes exactly what /owned counted to the deleting superuser', async () => {
    const owner = await createTestUser(app);
    const heir = await createTestUser(app, { is_superuser: true });
    await giveThings(owner.id);
    const counted = (await call('GET', `/users/${owner.id}/owned`, heir.headers)).json();
    expect((await call('DELETE', `/users/${owner.id}`, heir.headers)).statusCode).toBe(204);
    expect((await call('GET', `/users/${heir.id}/owned`, heir.headers)).json()).toEqual(counted);
    const bucket = await app.db.query('SELECT owner_id FROM selfdb.buckets WHERE name = $1', [
      `owned-${owner.id.slice(0, 8)}`,
    ]);
    expect(bucket.rows).toEqual([{ owner_id: heir.id }]);
  });
});

describe('the last active superuser', () => {
  it('can be neither demoted, deactivated nor deleted', async () => {
    const { app: lone } = await buildTestApp();
    await lone.ready();
    const only = await createTestUser(lone, { is_superuser: true });
    const helper = await createTestUser(lone, { is_superuser: true });
    // With two superusers, one may be demoted; then the other is the last.
    const demote = await lone.inject({
      method: 'PUT',
      url: `/api/v1/users/${helper.id}`,
      headers: only.headers,
      payload: { is_superuser: false },
    });
    expect(demote.statusCode).toBe(200);
    for (const payload of [{ is_superuser: false }, { is_active: false }]) {
      const res = await lone.inject({
        method: 'PUT',
        url: `/api/v1/users/${only.id}`,
        headers: only.headers,
        payload,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LAST_SUPERUSER');
    }
    const row = await lone.db.query('SELECT is_superuser, is_active FROM selfdb.users WHERE id = $1', [
      only.id,
    ]);
    expect(row.rows[0]).toEqual({ is_superuser: true, is_active: true });

    // A second, inactive superuser does not count: deleting the last active one is refused too.
    const inactive = await createTestUser(lone, { is_superuser: true, is_active: false });
    const second = await createTestUser(lone, { is_superuser: true });
    const del = await lone.inject({
      method: 'DELETE',
      url: `/api/v1/users/${only.id}`,
      headers: second.headers,
    });
    expect(del.statusCode).toBe(204);
    const last = await lone.inject({
      method: 'DELETE',
      url: `/api/v1/users/${second.id}`,
      headers: second.headers,
    });
    expect(last.json().code).toBe('CANNOT_DELETE_SELF');
    const reactivate = await lone.inject({
      method: 'PUT',
      url: `/api/v1/users/${second.id}`,
      headers: second.headers,
      payload: { is_active: false },
    });
    expect(reactivate.json().code).toBe('LAST_SUPERUSER');
    expect(inactive.is_active).toBe(false);
  });

  it('holds when two superusers demote each other at once: exactly one succeeds', async () => {
    const { app: race } = await buildTestApp();
    await race.ready();
    const a = await createTestUser(race, { is_superuser: true });
    const b = await createTestUser(race, { is_superuser: true });
    // Each demotes the other at the same time: without the lock both would pass and leave none.
    const results = await Promise.all([
      race.inject({
        method: 'PUT',
        url: `/api/v1/users/${b.id}`,
        headers: a.headers,
        payload: { is_superuser: false },
      }),
      race.inject({
        method: 'PUT',
        url: `/api/v1/users/${a.id}`,
        headers: b.headers,
        payload: { is_superuser: false },
      }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses[0]).toBe(200);
    // The loser lost either inside the transaction (409) or at the door, already demoted (403).
    expect([403, 409]).toContain(statuses[1]);
    const supers = await race.db.query(
      'SELECT count(*)::int AS n FROM selfdb.users WHERE is_superuser AND is_active',
    );
    expect(supers.rows[0]?.n).toBe(1);
  });
});
