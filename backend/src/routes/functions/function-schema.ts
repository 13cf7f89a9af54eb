import { z } from 'zod';

/** Names the runtime's own routes use (the runtime keeps the same list in deno-runtime/module-meta.ts). */
export const RESERVED_FUNCTION_NAMES = [
  'health',
  'functions',
  'reload',
  'emit-event',
  'function-status',
  'database-change',
] as const;

export const functionName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1-63 characters: a-z, 0-9, _ and -, starting with a letter or digit',
  )
  .refine((name) => !(RESERVED_FUNCTION_NAMES as readonly string[]).includes(name), {
    message: `is reserved by the function runtime (${RESERVED_FUNCTION_NAMES.join(', ')})`,
  });

/** One megabyte of source is far beyond any function; it bounds what deno is asked to parse. */
export const functionCode = z.string().min(1).max(1_000_000);

export const timeoutMs = z.number().int().min(100).max(3_600_000);

const trigger = z.looseObject({ type: z.string() });

export const functionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    code: z.string(),
    is_active: z.boolean(),
    version_number: z.number(),
    timeout_ms: z.number().nullable().describe('null: the server default (FUNCTION_TIMEOUT)'),
    triggers: z.array(trigger),
    run_once: z.boolean(),
    owner_id: z.uuid().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Function' });

export const functionListItemSchema = functionSchema
  .extend({
    last_execution: z
      .object({
        status: z.enum(['success', 'error', 'timeout']),
        status_code: z.number().nullable(),
        trigger: z.string(),
        started_at: z.string(),
        duration_ms: z.number(),
      })
      .nullable()
      .describe('The newest run, any trigger; null when it never ran (or its runs were pruned)'),
  })
  .meta({ id: 'FunctionListItem' });

export const versionSchema = z
  .object({
    id: z.uuid(),
    version_number: z.number(),
    code: z.string(),
    created_at: z.string(),
    created_by: z.uuid().nullable(),
  })
  .meta({ id: 'FunctionVersion' });

export const envVarSchema = z
  .object({ id: z.uuid(), key: z.string(), value: z.string().nullable(), is_secret: z.boolean() })
  .meta({ id: 'FunctionEnvVar' });

export const envKey = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'must be a variable name: letters, digits and _, not starting with a digit',
  )
  .refine((key) => !['SELFDB_API_URL', 'ANON_KEY', 'DATABASE_URL'].includes(key), {
    message: 'is set by SelfDB for every function',
  });

export const diagnosticSchema = z
  .object({
    line: z.number(),
    column: z.number(),
    end_line: z.number(),
    end_column: z.number(),
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: 'Diagnostic' });

export const executionSchema = z
  .object({
    id: z.uuid(),
    trigger: z.string(),
    status: z.enum(['success', 'error', 'timeout']),
    status_code: z.number().nullable(),
    started_at: z.string(),
    duration_ms: z.number(),
    error: z.string().nullable(),
  })
  .meta({ id: 'FunctionExecution' });

export const logSchema = z
  .object({ execution_id: z.uuid(), level: z.string(), message: z.string(), at: z.string() })
  .meta({ id: 'FunctionLog' });

export const functionIdParams = z.object({ id: z.uuid() });

export const pagination = z.object({
  skip: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
