import { z } from 'zod';

export const sqlQueryBody = z.object({
  query: z.string().min(1).max(1_000_000),
  read_only: z.boolean().default(false),
  timeout_ms: z.number().int().min(1).max(600_000).default(30_000),
});

const rowsResult = z.object({
  statement: z.string(),
  is_read_only: z.literal(true),
  columns: z.array(z.string()),
  data: z.array(z.record(z.string(), z.unknown())),
  row_count: z.number(),
  execution_time: z.number(),
  truncated: z.boolean(),
});

const commandResult = z.object({
  statement: z.string(),
  is_read_only: z.literal(false),
  row_count: z.number(),
  execution_time: z.number(),
  message: z.string(),
});

export const sqlQueryResponse = z.union([
  z.object({
    success: z.literal(true),
    is_read_only: z.boolean(),
    results: z.array(z.union([rowsResult, commandResult])),
    total_execution_time: z.number(),
    total_rows_affected: z.number(),
  }),
  z.object({ success: z.literal(false), error: z.string(), position: z.number().int().optional() }),
]);

export const historyEntry = z
  .object({
    id: z.uuid(),
    query: z.string(),
    is_read_only: z.boolean(),
    execution_time: z.number().nullable(),
    row_count: z.number().nullable(),
    error: z.string().nullable(),
    executed_at: z.string(),
  })
  .meta({ id: 'SqlHistoryEntry' });

export const historyQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(50),
});

export const historyPage = z.object({
  history: z.array(historyEntry),
  metadata: z.object({
    total_count: z.number(),
    page: z.number(),
    page_size: z.number(),
    total_pages: z.number(),
  }),
});

/**
 * What old clients post to `/sql/history`: the first release's dashboard sends `{query, result}`
 * with the run's response; its API took the fields flat. Both are accepted.
 */
export const historyBody = z.object({
  query: z.string().min(1).max(1_000_000),
  is_read_only: z.boolean().optional(),
  execution_time: z.number().min(0).optional(),
  row_count: z.number().int().min(0).optional(),
  error: z.string().nullish(),
  result: z
    .object({
      success: z.boolean().optional(),
      is_read_only: z.boolean().optional(),
      total_execution_time: z.number().min(0).optional(),
      execution_time: z.number().min(0).optional(),
      row_count: z.number().int().min(0).optional(),
      total_rows_affected: z.number().int().min(0).optional(),
      error: z.string().nullish(),
    })
    .optional(),
});

export const snippetSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    sql_code: z.string(),
    user_id: z.uuid(),
    is_shared: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'SqlSnippet' });

const snippetName = z.string().trim().min(1).max(255);
const snippetDescription = z.string().max(10_000).nullish();
const snippetCode = z.string().max(1_000_000);

export const snippetBody = z.object({
  name: snippetName,
  description: snippetDescription,
  sql_code: snippetCode,
  is_shared: z.boolean().default(false),
});

export const snippetChanges = z.object({
  name: snippetName.optional(),
  description: snippetDescription,
  sql_code: snippetCode.optional(),
  is_shared: z.boolean().optional(),
});

/** Any string: an id that is not a snippet's, uuid or not, is 404 SNIPPET_NOT_FOUND. */
export const snippetIdParams = z.object({ id: z.string().max(100) });
