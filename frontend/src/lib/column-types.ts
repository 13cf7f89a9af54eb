/**
 * The column types the API accepts (API.md §4, "Types come from a fixed list"). Parameterised
 * types take their parameters in the form; every type may also be an array (`[]`).
 */
export const COLUMN_TYPES = [
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
] as const;

export type ColumnType = (typeof COLUMN_TYPES)[number];

export type TypeChoice = {
  base: ColumnType;
  length: string;
  precision: string;
  scale: string;
  array: boolean;
};

export const defaultTypeChoice = (base: ColumnType = 'text'): TypeChoice => ({
  base,
  length: '255',
  precision: '12',
  scale: '2',
  array: false,
});

/** The type string the API expects, e.g. `varchar(255)`, `numeric(12,2)`, `integer[]`. */
export function typeString(choice: TypeChoice): string {
  let type: string = choice.base;
  if ((choice.base === 'varchar' || choice.base === 'char') && choice.length.trim()) {
    type = `${choice.base}(${choice.length.trim()})`;
  }
  if (choice.base === 'numeric' && choice.precision.trim()) {
    type = choice.scale.trim()
      ? `numeric(${choice.precision.trim()},${choice.scale.trim()})`
      : `numeric(${choice.precision.trim()})`;
  }
  return choice.array ? `${type}[]` : type;
}

/** Types whose values a person types as text (an empty input means an empty string, not NULL). */
export function isTextType(dataType: string): boolean {
  return /char|text|citext|name/i.test(dataType);
}

export function isJsonType(dataType: string): boolean {
  return /^jsonb?$/i.test(dataType) || dataType.endsWith('[]') || dataType.toUpperCase() === 'ARRAY';
}

const SHORT_TYPES: Record<string, string> = {
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  'character varying': 'varchar',
  character: 'char',
  'double precision': 'float8',
};

/** PostgreSQL's long type names, shortened to the names people write, so columns fit their box. */
export const shortType = (type: string): string => SHORT_TYPES[type] ?? type;
