import type { Queryable } from '../../db/pool.js';

/**
 * Policies follow their table by OID, and a restore from `pg_dump` gives every table a new OID. At
 * start, a policy whose OID names no table is linked again to the public table of its name, or
 * dropped when there is none (so a later table of that name starts private). Returns how many
 * policies were relinked.
 */
export async function relinkTablePolicies(db: Queryable): Promise<number> {
  const relinked = await db.query(
    `UPDATE selfdb.table_policies p SET table_oid = c.oid
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname = p.table_name AND c.relkind IN ('r', 'p')
       AND NOT EXISTS (SELECT 1 FROM pg_class x WHERE x.oid = p.table_oid)
       AND NOT EXISTS (SELECT 1 FROM selfdb.table_policies q WHERE q.table_oid = c.oid)`,
  );
  await db.query(
    'DELETE FROM selfdb.table_policies p WHERE NOT EXISTS (SELECT 1 FROM pg_class x WHERE x.oid = p.table_oid)',
  );
  return relinked.rowCount ?? 0;
}
