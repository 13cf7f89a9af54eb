import type { Queryable } from '../db/pool.js';

/**
 * The columns, in SelfDB's own tables, that record which user owns something. When a user is
 * deleted, every row they own passes to the deleting superuser, in the deleting transaction.
 * Each feature that stores owned things (buckets, files, functions, ...) adds its column here.
 */
const OWNER_COLUMNS = [
  { table: 'buckets', column: 'owner_id' },
  { table: 'files', column: 'owner_id' },
  { table: 'sql_history', column: 'user_id' },
  { table: 'sql_snippets', column: 'user_id' },
  { table: 'functions', column: 'owner_id' },
] as const;

/** A kind of owned thing, named after its table. */
export type OwnedKind = (typeof OWNER_COLUMNS)[number]['table'];

export const OWNED_KINDS: readonly OwnedKind[] = OWNER_COLUMNS.map(({ table }) => table);

/** How many rows of each kind a user owns: what would pass on if they were deleted. */
export async function countOwnedResources(db: Queryable, userId: string): Promise<Record<OwnedKind, number>> {
  const res = await db.query<{ kind: OwnedKind; n: number }>(
    OWNER_COLUMNS.map(
      ({ table, column }) =>
        `SELECT '${table}' AS kind, count(*)::int AS n FROM selfdb.${table} WHERE ${column} = $1`,
    ).join(' UNION ALL '),
    [userId],
  );
  return Object.fromEntries(res.rows.map(({ kind, n }) => [kind, n])) as Record<OwnedKind, number>;
}

export async function transferOwnedResources(client: Queryable, from: string, to: string) {
  for (const { table, column } of OWNER_COLUMNS) {
    await client.query(`UPDATE selfdb.${table} SET ${column} = $2 WHERE ${column} = $1`, [from, to]);
  }
}
