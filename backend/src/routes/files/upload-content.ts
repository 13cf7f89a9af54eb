import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receiveUpload } from '../../services/files.js';
import { fileIdParams, fileSchema } from './file-schema.js';

/**
 * `PUT /files/{id}/content?token=…`: step two of the two-step upload. The body, whatever its
 * type, is not parsed: this context's only parser hands the request stream to the store.
 */
export const uploadContentRoute: FastifyPluginAsyncZod = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.put(
    '/:id/content',
    {
      config: { access: 'public' },
      schema: {
        tags: ['files'],
        summary: "Upload a pending file's bytes (raw body) with the upload URL's single-use token",
        security: [],
        params: fileIdParams,
        querystring: z.object({ token: z.string().optional().describe('The token from initiate-upload') }),
        response: { 200: fileSchema },
      },
    },
    async (request) => {
      const length = request.headers['content-length'];
      return receiveUpload(app.storage, request.params.id, request.query.token, {
        body: (request.body as Readable | undefined) ?? Readable.from([]),
        contentType: request.headers['content-type'],
        declaredLength: length === undefined ? undefined : Number(length),
      });
    },
  );
};
