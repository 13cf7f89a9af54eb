import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createTable } from './support/tables.js';
import { anonHeaders, createTestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();
const admin = await createTestUser(app, { is_superuser: true });
const anon = anonHeaders(app);

function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = admin.headers,
) {
  return app.inject({ method, url: `/api/v1/tables${url}`, headers, payload });
}

describe('creating tables', () => {
  it('creates typed columns with keys, defaults, descriptions and a foreign key', async () => {
    await createTable(app, admin, {
      name: 'authors',
      columns: [{ name: 'id', type: 'serial', primary_key: true }],
    });
    const res = await call('POST', '', {
      name: 'books',
      description: 'Books we sell',
      is_public: true,
      owner_column: 'user_id',
      columns: [
        { name: 'id', type: 'uuid', primary_key: true, default: 'gen_random_uuid()' },
        { name: 'title', type: 'varchar(200)', nullable: false, description: 'Shown in lists' },
        { name: 'price', type: 'numeric(8,2)', default: '9.99' },
        { name: 'tags', type: 'text[]' },
        { name: 'meta', type: 'jsonb' },
        { name: 'isbn', type: 'char(13)', unique: true },
        {
          name: 'author_id',
          type: 'integer',
          is_foreign_key: true,
          references_table: 'authors',
          references_column: 'id',
        },
        { name: 'user_id', type: 'uuid' },
        { name: 'published', type: 'timestamptz', default: 'now()' },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: true, name: 'books' });
    const detail = (await call('GET', '/books')).json();
    expect(detail).toMatchObject({
      name: 'books',
      description: 'Books we sell',
      primary_keys: ['id'],
      foreign_keys: [{ column_name: 'author_id', foreign_table_name: 'authors', foreign_column_name: 'id' }],
      is_public: true,
      owner_column: 'user_id',
      permissions: { select: 'anon', insert: 'anon', update: 'owner', delete: 'owner' },
      row_count: 0,
    });
    const title = detail.columns.find((c: { column_name: string }) => c.column_name === 'title');
    expect(title).toMatchObject({
      data_type: 'character varying(200)',
      is_nullable: 'NO',
      character_maximum_length: 200,
      column_description: 'Shown in lists',
    });
    expect(detail.indexes.map((i: { column_name: string }) => i.column_name)).toEqual(
      expect.arrayContaining(['id', 'isbn']),
    );
    const ddl = (await call('GET', '/books/sql')).json().sql;
    expect(ddl).toContain('CREATE TABLE public.books');
    expect(ddl).toContain('REFERENCES authors(id)');
    expect(ddl).toContain("COMMENT ON TABLE public.books IS 'Books we sell';");
  });

  it('if_not_exists answers 200 created:false; otherwise a duplicate is 409 TABLE_EXISTS', async () => {
    const body = { name: 'dupes', columns: [{ name: 'id', type: 'integer', primary_key: true }] };
    await createTable(app, admin, body);
    const again = await call('POST', '', { ...body, if_not_exists: true });
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toBe(false);
    const conflict = await call('POST', '', body);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('TABLE_EXISTS');
  });

  it.each([
    ['a quote', 'bad"name', 'INVALID_IDENTIFIER'],
    ['a semicolon', 'x;drop table users', 'INVALID_IDENTIFIER'],
    ['a space', 'two words', 'INVALID_IDENTIFIER'],
    ['unicode', 'tаble', 'INVALID_IDENTIFIER'],
    ['64 characters', 'a'.repeat(64), 'INVALID_IDENTIFIER'],
    ['a selfdb table name', 'users', 'INVALID_IDENTIFIER'],
    ['a pg_ prefix', 'pg_things', 'INVALID_IDENTIFIER'],
  ])('refuses a table name with %s and creates nothing', async (_case, name, code) => {
    const before = await app.db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    const res = await call('POST', '', { name, columns: [{ name: 'id', type: 'integer' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    const after = await app.db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it.each([
    ['an unknown type', 'money', 'INVALID_TYPE'],
    ['type injection', 'text; drop table authors', 'INVALID_TYPE'],
    ['a size on a type without one', 'integer(4)', 'INVALID_TYPE'],
  ])('refuses %s', async (_case, type, code) => {
    const res = await call('POST', '', { name: 'typed', columns: [{ name: 'x', type }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    expect((await app.db.query("SELECT to_regclass('public.typed')::text AS t")).rows[0]?.t).toBeNull();
    expect((await app.db.query("SELECT to_regclass('public.authors')::text AS t")).rows[0]?.t).toBe(
      'authors',
    );
  });

  it('refuses a bad column name and an owner column that is not a column', async () => {
    const badColumn = await call('POST', '', { name: 'cols', columns: [{ name: 'a b', type: 'text' }] });
    expect(badColumn.json().code).toBe('INVALID_IDENTIFIER');
    const badOwner = await call('POST', '', {
      name: 'cols',
      owner_column: 'nope',
      columns: [{ name: 'a', type: 'text' }],
    });
    expect(badOwner.json().code).toBe('UNKNOWN_COLUMN');
  });
});

describe('changing tables', () => {
  it('renames, redescribes and changes the policy; the policy follows the rename', async () => {
    await createTable(app, admin, {
      name: 'drafts',
      columns: [{ name: 'id', type: 'serial', primary_key: true }],
    });
    const res = await call('PUT', '/drafts', { new_name: 'posts', description: 'Posts', is_public: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'posts', is_public: true });
    expect((await call('GET', '/drafts')).statusCode).toBe(404);
    expect((await call('GET', '/posts', undefined, anon)).json()).toMatchObject({
      description: 'Posts',
      is_public: true,
    });
    const custom = await call('PUT', '/posts', { permissions: { select: 'authenticated' } });
    expect(custom.json()).toMatchObject({
      is_public: false,
      permissions: { select: 'authenticated', insert: 'anon' },
    });
  });

  it('a rename in the SQL of another connection keeps the policy, and the cache follows', async () => {
    await createTable(app, admin, {
      name: 'old_name',
      is_public: true,
      columns: [{ name: 'id', type: 'integer' }],
    });
    expect((await call('GET', '/old_name', undefined, anon)).statusCode).toBe(200);
    await app.db.query('ALTER TABLE public.old_name RENAME TO new_name');
    await expect.poll(async () => (await call('GET', '/new_name', undefined, anon)).statusCode).toBe(200);
    expect((await call('GET', '/old_name', undefined, anon)).statusCode).toBe(404);
  });

  it('a table created by SQL is private until a superuser sets its policy', async () => {
    await app.db.query('CREATE TABLE public.from_sql (id int primary key, note text)');
    await expect.poll(async () => (await call('GET', '/from_sql')).statusCode).toBe(200);
    expect((await call('GET', '/from_sql', undefined, anon)).statusCode).toBe(404);
    const list = await call('GET', '', undefined, anon);
    expect(list.json().map((t: { name: string }) => t.name)).not.toContain('from_sql');
    await call('PUT', '/from_sql', { is_public: true });
    expect((await call('GET', '/from_sql', undefined, anon)).statusCode).toBe(200);
  });

  it('a table dropped and re-created in SQL starts private again', async () => {
    await createTable(app, admin, {
      name: 'reborn',
      is_public: true,
      columns: [{ name: 'id', type: 'integer' }],
    });
    await app.db.query('DROP TABLE public.reborn');
    await app.db.query('CREATE TABLE public.reborn (id int)');
    await expect.poll(async () => (await call('GET', '/reborn', undefined, anon)).statusCode).toBe(404);
    expect((await call('GET', '/reborn')).json().is_public).toBe(false);
  });

  it('adds, alters and drops columns; a primary key column cannot be dropped', async () => {
    await createTable(app, admin, {
      name: 'gadgets',
      columns: [
        { name: 'id', type: 'integer', primary_key: true },
        { name: 'qty', type: 'text' },
      ],
    });
    await app.db.query("INSERT INTO public.gadgets VALUES (1, '42')");
    const added = await call('POST', '/gadgets/columns', {
      column_name: 'label',
      data_type: 'varchar',
      character_maximum_length: 40,
      is_nullable: 'NO',
      column_default: 'none',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().column).toMatchObject({ data_type: 'character varying(40)', is_nullable: 'NO' });
    const altered = await call('PUT', '/gadgets/columns/qty', {
      data_type: 'integer',
      column_name: 'quantity',
    });
    expect(altered.statusCode).toBe(200);
    expect(altered.json().column).toMatchObject({ column_name: 'quantity', data_type: 'integer' });
    expect((await app.db.query('SELECT quantity, label FROM public.gadgets')).rows).toEqual([
      { quantity: 42, label: 'none' },
    ]);
    const pk = await call('DELETE', '/gadgets/columns/id');
    expect(pk.statusCode).toBe(400);
    expect(pk.json().code).toBe('PRIMARY_KEY_COLUMN');
    expect((await call('DELETE', '/gadgets/columns/label')).statusCode).toBe(200);
    expect((await call('DELETE', '/gadgets/columns/label')).json().code).toBe('COLUMN_NOT_FOUND');
    const badType = await call('PUT', '/gadgets/columns/quantity', { data_type: 'uuid' });
    expect(badType.statusCode).toBe(400);
    expect((await app.db.query('SELECT quantity FROM public.gadgets')).rows).toEqual([{ quantity: 42 }]);
  });

  it('drops a table, but not one another table references (409 TABLE_IN_USE)', async () => {
    const referenced = await call('DELETE', '/authors');
    expect(referenced.statusCode).toBe(409);
    expect(referenced.json().code).toBe('TABLE_IN_USE');
    await createTable(app, admin, { name: 'scrap', columns: [{ name: 'id', type: 'integer' }] });
    expect((await call('DELETE', '/scrap')).json()).toEqual({ message: 'Table "scrap" deleted' });
    expect((await call('GET', '/scrap')).statusCode).toBe(404);
  });

  it("never exposes SelfDB's own tables", async () => {
    for (const url of ['/users', '/users/data', '/refresh_tokens/data', '/migrations']) {
      const res = await call('GET', url);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('TABLE_NOT_FOUND');
    }
    const list = (await call('GET', '')).json().map((t: { name: string }) => t.name);
    expect(list).not.toContain('users');
    expect(list).toContain('books');
  });
});

describe('after a restore from pg_dump', () => {
  it('policies whose table OID changed are linked again by name; orphans are dropped', async () => {
    const { relinkTablePolicies } = await import('../src/services/tables/relink-policies.js');
    await createTable(app, admin, {
      name: 'restored',
      is_public: true,
      columns: [{ name: 'id', type: 'integer' }],
    });
    // What a restore leaves: the policy row with the OID the table had in the old cluster.
    await app.db.query(
      "UPDATE selfdb.table_policies SET table_oid = 4000000000 WHERE table_name = 'restored'",
    );
    await app.db.query(
      "INSERT INTO selfdb.table_policies (table_oid, table_name, select_rule, insert_rule, update_rule, delete_rule) VALUES (4000000001, 'gone', 'anon', 'anon', 'anon', 'anon')",
    );
    expect(await relinkTablePolicies(app.db)).toBe(1);
    app.tableCatalog.invalidate();
    expect((await call('GET', '/restored', undefined, anon)).json().is_public).toBe(true);
    const gone = await app.db.query("SELECT 1 FROM selfdb.table_policies WHERE table_name = 'gone'");
    expect(gone.rowCount).toBe(0);
  });
});
