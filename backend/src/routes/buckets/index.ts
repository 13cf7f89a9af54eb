import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';
import {
  createBucket,
  deleteBucket,
  getBucket,
  listBuckets,
  listPublicBuckets,
  updateBucket,
} from '../../services/buckets.js';
import { listBucketFiles } from '../../services/files.js';
import { fileSchema } from '../files/file-schema.js';
import { bucketIdParams, bucketWithStatsSchema, pageQuery } from './bucket-schema.js';
import { uploadFilesRoute } from './upload-files.js';

const fileSizeLimit = z.number().int().positive().nullable().describe('Bytes; null: the server limit');

/** `/api/v1/buckets`: buckets, and the files in them. */
export const bucketsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(uploadFilesRoute);
  const ctx = app.storage;

  app.get(
    '/',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['buckets'],
        summary: 'Buckets you may read: anon public ones, users their own and public ones, superusers all',
        querystring: pageQuery,
        response: { 200: z.array(bucketWithStatsSchema) },
      },
    },
    async (request) => listBuckets(ctx.db, request.caller, request.query),
  );

  app.get(
    '/public',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['buckets'],
        summary: 'Public buckets',
        querystring: pageQuery,
        response: { 200: z.array(bucketWithStatsSchema) },
      },
    },
    async (request) => listPublicBuckets(ctx.db, request.query),
  );

  app.post(
    '/',
    {
      config: { access: 'user' },
      schema: {
        tags: ['buckets'],
        summary: 'Create a bucket (and its store bucket); 400 INVALID_BUCKET_NAME, 409 BUCKET_NAME_TAKEN',
        body: z.object({
          name: z.string().describe('3-63 characters: a-z, 0-9 and hyphens, not at either end'),
          description: z.string().max(1000).nullish(),
          is_public: z.boolean().default(false),
          file_size_limit: fileSizeLimit.optional(),
        }),
        response: { 201: bucketWithStatsSchema },
      },
    },
    async (request, reply) => {
      if (!isLoggedIn(request.caller)) throw new AppError('AUTH_REQUIRED');
      return reply.code(201).send(await createBucket(ctx, request.caller.user.id, request.body));
    },
  );

  app.get(
    '/:id',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['buckets'],
        summary: 'A bucket: its owner, anyone if public, superusers',
        params: bucketIdParams,
        response: { 200: bucketWithStatsSchema },
      },
    },
    async (request) => getBucket(ctx.db, request.caller, request.params.id),
  );

  app.put(
    '/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['buckets'],
        summary: "Change a bucket's description, visibility or size limit (owner, superuser)",
        params: bucketIdParams,
        body: z.object({
          description: z.string().max(1000).nullish(),
          is_public: z.boolean().optional(),
          file_size_limit: fileSizeLimit.optional(),
        }),
        response: { 200: bucketWithStatsSchema },
      },
    },
    async (request) => updateBucket(ctx.db, request.caller, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['buckets'],
        summary: 'Delete a bucket (owner, superuser); 409 BUCKET_NOT_EMPTY unless force=true',
        params: bucketIdParams,
        querystring: z.object({ force: z.enum(['true', 'false', '1', '0']).default('false') }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const force = request.query.force === 'true' || request.query.force === '1';
      await deleteBucket(ctx, request.caller, request.params.id, force);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/files',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['buckets'],
        summary: "A bucket's stored files, newest first; prefix and search match the file name",
        params: bucketIdParams,
        querystring: pageQuery.extend({
          prefix: z.string().max(1024).optional(),
          search: z.string().max(1024).optional(),
        }),
        response: { 200: z.array(fileSchema) },
      },
    },
    async (request) => listBucketFiles(ctx, request.caller, request.params.id, request.query),
  );
};
