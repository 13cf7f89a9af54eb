import { quoteIdent } from '../../db/identifiers.js';
import { AppError } from '../../errors/app-error.js';
import type { ColumnMeta, TableMeta } from './catalog.js';
import type { Grant } from './policy.js';
import type { SqlParams } from './sql-params.js';

export function columnOf(table: TableMeta, name: string): ColumnMeta {
  const column = table.columns.get(name);
  if (!column)
    throw new AppError('UNKNOWN_COLUMN', `Unknown column "${name.slice(0, 80)}" in table "${table.name}"`);
  return column;
}

export function qualified(table: TableMeta): string {
  return `public.${quoteIdent(table.name)}`;
}

/** The row condition a grant adds to a statement: none, or "the owner column holds the caller's id". */
export function grantCondition(table: TableMeta, grant: Grant, params: SqlParams): string | undefined {
  if (grant.rows === 'all') return undefined;
  const owner = columnOf(table, grant.ownerColumn);
  return `${quoteIdent(owner.name)} = ${params.value(owner, grant.userId)}`;
}

const OPERATORS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** `column:op:value` (the value may itself contain colons) → a condition with bound parameters. */
export function filterCondition(table: TableMeta, filter: string, params: SqlParams): string {
  const first = filter.indexOf(':');
  const second = first < 0 ? -1 : filter.indexOf(':', first + 1);
  if (second < 0) {
    throw new AppError(
      'INVALID_FILTER',
      `Malformed filter "${filter.slice(0, 80)}": expected column:op:value`,
    );
  }
  const column = columnOf(table, filter.slice(0, first));
  const op = filter.slice(first + 1, second);
  const value = filter.slice(second + 1);
  const name = quoteIdent(column.name);
  const sqlOp = OPERATORS[op];
  if (sqlOp) return `${name} ${sqlOp} ${params.value(column, value)}`;
  switch (op) {
    case 'like':
    case 'ilike':
      return `${name}::text ${op.toUpperCase()} ${params.add(value)}`;
    case 'in':
      if (column.isArray)
        throw new AppError('INVALID_FILTER', `"in" does not apply to array column "${column.name}"`);
      return `${name} = ANY(${params.list(column, value === '' ? [] : value.split(','))})`;
    case 'is': {
      const target = { null: 'NULL', true: 'TRUE', false: 'FALSE' }[value];
      if (!target)
        throw new AppError('INVALID_FILTER', `"is" takes null, true or false, not "${value.slice(0, 40)}"`);
      return `${name} IS ${target}`;
    }
    default:
      throw new AppError(
        'INVALID_FILTER',
        `Unknown filter operator "${op.slice(0, 20)}": use eq, neq, gt, gte, lt, lte, like, ilike, in or is`,
      );
  }
}

/** The old clients' search: case-insensitive "contains" on the column's text form. */
export function containsCondition(
  table: TableMeta,
  columnName: string,
  value: string,
  params: SqlParams,
): string {
  const column = columnOf(table, columnName);
  const pattern = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return `${quoteIdent(column.name)}::text ILIKE ${params.add(pattern)}`;
}

/** `col`, `col:asc`, `col:desc`, comma-separated → ORDER BY terms. */
export function orderTerms(table: TableMeta, orderBy: string): string[] {
  return orderBy
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name = '', direction = 'asc', ...rest] = part.split(':');
      const dir = direction.toLowerCase();
      if (rest.length > 0 || (dir !== 'asc' && dir !== 'desc')) {
        throw new AppError(
          'INVALID_FILTER',
          `Malformed order_by "${part.slice(0, 80)}": use column, column:asc or column:desc`,
        );
      }
      return `${quoteIdent(columnOf(table, name).name)} ${dir.toUpperCase()}`;
    });
}

/** The column that addresses one row: id_column if given (unique), else the single-column primary key. */
export function idColumn(table: TableMeta, requested: string | undefined): ColumnMeta {
  if (requested) {
    const column = columnOf(table, requested);
    if (!table.uniqueColumns.has(column.name)) {
      throw new AppError(
        'INVALID_ID_COLUMN',
        `Column "${column.name}" is not unique, so it cannot address one row`,
      );
    }
    return column;
  }
  const [key, ...more] = table.primaryKey;
  if (!key || more.length > 0) {
    throw new AppError(
      'INVALID_ID_COLUMN',
      `Table "${table.name}" has no single-column primary key; pass id_column`,
    );
  }
  return columnOf(table, key);
}
