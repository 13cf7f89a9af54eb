import type { Db } from '../../db/pool.js';
import { DEFAULT_POLICY, type Permissions, type Policy } from './policy.js';

export type ColumnMeta = {
  name: string;
  /** The full SQL type, e.g. `character varying(255)` or `integer[]`: safe to use as a cast. */
  type: string;
  /** The base type's internal name (`int4`, `_int4`, `jsonb`). */
  udt: string;
  isArray: boolean;
  isJson: boolean;
  nullable: boolean;
  default: string | null;
  description: string | null;
  maxLength: number | null;
  numericPrecision: number | null;
  numericScale: number | null;
};

export type TableMeta = {
  oid: number;
  name: string;
  description: string | null;
  columns: Map<string, ColumnMeta>;
  primaryKey: string[];
  /** Columns with a single-column unique index or primary key: usable to address one row. */
  uniqueColumns: Set<string>;
  policy: Policy;
  hasStoredPolicy: boolean;
};

const LOAD_SQL = `
SELECT c.oid::int AS oid, c.relname AS name, obj_description(c.oid, 'pg_class') AS description,
       p.owner_column, p.select_rule, p.insert_rule, p.update_rule, p.delete_rule,
       (SELECT coalesce(array_agg(a.attname::text ORDER BY k.ord), '{}')
          FROM pg_index i
          CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key,
       (SELECT coalesce(array_agg(a.attname::text), '{}')
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisunique AND i.indnatts = 1 AND i.indpred IS NULL) AS unique_columns,
       (SELECT json_agg(json_build_object(
                 'name', a.attname,
                 'type', format_type(a.atttypid, a.atttypmod),
                 'udt', t.typname,
                 'isArray', t.typcategory = 'A',
                 'nullable', NOT a.attnotnull,
                 'default', pg_get_expr(d.adbin, d.adrelid),
                 'description', col_description(c.oid, a.attnum),
                 'maxLength', information_schema._pg_char_max_length(a.atttypid, a.atttypmod),
                 'numericPrecision', information_schema._pg_numeric_precision(a.atttypid, a.atttypmod),
                 'numericScale', information_schema._pg_numeric_scale(a.atttypid, a.atttypmod))
               ORDER BY a.attnum)
          FROM pg_attribute a
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN selfdb.table_policies p ON p.table_oid = c.oid
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`;

type Row = {
  oid: number;
  name: string;
  description: string | null;
  owner_column: string | null;
  select_rule: Permissions['select'] | null;
  insert_rule: Permissions['insert'];
  update_rule: Permissions['update'];
  delete_rule: Permissions['delete'];
  primary_key: string[];
  unique_columns: string[];
  columns: Array<Omit<ColumnMeta, 'isJson'>> | null;
};

/**
 * User tables of schema `public` with their columns, keys and policies, read from the catalog in
 * one query and kept in memory so that a row request costs one query. Any DDL anywhere invalidates
 * it (the selfdb_ddl notification), as does this process's own DDL, at once.
 */
export class TableCatalog {
  #tables: Promise<Map<string, TableMeta>> | undefined;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.#tables = undefined;
  }

  async get(name: string): Promise<TableMeta | undefined> {
    return (await this.all()).get(name);
  }

  all(): Promise<Map<string, TableMeta>> {
    if (!this.#tables) {
      const loading = this.#load();
      this.#tables = loading;
      loading.catch(() => {
        if (this.#tables === loading) this.#tables = undefined;
      });
    }
    return this.#tables;
  }

  async #load(): Promise<Map<string, TableMeta>> {
    const res = await this.db.query<Row>(LOAD_SQL);
    return new Map(
      res.rows.map((row) => [
        row.name,
        {
          oid: row.oid,
          name: row.name,
          description: row.description,
          columns: new Map(
            (row.columns ?? []).map((c) => [c.name, { ...c, isJson: c.udt === 'json' || c.udt === 'jsonb' }]),
          ),
          primaryKey: row.primary_key,
          uniqueColumns: new Set(row.unique_columns),
          hasStoredPolicy: row.select_rule !== null,
          policy:
            row.select_rule === null
              ? DEFAULT_POLICY
              : {
                  ownerColumn: row.owner_column,
                  permissions: {
                    select: row.select_rule,
                    insert: row.insert_rule,
                    update: row.update_rule,
                    delete: row.delete_rule,
                  },
                },
        },
      ]),
    );
  }
}
