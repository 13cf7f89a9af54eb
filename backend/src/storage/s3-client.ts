import { Client } from 'minio';
import type { Config } from '../config.js';

const MiB = 1024 * 1024;
/** S3 allows at most this many parts in one multipart upload. */
const MAX_PARTS = 10_000;

/**
 * The size of each part of a streamed upload, which is also about what one upload holds in memory.
 * 8 MiB keeps memory flat and requests few; it grows only when the upload limit needs more than
 * 10,000 parts of 8 MiB (about 78 GiB).
 */
export function uploadPartSize(maxUploadBytes: number): number {
  return Math.max(8 * MiB, Math.ceil(maxUploadBytes / MAX_PARTS / MiB) * MiB);
}

type S3Settings = Pick<
  Config['storage'],
  'endpoint' | 'region' | 'accessKey' | 'secretKey' | 'forcePathStyle'
> &
  Partial<Pick<Config['storage'], 'maxUploadBytes'>>;

/** A plain S3 client: MinIO in Docker, the bundled S3 server natively, or any S3-compatible store. */
export function createS3Client(storage: S3Settings): Client {
  const url = new URL(storage.endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    region: storage.region,
    accessKey: storage.accessKey,
    secretKey: storage.secretKey,
    pathStyle: storage.forcePathStyle,
    partSize: uploadPartSize(storage.maxUploadBytes ?? 0),
  });
}
