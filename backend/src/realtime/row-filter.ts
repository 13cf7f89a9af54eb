/** A subscription filter, `column:op:value` as in row listing (API.md §4), evaluated on a changed row. */
export type RowFilter = { column: string; test: (value: unknown) => boolean };

export class FilterError extends Error {}

const ORDER: Record<string, (c: number) => boolean> = {
  gt: (c) => c > 0,
  gte: (c) => c >= 0,
  lt: (c) => c < 0,
  lte: (c) => c <= 0,
};

export function parseRowFilter(filter: string): RowFilter {
  const first = filter.indexOf(':');
  const second = first < 0 ? -1 : filter.indexOf(':', first + 1);
  if (second < 0)
    throw new FilterError(`Malformed filter "${filter.slice(0, 80)}": expected column:op:value`);
  const column = filter.slice(0, first);
  const op = filter.slice(first + 1, second);
  const value = filter.slice(second + 1);
  const order = ORDER[op];
  if (order) return { column, test: (v) => v !== null && v !== undefined && order(compare(v, value)) };
  switch (op) {
    case 'eq':
      return { column, test: (v) => v !== null && v !== undefined && compare(v, value) === 0 };
    case 'neq':
      return { column, test: (v) => v !== null && v !== undefined && compare(v, value) !== 0 };
    case 'like':
    case 'ilike': {
      const pattern = likePattern(value, op === 'ilike');
      return { column, test: (v) => v !== null && v !== undefined && pattern.test(text(v)) };
    }
    case 'in': {
      const options = value.split(',');
      return {
        column,
        test: (v) => v !== null && v !== undefined && options.some((o) => compare(v, o) === 0),
      };
    }
    case 'is': {
      if (value === 'null') return { column, test: (v) => v === null || v === undefined };
      if (value === 'true' || value === 'false') return { column, test: (v) => v === (value === 'true') };
      throw new FilterError(`"is" takes null, true or false, not "${value.slice(0, 40)}"`);
    }
    default:
      throw new FilterError(`Unknown filter operator "${op.slice(0, 20)}"`);
  }
}

function text(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Numbers compare as numbers (JSON numbers and numeric strings alike), everything else as text. */
function compare(value: unknown, literal: string): number {
  const a = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
  const b = Number(literal);
  if (!Number.isNaN(a) && !Number.isNaN(b) && literal.trim() !== '') return a === b ? 0 : a < b ? -1 : 1;
  const s = text(value);
  return s === literal ? 0 : s < literal ? -1 : 1;
}

function likePattern(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}
