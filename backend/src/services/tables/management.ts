import type { Caller } from '../../auth/caller.js';
import { assertIdentifier, quoteIdent, quoteLiteral } from '../../db/identifiers.js';
import type { Db, Queryable } from '../../db/pool.js';
import { AppError } from '../../errors/app-error.js';
import { isPgError } from '../../errors/pg-errors.js';
import type { ColumnMeta, TableCatalog, TableMeta } from './catalog.js';
import { DEFAULT_EXPRESSIONS, parseColumnType } from './column-types.js';
import {
  canSelect,
  isPublicPreset,
  type Permissions,
  type Policy,
  PRIVATE_PRESET,
  PUBLIC_PRESET,
  tableNotFound,
} from './policy.js';
import { columnOf, qualified } from './query-parts.js';

export type ColumnInput = {
  name: string;
  type: string;
  nullable: boolean;
  default?: string | number | boolean | null;
  primary_key: boolean;
  unique: boolean;
  description?: string | null;
  is_foreign_key: boolean;
  references_table?: string | null;
  references_column?: string | null;
};

export type CreateTableInput = {
  name: string;
  description?: string | null;
  columns: ColumnInput[];
  if_not_exists: boolean;
  is_public: boolean;
  owner_column?: string | null;
  permissions?: Partial<Permissions>;
};

export type PolicyChanges = {
  new_name?: string;
  description?: string | null;
  is_public?: boolean;
  owner_column?: string | null;
  permissions?: Partial<Permissions>;
};

export type ColumnChanges = {
  column_name?: string;
  data_type?: string;
  is_nullable?: 'YES' | 'NO';
  column_default?: string | number | boolean | null;
  character_maximum_length?: number | null;
  numeric_precision?: number | null;
  numeric_scale?: number | null;
  column_description?: string | null;
};

/**
 * Creating, altering and dropping user tables and their policies. DDL runs in one transaction with
 * the policy change; the table cache is invalidated here at once and in other replicas by the
 * selfdb_ddl notification.
 */
export class TableManagement {
  constructor(
    private readonly db: Db,
    private readonly catalog: TableCatalog,
  ) {}

  async list(caller: Caller) {
    const tables = [...(await this.catalog.all()).values()].filter((t) => canSelect(t.policy, caller));
    if (tables.length === 0) return [];
    const stats = await this.db.query<{ oid: number; size: number; row_estimate: number }>(
      `SELECT c.oid::int AS oid, pg_total_relation_size(c.oid)::float8 AS size, greatest(c.reltuples, 0)::float8 AS row_estimate
       FROM pg_class c WHERE c.oid = ANY($1::oid[])`,
      [tables.map((t) => t.oid)],
    );
    const byOid = new Map(stats.rows.map((r) => [r.oid, r]));
    return tables
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({
        name: t.name,
        description: t.description,
        size: byOid.get(t.oid)?.size ?? 0,
        column_count: t.columns.size,
        row_estimate: byOid.get(t.oid)?.row_estimate ?? 0,
        is_public: isPublicPreset(t.policy.permissions),
      }));
  }

  async describe(caller: Caller, name: string) {
    const table = await this.#visible(caller, name);
    const [fks, indexes, count] = await Promise.all([
      this.db.query<{ column_name: string; foreign_table_name: string; foreign_column_name: string }>(
        `SELECT a.attname AS column_name, rc.relname AS foreign_table_name, ra.attname AS foreign_column_name
         FROM pg_constraint k
         CROSS JOIN unnest(k.conkey, k.confkey) AS u(local_att, remote_att)
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.local_att
         JOIN pg_class rc ON rc.oid = k.confrelid
         JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.remote_att
         WHERE k.conrelid = $1 AND k.contype = 'f' ORDER BY k.conname`,
        [table.oid],
      ),
      this.db.query<{ index_name: string; column_name: string; is_unique: boolean; is_primary: boolean }>(
        `SELECT ic.relname AS index_name, a.attname AS column_name, i.indisunique AS is_unique, i.indisprimary AS is_primary
         FROM pg_index i
         JOIN pg_class ic ON ic.oid = i.indexrelid
         CROSS JOIN unnest(i.indkey) AS k(attnum)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = $1 ORDER BY ic.relname`,
        [table.oid],
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM ${qualified(table)}`),
    ]);
    return {
      name: table.name,
      description: table.description,
      columns: [...table.columns.values()].map(columnInfo),
      primary_keys: table.primaryKey,
      foreign_keys: fks.rows,
      indexes: indexes.rows,
      row_count: count.rows[0]?.n ?? 0,
      ...policyInfo(table.policy),
    };
  }

  async create(input: CreateTableInput): Promise<{ created: boolean; table: TableMeta | undefined }> {
    assertTableName(input.name);
    if (input.columns.length === 0) throw new AppError('INVALID_VALUE', 'A table needs at least one column');
    const existing = await this.catalog.get(input.name);
    if (existing) {
      if (input.if_not_exists) return { created: false, table: existing };
      throw new AppError('TABLE_EXISTS', `Table "${input.name}" already exists`);
    }
    await this.#assertNotReserved(input.name);
    const names = new Set<string>();
    for (const column of input.columns) {
      assertIdentifier(column.name, 'column name');
      if (names.has(column.name))
        throw new AppError('INVALID_VALUE', `Column "${column.name}" is listed twice`);
      names.add(column.name);
    }
    const policy = policyFrom(input, [...names]);
    const catalogTables = await this.catalog.all();
    const definitions = input.columns.map((column) => columnDefinition(column, catalogTables));
    const keys = input.columns.filter((c) => c.primary_key).map((c) => quoteIdent(c.name));
    if (keys.length > 0) definitions.push(`PRIMARY KEY (${keys.join(', ')})`);
    const table = `public.${quoteIdent(input.name)}`;
    await this.#ddl(async (client) => {
      await client.query(`CREATE TABLE ${table} (${definitions.join(', ')})`);
      if (input.description)
        await client.query(`COMMENT ON TABLE ${table} IS ${quoteLiteral(input.description)}`);
      for (const column of input.columns) {
        if (column.description) {
          await client.query(
            `COMMENT ON COLUMN ${table}.${quoteIdent(column.name)} IS ${quoteLiteral(column.description)}`,
          );
        }
      }
      await savePolicy(client, input.name, policy);
    });
    return { created: true, table: await this.catalog.get(input.name) };
  }

  async update(name: string, changes: PolicyChanges) {
    const table = await this.#existing(name);
    const target = changes.new_name ?? table.name;
    if (changes.new_name !== undefined && changes.new_name !== table.name) {
      assertTableName(changes.new_name);
      if (await this.catalog.get(changes.new_name)) {
        throw new AppError('TABLE_EXISTS', `Table "${changes.new_name}" already exists`);
      }
      await this.#assertNotReserved(changes.new_name);
    }
    const policy = mergedPolicy(table, changes);
    await this.#ddl(async (client) => {
      if (target !== table.name) {
        await client.query(`ALTER TABLE ${qualified(table)} RENAME TO ${quoteIdent(target)}`);
      }
      if (changes.description !== undefined) {
        await client.query(
          `COMMENT ON TABLE public.${quoteIdent(target)} IS ${changes.description === null ? 'NULL' : quoteLiteral(changes.description)}`,
        );
      }
      await savePolicy(client, target, policy);
    });
    const updated = await this.catalog.get(target);
    return { message: `Table "${target}" updated`, name: target, ...policyInfo(updated?.policy ?? policy) };
  }

  async drop(name: string) {
    const table = await this.#existing(name);
    await this.#ddl((client) => client.query(`DROP TABLE ${qualified(table)}`).then(() => undefined));
    return { message: `Table "${table.name}" deleted` };
  }

  async exportSql(name: string): Promise<string> {
    const table = await this.#existing(name);
    const res = await this.db.query<{ sql: string }>(
      `SELECT concat_ws(E'\\n',
         'CREATE TABLE public.' || quote_ident(c.relname) || E' (\\n' ||
           (SELECT string_agg('  ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                     || CASE WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
                     || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, E',\\n' ORDER BY a.attnum)
              FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
           || coalesce((SELECT string_agg(E',\\n  CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), '' ORDER BY k.contype DESC, k.conname)
                          FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype IN ('p', 'u', 'c')), '')
           || E'\\n);',
         (SELECT string_agg('ALTER TABLE public.' || quote_ident(c.relname) || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' '
                            || pg_get_constraintdef(k.oid) || ';', E'\\n' ORDER BY k.conname)
            FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'),
         (SELECT string_agg(pg_get_indexdef(i.indexrelid) || ';', E'\\n' ORDER BY i.indexrelid)
            FROM pg_index i
           WHERE i.indrelid = c.oid
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)),
         CASE WHEN obj_description(c.oid, 'pg_class') IS NOT NULL
              THEN 'COMMENT ON TABLE public.' || quote_ident(c.relname) || ' IS ' || quote_literal(obj_description(c.oid, 'pg_class')) || ';' END,
         (SELECT string_agg('COMMENT ON COLUMN public.' || quote_ident(c.relname) || '.' || quote_ident(a.attname) || ' IS '
                            || quote_literal(col_description(c.oid, a.attnum)) || ';', E'\\n' ORDER BY a.attnum)
            FROM pg_attribute a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NOT NULL)
       ) AS sql
       FROM pg_class c WHERE c.oid = $1`,
      [table.oid],
    );
    return res.rows[0]?.sql ?? '';
  }

  async addColumn(name: string, input: ColumnChanges & { column_name: string; data_type: string }) {
    const table = await this.#existing(name);
    assertIdentifier(input.column_name, 'column name');
    if (table.columns.has(input.column_name)) {
      throw new AppError('CONFLICT', `Column "${input.column_name}" already exists in "${table.name}"`);
    }
    const type = parseColumnType(sizedType(input));
    const parts = [quoteIdent(input.column_name), type];
    if (input.column_default !== undefined && input.column_default !== null) {
      parts.push(`DEFAULT ${defaultExpression(input.column_default, type)}`);
    }
    if (input.is_nullable === 'NO') parts.push('NOT NULL');
    await this.#ddl(async (client) => {
      await client.query(`ALTER TABLE ${qualified(table)} ADD COLUMN ${parts.join(' ')}`);
      if (input.column_description) {
        await client.query(
          `COMMENT ON COLUMN ${qualified(table)}.${quoteIdent(input.column_name)} IS ${quoteLiteral(input.column_description)}`,
        );
      }
    });
    return {
      message: `Column "${input.column_name}" added to "${table.name}"`,
      column: await this.#columnInfo(name, input.column_name),
    };
  }

  async alterColumn(name: string, columnName: string, changes: ColumnChanges) {
    const table = await this.#existing(name);
    const column = existingColumn(table, columnName);
    const target = changes.column_name ?? column.name;
    if (target !== column.name) {
      assertIdentifier(target, 'column name');
      if (table.columns.has(target))
        throw new AppError('CONFLICT', `Column "${target}" already exists in "${table.name}"`);
      if (table.policy.ownerColumn === column.name) {
        throw new AppError('OWNER_COLUMN', `Column "${column.name}" is the owner column of "${table.name}"`);
      }
    }
    const col = `${qualified(table)}`;
    const statements: string[] = [];
    const typeChanged =
      changes.data_type !== undefined ||
      changes.character_maximum_length !== undefined ||
      changes.numeric_precision !== undefined;
    if (typeChanged) {
      const type = parseColumnType(
        sizedType({ data_type: changes.data_type ?? baseTypeOf(column), ...changes }),
      );
      statements.push(
        `ALTER TABLE ${col} ALTER COLUMN ${quoteIdent(column.name)} TYPE ${type} USING ${quoteIdent(column.name)}::${type}`,
      );
    }
    if (changes.is_nullable !== undefined) {
      statements.push(
        `ALTER TABLE ${col} ALTER COLUMN ${quoteIdent(column.name)} ${changes.is_nullable === 'NO' ? 'SET' : 'DROP'} NOT NULL`,
      );
    }
    if (changes.column_default !== undefined) {
      statements.push(
        changes.column_default === null
          ? `ALTER TABLE ${col} ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT`
          : `ALTER TABLE ${col} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${defaultExpression(changes.column_default, column.type)}`,
      );
    }
    if (changes.column_description !== undefined) {
      statements.push(
        `COMMENT ON COLUMN ${col}.${quoteIdent(column.name)} IS ${changes.column_description === null ? 'NULL' : quoteLiteral(changes.column_description)}`,
      );
    }
    if (target !== column.name) {
      statements.push(`ALTER TABLE ${col} RENAME COLUMN ${quoteIdent(column.name)} TO ${quoteIdent(target)}`);
    }
    await this.#ddl(async (client) => {
      for (const statement of statements) await client.query(statement);
    });
    return {
      message: `Column "${target}" of "${table.name}" updated`,
      column: await this.#columnInfo(name, target),
    };
  }

  async dropColumn(name: string, columnName: string) {
    const table = await this.#existing(name);
    const column = existingColumn(table, columnName);
    if (table.primaryKey.includes(column.name)) {
      throw new AppError(
        'PRIMARY_KEY_COLUMN',
        `Column "${column.name}" is part of the primary key of "${table.name}"`,
      );
    }
    if (table.policy.ownerColumn === column.name) {
      throw new AppError('OWNER_COLUMN', `Column "${column.name}" is the owner column of "${table.name}"`);
    }
    await this.#ddl((client) =>
      client
        .query(`ALTER TABLE ${qualified(table)} DROP COLUMN ${quoteIdent(column.name)}`)
        .then(() => undefined),
    );
    return { message: `Column "${column.name}" dropped from "${table.name}"` };
  }

  async #columnInfo(table: string, column: string) {
    const meta = (await this.catalog.get(table))?.columns.get(column);
    return meta ? columnInfo(meta) : null;
  }

  async #visible(caller: Caller, name: string): Promise<TableMeta> {
    const table = await this.catalog.get(name);
    if (!table || !canSelect(table.policy, caller)) throw tableNotFound(name);
    return table;
  }

  async #existing(name: string): Promise<TableMeta> {
    const table = await this.catalog.get(name);
    if (!table) throw tableNotFound(name);
    return table;
  }

  /** SelfDB's own table names stay reserved in public too, so nobody mistakes one for the other. */
  async #assertNotReserved(name: string): Promise<void> {
    const res = await this.db.query(
      "SELECT 1 FROM pg_tables WHERE schemaname = 'selfdb' AND tablename = $1",
      [name.toLowerCase()],
    );
    if (res.rowCount) throw new AppError('INVALID_IDENTIFIER', `"${name}" is reserved by SelfDB`);
  }

  async #ddl(work: (client: Queryable) => Promise<void>): Promise<void> {
    try {
      await this.db.withTransaction(work);
    } catch (err) {
      if (isPgError(err) && err.code === '2BP01')
        throw new AppError('TABLE_IN_USE', err.detail ?? err.message);
      if (isPgError(err) && err.code === '42P07') throw new AppError('TABLE_EXISTS', err.message);
      if (isPgError(err) && (err.code === '42804' || err.code === '42846')) {
        throw new AppError('INVALID_VALUE', err.message);
      }
      throw err;
    } finally {
      this.catalog.invalidate();
    }
  }
}

function assertTableName(name: string): void {
  assertIdentifier(name, 'table name');
  if (name.toLowerCase().startsWith('pg_'))
    throw new AppError('INVALID_IDENTIFIER', 'Table names may not start with pg_');
}

function existingColumn(table: TableMeta, name: string): ColumnMeta {
  const column = table.columns.get(name);
  if (!column)
    throw new AppError('COLUMN_NOT_FOUND', `Column "${name.slice(0, 80)}" not found in "${table.name}"`);
  return column;
}

function columnDefinition(column: ColumnInput, tables: Map<string, TableMeta>): string {
  const type = parseColumnType(column.type);
  const parts = [quoteIdent(column.name), type];
  if (column.default !== undefined && column.default !== null)
    parts.push(`DEFAULT ${defaultExpression(column.default, type)}`);
  if (!column.nullable && !column.primary_key) parts.push('NOT NULL');
  if (column.unique && !column.primary_key) parts.push('UNIQUE');
  if (column.is_foreign_key || column.references_table) {
    const target = column.references_table ? tables.get(column.references_table) : undefined;
    if (!target) {
      throw new AppError('TABLE_NOT_FOUND', `Referenced table "${column.references_table ?? ''}" not found`);
    }
    const targetColumn = column.references_column ?? target.primaryKey[0];
    if (!targetColumn) throw new AppError('INVALID_VALUE', `Name references_column for "${column.name}"`);
    parts.push(`REFERENCES ${qualified(target)} (${quoteIdent(columnOf(target, targetColumn).name)})`);
  }
  return parts.join(' ');
}

/** A known expression (`now()`, `gen_random_uuid()`, ...) as is; anything else as a literal of the column's type. */
function defaultExpression(value: string | number | boolean, type: string): string {
  const text = String(value).trim();
  if (DEFAULT_EXPRESSIONS.has(text.toLowerCase())) return text.toLowerCase();
  return `${quoteLiteral(text)}::${type}`;
}

function sizedType(input: ColumnChanges & { data_type: string }): string {
  if (/[()[\]]/.test(input.data_type)) return input.data_type;
  if (input.character_maximum_length) return `${input.data_type}(${input.character_maximum_length})`;
  if (input.numeric_precision) {
    return input.numeric_scale !== undefined && input.numeric_scale !== null
      ? `${input.data_type}(${input.numeric_precision},${input.numeric_scale})`
      : `${input.data_type}(${input.numeric_precision})`;
  }
  return input.data_type;
}

function baseTypeOf(column: ColumnMeta): string {
  return column.type.replace(/\(.*\)/, '');
}

function policyFrom(input: CreateTableInput, columns: string[]): Policy {
  const ownerColumn = input.owner_column ?? null;
  if (ownerColumn && !columns.includes(ownerColumn)) {
    throw new AppError('UNKNOWN_COLUMN', `owner_column "${ownerColumn}" is not a column of the table`);
  }
  return {
    ownerColumn,
    permissions: { ...(input.is_public ? PUBLIC_PRESET : PRIVATE_PRESET), ...input.permissions },
  };
}

function mergedPolicy(table: TableMeta, changes: PolicyChanges): Policy {
  const ownerColumn = changes.owner_column !== undefined ? changes.owner_column : table.policy.ownerColumn;
  if (ownerColumn && !table.columns.has(ownerColumn)) {
    throw new AppError('UNKNOWN_COLUMN', `owner_column "${ownerColumn}" is not a column of "${table.name}"`);
  }
  const base =
    changes.is_public === undefined
      ? table.policy.permissions
      : changes.is_public
        ? PUBLIC_PRESET
        : PRIVATE_PRESET;
  return { ownerColumn, permissions: { ...base, ...changes.permissions } };
}

async function savePolicy(client: Queryable, table: string, policy: Policy): Promise<void> {
  await client.query(
    `INSERT INTO selfdb.table_policies (table_oid, table_name, owner_column, select_rule, insert_rule, update_rule, delete_rule)
     VALUES (to_regclass($1)::oid, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (table_oid) DO UPDATE SET table_name = EXCLUDED.table_name, owner_column = EXCLUDED.owner_column,
       select_rule = EXCLUDED.select_rule, insert_rule = EXCLUDED.insert_rule, update_rule = EXCLUDED.update_rule,
       delete_rule = EXCLUDED.delete_rule, updated_at = now()`,
    [
      `public.${quoteIdent(table)}`,
      table,
      policy.ownerColumn,
      policy.permissions.select,
      policy.permissions.insert,
      policy.permissions.update,
      policy.permissions.delete,
    ],
  );
}

function columnInfo(c: ColumnMeta) {
  return {
    column_name: c.name,
    data_type: c.type,
    is_nullable: c.nullable ? ('YES' as const) : ('NO' as const),
    column_default: c.default,
    character_maximum_length: c.maxLength,
    numeric_precision: c.numericPrecision,
    numeric_scale: c.numericScale,
    column_description: c.description,
  };
}

function policyInfo(policy: Policy) {
  return {
    is_public: isPublicPreset(policy.permissions),
    owner_column: policy.ownerColumn,
    permissions: policy.permissions,
  };
}
