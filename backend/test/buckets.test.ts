import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import {
  createBucket,
  fileRowCount,
  storedObjects,
  uniqueBucketName,
  uploadFile,
} from './support/storage.js';
import { anonHeaders, createTestUser } from './support/users.js';

const { app } = await buildTestApp();
await app.ready();

const owner = await createTestUser(app);
const other = await createTestUser(app);
const superuser = await createTestUser(app, { is_superuser: true });

async function bucketRows(): Promise<number> {
  const res = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM selfdb.buckets');
  return res.rows[0]?.n ?? 0;
}

async function storeBuckets(): Promise<string[]> {
  return (await app.s3.listBuckets()).map((b) => b.name);
}

describe('creating buckets', () => {
  it('creates the row and its own store bucket, owned by the caller', async () => {
    const name = uniqueBucketName('photos');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/buckets',
      headers: owner.headers,
      payload: { name, description: 'Holiday pictures', is_public: true, extra: 'ignored' },
    });
    expect(res.statusCode).toBe(201);
    const bucket = res.json();
    expect(bucket).toMatchObject({
      name,
      description: 'Holiday pictures',
      is_public: true,
      owner_id: owner.id,
      file_count: 0,
      total_size: 0,
      file_size_limit: null,
    });
    expect(bucket.minio_bucket_name).toMatch(new RegExp(`^${name}-[0-9a-f]{12}$`));
    expect(await storeBuckets()).toContain(bucket.minio_bucket_name);
  });

  it('is private unless asked otherwise', async () => {
    expect((await createBucket(app, owner.headers)).is_public).toBe(false);
  });

  const invalidNames: Array<[string, string]> = [
    ['too short', 'ab'],
    ['too long', 'a'.repeat(64)],
    ['upper case', 'Photos'],
    ['underscore', 'my_bucket'],
    ['dot (S3 allows it, SelfDB names do not)', 'my.bucket'],
    ['IP-address-like', '192.168.1.1'],
    ['leading hyphen', '-photos'],
    ['trailing hyphen', 'photos-'],
    ['space', 'my bucket'],
    ['slash', 'a/b'],
    ['path traversal', '../etc'],
    ['unicode', 'fotoğraf'],
    ['empty', ''],
    ['xn-- prefix (reserved by S3)', 'xn--photos'],
    ['sthree- prefix (reserved by S3)', 'sthree-photos'],
    ['-s3alias suffix (reserved by S3)', 'photos-s3alias'],
    ['--ol-s3 suffix (reserved by S3)', 'photos--ol-s3'],
  ];
  it.each(invalidNames)(
    'refuses a name with %s: 400 INVALID_BUCKET_NAME, nothing written',
    async (_, name) => {
      const [rowsBefore, storeBefore] = [await bucketRows(), (await storeBuckets()).length];
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/buckets',
        headers: owner.headers,
        payload: { name },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('INVALID_BUCKET_NAME');
      expect(await bucketRows()).toBe(rowsBefore);
      expect((await storeBuckets()).length).toBe(storeBefore);
    },
  );

  it('refuses a name that is taken, by anyone: 409 BUCKET_NAME_TAKEN, nothing written', async () => {
    const name = uniqueBucketName();
    await createBucket(app, owner.headers, { name });
    const [rowsBefore, storeBefore] = [await bucketRows(), (await storeBuckets()).length];
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/buckets',
      headers: other.headers,
      payload: { name },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('BUCKET_NAME_TAKEN');
    expect(await bucketRows()).toBe(rowsBefore);
    expect((await storeBuckets()).length).toBe(storeBefore);
  });

  it('gives one of two simultaneous creations of a name, and one 409', async () => {
    const name = uniqueBucketName();
    const create = () =>
      app.inject({ method: 'POST', url: '/api/v1/buckets', headers: owner.headers, payload: { name } });
    const statuses = (await Promise.all([create(), create()])).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
  });
});

const lister = await createTestUser(app);
const mine = await createBucket(app, lister.headers, { is_public: false });
const minePublic = await createBucket(app, lister.headers, { is_public: true });
const theirs = await createBucket(app, other.headers, { is_public: false });
const theirsPublic = await createBucket(app, other.headers, { is_public: true });

describe('listing and reading buckets', () => {
  const idsFor = async (headers: Record<string, string>, url = '/api/v1/buckets?limit=1000') =>
    (await app.inject({ url, headers })).json().map((b: { id: string }) => b.id);

  it('shows anon the public buckets, users their own and public ones, superusers all', async () => {
    const anon = await idsFor(anonHeaders(app));
    expect(anon).toEqual(expect.arrayContaining([minePublic.id, theirsPublic.id]));
    expect(anon).not.toContain(mine.id);
    expect(anon).not.toContain(theirs.id);

    const user = await idsFor(lister.headers);
    expect(user).toEqual(expect.arrayContaining([mine.id, minePublic.id, theirsPublic.id]));
    expect(user).not.toContain(theirs.id);

    expect(await idsFor(superuser.headers)).toEqual(
      expect.arrayContaining([mine.id, minePublic.id, theirs.id, theirsPublic.id]),
    );
  });

  it('lists only public buckets at /buckets/public, whoever asks', async () => {
    const ids = await idsFor(lister.headers, '/api/v1/buckets/public?limit=1000');
    expect(ids).toEqual(expect.arrayContaining([minePublic.id, theirsPublic.id]));
    expect(ids).not.toContain(mine.id);
  });

  it('counts stored files and their real sizes, not pending uploads', async () => {
    const bucket = await createBucket(app, lister.headers);
    await uploadFile(app, lister.headers, bucket.id, { content: 'x'.repeat(1000) });
    await uploadFile(app, lister.headers, bucket.id, { content: 'y'.repeat(24) });
    await app.inject({
      method: 'POST',
      url: '/api/v1/files/initiate-upload',
      headers: lister.headers,
      payload: { bucket_id: bucket.id, filename: 'pending.bin', size: 5000 },
    });
    const res = await app.inject({ url: `/api/v1/buckets/${bucket.id}`, headers: lister.headers });
    expect(res.json()).toMatchObject({ file_count: 2, total_size: 1024 });
  });

  it('answers 404 BUCKET_NOT_FOUND for an unknown id and 422 for a malformed one', async () => {
    const missing = await app.inject({
      url: '/api/v1/buckets/00000000-0000-4000-8000-000000000000',
      headers: owner.headers,
    });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'BUCKET_NOT_FOUND']);
    const malformed = await app.inject({ url: '/api/v1/buckets/not-a-uuid', headers: owner.headers });
    expect([malformed.statusCode, malformed.json().code]).toEqual([422, 'VALIDATION_FAILED']);
  });
});

describe('changing buckets', () => {
  it('lets the owner change description, visibility and size limit; nothing else', async () => {
    const bucket = await createBucket(app, owner.headers);
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: owner.headers,
      payload: { description: 'now public', is_public: true, file_size_limit: 1024, name: 'renamed' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: bucket.name,
      description: 'now public',
      is_public: true,
      file_size_limit: 1024,
    });
  });
});

describe('deleting buckets', () => {
  it('deletes an empty bucket and its store bucket', async () => {
    const bucket = await createBucket(app, owner.headers);
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(await storeBuckets()).not.toContain(bucket.minio_bucket_name);
    const gone = await app.inject({ url: `/api/v1/buckets/${bucket.id}`, headers: owner.headers });
    expect(gone.statusCode).toBe(404);
  });

  it('refuses a bucket with files (409 BUCKET_NOT_EMPTY) and changes nothing', async () => {
    const bucket = await createBucket(app, owner.headers);
    const file = await uploadFile(app, owner.headers, bucket.id);
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: owner.headers,
    });
    expect([res.statusCode, res.json().code]).toEqual([409, 'BUCKET_NOT_EMPTY']);
    expect(await fileRowCount(app, bucket.id)).toBe(1);
    expect(await storedObjects(app, bucket)).toEqual([file.object_name]);
  });

  it('with force=true removes every object, then the rows, the store bucket and the bucket', async () => {
    const bucket = await createBucket(app, owner.headers);
    for (let i = 0; i < 20; i++) await uploadFile(app, owner.headers, bucket.id, { filename: `f${i}.txt` });
    await app.inject({
      method: 'POST',
      url: '/api/v1/files/initiate-upload',
      headers: owner.headers,
      payload: { bucket_id: bucket.id, filename: 'pending.bin' },
    });
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/buckets/${bucket.id}?force=true`,
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(await fileRowCount(app, bucket.id)).toBe(0);
    expect(await storeBuckets()).not.toContain(bucket.minio_bucket_name);
  });

  it('refuses other users (403 FORBIDDEN) and lets superusers delete any bucket', async () => {
    const bucket = await createBucket(app, owner.headers, { is_public: true });
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: other.headers,
    });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(await storeBuckets()).toContain(bucket.minio_bucket_name);
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: superuser.headers,
    });
    expect(res.statusCode).toBe(204);
  });
});

describe('deleting a user', () => {
  it('passes their buckets and files, anonymous uploads aside, to the deleting superuser', async () => {
    const leaving = await createTestUser(app);
    const bucket = await createBucket(app, leaving.headers, { is_public: true });
    const file = await uploadFile(app, leaving.headers, bucket.id);
    const anonFile = await uploadFile(app, anonHeaders(app), bucket.id);
    const elsewhere = await createBucket(app, other.headers, { is_public: true });
    const theirFileElsewhere = await uploadFile(app, leaving.headers, elsewhere.id);

    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${leaving.id}`,
      headers: superuser.headers,
    });
    expect(res.statusCode).toBe(204);

    const owners = await app.db.query<{ id: string; owner_id: string | null }>(
      'SELECT id, owner_id FROM selfdb.files WHERE id = ANY($1::uuid[])',
      [[file.id, anonFile.id, theirFileElsewhere.id]],
    );
    const ownerOf = Object.fromEntries(owners.rows.map((r) => [r.id, r.owner_id]));
    expect(ownerOf).toEqual({
      [file.id]: superuser.id,
      [anonFile.id]: null,
      [theirFileElsewhere.id]: superuser.id,
    });
    const b = await app.inject({ url: `/api/v1/buckets/${bucket.id}`, headers: superuser.headers });
    expect(b.json().owner_id).toBe(superuser.id);
    const content = await app.inject({ url: `/api/v1/files/${file.id}/content` });
    expect(content.body).toBe('hello, storage');
  });
});
