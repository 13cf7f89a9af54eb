import { AppError } from '../../errors/app-error.js';

/** The column types a table may be created with (API.md §4), by canonical name. */
const PLAIN_TYPES = new Set([
  'smallint',
  'integer',
  'bigint',
  'serial',
  'bigserial',
  'real',
  'double precision',
  'numeric',
  'boolean',
  'text',
  'varchar',
  'char',
  'uuid',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'json',
  'jsonb',
  'bytea',
]);

const ALIASES: Record<string, string> = {
  int: 'integer',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  decimal: 'numeric',
  bool: 'boolean',
  'character varying': 'varchar',
  character: 'char',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
};

/**
 * Parses a user-supplied column type against the fixed list and returns it in canonical SQL, or
 * throws 400 INVALID_TYPE. The result is built from the parsed parts, never from the input text,
 * so nothing else can ride along (`text; drop table x` is simply not a type).
 */
export function parseColumnType(input: string): string {
  const match = /^\s*([a-z][a-z0-9 ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*(\[\])?\s*$/i.exec(input);
  const base = match?.[1] ? (ALIASES[match[1].toLowerCase()] ?? match[1].toLowerCase()) : undefined;
  if (!match || !base || !PLAIN_TYPES.has(base)) {
    throw new AppError('INVALID_TYPE', `Unsupported column type "${input.slice(0, 80)}"`);
  }
  const [, , first, second, array] = match;
  let sql = base;
  if (base === 'varchar' || base === 'char') {
    if (second !== undefined)
      throw new AppError('INVALID_TYPE', `${base} takes one length, as in ${base}(255)`);
    if (first !== undefined) sql = `${base}(${boundedInt(first, 1, 10_485_760, 'length')})`;
  } else if (base === 'numeric') {
    if (first !== undefined) {
      const precision = boundedInt(first, 1, 1000, 'precision');
      sql =
        second === undefined
          ? `numeric(${precision})`
          : `numeric(${precision},${boundedInt(second, 0, precision, 'scale')})`;
    }
  } else if (first !== undefined) {
    throw new AppError('INVALID_TYPE', `${base} takes no size`);
  }
  if (array) {
    if (base === 'serial' || base === 'bigserial')
      throw new AppError('INVALID_TYPE', `${base}[] is not a type`);
    sql += '[]';
  }
  return sql;
}

function boundedInt(text: string, min: number, max: number, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('INVALID_TYPE', `The ${what} must be between ${min} and ${max}`);
  }
  return n;
}

/** Column defaults that are expressions rather than values; anything else becomes a quoted literal. */
export const DEFAULT_EXPRESSIONS = new Set([
  'now()',
  'current_timestamp',
  'current_date',
  'current_time',
  'gen_random_uuid()',
  'true',
  'false',
  'null',
]);
