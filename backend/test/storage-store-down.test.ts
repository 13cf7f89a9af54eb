import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/local/ports.js';
import { startS3Server } from '../src/local/s3-server.js';
import { sweepPendingFiles } from '../src/services/pending-files.js';
import { buildTestApp } from './support/app.js';
import { services } from './support/services.js';
import {
  createBucket,
  fileRowCount,
  initiateUpload,
  pathOf,
  uploadFile,
  uploadFiles,
} from './support/storage.js';
import { createTestUser } from './support/users.js';

/**
 * The object store stopping under a running API: an S3 server of this file's own, stopped and
 * started again mid-test. Every answer must be 503 STORAGE_UNAVAILABLE with Retry-After, and
 * no metadata may change.
 */
const directory = await mkdtemp(path.join(tmpdir(), 'selfdb-test-s3-down-'));
const port = await freePort();
const keys = { accessKey: services().s3.accessKey, secretKey: services().s3.secretKey };
const start = () => startS3Server({ directory, host: '127.0.0.1', port, ...keys });
let s3 = await start();
afterAll(async () => {
  await s3.stop();
  await rm(directory, { recursive: true, force: true });
});

const { app } = await buildTestApp({
  env: {
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY: keys.accessKey,
    S3_SECRET_KEY: keys.secretKey,
  },
});
await app.ready();

const owner = await createTestUser(app);
const bucket = await createBucket(app, owner.headers, { is_public: true });
const file = await uploadFile(app, owner.headers, bucket.id, { content: 'kept safe' });

async function snapshot() {
  const files = await app.db.query('SELECT id, status, size, etag, updated_at FROM selfdb.files ORDER BY id');
  const buckets = await app.db.query('SELECT id, is_public, updated_at FROM selfdb.buckets ORDER BY id');
  return { files: files.rows, buckets: buckets.rows };
}

function expectUnavailable(res: {
  statusCode: number;
  json(): { code: string };
  headers: Record<string, unknown>;
}) {
  expect([res.statusCode, res.json().code]).toEqual([503, 'STORAGE_UNAVAILABLE']);
  expect(res.headers['retry-after']).toBe('5');
}

describe('the object store stopped mid-test', () => {
  it('makes every storage operation 503 STORAGE_UNAVAILABLE and changes no metadata', async () => {
    const started = (await initiateUpload(app, owner.headers, { bucket_id: bucket.id })).json();
    await s3.stop();
    const before = await snapshot();

    expectUnavailable(
      await app.inject({
        method: 'POST',
        url: '/api/v1/buckets',
        headers: owner.headers,
        payload: { name: 'while-down' },
      }),
    );
    expectUnavailable(await app.inject({ url: `/api/v1/files/${file.id}/content` }));
    expectUnavailable(
      await app.inject({ method: 'DELETE', url: `/api/v1/files/${file.id}`, headers: owner.headers }),
    );
    expectUnavailable(
      await app.inject({
        method: 'DELETE',
        url: `/api/v1/buckets/${bucket.id}?force=true`,
        headers: owner.headers,
      }),
    );
    expect(await snapshot()).toEqual(before);

    // Uploads fail too; what they started stays pending (hidden) until the store is back.
    expectUnavailable(
      await uploadFiles(app, owner.headers, bucket.id, [{ filename: 'new.txt', content: 'x' }]),
    );
    expectUnavailable(
      await app.inject({
        method: 'PUT',
        url: pathOf(started.presigned_upload_info.upload_url),
        payload: 'x',
      }),
    );
    const listed = await app.inject({ url: `/api/v1/buckets/${bucket.id}/files`, headers: owner.headers });
    expect(listed.json().map((f: { id: string }) => f.id)).toEqual([file.id]);

    const ready = await app.inject({ url: '/api/v1/health/ready' });
    expect(ready.statusCode).toBe(503);

    // Metadata stays readable while the store is down.
    expect(
      (await app.inject({ url: `/api/v1/buckets/${bucket.id}`, headers: owner.headers })).json().file_count,
    ).toBe(1);
  });

  it('serves and deletes again once the store is back, and the sweeper clears the interrupted uploads', async () => {
    s3 = await start();
    const content = await app.inject({ url: `/api/v1/files/${file.id}/content` });
    expect([content.statusCode, content.body]).toEqual([200, 'kept safe']);

    await app.db.query(
      "UPDATE selfdb.files SET updated_at = now() - interval '2 days' WHERE status = 'pending'",
    );
    await sweepPendingFiles(app.storage);
    expect(await fileRowCount(app, bucket.id)).toBe(1);

    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/files/${file.id}`,
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(await fileRowCount(app, bucket.id)).toBe(0);
  });

  it('answers 502 STORAGE_ERROR when the store refuses (bytes missing behind the API)', async () => {
    const lost = await uploadFile(app, owner.headers, bucket.id);
    await app.s3.removeObject(bucket.minio_bucket_name, lost.object_name);
    const res = await app.inject({ url: `/api/v1/files/${lost.id}/content` });
    expect([res.statusCode, res.json().code]).toEqual([502, 'STORAGE_ERROR']);
  });
});
