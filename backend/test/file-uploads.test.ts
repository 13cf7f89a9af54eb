import { request } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sweepPendingFiles } from '../src/services/pending-files.js';
import { buildTestApp } from './support/app.js';
import {
  createBucket,
  fileRowCount,
  initiateUpload,
  multipart,
  pathOf,
  storedObjects,
  uploadFile,
  uploadFiles,
} from './support/storage.js';
import { anonHeaders, createTestUser } from './support/users.js';

const LIMIT = 64 * 1024;
const { app } = await buildTestApp({ env: { MAX_UPLOAD_BYTES: String(LIMIT) } });
await app.ready();

const owner = await createTestUser(app);
const other = await createTestUser(app);
const publicBucket = await createBucket(app, owner.headers, { is_public: true });
const privateBucket = await createBucket(app, owner.headers, { is_public: false });

/** Asserts that a bucket holds exactly these files, in rows and in the store. */
async function expectNothingWritten(bucket: { id: string; minio_bucket_name: string }, before: number) {
  expect(await fileRowCount(app, bucket.id)).toBe(before);
  expect((await storedObjects(app, bucket)).length).toBe(before);
}

async function freshBucket(isPublic = false) {
  return createBucket(app, owner.headers, { is_public: isPublic });
}

async function put(url: string, payload: Buffer | string | Readable, headers: Record<string, string> = {}) {
  return app.inject({ method: 'PUT', url: pathOf(url), payload, headers });
}

describe('direct multipart upload', () => {
  it('streams several files in one request and records real size, type and etag', async () => {
    const bucket = await freshBucket();
    const res = await uploadFiles(app, owner.headers, bucket.id, [
      { filename: 'a.txt', content: 'first file', contentType: 'text/plain' },
      { filename: 'b.png', content: Buffer.alloc(3000, 1), contentType: 'image/png' },
      { filename: 'c.JSON', content: '{}' },
    ]);
    expect(res.statusCode).toBe(201);
    const files = res.json();
    expect(
      files.map((f: { filename: string; size: number; content_type: string; status: string }) => [
        f.filename,
        f.size,
        f.content_type,
        f.status,
      ]),
    ).toEqual([
      ['a.txt', 10, 'text/plain', 'ready'],
      ['b.png', 3000, 'image/png', 'ready'],
      ['c.JSON', 2, 'application/json', 'ready'],
    ]);
    for (const file of files) {
      expect(file.object_name).toMatch(new RegExp(`^${file.id}\\.[a-z]+$`));
      expect(file.etag).toMatch(/^[0-9a-f-]+$/);
      expect(file.owner_id).toBe(owner.id);
    }
    expect((await storedObjects(app, bucket)).sort()).toEqual(
      files.map((f: { object_name: string }) => f.object_name).sort(),
    );
    const content = await app.inject({ url: `/api/v1/files/${files[0].id}/content`, headers: owner.headers });
    expect(content.body).toBe('first file');
  });

  it('lets anon upload to a public bucket, with no owner', async () => {
    const file = await uploadFile(app, anonHeaders(app), publicBucket.id);
    expect(file.owner_id).toBeNull();
  });

  it('refuses a body that is not multipart: 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/buckets/${publicBucket.id}/files`,
      headers: owner.headers,
      payload: { file: 'nope' },
    });
    expect([res.statusCode, res.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('refuses a form with no file: 400, nothing written', async () => {
    const bucket = await freshBucket();
    const body = multipart([], { note: 'no file here' });
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/buckets/${bucket.id}/files`,
      headers: { ...owner.headers, ...body.headers },
      payload: body.payload,
    });
    expect([res.statusCode, res.json().code]).toEqual([400, 'BAD_REQUEST']);
    await expectNothingWritten(bucket, 0);
  });
});

describe('two-step upload', () => {
  it('initiates a pending file with an absolute single-use URL, then stores the PUT body', async () => {
    const bucket = await freshBucket();
    const started = await initiateUpload(app, owner.headers, {
      bucket_id: bucket.id,
      filename: 'report.pdf',
      content_type: 'application/pdf',
      size: 5,
    });
    expect(started.statusCode).toBe(201);
    const { file_metadata: pending, presigned_upload_info: info } = started.json();
    expect(pending).toMatchObject({ status: 'pending', size: 0, filename: 'report.pdf', etag: null });
    expect(info.upload_method).toBe('PUT');
    expect(info.upload_url).toMatch(
      new RegExp(`^http://localhost:8000/api/v1/files/${pending.id}/content\\?token=`),
    );
    expect(new Date(info.expires_at).getTime()).toBeGreaterThan(Date.now());

    // Pending files are hidden from listings until their bytes are stored.
    const listed = await app.inject({ url: `/api/v1/buckets/${bucket.id}/files`, headers: owner.headers });
    expect(listed.json()).toEqual([]);

    const res = await put(info.upload_url, 'hello', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: pending.id,
      status: 'ready',
      size: 5,
      content_type: 'text/plain',
    });
    const after = await app.inject({ url: `/api/v1/buckets/${bucket.id}/files`, headers: owner.headers });
    expect(after.json().map((f: { id: string }) => f.id)).toEqual([pending.id]);
  });

  it('keeps the initiated content type when the PUT names none', async () => {
    const started = await initiateUpload(app, owner.headers, {
      bucket_id: publicBucket.id,
      filename: 'photo',
      content_type: 'image/webp',
    });
    const res = await put(started.json().presigned_upload_info.upload_url, Buffer.from([1, 2, 3]));
    expect(res.json()).toMatchObject({ content_type: 'image/webp', size: 3 });
  });

  it('stores an empty body as an empty file', async () => {
    const started = await initiateUpload(app, owner.headers, { bucket_id: publicBucket.id });
    const res = await put(started.json().presigned_upload_info.upload_url, '');
    expect(res.json()).toMatchObject({ status: 'ready', size: 0 });
  });
});

describe('upload tokens (bad input)', () => {
  async function pendingUpload() {
    const started = await initiateUpload(app, owner.headers, { bucket_id: privateBucket.id });
    const { file_metadata, presigned_upload_info } = started.json();
    return { id: file_metadata.id as string, url: presigned_upload_info.upload_url as string };
  }

  async function expectStillPending(id: string) {
    const res = await app.db.query('SELECT status, size FROM selfdb.files WHERE id = $1', [id]);
    expect(res.rows[0]).toEqual({ status: 'pending', size: '0' });
  }

  it('refuses a missing or garbled token: 401 UPLOAD_TOKEN_INVALID, nothing stored', async () => {
    const { id } = await pendingUpload();
    for (const query of ['', '?token=', '?token=abc', '?token=abc.def', `?token=${'x'.repeat(500)}`]) {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/files/${id}/content${query}`,
        payload: 'x',
      });
      expect([res.statusCode, res.json().code]).toEqual([401, 'UPLOAD_TOKEN_INVALID']);
    }
    await expectStillPending(id);
  });

  it('refuses a token whose signature was tampered with', async () => {
    const { id, url } = await pendingUpload();
    const token = new URL(url).searchParams.get('token') ?? '';
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), expiresAt: 4e9 }),
    ).toString('base64url');
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/files/${id}/content?token=${forged}.${mac}`,
      payload: 'x',
    });
    expect([res.statusCode, res.json().code]).toEqual([401, 'UPLOAD_TOKEN_INVALID']);
    await expectStillPending(id);
  });

  it("refuses another file's token: 401 UPLOAD_TOKEN_INVALID, neither file changes", async () => {
    const first = await pendingUpload();
    const second = await pendingUpload();
    const token = new URL(first.url).searchParams.get('token');
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/files/${second.id}/content?token=${token}`,
      payload: 'x',
    });
    expect([res.statusCode, res.json().code]).toEqual([401, 'UPLOAD_TOKEN_INVALID']);
    await expectStillPending(first.id);
    await expectStillPending(second.id);
  });

  it('refuses an expired token: 401 UPLOAD_TOKEN_EXPIRED, nothing stored', async () => {
    const { id } = await pendingUpload();
    const row = await app.db.query('SELECT upload_nonce FROM selfdb.files WHERE id = $1', [id]);
    const nonce = row.rows[0]?.upload_nonce;
    const expired = app.storage.tokens.signUpload(id, nonce, new Date(Date.now() - 1000));
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/files/${id}/content?token=${expired}`,
      payload: 'x',
    });
    expect([res.statusCode, res.json().code]).toEqual([401, 'UPLOAD_TOKEN_EXPIRED']);
    await expectStillPending(id);
  });

  it('refuses a download token used as an upload token', async () => {
    const { id } = await pendingUpload();
    const download = app.storage.tokens.signDownload(id, new Date(Date.now() + 60_000));
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/files/${id}/content?token=${download}`,
      payload: 'x',
    });
    expect([res.statusCode, res.json().code]).toEqual([401, 'UPLOAD_TOKEN_INVALID']);
  });

  it('refuses a reused token: 409 UPLOAD_TOKEN_USED, the stored bytes stay', async () => {
    const { id, url } = await pendingUpload();
    expect((await put(url, 'first')).statusCode).toBe(200);
    const again = await put(url, 'second, longer');
    expect([again.statusCode, again.json().code]).toEqual([409, 'UPLOAD_TOKEN_USED']);
    const content = await app.inject({ url: `/api/v1/files/${id}/content`, headers: owner.headers });
    expect(content.body).toBe('first');
  });

  it('accepts exactly one of two simultaneous PUTs with the same token', async () => {
    const { url } = await pendingUpload();
    const statuses = (await Promise.all([put(url, 'one'), put(url, 'two')])).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
  });

  it('does not accept an access token in place of an upload token', async () => {
    const { id } = await pendingUpload();
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/files/${id}/content?token=${owner.token}`,
      payload: 'x',
      headers: owner.headers,
    });
    expect([res.statusCode, res.json().code]).toEqual([401, 'UPLOAD_TOKEN_INVALID']);
  });
});

describe('file names (bad input): metadata only, object keys generated', () => {
  const kept: Array<[string, string, string]> = [
    ['path traversal', '../../etc/passwd', /* extension */ ''],
    ['a path with slashes', 'photos/2024/cat.jpg', '.jpg'],
    ['unicode', 'résumé – 履歴書 🐱.pdf', '.pdf'],
    ['a backslash path', '..\\..\\boot.ini', '.ini'],
    ['quotes and semicolons', 'a"b;c=d.txt', '.txt'],
  ];
  it.each(kept)('keeps a name with %s as given, under a generated key', async (_, filename, extension) => {
    for (const flow of ['multipart', 'two-step'] as const) {
      let file: { id: string; filename: string; object_name: string };
      if (flow === 'multipart') {
        file = await uploadFile(app, owner.headers, publicBucket.id, { filename });
      } else {
        const started = await initiateUpload(app, owner.headers, { bucket_id: publicBucket.id, filename });
        file = (await put(started.json().presigned_upload_info.upload_url, 'x')).json();
      }
      expect(file.filename).toBe(filename);
      expect(file.object_name).toBe(`${file.id}${extension}`);
    }
  });

  const refused: Array<[string, string]> = [
    ['a NUL byte', 'evil\u0000.txt'],
    ['a newline', 'two\nlines.txt'],
    ['1,000 characters', `${'a'.repeat(996)}.txt`],
    ['no characters', ''],
  ];
  it.each(refused)('refuses a name with %s: 400 INVALID_FILENAME, nothing written', async (_, filename) => {
    const bucket = await freshBucket();
    const res = await initiateUpload(app, owner.headers, { bucket_id: bucket.id, filename });
    expect([res.statusCode, res.json().code]).toEqual([400, 'INVALID_FILENAME']);
    await expectNothingWritten(bucket, 0);
  });

  it('refuses a 1,000-character name in a multipart upload too', async () => {
    const bucket = await freshBucket();
    const res = await uploadFiles(app, owner.headers, bucket.id, [
      { filename: `${'b'.repeat(996)}.txt`, content: 'x' },
    ]);
    expect([res.statusCode, res.json().code]).toEqual([400, 'INVALID_FILENAME']);
    await expectNothingWritten(bucket, 0);
  });
});

describe('upload size limit (bad input)', () => {
  const tooBig = Buffer.alloc(LIMIT + 1, 7);

  it('accepts a file of exactly MAX_UPLOAD_BYTES', async () => {
    const file = await uploadFile(app, owner.headers, publicBucket.id, { content: Buffer.alloc(LIMIT, 1) });
    expect(file.size).toBe(LIMIT);
  });

  it('refuses a declared size over the limit at initiation: 413 FILE_TOO_LARGE, nothing written', async () => {
    const bucket = await freshBucket();
    const res = await initiateUpload(app, owner.headers, { bucket_id: bucket.id, size: LIMIT + 1 });
    expect([res.statusCode, res.json().code]).toEqual([413, 'FILE_TOO_LARGE']);
    await expectNothingWritten(bucket, 0);
  });

  it('refuses a PUT whose Content-Length is over the limit before reading it; the pending file goes', async () => {
    const bucket = await freshBucket();
    const started = await initiateUpload(app, owner.headers, { bucket_id: bucket.id });
    const res = await put(started.json().presigned_upload_info.upload_url, tooBig);
    expect([res.statusCode, res.json().code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(res.headers.connection).toBe('close');
    await expectNothingWritten(bucket, 0);
  });

  it('stops a streamed PUT of unknown length at the limit: 413, the partial object and the row removed', async () => {
    const bucket = await freshBucket();
    const started = await initiateUpload(app, owner.headers, { bucket_id: bucket.id });
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(4096, 3)); // 160 KiB, no Content-Length
    const res = await put(started.json().presigned_upload_info.upload_url, Readable.from(chunks), {
      'transfer-encoding': 'chunked',
    });
    expect([res.statusCode, res.json().code]).toEqual([413, 'FILE_TOO_LARGE']);
    await expectNothingWritten(bucket, 0);
  });

  it('stops a multipart file at the limit, and removes the files stored before it in that request', async () => {
    const bucket = await freshBucket();
    const res = await uploadFiles(app, owner.headers, bucket.id, [
      { filename: 'small.txt', content: 'fits' },
      { filename: 'big.bin', content: tooBig },
    ]);
    expect([res.statusCode, res.json().code]).toEqual([413, 'FILE_TOO_LARGE']);
    await expectNothingWritten(bucket, 0);
  });

  it("applies a bucket's own, smaller limit", async () => {
    const bucket = await createBucket(app, owner.headers, { file_size_limit: 10 });
    const res = await uploadFiles(app, owner.headers, bucket.id, [
      { filename: 'x.txt', content: 'eleven char' },
    ]);
    expect([res.statusCode, res.json().code]).toEqual([413, 'FILE_TOO_LARGE']);
    await expectNothingWritten(bucket, 0);
    expect(
      (await uploadFiles(app, owner.headers, bucket.id, [{ filename: 'x.txt', content: 'ten chars!' }]))
        .statusCode,
    ).toBe(201);
  });
});

describe('who may upload (bad input)', () => {
  it('refuses anon uploads to a private bucket, in both flows: 403, nothing written', async () => {
    const bucket = await freshBucket(false);
    const direct = await uploadFiles(app, anonHeaders(app), bucket.id, [{ filename: 'a.txt', content: 'x' }]);
    expect([direct.statusCode, direct.json().code]).toEqual([403, 'FORBIDDEN']);
    const started = await initiateUpload(app, anonHeaders(app), { bucket_id: bucket.id });
    expect([started.statusCode, started.json().code]).toEqual([403, 'FORBIDDEN']);
    await expectNothingWritten(bucket, 0);
  });

  it("refuses another user's uploads to a private bucket: 403, nothing written", async () => {
    const bucket = await freshBucket(false);
    const direct = await uploadFiles(app, other.headers, bucket.id, [{ filename: 'a.txt', content: 'x' }]);
    expect([direct.statusCode, direct.json().code]).toEqual([403, 'FORBIDDEN']);
    await expectNothingWritten(bucket, 0);
  });

  it('answers 404 BUCKET_NOT_FOUND for an unknown bucket', async () => {
    const res = await initiateUpload(app, owner.headers, {
      bucket_id: '00000000-0000-4000-8000-000000000000',
    });
    expect([res.statusCode, res.json().code]).toEqual([404, 'BUCKET_NOT_FOUND']);
  });
});

describe('abandoned pending uploads', () => {
  async function age(id: string, seconds: number) {
    await app.db.query(
      `UPDATE selfdb.files SET updated_at = now() - make_interval(secs => $2) WHERE id = $1`,
      [id, seconds],
    );
  }

  it('are swept (row and any partial object) once older than PENDING_UPLOAD_MAX_AGE_SECONDS', async () => {
    const bucket = await freshBucket();
    const stale = (await initiateUpload(app, owner.headers, { bucket_id: bucket.id })).json().file_metadata;
    const fresh = (await initiateUpload(app, owner.headers, { bucket_id: bucket.id })).json().file_metadata;
    const stored = await uploadFile(app, owner.headers, bucket.id);
    // A partial object, as an interrupted upload would leave.
    await app.s3.putObject(bucket.minio_bucket_name, stale.object_name, Buffer.from('partial'));
    await age(stale.id, 86_400 + 60);
    await age(stored.id, 86_400 + 60);

    expect(await sweepPendingFiles(app.storage)).toBeGreaterThanOrEqual(1);
    const left = await app.db.query('SELECT id FROM selfdb.files WHERE bucket_id = $1 ORDER BY id', [
      bucket.id,
    ]);
    expect(left.rows.map((r) => r.id).sort()).toEqual([fresh.id, stored.id].sort());
    expect(await storedObjects(app, bucket)).toEqual([stored.object_name]);
  });

  it('are swept by one replica at a time (advisory lock)', async () => {
    await app.db.withTransaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('selfdb.files.sweep-pending'))");
      expect(await sweepPendingFiles(app.storage)).toBeNull();
    });
    expect(await sweepPendingFiles(app.storage)).not.toBeNull();
  });

  it('cannot be completed once swept: the token answers 404 and nothing is stored', async () => {
    const bucket = await freshBucket();
    const started = (await initiateUpload(app, owner.headers, { bucket_id: bucket.id })).json();
    await age(started.file_metadata.id, 86_400 + 60);
    await sweepPendingFiles(app.storage);
    const res = await put(started.presigned_upload_info.upload_url, 'late');
    expect([res.statusCode, res.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
    await expectNothingWritten(bucket, 0);
  });
});

describe('an upload the client abandons midway', () => {
  it('leaves no object and no pending row behind', async () => {
    const bucket = await freshBucket();
    const started = (await initiateUpload(app, owner.headers, { bucket_id: bucket.id })).json();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const req = request(`http://127.0.0.1:${port}${pathOf(started.presigned_upload_info.upload_url)}`, {
      method: 'PUT',
      headers: { 'content-length': String(LIMIT) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(LIMIT / 2, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    req.destroy();
    await expect.poll(() => fileRowCount(app, bucket.id), { timeout: 5000 }).toBe(0);
    expect(await storedObjects(app, bucket)).toEqual([]);
  });
});
