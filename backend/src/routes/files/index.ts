import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';
import { deleteFile, fileUrl, getFile, initiateUpload, listOwnFiles } from '../../services/files.js';
import { pageQuery } from '../buckets/bucket-schema.js';
import { fileContentRoute } from './file-content.js';
import { fileIdParams, fileSchema } from './file-schema.js';
import { uploadContentRoute } from './upload-content.js';

const infoQuery = z.object({
  expires_in: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional()
    .describe('Seconds a private file URL stays valid (default DOWNLOAD_URL_EXPIRE_SECONDS)'),
});
const expiresAt = z.string().nullable().describe('When the URL stops working; null for public files');
const downloadInfo = z.object({ file_metadata: fileSchema, download_url: z.string(), expires_at: expiresAt });
const viewInfo = z.object({ file_metadata: fileSchema, view_url: z.string(), expires_at: expiresAt });

/** `/api/v1/files`: uploads, metadata, URLs and deletion of single files. */
export const filesRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(uploadContentRoute);
  await app.register(fileContentRoute);
  const ctx = app.storage;

  app.post(
    '/initiate-upload',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['files'],
        summary: 'Start a two-step upload: a pending file and a signed, single-use upload URL',
        body: z.object({
          bucket_id: z.uuid(),
          filename: z.string(),
          content_type: z.string().optional(),
          size: z.number().int().min(0).optional().describe('Bytes to come; over the limit is 413 at once'),
        }),
        response: {
          201: z.object({
            file_metadata: fileSchema,
            presigned_upload_info: z.object({
              upload_url: z.string(),
              upload_method: z.literal('PUT'),
              expires_at: z.string(),
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      const started = await initiateUpload(ctx, request.caller, request.body);
      return reply.code(201).send({
        file_metadata: started.file,
        presigned_upload_info: {
          upload_url: started.uploadUrl,
          upload_method: 'PUT' as const,
          expires_at: started.expiresAt.toISOString(),
        },
      });
    },
  );

  app.get(
    '/',
    {
      config: { access: 'user' },
      schema: {
        tags: ['files'],
        summary: 'Your files; with bucket_id, every file of a bucket you own (superusers: any bucket)',
        querystring: pageQuery.extend({ bucket_id: z.uuid().optional() }),
        response: { 200: z.array(fileSchema) },
      },
    },
    async (request) => {
      if (!isLoggedIn(request.caller)) throw new AppError('AUTH_REQUIRED');
      return listOwnFiles(ctx, request.caller, request.query);
    },
  );

  app.get(
    '/:id',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['files'],
        summary: "A file's metadata",
        params: fileIdParams,
        response: { 200: fileSchema },
      },
    },
    async (request) => getFile(ctx, request.caller, request.params.id),
  );

  for (const [path, publicOnly] of [
    ['/:id', false],
    ['/public/:id', true],
  ] as const) {
    app.get(
      `${path}/download-info`,
      {
        config: { access: 'anon' },
        schema: {
          tags: ['files'],
          summary: publicOnly
            ? 'Download URL of a file in a public bucket (403 otherwise)'
            : 'Download URL (attachment): stable for public files, signed and expiring for private ones',
          params: fileIdParams,
          querystring: infoQuery,
          response: { 200: downloadInfo },
        },
      },
      async (request) => {
        const { url, ...rest } = await fileUrl(ctx, request.caller, request.params.id, {
          download: true,
          publicOnly,
          expiresIn: request.query.expires_in,
        });
        return { ...rest, download_url: url };
      },
    );

    app.get(
      `${path}/view-info`,
      {
        config: { access: 'anon' },
        schema: {
          tags: ['files'],
          summary: publicOnly
            ? 'View URL of a file in a public bucket (403 otherwise)'
            : 'View URL (inline): stable for public files, signed and expiring for private ones',
          params: fileIdParams,
          querystring: infoQuery,
          response: { 200: viewInfo },
        },
      },
      async (request) => {
        const { url, ...rest } = await fileUrl(ctx, request.caller, request.params.id, {
          download: false,
          publicOnly,
          expiresIn: request.query.expires_in,
        });
        return { ...rest, view_url: url };
      },
    );
  }

  app.delete(
    '/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['files'],
        summary: 'Delete a file (file owner, bucket owner, superuser): the object first, then the record',
        params: fileIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteFile(ctx, request.caller, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
