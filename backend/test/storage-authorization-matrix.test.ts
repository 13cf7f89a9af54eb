import { describe, expect, it } from 'vitest';
import type { BucketWithStats } from '../src/services/buckets.js';
import type { StoredFile } from '../src/services/files.js';
import { buildTestApp } from './support/app.js';
import { createBucket, multipart, uniqueBucketName, uploadFile } from './support/storage.js';
import { anonHeaders, createTestUser } from './support/users.js';

/**
 * Every storage endpoint of API.md §7 against every kind of caller and both bucket visibilities.
 * `bucketOwner` owns the bucket; `fileOwner` uploaded the file in it (while it was public);
 * `other` is a third user. Each cell is the expected status and code.
 */
const { app } = await buildTestApp();
await app.ready();

type CallerName = 'none' | 'anon' | 'bucketOwner' | 'fileOwner' | 'other' | 'superuser';
type Visibility = 'public' | 'private';
type Expected = readonly [number, string?];
type Fixture = { bucket: BucketWithStats; file: StoredFile };
type Row = {
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The concrete request; `fresh` gives a bucket and file of its own, for destructive calls. */
  request: (
    fixture: Fixture & { fresh: () => Promise<Fixture> },
  ) => Promise<{ url: string; payload?: unknown; headers?: Record<string, string> }>;
  expect: Record<Visibility, Record<CallerName, Expected>>;
};

const NEEDS_AUTH: Expected = [401, 'AUTH_REQUIRED'];
const FORBIDDEN: Expected = [403, 'FORBIDDEN'];

/** Same expectation for both visibilities. */
const both = (cells: Record<CallerName, Expected>) => ({ public: cells, private: cells });
/** Anyone with the anon key on public buckets; on private ones the listed callers only. */
const readable = (ok: Expected, privateReaders: CallerName[]) => ({
  public: { none: NEEDS_AUTH, anon: ok, bucketOwner: ok, fileOwner: ok, other: ok, superuser: ok },
  private: Object.fromEntries(
    (['none', 'anon', 'bucketOwner', 'fileOwner', 'other', 'superuser'] as const).map((c) => [
      c,
      c === 'none' ? NEEDS_AUTH : privateReaders.includes(c) ? ok : FORBIDDEN,
    ]),
  ) as Record<CallerName, Expected>,
});
const managers = (ok: Expected) =>
  both({
    none: NEEDS_AUTH,
    anon: NEEDS_AUTH,
    bucketOwner: ok,
    fileOwner: FORBIDDEN,
    other: FORBIDDEN,
    superuser: ok,
  });

const upload = (bucketId: string) => {
  const body = multipart([{ filename: 'm.txt', content: 'matrix' }]);
  return { url: `/buckets/${bucketId}/files`, payload: body.payload, headers: body.headers };
};

const matrix: Row[] = [
  {
    route: 'GET /buckets/{id}',
    method: 'GET',
    request: async ({ bucket }) => ({ url: `/buckets/${bucket.id}` }),
    expect: readable([200], ['bucketOwner', 'superuser']),
  },
  {
    route: 'PUT /buckets/{id}',
    method: 'PUT',
    request: async ({ bucket }) => ({ url: `/buckets/${bucket.id}`, payload: { description: 'changed' } }),
    expect: managers([200]),
  },
  {
    route: 'DELETE /buckets/{id}?force=true',
    method: 'DELETE',
    request: async ({ fresh }) => ({ url: `/buckets/${(await fresh()).bucket.id}?force=true` }),
    expect: managers([204]),
  },
  {
    route: 'GET /buckets/{id}/files',
    method: 'GET',
    request: async ({ bucket }) => ({ url: `/buckets/${bucket.id}/files` }),
    expect: readable([200], ['bucketOwner', 'superuser']),
  },
  {
    route: 'POST /buckets/{id}/files',
    method: 'POST',
    request: async ({ bucket }) => upload(bucket.id),
    expect: readable([201], ['bucketOwner', 'superuser']),
  },
  {
    route: 'POST /files/initiate-upload',
    method: 'POST',
    request: async ({ bucket }) => ({
      url: '/files/initiate-upload',
      payload: { bucket_id: bucket.id, filename: 'i.txt' },
    }),
    expect: readable([201], ['bucketOwner', 'superuser']),
  },
  {
    route: 'GET /files/{id}',
    method: 'GET',
    request: async ({ file }) => ({ url: `/files/${file.id}` }),
    expect: readable([200], ['bucketOwner', 'fileOwner', 'superuser']),
  },
  {
    route: 'GET /files/{id}/download-info',
    method: 'GET',
    request: async ({ file }) => ({ url: `/files/${file.id}/download-info` }),
    expect: readable([200], ['bucketOwner', 'fileOwner', 'superuser']),
  },
  {
    route: 'GET /files/{id}/view-info',
    method: 'GET',
    request: async ({ file }) => ({ url: `/files/${file.id}/view-info` }),
    expect: readable([200], ['bucketOwner', 'fileOwner', 'superuser']),
  },
  {
    route: 'GET /files/public/{id}/download-info',
    method: 'GET',
    request: async ({ file }) => ({ url: `/files/public/${file.id}/download-info` }),
    expect: readable([200], []),
  },
  {
    route: 'GET /files/public/{id}/view-info',
    method: 'GET',
    request: async ({ file }) => ({ url: `/files/public/${file.id}/view-info` }),
    expect: readable([200], []),
  },
  {
    route: 'GET /files/{id}/content',
    method: 'GET',
    request: async ({ file }) => ({ url: `/files/${file.id}/content` }),
    expect: {
      public: {
        none: [200],
        anon: [200],
        bucketOwner: [200],
        fileOwner: [200],
        other: [200],
        superuser: [200],
      },
      private: {
        none: NEEDS_AUTH,
        anon: FORBIDDEN,
        bucketOwner: [200],
        fileOwner: [200],
        other: FORBIDDEN,
        superuser: [200],
      },
    },
  },
  {
    route: 'DELETE /files/{id}',
    method: 'DELETE',
    request: async ({ fresh }) => ({ url: `/files/${(await fresh()).file.id}` }),
    expect: both({
      none: NEEDS_AUTH,
      anon: NEEDS_AUTH,
      bucketOwner: [204],
      fileOwner: [204],
      other: FORBIDDEN,
      superuser: [204],
    }),
  },
  {
    route: 'GET /files?bucket_id=',
    method: 'GET',
    request: async ({ bucket }) => ({ url: `/files?bucket_id=${bucket.id}` }),
    expect: both({
      none: NEEDS_AUTH,
      anon: NEEDS_AUTH,
      bucketOwner: [200],
      fileOwner: [200],
      other: [200],
      superuser: [200],
    }),
  },
  {
    route: 'POST /buckets',
    method: 'POST',
    request: async () => ({ url: '/buckets', payload: { name: uniqueBucketName('m') } }),
    expect: both({
      none: NEEDS_AUTH,
      anon: NEEDS_AUTH,
      bucketOwner: [201],
      fileOwner: [201],
      other: [201],
      superuser: [201],
    }),
  },
  {
    route: 'GET /buckets',
    method: 'GET',
    request: async () => ({ url: '/buckets' }),
    expect: both({
      none: NEEDS_AUTH,
      anon: [200],
      bucketOwner: [200],
      fileOwner: [200],
      other: [200],
      superuser: [200],
    }),
  },
  {
    route: 'GET /buckets/public',
    method: 'GET',
    request: async () => ({ url: '/buckets/public' }),
    expect: both({
      none: NEEDS_AUTH,
      anon: [200],
      bucketOwner: [200],
      fileOwner: [200],
      other: [200],
      superuser: [200],
    }),
  },
];

const bucketOwner = await createTestUser(app);
const fileOwner = await createTestUser(app);
const other = await createTestUser(app);
const superuser = await createTestUser(app, { is_superuser: true });
const headersOf: Record<CallerName, Record<string, string>> = {
  none: {},
  anon: anonHeaders(app),
  bucketOwner: bucketOwner.headers,
  fileOwner: fileOwner.headers,
  other: other.headers,
  superuser: superuser.headers,
};

/** A bucket of `bucketOwner` holding a file of `fileOwner`, uploaded while the bucket was public. */
async function makeFixture(visibility: Visibility): Promise<Fixture> {
  const bucket = await createBucket(app, bucketOwner.headers, { is_public: true });
  const file = await uploadFile(app, fileOwner.headers, bucket.id);
  if (visibility === 'private') {
    await app.inject({
      method: 'PUT',
      url: `/api/v1/buckets/${bucket.id}`,
      headers: bucketOwner.headers,
      payload: { is_public: false },
    });
  }
  return { bucket: { ...bucket, is_public: visibility === 'public' }, file };
}

const fixtures = { public: await makeFixture('public'), private: await makeFixture('private') };

const cases = matrix.flatMap((row) =>
  (['public', 'private'] as const).flatMap((visibility) =>
    (Object.keys(row.expect[visibility]) as CallerName[]).map((caller) => ({
      row,
      visibility,
      caller,
      expected: row.expect[visibility][caller],
      name: `${caller} → ${row.route} (${visibility} bucket)`,
    })),
  ),
);

describe('storage authorization matrix (§7)', () => {
  it.each(cases)('$name', async ({ row, visibility, caller, expected }) => {
    const request = await row.request({ ...fixtures[visibility], fresh: () => makeFixture(visibility) });
    const res = await app.inject({
      method: row.method,
      url: `/api/v1${request.url}`,
      headers: { ...headersOf[caller], ...request.headers },
      payload: request.payload as string | object | Buffer | undefined,
    });
    const [status, code] = expected;
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(res.json().code).toBe(code);
  });
});
