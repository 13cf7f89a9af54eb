import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createBucket, fileRowCount, pathOf, storedObjects, uploadFile } from './support/storage.js';
import { anonHeaders, createTestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();

const owner = await createTestUser(app);
const other = await createTestUser(app);
const superuser = await createTestUser(app, { is_superuser: true });
const publicBucket = await createBucket(app, owner.headers, { is_public: true });
const privateBucket = await createBucket(app, owner.headers, { is_public: false });

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'; // 36 bytes
const publicFile = await uploadFile(app, owner.headers, publicBucket.id, {
  filename: 'digits.txt',
  content: DIGITS,
  contentType: 'text/plain',
});
const privateFile = await uploadFile(app, owner.headers, privateBucket.id, {
  filename: 'secret.txt',
  content: 'private bytes',
  contentType: 'text/plain',
});

const contentUrl = (id: string, query = '') => `/api/v1/files/${id}/content${query}`;

describe('public files', () => {
  it('stream with no credentials at all, with type, length, etag and inline disposition', async () => {
    const res = await app.inject({ url: contentUrl(publicFile.id) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(DIGITS);
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain',
      'content-length': '36',
      etag: `"${publicFile.etag}"`,
      'accept-ranges': 'bytes',
      'content-disposition': `inline; filename="digits.txt"; filename*=UTF-8''digits.txt`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=3600',
    });
  });

  it('have stable credential-free URLs in download-info and view-info, public or not', async () => {
    for (const base of [`/api/v1/files/${publicFile.id}`, `/api/v1/files/public/${publicFile.id}`]) {
      const download = (await app.inject({ url: `${base}/download-info`, headers: anonHeaders(app) })).json();
      expect(download.download_url).toBe(
        `http://localhost:8000/api/v1/files/${publicFile.id}/content?download=1`,
      );
      expect(download.expires_at).toBeNull();
      expect(download.file_metadata.id).toBe(publicFile.id);
      const view = (await app.inject({ url: `${base}/view-info`, headers: anonHeaders(app) })).json();
      expect(view.view_url).toBe(`http://localhost:8000/api/v1/files/${publicFile.id}/content`);
    }
    const attachment = await app.inject({ url: contentUrl(publicFile.id, '?download=1') });
    expect(attachment.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('still check credentials that are sent: a bad token is 401, not a silent fall-back', async () => {
    const res = await app.inject({
      url: contentUrl(publicFile.id),
      headers: { authorization: 'Bearer nonsense' },
    });
    expect([res.statusCode, res.json().code]).toEqual([401, 'TOKEN_INVALID']);
  });
});

describe('ranges and conditional requests', () => {
  const ranges: Array<[string, number, string, string]> = [
    ['bytes=0-9', 206, '0123456789', 'bytes 0-9/36'],
    ['bytes=30-', 206, 'uvwxyz', 'bytes 30-35/36'],
    ['bytes=-4', 206, 'wxyz', 'bytes 32-35/36'],
    ['bytes=34-100', 206, 'yz', 'bytes 34-35/36'],
    ['bytes=-100', 206, DIGITS, 'bytes 0-35/36'],
  ];
  it.each(ranges)('Range %s → %i', async (range, status, body, contentRange) => {
    const res = await app.inject({ url: contentUrl(publicFile.id), headers: { range } });
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(body);
    expect(res.headers['content-range']).toBe(contentRange);
    expect(res.headers['content-length']).toBe(String(body.length));
  });

  it.each(['bytes=36-', 'bytes=100-200', 'bytes=-0'])(
    'Range %s beyond the end → 416 RANGE_NOT_SATISFIABLE with Content-Range */size',
    async (range) => {
      const res = await app.inject({ url: contentUrl(publicFile.id), headers: { range } });
      expect([res.statusCode, res.json().code]).toEqual([416, 'RANGE_NOT_SATISFIABLE']);
      expect(res.headers['content-range']).toBe('bytes */36');
    },
  );

  it.each(['bytes=5-2', 'items=0-5', 'bytes=0-1,4-5', 'bytes=abc'])(
    'ignores the unsupported or malformed Range %s and sends the whole file',
    async (range) => {
      const res = await app.inject({ url: contentUrl(publicFile.id), headers: { range } });
      expect([res.statusCode, res.body]).toEqual([200, DIGITS]);
    },
  );

  it('answers If-None-Match with the current etag by 304 and no body', async () => {
    for (const ifNoneMatch of [
      `"${publicFile.etag}"`,
      `W/"${publicFile.etag}"`,
      `"other", "${publicFile.etag}"`,
      '*',
    ]) {
      const res = await app.inject({
        url: contentUrl(publicFile.id),
        headers: { 'if-none-match': ifNoneMatch },
      });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(`"${publicFile.etag}"`);
    }
    const changed = await app.inject({
      url: contentUrl(publicFile.id),
      headers: { 'if-none-match': '"stale"' },
    });
    expect(changed.statusCode).toBe(200);
  });

  it('sends the whole file when If-Range names another version', async () => {
    const res = await app.inject({
      url: contentUrl(publicFile.id),
      headers: { range: 'bytes=0-1', 'if-range': '"old"' },
    });
    expect([res.statusCode, res.body]).toEqual([200, DIGITS]);
    const same = await app.inject({
      url: contentUrl(publicFile.id),
      headers: { range: 'bytes=0-1', 'if-range': `"${publicFile.etag}"` },
    });
    expect([same.statusCode, same.body]).toEqual([206, '01']);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await app.inject({ method: 'HEAD', url: contentUrl(publicFile.id) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('36');
    expect(res.body).toBe('');
  });
});

describe('content disposition and active content', () => {
  it.each([
    [
      'résumé 履歴書.pdf',
      `inline; filename="r_sum_ ___.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E5%B1%A5%E6%AD%B4%E6%9B%B8.pdf`,
    ],
    ['say "hi".txt', `inline; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`],
    ['../../etc/passwd', `inline; filename="passwd"; filename*=UTF-8''passwd`],
    ['C:\\Users\\me\\notes.txt', `inline; filename="notes.txt"; filename*=UTF-8''notes.txt`],
    ["it's (100%).txt", `inline; filename="it's (100_).txt"; filename*=UTF-8''it%27s%20%28100%25%29.txt`],
  ])('encodes the name %j safely', async (filename, header) => {
    const file = await uploadFile(app, owner.headers, publicBucket.id, { filename });
    const res = await app.inject({ url: contentUrl(file.id) });
    expect(res.headers['content-disposition']).toBe(header);
  });

  it('sandboxes HTML and SVG so an upload cannot script against the API origin', async () => {
    const html = await uploadFile(app, owner.headers, publicBucket.id, {
      filename: 'page.html',
      content: '<script>alert(1)</script>',
      contentType: 'text/html',
    });
    const res = await app.inject({ url: contentUrl(html.id) });
    expect(res.headers['content-security-policy']).toBe('sandbox');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('private files (bad input)', () => {
  it('refuse a request with no credentials (401), anon and other users (403)', async () => {
    const none = await app.inject({ url: contentUrl(privateFile.id) });
    expect([none.statusCode, none.json().code]).toEqual([401, 'AUTH_REQUIRED']);
    for (const headers of [anonHeaders(app), other.headers]) {
      const res = await app.inject({ url: contentUrl(privateFile.id), headers });
      expect([res.statusCode, res.json().code]).toEqual([403, 'FORBIDDEN']);
      const info = await app.inject({ url: `/api/v1/files/${privateFile.id}/download-info`, headers });
      expect([info.statusCode, info.json().code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('stream to their owner and superusers with their credentials', async () => {
    for (const headers of [owner.headers, superuser.headers]) {
      const res = await app.inject({ url: contentUrl(privateFile.id), headers });
      expect([res.statusCode, res.body]).toEqual([200, 'private bytes']);
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
  });

  it('get a signed, expiring URL that works with no credentials', async () => {
    const info = await app.inject({
      url: `/api/v1/files/${privateFile.id}/download-info?expires_in=120`,
      headers: owner.headers,
    });
    const { download_url, expires_at } = info.json();
    expect(download_url).toMatch(/\?token=[^&]+&download=1$/);
    const lifetime = new Date(expires_at).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
    const res = await app.inject({ url: pathOf(download_url) });
    expect([res.statusCode, res.body]).toEqual([200, 'private bytes']);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('refuse an expired URL (401 DOWNLOAD_TOKEN_EXPIRED) and one signed for another file (401)', async () => {
    const expired = app.storage.tokens.signDownload(privateFile.id, new Date(Date.now() - 1000));
    const res = await app.inject({ url: contentUrl(privateFile.id, `?token=${expired}`) });
    expect([res.statusCode, res.json().code]).toEqual([401, 'DOWNLOAD_TOKEN_EXPIRED']);

    const otherFile = await uploadFile(app, owner.headers, privateBucket.id);
    const info = await app.inject({ url: `/api/v1/files/${otherFile.id}/view-info`, headers: owner.headers });
    const token = new URL(info.json().view_url).searchParams.get('token');
    const wrong = await app.inject({ url: contentUrl(privateFile.id, `?token=${token}`) });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'DOWNLOAD_TOKEN_INVALID']);
  });

  it('are refused by the /files/public endpoints (403)', async () => {
    const res = await app.inject({
      url: `/api/v1/files/public/${privateFile.id}/download-info`,
      headers: owner.headers,
    });
    expect([res.statusCode, res.json().code]).toEqual([403, 'FORBIDDEN']);
  });

  it('become reachable to anyone once their bucket is made public, and private again after', async () => {
    const bucket = await createBucket(app, owner.headers, { is_public: false });
    const file = await uploadFile(app, owner.headers, bucket.id);
    expect((await app.inject({ url: contentUrl(file.id) })).statusCode).toBe(401);
    await app.inject({
      method: 'PUT',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: owner.headers,
      payload: { is_public: true },
    });
    expect((await app.inject({ url: contentUrl(file.id) })).statusCode).toBe(200);
    await app.inject({
      method: 'PUT',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: owner.headers,
      payload: { is_public: false },
    });
    expect((await app.inject({ url: contentUrl(file.id) })).statusCode).toBe(401);
  });
});

describe('pending and missing files', () => {
  it('have no content yet: 404 FILE_NOT_FOUND', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/files/initiate-upload',
      headers: owner.headers,
      payload: { bucket_id: publicBucket.id, filename: 'later.txt' },
    });
    const id = started.json().file_metadata.id;
    const res = await app.inject({ url: contentUrl(id) });
    expect([res.statusCode, res.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
    const info = await app.inject({ url: `/api/v1/files/${id}/download-info`, headers: owner.headers });
    expect([info.statusCode, info.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
  });

  it('404 for an unknown id', async () => {
    const res = await app.inject({ url: contentUrl('00000000-0000-4000-8000-000000000000') });
    expect([res.statusCode, res.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
  });
});

describe('listing files', () => {
  it('filters a bucket by name prefix and by substring', async () => {
    const bucket = await createBucket(app, owner.headers, { is_public: true });
    for (const filename of ['photos/cat.jpg', 'photos/dog.jpg', 'docs/cat-facts.txt']) {
      await uploadFile(app, owner.headers, bucket.id, { filename });
    }
    const names = async (query: string) =>
      (await app.inject({ url: `/api/v1/buckets/${bucket.id}/files?${query}`, headers: anonHeaders(app) }))
        .json()
        .map((f: { filename: string }) => f.filename)
        .sort();
    expect(await names('prefix=photos/')).toEqual(['photos/cat.jpg', 'photos/dog.jpg']);
    expect(await names('search=CAT')).toEqual(['docs/cat-facts.txt', 'photos/cat.jpg']);
    expect(await names('prefix=%25')).toEqual([]);
    expect(await names('limit=1&skip=1')).toHaveLength(1);
  });

  it("GET /files lists the caller's files; bucket owners see every file of their bucket", async () => {
    const bucket = await createBucket(app, owner.headers, { is_public: true });
    const mine = await uploadFile(app, owner.headers, bucket.id);
    const theirs = await uploadFile(app, other.headers, bucket.id);
    const ids = async (headers: Record<string, string>, query = '') =>
      (await app.inject({ url: `/api/v1/files?limit=1000${query}`, headers }))
        .json()
        .map((f: { id: string }) => f.id);
    expect(await ids(other.headers)).toEqual([theirs.id]);
    expect(await ids(owner.headers, `&bucket_id=${bucket.id}`)).toEqual(
      expect.arrayContaining([mine.id, theirs.id]),
    );
    expect(await ids(other.headers, `&bucket_id=${bucket.id}`)).toEqual([theirs.id]);
    expect(await ids(superuser.headers, `&bucket_id=${bucket.id}`)).toHaveLength(2);
  });
});

describe('deleting files', () => {
  it('removes the object, then the row', async () => {
    const bucket = await createBucket(app, owner.headers);
    const file = await uploadFile(app, owner.headers, bucket.id);
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/files/${file.id}`,
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(await fileRowCount(app, bucket.id)).toBe(0);
    expect(await storedObjects(app, bucket)).toEqual([]);
  });

  it("refuses to delete someone else's file (403) and removes nothing", async () => {
    const bucket = await createBucket(app, owner.headers, { is_public: true });
    const file = await uploadFile(app, owner.headers, bucket.id);
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/files/${file.id}`,
      headers: other.headers,
    });
    expect([res.statusCode, res.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(await fileRowCount(app, bucket.id)).toBe(1);
    expect(await storedObjects(app, bucket)).toEqual([file.object_name]);
  });
});
