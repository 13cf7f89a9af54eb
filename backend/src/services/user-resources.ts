import type { Queryable } from '../db/pool.js';

/**
 * The columns, in SelfDB's own tables, that record which user owns something. When a user is
 * deleted, every row they own passes to the deleting superuser, in the deleting transaction.
 * Each feature that stores owned things (buckets, files, functions, ...) adds its column here.
 */
const OWNER_COLUMNS: ReadonlyArray<{ table: string; column: string }> = [
  { table: 'buckets', column: 'owner_id' },
  { table: 'files', column: 'owner_id' },
  { table: 'sql_history', column: 'user_id' },
  { table: 'sql_snippets', column: 'user_id' },
  { table: 'functions', column: 'owner_id' },
];

export async function transferOwnedResources(client: Queryable, from: string, to: string) {
  for (const { table, column } of OWNER_COLUMNS) {
    await client.query(`UPDATE selfdb.${table} SET ${column} = $2 WHERE ${column} = $1`, [from, to]);
  }
}
