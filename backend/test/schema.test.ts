import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createTestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();
const admin = await createTestUser(app, { is_superuser: true });

await app.db.query(`
  CREATE TABLE public.authors (id serial PRIMARY KEY, name varchar(80) NOT NULL);
  COMMENT ON TABLE public.authors IS 'People who write';
  COMMENT ON COLUMN public.authors.name IS 'Full name';
  CREATE TABLE public.books (
    id bigint GENERATED ALWAYS AS IDENTITY,
    edition int NOT NULL DEFAULT 1,
    author_id int REFERENCES public.authors (id),
    owner_id uuid REFERENCES selfdb.users (id),
    tags text[],
    PRIMARY KEY (id, edition)
  );
  CREATE TABLE public.reviews (
    book_id bigint, book_edition int, body text,
    CONSTRAINT reviews_book_fk FOREIGN KEY (book_id, book_edition) REFERENCES public.books (id, edition)
  );
  CREATE VIEW public.book_titles AS SELECT id FROM public.books;
  CREATE SCHEMA elsewhere;
  CREATE TABLE elsewhere.hidden (id int PRIMARY KEY);
`);

async function get(path: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1${path}`, headers: admin.headers });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('GET /schema', () => {
  it('lists the tables of public with columns, primary keys and descriptions, and nothing else', async () => {
    const schema = await get('/schema');
    expect(schema.tables.map((t: { table_name: string }) => t.table_name)).toEqual([
      'authors',
      'books',
      'reviews',
    ]);
    const [authors, books] = schema.tables;
    expect(authors).toEqual({
      table_name: 'authors',
      table_description: 'People who write',
      primary_keys: ['id'],
      columns: [
        {
          column_name: 'id',
          data_type: 'integer',
          is_nullable: 'NO',
          column_default: "nextval('authors_id_seq'::regclass)",
          column_description: null,
          is_primary_key: true,
        },
        {
          column_name: 'name',
          data_type: 'character varying(80)',
          is_nullable: 'NO',
          column_default: null,
          column_description: 'Full name',
          is_primary_key: false,
        },
      ],
    });
    expect(books.primary_keys).toEqual(['id', 'edition']);
    expect(
      books.columns.map((c: { column_name: string; data_type: string }) => [c.column_name, c.data_type]),
    ).toEqual([
      ['id', 'bigint'],
      ['edition', 'integer'],
      ['author_id', 'integer'],
      ['owner_id', 'uuid'],
      ['tags', 'text[]'],
    ]);
  });

  it('lists foreign keys inside public, one entry per column, never those pointing at selfdb', async () => {
    const { foreign_keys } = await get('/schema');
    expect(foreign_keys).toEqual([
      {
        constraint_name: 'books_author_id_fkey',
        table_name: 'books',
        column_name: 'author_id',
        foreign_table_name: 'authors',
        foreign_column_name: 'id',
      },
      {
        constraint_name: 'reviews_book_fk',
        table_name: 'reviews',
        column_name: 'book_id',
        foreign_table_name: 'books',
        foreign_column_name: 'id',
      },
      {
        constraint_name: 'reviews_book_fk',
        table_name: 'reviews',
        column_name: 'book_edition',
        foreign_table_name: 'books',
        foreign_column_name: 'edition',
      },
    ]);
  });

  it('never shows a selfdb table, even though they exist', async () => {
    const selfdbTables = await app.db.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'selfdb'",
    );
    expect(selfdbTables.rows[0]?.n).toBeGreaterThan(0);
    const text = JSON.stringify(await get('/schema')) + JSON.stringify(await get('/schema/visualization'));
    for (const name of ['selfdb', 'users', 'refresh_tokens', 'sql_history', 'hidden'])
      expect(text).not.toContain(`"${name}"`);
  });
});

describe('GET /schema/visualization', () => {
  it('has a node per table and an edge per foreign-key column', async () => {
    const graph = await get('/schema/visualization');
    expect(graph.nodes.map((n: { id: string }) => n.id)).toEqual(['authors', 'books', 'reviews']);
    expect(graph.nodes[0]).toMatchObject({
      id: 'authors',
      label: 'authors',
      description: 'People who write',
      primary_keys: ['id'],
    });
    expect(graph.nodes[0].columns).toHaveLength(2);
    expect(graph.edges).toContainEqual({
      id: 'books_author_id_fkey:books.author_id',
      source: 'books',
      target: 'authors',
      source_column: 'author_id',
      target_column: 'id',
      label: 'author_id → id',
    });
    expect(graph.edges).toHaveLength(3);
    expect(new Set(graph.edges.map((e: { id: string }) => e.id)).size).toBe(3);
  });

  it('follows tables made through the SQL editor', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sql/query',
      headers: admin.headers,
      payload: {
        query:
          'create table public.editions (book_id bigint, edition int, foreign key (book_id, edition) references books)',
      },
    });
    expect(res.json().success).toBe(true);
    const graph = await get('/schema/visualization');
    expect(graph.nodes.map((n: { id: string }) => n.id)).toContain('editions');
    expect(graph.edges.filter((e: { source: string }) => e.source === 'editions')).toHaveLength(2);
  });
});
