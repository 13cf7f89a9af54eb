import type { Queryable } from './pool.js';

/**
 * Catalog queries behind `/schema` (API.md §6), read from pg_catalog. The schema name is always a
 * bind parameter. Tables are ordinary and partitioned tables, not their partitions; foreign keys
 * are listed only when both ends are in the schema, so nothing outside it (SelfDB's own `selfdb`
 * tables above all) ever shows, even as the target of a reference.
 */

const TABLES_OF_SCHEMA = `
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;

export const tablesSql = `
  SELECT c.relname AS table_name, obj_description(c.oid, 'pg_class') AS table_description
  ${TABLES_OF_SCHEMA}
  ORDER BY c.relname`;

export const columnsSql = `
  SELECT c.relname AS table_name,
         a.attname AS column_name,
         format_type(a.atttypid, a.atttypmod) AS data_type,
         CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable,
         CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS column_default,
         col_description(c.oid, a.attnum) AS column_description,
         EXISTS (
           SELECT 1 FROM pg_constraint pk
           WHERE pk.conrelid = c.oid AND pk.contype = 'p' AND a.attnum = ANY (pk.conkey)
         ) AS is_primary_key
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY c.relname, a.attnum`;

export const primaryKeysSql = `
  SELECT c.relname AS table_name, a.attname AS column_name
  FROM pg_constraint pk
  JOIN pg_class c ON c.oid = pk.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
  WHERE n.nspname = $1 AND pk.contype = 'p' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  ORDER BY c.relname, k.ord`;

export const foreignKeysSql = `
  SELECT fk.conname AS constraint_name,
         c.relname AS table_name,
         a.attname AS column_name,
         fc.relname AS foreign_table_name,
         fa.attname AS foreign_column_name
  FROM pg_constraint fk
  JOIN pg_class c ON c.oid = fk.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class fc ON fc.oid = fk.confrelid
  JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  CROSS JOIN LATERAL unnest(fk.conkey, fk.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
  JOIN pg_attribute a ON a.attrelid = fk.conrelid AND a.attnum = k.attnum
  JOIN pg_attribute fa ON fa.attrelid = fk.confrelid AND fa.attnum = k.fattnum
  WHERE fk.contype = 'f' AND fk.conparentid = 0
    AND n.nspname = $1 AND fn.nspname = $1
    AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND fc.relkind IN ('r', 'p') AND NOT fc.relispartition
  ORDER BY c.relname, fk.conname, k.ord`;

export type CatalogTable = { table_name: string; table_description: string | null };
export type CatalogColumn = {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  column_description: string | null;
  is_primary_key: boolean;
};
export type CatalogPrimaryKey = { table_name: string; column_name: string };
export type CatalogForeignKey = {
  constraint_name: string;
  table_name: string;
  column_name: string;
  foreign_table_name: string;
  foreign_column_name: string;
};

export type SchemaCatalog = {
  tables: CatalogTable[];
  columns: CatalogColumn[];
  primaryKeys: CatalogPrimaryKey[];
  foreignKeys: CatalogForeignKey[];
};

/** Reads a schema's tables, columns, keys and references; run it in one transaction for one snapshot. */
export async function readSchemaCatalog(db: Queryable, schema: string): Promise<SchemaCatalog> {
  const tables = await db.query<CatalogTable>(tablesSql, [schema]);
  const columns = await db.query<CatalogColumn>(columnsSql, [schema]);
  const primaryKeys = await db.query<CatalogPrimaryKey>(primaryKeysSql, [schema]);
  const foreignKeys = await db.query<CatalogForeignKey>(foreignKeysSql, [schema]);
  return {
    tables: tables.rows,
    columns: columns.rows,
    primaryKeys: primaryKeys.rows,
    foreignKeys: foreignKeys.rows,
  };
}
