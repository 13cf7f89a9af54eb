import { AppError } from '../../errors/app-error.js';
import { isPgError } from '../../errors/pg-errors.js';
import type { ColumnMeta } from './catalog.js';

/**
 * Bind parameters for one statement. Each value is cast to its column's catalog type, and the
 * column is remembered so that a value Postgres rejects is reported with the column's name.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  readonly #columns: Array<string | undefined> = [];

  /** A placeholder for a raw value (no cast). */
  add(value: unknown): string {
    this.values.push(value);
    this.#columns.push(undefined);
    return `$${this.values.length}`;
  }

  /** A placeholder for a value of `column`, converted and cast to the column's type. */
  value(column: ColumnMeta, value: unknown): string {
    this.values.push(toParam(column, value));
    this.#columns.push(column.name);
    return `$${this.values.length}::${column.type}`;
  }

  /** A placeholder for a list of values of `column`, cast to an array of its type (for `= ANY(...)`). */
  list(column: ColumnMeta, values: unknown[]): string {
    this.values.push(values.map((value) => toParam(column, value)));
    this.#columns.push(column.name);
    return `$${this.values.length}::${column.type}[]`;
  }

  /** Turns a Postgres data error on one of these parameters into 400 INVALID_VALUE naming the column. */
  explain(err: unknown): unknown {
    if (!isPgError(err) || !err.code.startsWith('22')) return err;
    const index = /parameter \$(\d+)/.exec((err as { where?: string }).where ?? '')?.[1];
    const column = index ? this.#columns[Number(index) - 1] : undefined;
    return column
      ? new AppError('INVALID_VALUE', `Invalid value for column "${column}": ${err.message}`)
      : err;
  }
}

function toParam(column: ColumnMeta, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.isJson) return JSON.stringify(value);
  if (Array.isArray(value) && column.isArray) return value;
  if (typeof value === 'object') {
    throw new AppError('INVALID_VALUE', `Invalid value for column "${column.name}": expected ${column.type}`);
  }
  return value;
}
