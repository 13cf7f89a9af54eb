import type { Caller } from '../../auth/caller.js';
import { isLoggedIn } from '../../auth/caller.js';
import { quoteIdent } from '../../db/identifiers.js';
import type { Db } from '../../db/pool.js';
import { AppError } from '../../errors/app-error.js';
import type { TableCatalog, TableMeta } from './catalog.js';
import { type Grant, type Operation, requireGrant, tableNotFound } from './policy.js';
import {
  columnOf,
  containsCondition,
  filterCondition,
  grantCondition,
  idColumn,
  orderTerms,
  qualified,
} from './query-parts.js';
import { SqlParams } from './sql-params.js';

export type Row = Record<string, unknown>;

export type ListQuery = {
  page: number;
  page_size: number;
  order_by?: string;
  filter_column?: string;
  filter_value?: string;
  filter: string[];
  columns?: string;
  count: 'exact' | 'none';
};

export type RowPage = {
  data: Row[];
  metadata: {
    total_count: number | null;
    page: number;
    page_size: number;
    total_pages: number | null;
    columns: Array<{ column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>;
  };
};

/** A column name no user table will have, carrying the window count beside each row. */
const TOTAL = '__selfdb_total_count';

/**
 * Row reads and writes on user tables. Each public function is exactly one SQL statement in which
 * the table's access rule is a condition, so there is no read-then-check window.
 */
export class RowService {
  constructor(
    private readonly db: Db,
    private readonly catalog: TableCatalog,
  ) {}

  async list(caller: Caller, tableName: string, query: ListQuery): Promise<RowPage> {
    const { table, grant } = await this.#resolve(caller, tableName, 'select');
    const params = new SqlParams();
    const selected = query.columns
      ? query.columns
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
          .map((name) => columnOf(table, name))
      : [...table.columns.values()];
    const conditions = [grantCondition(table, grant, params)];
    if (query.filter_column && query.filter_value !== undefined && query.filter_value !== '') {
      conditions.push(containsCondition(table, query.filter_column, query.filter_value, params));
    }
    for (const filter of query.filter) conditions.push(filterCondition(table, filter, params));
    const order = query.order_by
      ? orderTerms(table, query.order_by)
      : table.primaryKey.map((c) => quoteIdent(c));
    const where = whereClause(conditions);
    const offset = (query.page - 1) * query.page_size;
    const withCount = query.count === 'exact';
    const sql = `SELECT ${selected.map((c) => quoteIdent(c.name)).join(', ') || 'NULL'}${withCount ? `, count(*) OVER () AS ${TOTAL}` : ''}
      FROM ${qualified(table)}${where}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}
      LIMIT ${params.add(query.page_size)} OFFSET ${params.add(offset)}`;
    const res = await this.#run(sql, params);
    let total: number | null = null;
    if (withCount) {
      total =
        res.rows.length > 0 ? Number(res.rows[0]?.[TOTAL]) : await this.#count(table, where, params, offset);
      for (const row of res.rows) delete row[TOTAL];
    }
    return {
      data: res.rows,
      metadata: {
        total_count: total,
        page: query.page,
        page_size: query.page_size,
        total_pages: total === null ? null : Math.ceil(total / query.page_size),
        columns: selected.map((c) => ({
          column_name: c.name,
          data_type: c.type,
          is_nullable: c.nullable ? 'YES' : 'NO',
        })),
      },
    };
  }

  async get(caller: Caller, tableName: string, id: string, idColumnName?: string): Promise<Row> {
    const { table, grant } = await this.#resolve(caller, tableName, 'select');
    const params = new SqlParams();
    const where = oneRow(table, grant, params, id, idColumnName);
    const res = await this.#run(`SELECT * FROM ${qualified(table)}${where}`, params);
    return found(res.rows[0], table, id);
  }

  async insert(caller: Caller, tableName: string, input: Row | Row[]): Promise<Row | Row[]> {
    const { table } = await this.#resolve(caller, tableName, 'insert');
    const rows = (Array.isArray(input) ? input : [input]).map((row) => withOwner(table, caller, row));
    if (rows.length === 0) throw new AppError('INVALID_VALUE', 'Nothing to insert: the array is empty');
    const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const columns = names.map((name) => columnOf(table, name));
    const params = new SqlParams();
    let sql: string;
    if (columns.length === 0) {
      const first = [...table.columns.keys()][0] ?? '';
      sql = `INSERT INTO ${qualified(table)} (${quoteIdent(first)}) VALUES ${rows.map(() => '(DEFAULT)').join(', ')}`;
    } else {
      const values = rows.map(
        (row) =>
          `(${columns.map((c) => (c.name in row ? params.value(c, row[c.name]) : 'DEFAULT')).join(', ')})`,
      );
      sql = `INSERT INTO ${qualified(table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES ${values.join(', ')}`;
    }
    const res = await this.#run(`${sql} RETURNING *`, params);
    return Array.isArray(input) ? res.rows : (res.rows[0] as Row);
  }

  async update(
    caller: Caller,
    tableName: string,
    id: string,
    changes: Row,
    idColumnName?: string,
  ): Promise<Row> {
    const { table, grant } = await this.#resolve(caller, tableName, 'update');
    const names = Object.keys(changes);
    if (names.length === 0) throw new AppError('INVALID_VALUE', 'Nothing to update: the body has no columns');
    const owner = table.policy.ownerColumn;
    if (owner && owner in changes && caller.role !== 'superuser') {
      throw new AppError('FORBIDDEN', `Only a superuser may change the owner column "${owner}"`);
    }
    const params = new SqlParams();
    const sets = names.map((name) => {
      const column = columnOf(table, name);
      return `${quoteIdent(column.name)} = ${params.value(column, changes[name])}`;
    });
    const where = oneRow(table, grant, params, id, idColumnName);
    const res = await this.#run(
      `UPDATE ${qualified(table)} SET ${sets.join(', ')}${where} RETURNING *`,
      params,
    );
    return found(res.rows[0], table, id);
  }

  async delete(caller: Caller, tableName: string, id: string, idColumnName?: string): Promise<Row> {
    const { table, grant } = await this.#resolve(caller, tableName, 'delete');
    const params = new SqlParams();
    const where = oneRow(table, grant, params, id, idColumnName);
    const res = await this.#run(`DELETE FROM ${qualified(table)}${where} RETURNING *`, params);
    return found(res.rows[0], table, id);
  }

  async #resolve(caller: Caller, tableName: string, op: Operation) {
    const table = await this.catalog.get(tableName);
    if (!table) throw tableNotFound(tableName);
    return { table, grant: requireGrant(table.name, table.policy, op, caller) };
  }

  async #count(table: TableMeta, where: string, params: SqlParams, offset: number): Promise<number> {
    // Only reached for a page past the end, where no row carried the window count.
    if (offset === 0) return 0;
    const countParams = params.values.slice(0, -2);
    const res = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${qualified(table)}${where}`,
      countParams,
    );
    return res.rows[0]?.n ?? 0;
  }

  async #run(sql: string, params: SqlParams) {
    try {
      return await this.db.query<Row>(sql, params.values);
    } catch (err) {
      throw params.explain(err);
    }
  }
}

/** WHERE for the row addressed by `id` (primary key or id_column) that the grant lets the caller touch. */
function oneRow(
  table: TableMeta,
  grant: Grant,
  params: SqlParams,
  id: string,
  idColumnName: string | undefined,
): string {
  const key = idColumn(table, idColumnName);
  return whereClause([
    `${quoteIdent(key.name)} = ${params.value(key, id)}`,
    grantCondition(table, grant, params),
  ]);
}

function whereClause(conditions: Array<string | undefined>): string {
  const present = conditions.filter((c): c is string => Boolean(c));
  return present.length ? ` WHERE ${present.join(' AND ')}` : '';
}

function found(row: Row | undefined, table: TableMeta, id: string): Row {
  if (!row)
    throw new AppError(
      'ROW_NOT_FOUND',
      `No row "${id.slice(0, 80)}" in table "${table.name}" that you may see`,
    );
  return row;
}

/**
 * The owner column on insert: a user's rows are theirs (claiming another id is 403), anonymous
 * rows have no owner, a superuser sets what they like.
 */
function withOwner(table: TableMeta, caller: Caller, row: Row): Row {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new AppError('INVALID_VALUE', 'Each row must be a JSON object of column values');
  }
  const owner = table.policy.ownerColumn;
  if (!owner || caller.role === 'superuser') return row;
  const given = row[owner];
  const ownerId = isLoggedIn(caller) ? caller.user.id : null;
  if (given !== undefined && given !== null && given !== ownerId) {
    throw new AppError('FORBIDDEN', `The owner column "${owner}" can only be set to your own id`);
  }
  return { ...row, [owner]: ownerId };
}
