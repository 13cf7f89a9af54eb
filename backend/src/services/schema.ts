import type { Db } from '../db/pool.js';
import { type CatalogColumn, type CatalogForeignKey, readSchemaCatalog } from '../db/schema-catalog.js';

/** User tables live here; SelfDB's own schema `selfdb` is never shown (API.md §4, §6). */
export const USER_SCHEMA = 'public';

export type SchemaColumn = Omit<CatalogColumn, 'table_name'>;

export type SchemaTable = {
  table_name: string;
  table_description: string | null;
  columns: SchemaColumn[];
  primary_keys: string[];
};

export type DatabaseSchema = { tables: SchemaTable[]; foreign_keys: CatalogForeignKey[] };

export type SchemaGraph = {
  nodes: Array<{
    id: string;
    label: string;
    description: string | null;
    columns: SchemaColumn[];
    primary_keys: string[];
  }>;
  edges: Array<{
    id: string;
    source: string;
    target: string;
    source_column: string;
    target_column: string;
    label: string;
  }>;
};

/** The user schema's tables with their columns and primary keys, and every foreign key between them. */
export async function describeSchema(db: Db): Promise<DatabaseSchema> {
  const catalog = await db.withTransaction(async (client) => {
    // One snapshot for the four catalog reads, so a concurrent DDL cannot tear them apart.
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return readSchemaCatalog(client, USER_SCHEMA);
  });
  const byTable = new Map<string, SchemaTable>(
    catalog.tables.map((t) => [
      t.table_name,
      { table_name: t.table_name, table_description: t.table_description, columns: [], primary_keys: [] },
    ]),
  );
  for (const { table_name, ...column } of catalog.columns) byTable.get(table_name)?.columns.push(column);
  for (const pk of catalog.primaryKeys) byTable.get(pk.table_name)?.primary_keys.push(pk.column_name);
  return { tables: [...byTable.values()], foreign_keys: catalog.foreignKeys };
}

/** The same schema as a graph: a node per table, an edge per referencing column. */
export async function schemaGraph(db: Db): Promise<SchemaGraph> {
  const schema = await describeSchema(db);
  return {
    nodes: schema.tables.map((t) => ({
      id: t.table_name,
      label: t.table_name,
      description: t.table_description,
      columns: t.columns,
      primary_keys: t.primary_keys,
    })),
    edges: schema.foreign_keys.map((fk) => ({
      id: `${fk.constraint_name}:${fk.table_name}.${fk.column_name}`,
      source: fk.table_name,
      target: fk.foreign_table_name,
      source_column: fk.column_name,
      target_column: fk.foreign_column_name,
      label: `${fk.column_name} → ${fk.foreign_column_name}`,
    })),
  };
}
