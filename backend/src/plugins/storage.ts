import fp from 'fastify-plugin';
import type { Client } from 'minio';
import { FileTokens } from '../services/file-tokens.js';
import type { StorageContext } from '../services/storage-context.js';
import { createS3Client, uploadPartSize } from '../storage/s3-client.js';
import { S3ObjectStore } from '../storage/s3-object-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    s3: Client;
    storage: StorageContext;
  }
}

export const storagePlugin = fp(
  async (app) => {
    const { config } = app;
    const s3 = createS3Client(config.storage);
    app.decorate('s3', s3);
    app.decorate('storage', {
      db: app.db,
      store: new S3ObjectStore(s3, config.storage.region, uploadPartSize(config.storage.maxUploadBytes)),
      tokens: new FileTokens(config.auth.secretKey),
      settings: config.storage,
      apiUrl: `${config.publicUrl}/api/v1`,
    });
    app.readiness.register('object_store', () => s3.listBuckets());
  },
  { dependencies: ['readiness', 'db'], name: 'storage' },
);
