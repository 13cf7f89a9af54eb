import { z } from 'zod';
import { RULES } from '../../services/tables/policy.js';

const rule = z.enum(RULES);
export const permissionsInput = z
  .object({ select: rule, insert: rule, update: rule, delete: rule })
  .partial()
  .describe('Per operation: anon | authenticated | owner | superuser');

export const permissionsOutput = z.object({ select: rule, insert: rule, update: rule, delete: rule });

export const tableParams = z.object({ table: z.string().max(200) });
export const columnParams = tableParams.extend({ column: z.string().max(200) });
export const rowParams = tableParams.extend({ id: z.string().max(2000) });

const defaultValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const columnInput = z.object({
  name: z.string().max(200),
  type: z.string().max(100),
  nullable: z.boolean().default(true),
  default: defaultValue.optional(),
  primary_key: z.boolean().default(false),
  unique: z.boolean().default(false),
  description: z.string().max(2000).nullish(),
  is_foreign_key: z.boolean().default(false),
  references_table: z.string().max(200).nullish(),
  references_column: z.string().max(200).nullish(),
});

export const createTableBody = z.object({
  name: z.string().max(200),
  description: z.string().max(2000).nullish(),
  columns: z.array(columnInput).min(1).max(1600),
  if_not_exists: z.boolean().default(false),
  is_public: z.boolean().default(false),
  owner_column: z.string().max(200).nullish(),
  permissions: permissionsInput.optional(),
});

export const updateTableBody = z.object({
  new_name: z.string().max(200).optional(),
  description: z.string().max(2000).nullish(),
  is_public: z.boolean().optional(),
  owner_column: z.string().max(200).nullish(),
  permissions: permissionsInput.optional(),
});

const columnFields = {
  data_type: z.string().max(100),
  is_nullable: z.enum(['YES', 'NO']),
  column_default: defaultValue,
  character_maximum_length: z.number().int().positive().nullable(),
  numeric_precision: z.number().int().positive().nullable(),
  numeric_scale: z.number().int().min(0).nullable(),
  column_description: z.string().max(2000).nullable(),
};

export const addColumnBody = z.object({
  column_name: z.string().max(200),
  data_type: columnFields.data_type,
  is_nullable: columnFields.is_nullable.default('YES'),
  column_default: columnFields.column_default.optional(),
  character_maximum_length: columnFields.character_maximum_length.optional(),
  numeric_precision: columnFields.numeric_precision.optional(),
  numeric_scale: columnFields.numeric_scale.optional(),
  column_description: columnFields.column_description.optional(),
});

export const alterColumnBody = z.object({ column_name: z.string().max(200), ...columnFields }).partial();

export const columnInfo = z.object({
  column_name: z.string(),
  data_type: z.string(),
  is_nullable: z.enum(['YES', 'NO']),
  column_default: z.string().nullable(),
  character_maximum_length: z.number().nullable(),
  numeric_precision: z.number().nullable(),
  numeric_scale: z.number().nullable(),
  column_description: z.string().nullable(),
});

export const row = z.record(z.string(), z.unknown());

const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const listRowsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(50),
  order_by: z.string().max(2000).optional(),
  filter_column: z.string().max(200).optional(),
  filter_value: z.string().max(2000).optional(),
  filter: repeated.describe('column:op:value, repeatable; ops eq neq gt gte lt lte like ilike in is'),
  columns: z.string().max(4000).optional(),
  count: z.enum(['exact', 'none']).default('exact'),
});

export const idColumnQuery = z.object({ id_column: z.string().max(200).optional() });
