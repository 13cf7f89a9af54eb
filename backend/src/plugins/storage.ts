import fp from 'fastify-plugin';
import type { Client } from 'minio';
import { createS3Client } from '../storage/s3-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    s3: Client;
  }
}

export const storagePlugin = fp(
  async (app) => {
    const { config } = app;
    const s3 = createS3Client(config.storage);
    app.decorate('s3', s3);
    app.readiness.register('object_store', () => s3.listBuckets());
  },
  { dependencies: ['readiness'], name: 'storage' },
);
