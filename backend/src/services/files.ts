import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Caller, isLoggedIn } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { type Bucket, loadBucket } from './buckets.js';
import { contentTypeFor } from './content-types.js';
import { mayDeleteFile, mayManageBucket, mayReadBucket, mayReadFile, mayUpload } from './storage-access.js';
import type { StorageContext } from './storage-context.js';

export type FileStatus = 'pending' | 'ready';

export type StoredFile = {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  etag: string | null;
  bucket_id: string;
  bucket_name: string;
  object_name: string;
  owner_id: string | null;
  status: FileStatus;
  created_at: string;
  updated_at: string;
};

/** A file together with the bucket it is in, which decides who may reach it. */
export type FileRecord = { file: StoredFile; bucket: Bucket };

type Page = { skip: number; limit: number };

const FILE_COLUMNS = `f.id, f.filename, f.content_type, f.size, f.etag, f.bucket_id, b.name AS bucket_name,
  f.object_name, f.owner_id, f.status, f.created_at, f.updated_at`;
const FROM_FILES = 'FROM selfdb.files f JOIN selfdb.buckets b ON b.id = f.bucket_id';

const MAX_FILENAME_LENGTH = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function toFile(row: Record<string, unknown>): StoredFile {
  return {
    id: row.id as string,
    filename: row.filename as string,
    content_type: row.content_type as string,
    size: Number(row.size),
    etag: (row.etag as string | null) ?? null,
    bucket_id: row.bucket_id as string,
    bucket_name: row.bucket_name as string,
    object_name: row.object_name as string,
    owner_id: (row.owner_id as string | null) ?? null,
    status: row.status as FileStatus,
    created_at: (row.created_at as Date).toISOString(),
    updated_at: (row.updated_at as Date).toISOString(),
  };
}

function callerId(caller: Caller): string | null {
  return isLoggedIn(caller) ? caller.user.id : null;
}

/**
 * File names are metadata only (object keys are generated), so `../`, `/` and any Unicode are
 * kept as given; control characters (NUL cannot even be stored) and absurd lengths are refused.
 */
export function validateFilename(filename: string): void {
  const length = [...filename].length;
  if (length === 0 || length > MAX_FILENAME_LENGTH || CONTROL_CHARACTERS.test(filename)) {
    throw new AppError('INVALID_FILENAME');
  }
}

/** `<file id>` plus the name's extension when it is a plain one: never a path from the client. */
function objectNameFor(id: string, filename: string): string {
  const extension = /\.([A-Za-z0-9]{1,16})$/.exec(filename)?.[1];
  return extension ? `${id}.${extension.toLowerCase()}` : id;
}

/** The smaller of the server-wide limit and the bucket's own. */
export function uploadLimit(ctx: StorageContext, bucket: Bucket): number {
  return Math.min(ctx.settings.maxUploadBytes, bucket.file_size_limit ?? Number.POSITIVE_INFINITY);
}

export function tooLarge(limit: number): AppError {
  return new AppError('FILE_TOO_LARGE', `The file is larger than the upload limit of ${limit} bytes`, {
    Connection: 'close',
  });
}

async function loadFile(db: Queryable, id: string): Promise<FileRecord> {
  const res = await db.query(`SELECT ${FILE_COLUMNS} ${FROM_FILES} WHERE f.id = $1`, [id]);
  if (!res.rows[0]) throw new AppError('FILE_NOT_FOUND');
  const file = toFile(res.rows[0]);
  return { file, bucket: await loadBucket(db, file.bucket_id) };
}

/** A bucket the caller may upload to, or the reason they may not. */
export async function bucketForUpload(
  ctx: StorageContext,
  caller: Caller,
  bucketId: string,
): Promise<Bucket> {
  const bucket = await loadBucket(ctx.db, bucketId);
  if (!mayUpload(caller, bucket)) {
    throw new AppError(
      'FORBIDDEN',
      bucket.is_public ? undefined : 'Only the bucket owner may upload to a private bucket',
    );
  }
  return bucket;
}

/** Records a file whose bytes are still to come; it stays hidden until they are stored. */
export async function createPendingFile(
  ctx: StorageContext,
  bucket: Bucket,
  input: { filename: string; contentType?: string; ownerId: string | null; uploadNonce?: string },
): Promise<StoredFile> {
  validateFilename(input.filename);
  const id = randomUUID();
  const res = await ctx.db.query(
    `WITH f AS (
       INSERT INTO selfdb.files (id, bucket_id, filename, object_name, content_type, owner_id, upload_nonce)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
     )
     SELECT ${FILE_COLUMNS} FROM f JOIN selfdb.buckets b ON b.id = f.bucket_id`,
    [
      id,
      bucket.id,
      input.filename,
      objectNameFor(id, input.filename),
      contentTypeFor(input.contentType, input.filename),
      input.ownerId,
      input.uploadNonce ?? null,
    ],
  );
  return toFile(res.rows[0] as Record<string, unknown>);
}

/**
 * Streams a pending file's bytes to the store and marks it ready with the real size and etag.
 * On failure the partial object and the row go (the row stays for the sweeper only if the store
 * cannot be reached to remove the object).
 */
export async function storeFileBytes(
  ctx: StorageContext,
  bucket: Bucket,
  file: StoredFile,
  body: Readable,
  contentType: string,
): Promise<StoredFile> {
  let stored: { etag: string; size: number };
  try {
    stored = await ctx.store.putObject(bucket.minio_bucket_name, file.object_name, body, {
      contentType,
      maxBytes: uploadLimit(ctx, bucket),
    });
  } catch (err) {
    await discardPendingFile(ctx, bucket, file);
    throw err;
  }
  const res = await ctx.db.query(
    `WITH f AS (
       UPDATE selfdb.files SET status = 'ready', size = $2, etag = $3, content_type = $4, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING *
     )
     SELECT ${FILE_COLUMNS} FROM f JOIN selfdb.buckets b ON b.id = f.bucket_id`,
    [file.id, stored.size, stored.etag, contentType],
  );
  if (!res.rows[0]) {
    // Deleted or swept while its bytes were arriving: the object must not outlive the row.
    await ctx.store.removeObject(bucket.minio_bucket_name, file.object_name).catch(() => undefined);
    throw new AppError('FILE_NOT_FOUND', 'The file was deleted while it was being uploaded');
  }
  return toFile(res.rows[0] as Record<string, unknown>);
}

async function discardPendingFile(ctx: StorageContext, bucket: Bucket, file: StoredFile): Promise<void> {
  try {
    await ctx.store.removeObject(bucket.minio_bucket_name, file.object_name);
    await ctx.db.query("DELETE FROM selfdb.files WHERE id = $1 AND status = 'pending'", [file.id]);
  } catch {
    // The sweeper removes the object and the row once the store answers again.
  }
}

/** Removes a stored file: the object first, so the row never points at nothing. */
async function removeFile(ctx: StorageContext, bucket: Bucket, file: StoredFile): Promise<void> {
  await ctx.store.removeObject(bucket.minio_bucket_name, file.object_name);
  await ctx.db.query('DELETE FROM selfdb.files WHERE id = $1', [file.id]);
}

/**
 * Direct upload of several files: each is streamed in turn. If one fails, those already stored
 * by this request are removed too, so a failed request leaves nothing behind.
 */
export async function uploadFiles(
  ctx: StorageContext,
  caller: Caller,
  bucket: Bucket,
  parts: AsyncIterable<{ filename: string; mimetype: string; file: Readable }>,
): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for await (const part of parts) {
      const pending = await createPendingFile(ctx, bucket, {
        filename: part.filename,
        contentType: part.mimetype,
        ownerId: callerId(caller),
      });
      stored.push(await storeFileBytes(ctx, bucket, pending, part.file, pending.content_type));
    }
  } catch (err) {
    for (const file of stored) await removeFile(ctx, bucket, file).catch(() => undefined);
    throw err;
  }
  return stored;
}

/** Step one of the two-step upload: a pending file and a signed, single-use upload URL. */
export async function initiateUpload(
  ctx: StorageContext,
  caller: Caller,
  input: { bucket_id: string; filename: string; content_type?: string; size?: number },
): Promise<{ file: StoredFile; uploadUrl: string; expiresAt: Date }> {
  const bucket = await bucketForUpload(ctx, caller, input.bucket_id);
  const limit = uploadLimit(ctx, bucket);
  if (input.size !== undefined && input.size > limit) throw tooLarge(limit);
  const nonce = randomUUID();
  const file = await createPendingFile(ctx, bucket, {
    filename: input.filename,
    contentType: input.content_type,
    ownerId: callerId(caller),
    uploadNonce: nonce,
  });
  const expiresAt = new Date(Date.now() + ctx.settings.uploadUrlSeconds * 1000);
  const token = ctx.tokens.signUpload(file.id, nonce, expiresAt);
  return { file, uploadUrl: `${ctx.apiUrl}/files/${file.id}/content?token=${token}`, expiresAt };
}

/**
 * Step two: the bytes, authorised by the upload token alone. The token is claimed before any
 * byte is read (so it works once, even under concurrent attempts); any failure after that
 * discards the pending file, and a new upload starts from step one.
 */
export async function receiveUpload(
  ctx: StorageContext,
  fileId: string,
  token: string | undefined,
  upload: { body: Readable; contentType?: string; declaredLength?: number },
): Promise<StoredFile> {
  const nonce = ctx.tokens.verifyUpload(token, fileId);
  const claimed = await ctx.db.query(
    `UPDATE selfdb.files SET upload_nonce = NULL, updated_at = now()
     WHERE id = $1 AND status = 'pending' AND upload_nonce = $2 RETURNING id`,
    [fileId, nonce],
  );
  const { file, bucket } = await loadFile(ctx.db, fileId);
  if (!claimed.rowCount) throw new AppError('UPLOAD_TOKEN_USED');
  const limit = uploadLimit(ctx, bucket);
  if (upload.declaredLength !== undefined && upload.declaredLength > limit) {
    await discardPendingFile(ctx, bucket, file);
    throw tooLarge(limit);
  }
  const contentType = upload.contentType
    ? contentTypeFor(upload.contentType, file.filename)
    : file.content_type;
  return storeFileBytes(ctx, bucket, file, upload.body, contentType);
}

/** Stored files of a bucket the caller may read; `prefix` and `search` match the file name. */
export async function listBucketFiles(
  ctx: StorageContext,
  caller: Caller,
  bucketId: string,
  query: Page & { prefix?: string; search?: string },
): Promise<StoredFile[]> {
  const bucket = await loadBucket(ctx.db, bucketId);
  if (!mayReadBucket(caller, bucket)) throw new AppError('FORBIDDEN', 'This bucket is private');
  const res = await ctx.db.query(
    `SELECT ${FILE_COLUMNS} ${FROM_FILES}
     WHERE f.bucket_id = $1 AND f.status = 'ready'
       AND ($2::text IS NULL OR starts_with(f.filename, $2))
       AND ($3::text IS NULL OR strpos(lower(f.filename), lower($3)) > 0)
     ORDER BY f.created_at DESC, f.id OFFSET $4 LIMIT $5`,
    [bucketId, query.prefix || null, query.search || null, query.skip, query.limit],
  );
  return res.rows.map(toFile);
}

/**
 * The caller's own stored files; with `bucket_id`, the bucket owner and superusers see every
 * file in it, anyone else their own files in it.
 */
export async function listOwnFiles(
  ctx: StorageContext,
  caller: Caller,
  query: Page & { bucket_id?: string },
): Promise<StoredFile[]> {
  let everyFileInBucket = false;
  if (query.bucket_id) {
    const bucket = await loadBucket(ctx.db, query.bucket_id);
    everyFileInBucket = mayManageBucket(caller, bucket);
  }
  const res = await ctx.db.query(
    `SELECT ${FILE_COLUMNS} ${FROM_FILES}
     WHERE f.status = 'ready' AND ($1::uuid IS NULL OR f.bucket_id = $1) AND ($2 OR f.owner_id = $3)
     ORDER BY f.created_at DESC, f.id OFFSET $4 LIMIT $5`,
    [query.bucket_id ?? null, everyFileInBucket, callerId(caller), query.skip, query.limit],
  );
  return res.rows.map(toFile);
}

/** A file the caller may read (pending ones included: their status says so). */
export async function getFile(ctx: StorageContext, caller: Caller, id: string): Promise<StoredFile> {
  const { file, bucket } = await loadFile(ctx.db, id);
  if (!mayReadFile(caller, bucket, file)) throw new AppError('FORBIDDEN', 'This file is in a private bucket');
  return file;
}

/**
 * A stored file whose bytes may be served: files in public buckets to anyone; private ones to a
 * caller who may read them or with a valid download token.
 */
export async function readableFile(
  ctx: StorageContext,
  caller: Caller,
  id: string,
  token: string | undefined,
): Promise<FileRecord> {
  const record = await loadFile(ctx.db, id);
  if (record.file.status !== 'ready')
    throw new AppError('FILE_NOT_FOUND', 'The file has not been uploaded yet');
  if (record.bucket.is_public) return record;
  if (token !== undefined) {
    ctx.tokens.verifyDownload(token, id);
    return record;
  }
  if (mayReadFile(caller, record.bucket, record.file)) return record;
  if (caller.role === 'public') {
    throw new AppError(
      'AUTH_REQUIRED',
      'This file is private: use a signed URL from download-info, or send credentials',
    );
  }
  throw new AppError('FORBIDDEN', 'This file is in a private bucket');
}

export type FileUrl = { file_metadata: StoredFile; url: string; expires_at: string | null };

/**
 * The absolute URL of a file's bytes: stable and credential-free for public buckets, signed and
 * expiring for private ones. `publicOnly` refuses files in private buckets (the `/files/public`
 * endpoints).
 */
export async function fileUrl(
  ctx: StorageContext,
  caller: Caller,
  id: string,
  options: { download: boolean; publicOnly: boolean; expiresIn?: number },
): Promise<FileUrl> {
  const { file, bucket } = await loadFile(ctx.db, id);
  if (options.publicOnly && !bucket.is_public)
    throw new AppError('FORBIDDEN', 'This file is not in a public bucket');
  if (!mayReadFile(caller, bucket, file)) throw new AppError('FORBIDDEN', 'This file is in a private bucket');
  if (file.status !== 'ready') throw new AppError('FILE_NOT_FOUND', 'The file has not been uploaded yet');
  const params = new URLSearchParams();
  let expiresAt: Date | null = null;
  if (!bucket.is_public) {
    expiresAt = new Date(Date.now() + (options.expiresIn ?? ctx.settings.downloadUrlSeconds) * 1000);
    params.set('token', ctx.tokens.signDownload(file.id, expiresAt));
  }
  if (options.download) params.set('download', '1');
  const query = params.size > 0 ? `?${params}` : '';
  return {
    file_metadata: file,
    url: `${ctx.apiUrl}/files/${file.id}/content${query}`,
    expires_at: expiresAt?.toISOString() ?? null,
  };
}

/** Deletes a file: the object first; if the store fails, the row stays and the error is returned. */
export async function deleteFile(ctx: StorageContext, caller: Caller, id: string): Promise<void> {
  const { file, bucket } = await loadFile(ctx.db, id);
  if (!mayDeleteFile(caller, bucket, file)) {
    throw new AppError(
      'FORBIDDEN',
      'Only the file owner, the bucket owner or a superuser may delete this file',
    );
  }
  await removeFile(ctx, bucket, file);
}
