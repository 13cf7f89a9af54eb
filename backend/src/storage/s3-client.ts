import { Client } from 'minio';
import type { Config } from '../config.js';

/** A plain S3 client: MinIO in Docker, the bundled S3 server natively, or any S3-compatible store. */
export function createS3Client(storage: Config['storage']): Client {
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
  });
}
