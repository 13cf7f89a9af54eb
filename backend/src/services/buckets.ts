import { randomBytes } from 'node:crypto';
import { type Caller, isLoggedIn } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { isPgError } from '../errors/pg-errors.js';
import { mayManageBucket, mayReadBucket } from './storage-access.js';
import type { StorageContext } from './storage-context.js';

export type Bucket = {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  minio_bucket_name: string;
  owner_id: string;
  file_size_limit: number | null;
  created_at: string;
  updated_at: string;
};

export type BucketWithStats = Bucket & { file_count: number; total_size: number };

export type BucketChanges = {
  description?: string | null;
  is_public?: boolean;
  file_size_limit?: number | null;
};

type Page = { skip: number; limit: number };

const NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Prefixes and suffixes S3 reserves (AWS's bucket naming rules); MinIO refuses some of them too. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'];

/** Stats count only stored (`ready`) files, with their real sizes. */
const WITH_STATS = `
  SELECT b.*, coalesce(s.file_count, 0)::int AS file_count, coalesce(s.total_size, 0)::bigint AS total_size
  FROM selfdb.buckets b
  LEFT JOIN LATERAL (
    SELECT count(*) AS file_count, sum(f.size) AS total_size
    FROM selfdb.files f WHERE f.bucket_id = b.id AND f.status = 'ready'
  ) s ON true`;

export function toBucket(row: Record<string, unknown>): Bucket {
  return {
    id: row.id as string,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    is_public: row.is_public as boolean,
    minio_bucket_name: row.minio_bucket_name as string,
    owner_id: row.owner_id as string,
    file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    created_at: (row.created_at as Date).toISOString(),
    updated_at: (row.updated_at as Date).toISOString(),
  };
}

function toBucketWithStats(row: Record<string, unknown>): BucketWithStats {
  return { ...toBucket(row), file_count: row.file_count as number, total_size: Number(row.total_size) };
}

export function validateBucketName(name: string): void {
  const valid =
    name.length >= 3 &&
    name.length <= 63 &&
    NAME.test(name) &&
    !RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix)) &&
    !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix));
  if (!valid) throw new AppError('INVALID_BUCKET_NAME');
}

/**
 * Store bucket names are global to the store, which several SelfDB installations (or test runs)
 * may share: the SelfDB name, cut to leave room, plus a random suffix.
 */
function storeBucketName(name: string): string {
  return `${name.slice(0, 50).replace(/-+$/, '')}-${randomBytes(6).toString('hex')}`;
}

/** A bucket by id, or BUCKET_NOT_FOUND; `FOR UPDATE` when a transaction must hold it. */
export async function loadBucket(db: Queryable, id: string, lock = false): Promise<Bucket> {
  const res = await db.query(`SELECT * FROM selfdb.buckets WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!res.rows[0]) throw new AppError('BUCKET_NOT_FOUND');
  return toBucket(res.rows[0]);
}

/** Anon: public buckets; users: their own and public ones; superusers: all. */
export async function listBuckets(db: Queryable, caller: Caller, page: Page): Promise<BucketWithStats[]> {
  const res = await db.query(
    `${WITH_STATS}
     WHERE $1 OR b.is_public OR b.owner_id = $2
     ORDER BY b.name OFFSET $3 LIMIT $4`,
    [caller.role === 'superuser', isLoggedIn(caller) ? caller.user.id : null, page.skip, page.limit],
  );
  return res.rows.map(toBucketWithStats);
}

export async function listPublicBuckets(db: Queryable, page: Page): Promise<BucketWithStats[]> {
  const res = await db.query(`${WITH_STATS} WHERE b.is_public ORDER BY b.name OFFSET $1 LIMIT $2`, [
    page.skip,
    page.limit,
  ]);
  return res.rows.map(toBucketWithStats);
}

export async function getBucket(db: Queryable, caller: Caller, id: string): Promise<BucketWithStats> {
  const res = await db.query(`${WITH_STATS} WHERE b.id = $1`, [id]);
  if (!res.rows[0]) throw new AppError('BUCKET_NOT_FOUND');
  const bucket = toBucketWithStats(res.rows[0]);
  if (!mayReadBucket(caller, bucket)) throw new AppError('FORBIDDEN', 'This bucket is private');
  return bucket;
}

/**
 * Creates the row and the store bucket in one transaction: the name is claimed first (so a
 * duplicate never touches the store), and a store failure rolls the row back.
 */
export async function createBucket(
  ctx: StorageContext,
  ownerId: string,
  input: { name: string; description?: string | null; is_public?: boolean; file_size_limit?: number | null },
): Promise<BucketWithStats> {
  validateBucketName(input.name);
  const storeName = storeBucketName(input.name);
  const bucket = await ctx.db.withTransaction(async (client) => {
    const res = await client
      .query(
        `INSERT INTO selfdb.buckets (name, description, is_public, minio_bucket_name, owner_id, file_size_limit)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [
          input.name,
          input.description ?? null,
          input.is_public ?? false,
          storeName,
          ownerId,
          input.file_size_limit ?? null,
        ],
      )
      .catch((err) => {
        if (isPgError(err) && err.code === '23505') throw new AppError('BUCKET_NAME_TAKEN');
        throw err;
      });
    await ctx.store.createBucket(storeName);
    return toBucket(res.rows[0]);
  });
  return { ...bucket, file_count: 0, total_size: 0 };
}

export async function updateBucket(
  db: Queryable,
  caller: Caller,
  id: string,
  changes: BucketChanges,
): Promise<BucketWithStats> {
  const bucket = await loadBucket(db, id);
  if (!mayManageBucket(caller, bucket))
    throw new AppError('FORBIDDEN', 'Only the bucket owner may change it');
  await db.query(
    `UPDATE selfdb.buckets SET
       description = CASE WHEN $2 THEN $3 ELSE description END,
       is_public = coalesce($4, is_public),
       file_size_limit = CASE WHEN $5 THEN $6::bigint ELSE file_size_limit END,
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      changes.description !== undefined,
      changes.description ?? null,
      changes.is_public ?? null,
      changes.file_size_limit !== undefined,
      changes.file_size_limit ?? null,
    ],
  );
  return getBucket(db, caller, id);
}

/** Files removed from the store, then from the table, this many at a time. */
const DELETE_BATCH = 16;

/**
 * Deletes a bucket. Without `force` it must hold no files. With `force`, each file's object goes
 * first and its row after, so a failing store stops the deletion with every remaining row still
 * pointing at its object; the store bucket and the bucket row go last.
 */
export async function deleteBucket(
  ctx: StorageContext,
  caller: Caller,
  id: string,
  force: boolean,
): Promise<void> {
  const bucket = await loadBucket(ctx.db, id);
  if (!mayManageBucket(caller, bucket))
    throw new AppError('FORBIDDEN', 'Only the bucket owner may delete it');

  const files = await ctx.db.query<{ id: string; object_name: string }>(
    'SELECT id, object_name FROM selfdb.files WHERE bucket_id = $1',
    [id],
  );
  if (files.rows.length > 0 && !force) throw new AppError('BUCKET_NOT_EMPTY');
  for (let i = 0; i < files.rows.length; i += DELETE_BATCH) {
    const batch = files.rows.slice(i, i + DELETE_BATCH);
    const removed = await Promise.allSettled(
      batch.map((file) => ctx.store.removeObject(bucket.minio_bucket_name, file.object_name)),
    );
    const gone = batch.filter((_, n) => removed[n]?.status === 'fulfilled').map((file) => file.id);
    await ctx.db.query('DELETE FROM selfdb.files WHERE id = ANY($1::uuid[])', [gone]);
    const failure = removed.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
  // Objects no row points at (left by an interrupted upload) would keep the store bucket from going.
  for (const name of await ctx.store.listObjectNames(bucket.minio_bucket_name)) {
    await ctx.store.removeObject(bucket.minio_bucket_name, name);
  }

  await ctx.db.withTransaction(async (client) => {
    // Holding the row keeps new uploads (which reference it) out until the bucket is gone.
    await loadBucket(client, id, true);
    const left = await client.query('SELECT 1 FROM selfdb.files WHERE bucket_id = $1 LIMIT 1', [id]);
    if (left.rowCount)
      throw new AppError('BUCKET_NOT_EMPTY', 'Files were added while the bucket was being deleted');
    await ctx.store.removeBucket(bucket.minio_bucket_name);
    await client.query('DELETE FROM selfdb.buckets WHERE id = $1', [id]);
  });
}
