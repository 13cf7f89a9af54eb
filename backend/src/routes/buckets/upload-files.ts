import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { bucketForUpload, uploadFiles } from '../../services/files.js';
import { fileSchema } from '../files/file-schema.js';
import { bucketIdParams } from './bucket-schema.js';

/** Files one request may carry. */
const MAX_FILES = 100;

/** The file parts of a multipart request, in order; plain fields are skipped. */
async function* fileParts(request: FastifyRequest): AsyncGenerator<MultipartFile> {
  for await (const part of request.parts()) {
    if (part.type === 'file') yield part;
  }
}

/**
 * `POST /buckets/{id}/files`: direct multipart upload of one or more files, each streamed to the
 * store as it arrives. Only this context parses multipart bodies.
 */
export const uploadFilesRoute: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, {
    // Names are stored exactly as sent, paths included: they are metadata only.
    preservePath: true,
    // Sizes are enforced while streaming, against the bucket's limit.
    throwFileSizeLimit: false,
    limits: { files: MAX_FILES, fields: 20, fieldSize: 4096, fileSize: Number.POSITIVE_INFINITY },
  });

  app.post(
    '/:id/files',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['buckets'],
        summary: `Upload files (multipart/form-data, up to ${MAX_FILES} file parts), streamed to the store`,
        params: bucketIdParams,
        response: { 201: z.array(fileSchema) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the files as multipart/form-data');
      }
      const bucket = await bucketForUpload(app.storage, request.caller, request.params.id);
      const files = await uploadFiles(app.storage, request.caller, bucket, fileParts(request));
      if (files.length === 0) throw new AppError('BAD_REQUEST', 'The request holds no file');
      return reply.code(201).send(files);
    },
  );
};
