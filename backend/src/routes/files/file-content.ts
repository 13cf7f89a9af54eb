import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { readableFile } from '../../services/files.js';
import { fileIdParams } from './file-schema.js';
import { ACTIVE_CONTENT, contentDisposition, etagMatches, parseRange } from './http-content.js';

const contentQuery = z.object({
  token: z.string().optional().describe('Download token from download-info/view-info (private files)'),
  download: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .describe('1: Content-Disposition attachment (default inline)'),
});

/**
 * `GET|HEAD /files/{id}/content`: the bytes, streamed from the store. No credentials are needed
 * for public buckets (the URL works as an `<img src>`); private files need a download token or
 * credentials of someone who may read them.
 */
export const fileContentRoute: FastifyPluginAsyncZod = async (app) => {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/:id/content',
    config: { access: 'optional' },
    schema: {
      tags: ['files'],
      summary:
        "A file's bytes: Range (206/416), ETag and If-None-Match (304), Content-Disposition inline or attachment",
      security: [],
      params: fileIdParams,
      querystring: contentQuery,
    },
    handler: async (request, reply) => {
      const { file, bucket } = await readableFile(
        app.storage,
        request.caller,
        request.params.id,
        request.query.token,
      );
      const etag = `"${file.etag}"`;
      const validators = {
        etag,
        'last-modified': new Date(file.updated_at).toUTCString(),
        'cache-control': bucket.is_public ? 'public, max-age=3600' : 'private, no-cache',
      };
      if (etagMatches(request.headers['if-none-match'], etag))
        return reply.code(304).headers(validators).send();

      const ifRange = request.headers['if-range'] as string | undefined;
      const range =
        ifRange === undefined || etagMatches(ifRange, etag)
          ? parseRange(request.headers.range, file.size)
          : undefined;
      if (range === 'unsatisfiable') {
        throw new AppError('RANGE_NOT_SATISFIABLE', `The file has ${file.size} bytes`, {
          'Content-Range': `bytes */${file.size}`,
        });
      }
      const body =
        request.method === 'HEAD'
          ? undefined
          : await app.storage.store.getObject(bucket.minio_bucket_name, file.object_name, range);

      const download = request.query.download === '1' || request.query.download === 'true';
      reply.headers({
        ...validators,
        'content-type': file.content_type,
        'content-disposition': contentDisposition(download ? 'attachment' : 'inline', file.filename),
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
      });
      if (ACTIVE_CONTENT.test(file.content_type)) reply.header('content-security-policy', 'sandbox');
      if (range) {
        reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
          .header('content-length', String(range.end - range.start + 1));
      } else {
        reply.header('content-length', String(file.size));
      }
      return reply.send(body);
    },
  });
};
