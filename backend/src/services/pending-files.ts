import type { StorageContext } from './storage-context.js';

/** One replica sweeps at a time: the others find the lock taken and skip their turn. */
const SWEEP_LOCK = 'selfdb.files.sweep-pending';
const SWEEP_BATCH = 500;

/**
 * Removes pending files older than PENDING_UPLOAD_MAX_AGE_SECONDS (since initiation, or since
 * their upload began): any partial object first, then the row. A file whose object cannot be
 * removed (store down) stays for the next sweep. Returns how many were removed, or null when
 * another replica holds the sweep.
 */
export async function sweepPendingFiles(ctx: StorageContext): Promise<number | null> {
  return ctx.db.withTransaction(async (client) => {
    const lock = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      [SWEEP_LOCK],
    );
    if (!lock.rows[0]?.locked) return null;
    const stale = await client.query<{ id: string; object_name: string; minio_bucket_name: string }>(
      `SELECT f.id, f.object_name, b.minio_bucket_name
       FROM selfdb.files f JOIN selfdb.buckets b ON b.id = f.bucket_id
       WHERE f.status = 'pending' AND f.updated_at < now() - make_interval(secs => $1)
       ORDER BY f.updated_at LIMIT $2
       FOR UPDATE OF f SKIP LOCKED`,
      [ctx.settings.pendingMaxAgeSeconds, SWEEP_BATCH],
    );
    let swept = 0;
    for (const file of stale.rows) {
      try {
        await ctx.store.removeObject(file.minio_bucket_name, file.object_name);
      } catch {
        continue;
      }
      await client.query('DELETE FROM selfdb.files WHERE id = $1', [file.id]);
      swept++;
    }
    return swept;
  });
}
