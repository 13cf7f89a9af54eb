import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createTestUser, type TestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as: TestUser, payload?: object) {
  return app.inject({ method, url: `/api/v1${url}`, headers: as.headers, payload });
}

describe('/sql/history', () => {
  it('records every run, successful or not, for its author only, newest first', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    const other = await createTestUser(app, { is_superuser: true });
    await call('POST', '/sql/query', admin, { query: 'select 1 as a; select 2 as b' });
    await call('POST', '/sql/query', admin, { query: 'select nope', read_only: true });
    await call('POST', '/sql/query', other, { query: 'select 3' });

    const res = await call('GET', '/sql/history', admin);
    expect(res.statusCode).toBe(200);
    const { history, metadata } = res.json();
    expect(metadata).toEqual({ total_count: 2, page: 1, page_size: 50, total_pages: 1 });
    expect(history.map((h: { query: string }) => h.query)).toEqual([
      'select nope',
      'select 1 as a; select 2 as b',
    ]);
    const [failed, ok] = history;
    expect(Object.keys(ok).sort()).toEqual(
      ['error', 'executed_at', 'execution_time', 'id', 'is_read_only', 'query', 'row_count'].sort(),
    );
    expect(ok).toMatchObject({ is_read_only: true, row_count: 2, error: null });
    expect(ok.execution_time).toBeGreaterThan(0);
    expect(failed).toMatchObject({
      is_read_only: true,
      error: expect.stringContaining('"nope" does not exist'),
    });
  });

  it('pages with page and page_size', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    for (const n of [1, 2, 3, 4, 5]) await call('POST', '/sql/query', admin, { query: `select ${n}` });
    const res = await call('GET', '/sql/history?page=2&page_size=2', admin);
    expect(res.json().metadata).toEqual({ total_count: 5, page: 2, page_size: 2, total_pages: 3 });
    expect(res.json().history.map((h: { query: string }) => h.query)).toEqual(['select 3', 'select 2']);
    for (const bad of ['page=0', 'page_size=0', 'page_size=100000', 'page=x']) {
      const refused = await call('GET', `/sql/history?${bad}`, admin);
      expect(refused.statusCode).toBe(422);
    }
  });

  it('POST records an entry, flat or in the first release dashboard shape', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    const flat = await call('POST', '/sql/history', admin, {
      query: 'select flat',
      is_read_only: true,
      execution_time: 0.25,
      row_count: 3,
      error: null,
    });
    expect(flat.statusCode).toBe(201);
    expect(flat.json()).toMatchObject({
      query: 'select flat',
      is_read_only: true,
      execution_time: 0.25,
      row_count: 3,
    });
    const legacy = await call('POST', '/sql/history', admin, {
      query: 'select legacy',
      result: { success: false, error: 'boom', total_execution_time: 0.5 },
    });
    expect(legacy.statusCode).toBe(201);
    expect(legacy.json()).toMatchObject({
      query: 'select legacy',
      is_read_only: false,
      execution_time: 0.5,
      error: 'boom',
    });
    const listed = await call('GET', '/sql/history', admin);
    expect(listed.json().metadata.total_count).toBe(2);
    expect((await call('POST', '/sql/history', admin, {})).statusCode).toBe(422);
  });
});

describe('/sql/snippets', () => {
  it('creates, lists own and shared, and hides others’ private snippets', async () => {
    const author = await createTestUser(app, { is_superuser: true });
    const reader = await createTestUser(app, { is_superuser: true });
    const created = await call('POST', '/sql/snippets', author, {
      name: ' Shared one ',
      sql_code: 'select 1',
      description: 'desc',
      is_shared: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Shared one',
      description: 'desc',
      sql_code: 'select 1',
      user_id: author.id,
      is_shared: true,
    });
    expect(Object.keys(created.json()).sort()).toEqual(
      ['created_at', 'description', 'id', 'is_shared', 'name', 'sql_code', 'updated_at', 'user_id'].sort(),
    );
    const own = await call('POST', '/sql/snippets', author, { name: 'Private', sql_code: 'select 2' });
    expect(own.json()).toMatchObject({ is_shared: false, description: null });

    const authorSees = (await call('GET', '/sql/snippets', author))
      .json()
      .map((s: { name: string }) => s.name);
    expect(authorSees).toEqual(expect.arrayContaining(['Shared one', 'Private']));
    const readerSees = (await call('GET', '/sql/snippets', reader)).json().map((s: { id: string }) => s.id);
    expect(readerSees).toContain(created.json().id);
    expect(readerSees).not.toContain(own.json().id);
  });

  it('lets only the author change or delete; others get 403 for shared and 404 for private', async () => {
    const author = await createTestUser(app, { is_superuser: true });
    const other = await createTestUser(app, { is_superuser: true });
    const shared = (
      await call('POST', '/sql/snippets', author, { name: 's', sql_code: 'x', is_shared: true })
    ).json();
    const hidden = (await call('POST', '/sql/snippets', author, { name: 'h', sql_code: 'y' })).json();

    for (const [method, payload] of [
      ['PUT', { name: 'taken' }],
      ['DELETE', undefined],
    ] as const) {
      const forbidden = await call(method, `/sql/snippets/${shared.id}`, other, payload);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().code).toBe('FORBIDDEN');
      const notFound = await call(method, `/sql/snippets/${hidden.id}`, other, payload);
      expect(notFound.statusCode).toBe(404);
      expect(notFound.json().code).toBe('SNIPPET_NOT_FOUND');
    }
    const unchanged = await app.db.query(
      'SELECT name FROM selfdb.sql_snippets WHERE id = ANY($1) ORDER BY name',
      [[shared.id, hidden.id]],
    );
    expect(unchanged.rows).toEqual([{ name: 'h' }, { name: 's' }]);

    const updated = await call('PUT', `/sql/snippets/${shared.id}`, author, {
      name: 'renamed',
      description: 'now described',
      is_shared: false,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'renamed',
      description: 'now described',
      sql_code: 'x',
      is_shared: false,
    });
    expect(Date.parse(updated.json().updated_at)).toBeGreaterThanOrEqual(Date.parse(shared.updated_at));
    const cleared = await call('PUT', `/sql/snippets/${shared.id}`, author, { description: null });
    expect(cleared.json()).toMatchObject({ name: 'renamed', description: null });

    const deleted = await call('DELETE', `/sql/snippets/${shared.id}`, author);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ message: 'Snippet deleted', deleted_snippet: { id: shared.id } });
    expect((await call('DELETE', `/sql/snippets/${shared.id}`, author)).statusCode).toBe(404);
  });

  it('answers 404 SNIPPET_NOT_FOUND for unknown ids, uuid or not', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    for (const id of [randomUUID(), '42', 'not-an-id']) {
      for (const method of ['PUT', 'DELETE'] as const) {
        const res = await call(
          method,
          `/sql/snippets/${id}`,
          admin,
          method === 'PUT' ? { name: 'x' } : undefined,
        );
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('SNIPPET_NOT_FOUND');
      }
    }
  });

  it('refuses bad snippet bodies with 422 and writes nothing', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    for (const payload of [
      {},
      { name: '', sql_code: 'x' },
      { name: 'x' },
      { name: 'x'.repeat(256), sql_code: 'x' },
    ]) {
      const res = await call('POST', '/sql/snippets', admin, payload);
      expect(res.statusCode).toBe(422);
    }
    const count = await app.db.query(
      'SELECT count(*)::int AS n FROM selfdb.sql_snippets WHERE user_id = $1',
      [admin.id],
    );
    expect(count.rows[0]?.n).toBe(0);
  });
});

describe('deleting a user', () => {
  it('passes their SQL history and snippets to the deleting superuser', async () => {
    const admin = await createTestUser(app, { is_superuser: true });
    const leaving = await createTestUser(app, { is_superuser: true });
    await call('POST', '/sql/query', leaving, { query: 'select 1' });
    const snippet = (
      await call('POST', '/sql/snippets', leaving, { name: 'kept', sql_code: 'select 1' })
    ).json();

    const res = await call('DELETE', `/users/${leaving.id}`, admin);
    expect(res.statusCode).toBe(204);
    const history = (await call('GET', '/sql/history', admin)).json();
    expect(history.history.map((h: { query: string }) => h.query)).toEqual(['select 1']);
    const snippets = (await call('GET', '/sql/snippets', admin)).json();
    expect(snippets).toContainEqual(expect.objectContaining({ id: snippet.id, user_id: admin.id }));
  });
});
