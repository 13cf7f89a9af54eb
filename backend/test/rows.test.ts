import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createTable, rowCount } from './support/tables.js';
import { anonHeaders, createTestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();
const admin = await createTestUser(app, { is_superuser: true });
const alice = await createTestUser(app);
const bob = await createTestUser(app);
const anon = anonHeaders(app);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
function call(method: Method, url: string, headers: Record<string, string>, payload?: unknown) {
  return app.inject({ method, url: `/api/v1/tables${url}`, headers, payload: payload as object });
}

await createTable(app, admin, {
  name: 'items',
  is_public: true,
  columns: [
    { name: 'id', type: 'serial', primary_key: true },
    { name: 'name', type: 'text', nullable: false },
    { name: 'qty', type: 'integer', default: 0 },
    { name: 'price', type: 'numeric(8,2)' },
    { name: 'tags', type: 'text[]' },
    { name: 'meta', type: 'jsonb' },
    { name: 'sku', type: 'text', unique: true },
    { name: 'active', type: 'boolean', default: true },
  ],
});
await createTable(app, admin, {
  name: 'notes',
  is_public: true,
  owner_column: 'user_id',
  columns: [
    { name: 'id', type: 'serial', primary_key: true },
    { name: 'body', type: 'text' },
    { name: 'user_id', type: 'uuid' },
  ],
});

describe('inserting rows', () => {
  it('inserts one row (object) and many (array) with defaults, arrays and JSON', async () => {
    const one = await call('POST', '/items/data', anon, {
      name: 'apple',
      qty: 3,
      price: '1.50',
      tags: ['fruit'],
      meta: { color: 'red' },
      sku: 'A1',
    });
    expect(one.statusCode).toBe(201);
    expect(one.json()).toMatchObject({
      name: 'apple',
      qty: 3,
      price: '1.50',
      tags: ['fruit'],
      meta: { color: 'red' },
      active: true,
    });
    const many = await call('POST', '/items/data', anon, [
      { name: 'banana', qty: 10, sku: 'B1' },
      { name: 'cherry', meta: [1, 2], sku: 'C1' },
      { name: 'date', qty: 7, active: false, sku: 'D1' },
    ]);
    expect(many.statusCode).toBe(201);
    expect(many.json().map((r: { name: string; qty: number }) => [r.name, r.qty])).toEqual([
      ['banana', 10],
      ['cherry', 0],
      ['date', 7],
    ]);
    expect(many.json()[1].meta).toEqual([1, 2]);
  });

  it.each([
    ['an unknown column', { name: 'x', colour: 'red' }, 400, 'UNKNOWN_COLUMN', undefined],
    ['a wrong value type, naming the column', { name: 'x', qty: 'lots' }, 400, 'INVALID_VALUE', 'qty'],
    ['a missing required column', { qty: 1 }, 400, 'INVALID_VALUE', 'name'],
    ['a duplicate unique value', { name: 'again', sku: 'A1' }, 409, 'CONFLICT', undefined],
    ['an object for a scalar column', { name: { nested: true } }, 400, 'INVALID_VALUE', 'name'],
  ])('refuses %s and writes nothing', async (_case, body, status, code, column) => {
    const before = await rowCount(app, 'items');
    const res = await call('POST', '/items/data', anon, body);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    if (column) expect(res.json().detail).toContain(`"${column}"`);
    expect(await rowCount(app, 'items')).toBe(before);
  });

  it('a foreign key pointing nowhere is 409 FK_VIOLATION and writes nothing', async () => {
    await createTable(app, admin, {
      name: 'reviews',
      is_public: true,
      columns: [
        { name: 'id', type: 'serial', primary_key: true },
        { name: 'item_id', type: 'integer', references_table: 'items', references_column: 'id' },
      ],
    });
    const res = await call('POST', '/reviews/data', anon, { item_id: 99999 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FK_VIOLATION');
    expect(await rowCount(app, 'reviews')).toBe(0);
  });

  it('a batch with one bad row writes none of them', async () => {
    const before = await rowCount(app, 'items');
    const res = await call('POST', '/items/data', anon, [{ name: 'ok-1' }, { name: 'ok-2', sku: 'A1' }]);
    expect(res.statusCode).toBe(409);
    expect(await rowCount(app, 'items')).toBe(before);
  });

  it('owner column: a user’s rows are theirs, anonymous rows have none, claiming another id is 403', async () => {
    const mine = await call('POST', '/notes/data', alice.headers, { body: 'alice note' });
    expect(mine.json().user_id).toBe(alice.id);
    const explicit = await call('POST', '/notes/data', alice.headers, {
      body: 'mine again',
      user_id: alice.id,
    });
    expect(explicit.statusCode).toBe(201);
    const anonymous = await call('POST', '/notes/data', anon, { body: 'anon note' });
    expect(anonymous.json().user_id).toBeNull();
    const before = await rowCount(app, 'notes');
    const forged = await call('POST', '/notes/data', alice.headers, { body: 'as bob', user_id: bob.id });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('FORBIDDEN');
    const anonForged = await call('POST', '/notes/data', anon, { body: 'as alice', user_id: alice.id });
    expect(anonForged.statusCode).toBe(403);
    expect(await rowCount(app, 'notes')).toBe(before);
    const bySuperuser = await call('POST', '/notes/data', admin.headers, {
      body: 'for bob',
      user_id: bob.id,
    });
    expect(bySuperuser.json().user_id).toBe(bob.id);
  });
});

describe('reading rows', () => {
  it('pages, orders, filters and selects columns', async () => {
    const res = await call(
      'GET',
      '/items/data?order_by=qty:desc,name&page=1&page_size=2&columns=name,qty',
      anon,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data).toEqual([
      { name: 'banana', qty: 10 },
      { name: 'date', qty: 7 },
    ]);
    expect(body.metadata).toMatchObject({ total_count: 4, page: 1, page_size: 2, total_pages: 2 });
    expect(body.metadata.columns).toEqual([
      { column_name: 'name', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'qty', data_type: 'integer', is_nullable: 'YES' },
    ]);
    const past = (await call('GET', '/items/data?page=9&page_size=2', anon)).json();
    expect(past.data).toEqual([]);
    expect(past.metadata.total_count).toBe(4);
  });

  it.each([
    ['qty:gt:3', ['banana', 'date']],
    ['qty:lte:3', ['apple', 'cherry']],
    ['name:eq:apple', ['apple']],
    ['name:neq:apple', ['banana', 'cherry', 'date']],
    ['name:like:%an%', ['banana']],
    ['name:ilike:A%', ['apple']],
    ['name:in:apple,date', ['apple', 'date']],
    ['price:is:null', ['banana', 'cherry', 'date']],
    ['active:is:false', ['date']],
    ['sku:eq:A1', ['apple']],
  ])('filter=%s', async (filter, names) => {
    const res = await call('GET', `/items/data?order_by=name&filter=${encodeURIComponent(filter)}`, anon);
    expect(res.json().data.map((r: { name: string }) => r.name)).toEqual(names);
  });

  it('ANDs several filters and supports the old filter_column/filter_value search', async () => {
    const both = await call('GET', '/items/data?filter=qty:gt:1&filter=active:is:true', anon);
    expect(
      both
        .json()
        .data.map((r: { name: string }) => r.name)
        .sort(),
    ).toEqual(['apple', 'banana']);
    const search = await call('GET', '/items/data?filter_column=name&filter_value=ERR', anon);
    expect(search.json().data.map((r: { name: string }) => r.name)).toEqual(['cherry']);
    const literal = await call('GET', '/items/data?filter_column=name&filter_value=%25', anon);
    expect(literal.json().data).toEqual([]);
  });

  it('count=none skips the total', async () => {
    const res = (await call('GET', '/items/data?count=none', anon)).json();
    expect(res.metadata).toMatchObject({ total_count: null, total_pages: null });
    expect(res.data).toHaveLength(4);
  });

  it.each([
    ['an unknown filter column', 'filter=colour:eq:red', 'UNKNOWN_COLUMN'],
    ['an unknown order column', 'order_by=colour', 'UNKNOWN_COLUMN'],
    ['an unknown selected column', 'columns=name,colour', 'UNKNOWN_COLUMN'],
    ['a filter without an operator', 'filter=name', 'INVALID_FILTER'],
    ['an unknown operator', 'filter=name:regex:x', 'INVALID_FILTER'],
    ['a bad is value', 'filter=name:is:maybe', 'INVALID_FILTER'],
    ['a bad direction', 'order_by=name:sideways', 'INVALID_FILTER'],
    ['a wrong value type', 'filter=qty:eq:many', 'INVALID_VALUE'],
  ])('refuses %s with 400', async (_case, query, code) => {
    const res = await call('GET', `/items/data?${query}`, anon);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it.each(['page_size=0', 'page_size=100000', 'page=0', 'count=maybe'])(
    'refuses %s with 422',
    async (query) => {
      const res = await call('GET', `/items/data?${query}`, anon);
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    },
  );

  it('gets one row by primary key or by a unique id_column', async () => {
    const byPk = await call('GET', '/items/data/1', anon);
    expect(byPk.json().name).toBe('apple');
    const bySku = await call('GET', '/items/data/B1?id_column=sku', anon);
    expect(bySku.json().name).toBe('banana');
    expect((await call('GET', '/items/data/999', anon)).json().code).toBe('ROW_NOT_FOUND');
    expect((await call('GET', '/items/data/1?id_column=name', anon)).json().code).toBe('INVALID_ID_COLUMN');
    expect((await call('GET', '/items/data/not-a-number', anon)).json().code).toBe('INVALID_VALUE');
  });
});

describe('updating and deleting rows', () => {
  it('PUT and PATCH update the given columns and return the row', async () => {
    const put = await call('PUT', '/items/data/1', admin.headers, { qty: 4 });
    expect(put.json()).toMatchObject({ id: 1, name: 'apple', qty: 4 });
    const patch = await call('PATCH', '/items/data/A1?id_column=sku', admin.headers, { price: 2 });
    expect(patch.json()).toMatchObject({ id: 1, qty: 4, price: '2.00' });
    const unknown = await call('PATCH', '/items/data/1', admin.headers, { colour: 'red' });
    expect(unknown.json().code).toBe('UNKNOWN_COLUMN');
    const badType = await call('PATCH', '/items/data/1', admin.headers, { qty: 'x' });
    expect(badType.statusCode).toBe(400);
    expect((await call('GET', '/items/data/1', anon)).json()).toMatchObject({ qty: 4, price: '2.00' });
  });

  it('anonymous callers cannot update or delete public rows (owner rules)', async () => {
    const update = await call('PATCH', '/items/data/1', anon, { qty: 0 });
    expect(update.statusCode).toBe(401);
    expect(update.json().code).toBe('AUTH_REQUIRED');
    const del = await call('DELETE', '/items/data/1', anon);
    expect(del.statusCode).toBe(401);
    expect((await call('GET', '/items/data/1', anon)).json().qty).toBe(4);
  });

  it("a user can change and delete their own rows but not another user's (404) nor an anonymous one", async () => {
    const note = (await call('POST', '/notes/data', alice.headers, { body: 'to edit' })).json();
    const anonNote = (await call('POST', '/notes/data', anon, { body: 'anonymous' })).json();
    const byBob = await call('PATCH', `/notes/data/${note.id}`, bob.headers, { body: 'hijacked' });
    expect(byBob.statusCode).toBe(404);
    expect(byBob.json().code).toBe('ROW_NOT_FOUND');
    expect((await call('DELETE', `/notes/data/${note.id}`, bob.headers)).statusCode).toBe(404);
    expect((await call('DELETE', `/notes/data/${anonNote.id}`, alice.headers)).statusCode).toBe(404);
    const mine = await call('PATCH', `/notes/data/${note.id}`, alice.headers, { body: 'edited' });
    expect(mine.json().body).toBe('edited');
    const steal = await call('PATCH', `/notes/data/${note.id}`, alice.headers, { user_id: bob.id });
    expect(steal.statusCode).toBe(403);
    expect(
      (await app.db.query('SELECT user_id, body FROM public.notes WHERE id = $1', [note.id])).rows,
    ).toEqual([{ user_id: alice.id, body: 'edited' }]);
    const deleted = await call('DELETE', `/notes/data/${note.id}`, alice.headers);
    expect(deleted.json()).toMatchObject({ deleted_data: { id: note.id, body: 'edited' } });
    const superuserMoves = await call('PATCH', `/notes/data/${anonNote.id}`, admin.headers, {
      user_id: bob.id,
    });
    expect(superuserMoves.json().user_id).toBe(bob.id);
  });

  it('an owner-select table shows each user only their rows', async () => {
    await createTable(app, admin, {
      name: 'diaries',
      owner_column: 'owner',
      permissions: { select: 'owner', insert: 'authenticated', update: 'owner', delete: 'owner' },
      columns: [
        { name: 'id', type: 'serial', primary_key: true },
        { name: 'entry', type: 'text' },
        { name: 'owner', type: 'uuid' },
      ],
    });
    await call('POST', '/diaries/data', alice.headers, { entry: 'a1' });
    await call('POST', '/diaries/data', bob.headers, { entry: 'b1' });
    const aliceSees = (await call('GET', '/diaries/data', alice.headers)).json();
    expect(aliceSees.data.map((r: { entry: string }) => r.entry)).toEqual(['a1']);
    expect(aliceSees.metadata.total_count).toBe(1);
    expect((await call('GET', '/diaries/data', admin.headers)).json().data).toHaveLength(2);
    expect((await call('GET', '/diaries/data', anon)).statusCode).toBe(404);
  });
});
