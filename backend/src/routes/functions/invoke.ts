import http from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1), and ones only SelfDB may set. */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'expect',
  'x-runtime-key',
  'x-selfdb-user',
]);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/**
 * `/api/v1/functions/invoke/{name}[/*]`: any caller with the anon key or a token. The request is
 * streamed to the runtime as it arrives (no body parsing here) and the answer streamed back; the
 * caller resolved by the auth plugin goes along in X-SelfDB-User, under the internal key.
 * OPTIONS stays with CORS preflight.
 */
export const invokeRoutes: FastifyPluginAsyncZod = async (app) => {
  const runtime = new URL(app.config.functions.runtimeUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  app.addHook('onClose', async () => agent.destroy());

  // Bodies are not parsed in this context: the raw request stream is forwarded untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { name, '*': rest } = request.params as { name: string; '*'?: string };
    const search = request.raw.url?.includes('?') ? request.raw.url.slice(request.raw.url.indexOf('?')) : '';
    const path = `${runtime.pathname.replace(/\/$/, '')}/${encodeURIComponent(name)}${rest ? `/${rest}` : ''}${search}`;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (!NOT_FORWARDED.has(key) && value != null) headers[key] = value as string | string[];
    }
    const caller = request.caller;
    headers['x-runtime-key'] = app.config.functions.runtimeKey;
    headers['x-selfdb-user'] = encodeURIComponent(JSON.stringify(isLoggedIn(caller) ? caller.user : null));
    headers['x-forwarded-for'] = request.ip;

    const hasBody =
      request.raw.headers['content-length'] !== undefined || request.raw.headers['transfer-encoding'];
    // Resolving with the reply tells Fastify the streamed answer is on its way.
    return new Promise<FastifyReply>((resolve, reject) => {
      const upstream = http.request(
        { host: runtime.hostname, port: runtime.port || 80, method: request.method, path, headers, agent },
        (res) => {
          reply.code(res.statusCode ?? 502);
          for (const [key, value] of Object.entries(res.headers)) {
            if (!NOT_FORWARDED.has(key) && value !== undefined) reply.header(key, value);
          }
          resolve(reply.send(res));
        },
      );
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (reply.sent) return;
        request.log.warn({ err: err.message }, 'function runtime unreachable');
        reject(new AppError('FUNCTION_RUNTIME_UNAVAILABLE', undefined, { 'retry-after': '5' }));
      });
      if (hasBody && request.method !== 'GET' && request.method !== 'HEAD') request.raw.pipe(upstream);
      else upstream.end();
    });
  };

  const schema = {
    tags: ['functions'],
    summary:
      'Invoke a function (any method but OPTIONS); 404 FUNCTION_NOT_FOUND, 503 runtime down, 504 timeout',
    params: z.object({ name: z.string() }).passthrough(),
  };
  app.route({ method: [...METHODS], url: '/:name', config: { access: 'anon' }, schema, handler });
  app.route({ method: [...METHODS], url: '/:name/*', config: { access: 'anon' }, schema, handler });
};
