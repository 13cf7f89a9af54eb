import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { createBucket, initiateUpload, pathOf } from './support/storage.js';
import { createTestUser } from './support/users.js';

/**
 * A 200 MiB file up and down through the API over real HTTP, verified by sha256, with the
 * process's RSS sampled throughout: streaming means memory does not grow with the file.
 */
const MiB = 1024 * 1024;
const SIZE_MIB = 200;

const { app } = await buildTestApp();
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const owner = await createTestUser(app);
const bucket = await createBucket(app, owner.headers);

/** 200 distinct 1 MiB chunks, made on the fly (never the whole file in memory). */
function* chunks(hash: ReturnType<typeof createHash>): Generator<Buffer> {
  const block = randomBytes(MiB);
  for (let i = 0; i < SIZE_MIB; i++) {
    const chunk = Buffer.from(block);
    chunk.writeUInt32BE(i, 0);
    hash.update(chunk);
    yield chunk;
  }
}

/** Runs `task` while sampling RSS every 20 ms; returns the growth over the starting RSS. */
async function rssGrowth(task: () => Promise<void>): Promise<{ startMiB: number; peakMiB: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    await task();
  } finally {
    clearInterval(timer);
  }
  return { startMiB: start / MiB, peakMiB: peak / MiB };
}

describe('a 200 MiB file', () => {
  it('goes up and comes back down intact, without memory growing with its size', {
    timeout: 300_000,
  }, async () => {
    const started = await initiateUpload(app, owner.headers, { bucket_id: bucket.id, filename: 'big.bin' });
    const uploadPath = pathOf(started.json().presigned_upload_info.upload_url);
    const sent = createHash('sha256');
    let stored: { size: number; status: string } | undefined;

    const up = await rssGrowth(async () => {
      const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          `${base}${uploadPath}`,
          {
            method: 'PUT',
            headers: { 'content-type': 'application/octet-stream', 'content-length': SIZE_MIB * MiB },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (d) => {
              body += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        pipeline(Readable.from(chunks(sent)), req).catch(reject);
      });
      expect(response.status, response.body).toBe(200);
      stored = JSON.parse(response.body);
    });
    expect(stored).toMatchObject({ size: SIZE_MIB * MiB, status: 'ready' });

    const received = createHash('sha256');
    let receivedBytes = 0;
    const fileId = started.json().file_metadata.id;
    const down = await rssGrowth(async () => {
      const res = await fetch(`${base}/api/v1/files/${fileId}/content`, { headers: owner.headers });
      expect(res.status).toBe(200);
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        received.update(chunk);
        receivedBytes += chunk.length;
      }
    });
    expect(receivedBytes).toBe(SIZE_MIB * MiB);
    expect(received.digest('hex')).toBe(sent.digest('hex'));

    const report = (label: string, r: { startMiB: number; peakMiB: number }) =>
      `${label}: RSS ${r.startMiB.toFixed(0)} → peak ${r.peakMiB.toFixed(0)} MiB (+${(r.peakMiB - r.startMiB).toFixed(0)} MiB)`;
    console.log(
      `${SIZE_MIB} MiB through the API (backend and client in this process)\n  ${report('upload', up)}\n  ${report('download', down)}`,
    );
    // Buffering the file would add at least its size; streaming adds a few 8 MiB upload parts
    // (and garbage not yet collected), whatever the file's size.
    expect(up.peakMiB - up.startMiB).toBeLessThan(SIZE_MIB * 0.75);
    expect(down.peakMiB - down.startMiB).toBeLessThan(SIZE_MIB * 0.75);
  });
});
