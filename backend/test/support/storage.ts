import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { BucketWithStats } from '../../src/services/buckets.js';
import type { StoredFile } from '../../src/services/files.js';

type Headers = Record<string, string>;

export const uniqueBucketName = (prefix = 'b') => `${prefix}-${randomBytes(5).toString('hex')}`;

export async function createBucket(
  app: FastifyInstance,
  headers: Headers,
  fields: { name?: string; is_public?: boolean; file_size_limit?: number } = {},
): Promise<BucketWithStats> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/buckets',
    headers,
    payload: { name: fields.name ?? uniqueBucketName(), ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`bucket creation failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Quotes and backslashes in a quoted header parameter are backslash-escaped. */
const quoted = (value: string) => value.replace(/["\\]/g, (c) => `\\${c}`);

export type UploadPart = { filename: string; content: Buffer | string; contentType?: string; field?: string };

/** A multipart/form-data body, written out by hand so tests control every byte of it. */
export function multipart(parts: UploadPart[], fields: Record<string, string> = {}) {
  const boundary = `----selfdb-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'files'}"; filename="${quoted(part.filename)}"\r\n` +
          `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function uploadFiles(
  app: FastifyInstance,
  headers: Headers,
  bucketId: string,
  parts: UploadPart[],
) {
  const body = multipart(parts);
  return app.inject({
    method: 'POST',
    url: `/api/v1/buckets/${bucketId}/files`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

/** Uploads one file through the multipart endpoint and returns it; fails the test otherwise. */
export async function uploadFile(
  app: FastifyInstance,
  headers: Headers,
  bucketId: string,
  part: Partial<UploadPart> = {},
): Promise<StoredFile> {
  const res = await uploadFiles(app, headers, bucketId, [
    { filename: 'hello.txt', content: 'hello, storage', contentType: 'text/plain', ...part },
  ]);
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json()[0];
}

export async function initiateUpload(
  app: FastifyInstance,
  headers: Headers,
  body: { bucket_id: string; filename?: string; content_type?: string; size?: number },
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/files/initiate-upload',
    headers,
    payload: { filename: 'upload.bin', ...body },
  });
}

/** The path and query of an absolute upload or download URL, for inject(). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export async function fileRowCount(app: FastifyInstance, bucketId?: string): Promise<number> {
  const res = await app.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM selfdb.files WHERE $1::uuid IS NULL OR bucket_id = $1',
    [bucketId ?? null],
  );
  return res.rows[0]?.n ?? 0;
}

/** Object keys actually present in a bucket's store bucket. */
export async function storedObjects(
  app: FastifyInstance,
  bucket: { minio_bucket_name: string },
): Promise<string[]> {
  return app.storage.store.listObjectNames(bucket.minio_bucket_name);
}
