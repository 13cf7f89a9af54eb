import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { signAccessToken } from '../backend/src/auth/access-token.js';
import { startLocalStack } from '../backend/src/local/stack.js';
import { createUser } from '../backend/src/services/users.js';
import { measure, report } from './support/report.js';

/**
 * Storage through the API against the same S3 server reached directly with the same client
 * library (minio), in one run: upload and download MiB/s for 8 MiB and 64 MiB objects, 64 KiB
 * PUTs per second, and the process's peak RSS while 1 GiB streams up through the API.
 */
const MiB = 1024 * 1024;
const SIZES = [
  { mib: 8, reps: 8 },
  { mib: 64, reps: 2 },
];
const SMALL = 64 * 1024;
const SMALL_CONCURRENCY = 4;
const SMALL_SECONDS = 5;
const HUGE_MIB = 1024;

const stack = await startLocalStack({ name: 'bench' });
try {
  const { app, url } = stack;
  const user = await createUser(app.db, { email: 'bench-storage@bench.test', password: 'bench-password-1' });
  const auth = {
    authorization: `Bearer ${signAccessToken(app, { sub: user.id, email: user.email, is_superuser: false, sid: user.id })}`,
  };
  const created = await fetch(`${url}/api/v1/buckets`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  const bucket = (await created.json()) as { id: string };
  const direct = app.s3;
  const directBucket = `bench-direct-${randomBytes(4).toString('hex')}`;
  await direct.makeBucket(directBucket, stack.config.storage.region);

  /** Initiates an upload and returns the path of its upload URL on this stack. */
  const initiate = async (filename: string) => {
    const res = await fetch(`${url}/api/v1/files/initiate-upload`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ bucket_id: bucket.id, filename }),
    });
    const body = (await res.json()) as {
      file_metadata: { id: string };
      presigned_upload_info: { upload_url: string };
    };
    const upload = new URL(body.presigned_upload_info.upload_url);
    return { id: body.file_metadata.id, uploadUrl: `${url}${upload.pathname}${upload.search}` };
  };
  const apiUpload = async (data: Buffer) => {
    const { id, uploadUrl } = await initiate('bench.bin');
    const res = await fetch(uploadUrl, {
      method: 'PUT',
      body: new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.length),
    });
    if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
    return id;
  };
  const drain = async (stream: AsyncIterable<Uint8Array>) => {
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.length;
    return bytes;
  };
  const timed = async (task: () => Promise<unknown>) => {
    const started = performance.now();
    await task();
    return (performance.now() - started) / 1000;
  };
  const mibPerSecond = (mib: number, reps: number, seconds: number) => (mib * reps) / seconds;

  // One round trip of each kind first, so neither side pays for warming up (JIT, pools, sockets).
  const warmup = randomBytes(MiB);
  const warmId = await apiUpload(warmup);
  await drain(
    (await fetch(`${url}/api/v1/files/${warmId}/content`, { headers: auth }))
      .body as unknown as AsyncIterable<Uint8Array>,
  );
  await direct.putObject(directBucket, 'warmup.bin', warmup, warmup.length);
  await drain(await direct.getObject(directBucket, 'warmup.bin'));

  const rows: Array<[string, string]> = [];
  const ratios: Array<[string, string]> = [];
  for (const { mib, reps } of SIZES) {
    const data = randomBytes(mib * MiB);
    const ids: string[] = [];
    const keys: string[] = [];
    const apiUp = await timed(async () => {
      for (let i = 0; i < reps; i++) ids.push(await apiUpload(data));
    });
    const directUp = await timed(async () => {
      for (let i = 0; i < reps; i++) {
        const key = `direct-${mib}-${i}.bin`;
        await direct.putObject(directBucket, key, data, data.length);
        keys.push(key);
      }
    });
    const apiDown = await timed(async () => {
      for (const id of ids) {
        const res = await fetch(`${url}/api/v1/files/${id}/content`, { headers: auth });
        if ((await drain(res.body as unknown as AsyncIterable<Uint8Array>)) !== data.length)
          throw new Error('short download');
      }
    });
    const directDown = await timed(async () => {
      for (const key of keys) {
        if ((await drain(await direct.getObject(directBucket, key))) !== data.length)
          throw new Error('short download');
      }
    });
    const [au, du, ad, dd] = [apiUp, directUp, apiDown, directDown].map((s) =>
      mibPerSecond(mib, reps, s),
    ) as [number, number, number, number];
    rows.push(
      [`${mib} MiB upload, API (initiate + PUT)`, `${au.toFixed(1)} MiB/s (${reps} objects)`],
      [`${mib} MiB upload, direct S3`, `${du.toFixed(1)} MiB/s`],
      [`${mib} MiB download, API`, `${ad.toFixed(1)} MiB/s`],
      [`${mib} MiB download, direct S3`, `${dd.toFixed(1)} MiB/s`],
    );
    ratios.push(
      [`${mib} MiB upload API / direct`, (au / du).toFixed(2)],
      [`${mib} MiB download API / direct`, (ad / dd).toFixed(2)],
    );
  }

  const small = randomBytes(SMALL);
  let n = 0;
  const apiSmall = (await measure(() => apiUpload(small), SMALL_CONCURRENCY, SMALL_SECONDS)).perSecond;
  const multipartSmall = (
    await measure(
      async () => {
        const form = new FormData();
        form.append('file', new Blob([small]), 'small.bin');
        const res = await fetch(`${url}/api/v1/buckets/${bucket.id}/files`, {
          method: 'POST',
          headers: auth,
          body: form,
        });
        if (res.status !== 201) throw new Error(`multipart upload failed: ${res.status}`);
      },
      SMALL_CONCURRENCY,
      SMALL_SECONDS,
    )
  ).perSecond;
  const directSmall = (
    await measure(
      () => direct.putObject(directBucket, `small-${n++}.bin`, small, small.length),
      SMALL_CONCURRENCY,
      SMALL_SECONDS,
    )
  ).perSecond;
  rows.push(
    [
      '64 KiB PUT, API two-step (initiate + PUT)',
      `${apiSmall.toFixed(0)} files/s (${SMALL_CONCURRENCY} concurrent)`,
    ],
    ['64 KiB PUT, API multipart POST', `${multipartSmall.toFixed(0)} files/s`],
    ['64 KiB PUT, direct S3', `${directSmall.toFixed(0)} objects/s`],
  );
  ratios.push(
    ['64 KiB two-step API / direct', (apiSmall / directSmall).toFixed(2)],
    ['64 KiB multipart API / direct', (multipartSmall / directSmall).toFixed(2)],
  );

  // 1 GiB generated on the fly and streamed up through the API (one PUT), RSS sampled meanwhile.
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const { uploadUrl } = await initiate('huge.bin');
  const block = randomBytes(MiB);
  const hugeSeconds = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          uploadUrl,
          {
            method: 'PUT',
            headers: { 'content-length': HUGE_MIB * MiB, 'content-type': 'application/octet-stream' },
          },
          (res) => {
            res
              .resume()
              .on('end', () =>
                res.statusCode === 200 ? resolve() : reject(new Error(`huge upload: ${res.statusCode}`)),
              );
          },
        );
        req.on('error', reject);
        pipeline(
          Readable.from(
            (function* () {
              for (let i = 0; i < HUGE_MIB; i++) yield block;
            })(),
          ),
          req,
        ).catch(reject);
      }),
  );
  clearInterval(sampler);
  rows.push([
    `${HUGE_MIB} MiB streamed upload`,
    `${(HUGE_MIB / hugeSeconds).toFixed(1)} MiB/s; process RSS ${(rssStart / MiB).toFixed(0)} → peak ${(rssPeak / MiB).toFixed(0)} MiB (+${((rssPeak - rssStart) / MiB).toFixed(0)} MiB; API, S3 server and client share this process)`,
  ]);

  report('storage (loopback, native S3 server)', [...rows, ...ratios]);
} finally {
  await stack.stop();
}
