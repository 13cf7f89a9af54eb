import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';

/** Query parameters that carry credentials and must never reach a log line. */
const SECRET_QUERY_PARAMS = ['apikey', 'token', 'access_token', 'refresh_token'];

/** Paths scrubbed from anything logged: credentials in headers and secrets in bodies. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.apikey',
  'req.headers["anon-key"]',
  'req.headers.cookie',
  'req.headers["x-runtime-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.access_token',
  '*.refresh_token',
  '*.token',
];

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of SECRET_QUERY_PARAMS) {
    if (params.has(name)) params.set(name, '[redacted]');
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** One line per request, written when it completes: method, route, status, duration, request id. */
class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

export function loggingOptions(
  config: Config,
  stream?: DestinationStream,
): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return {
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { req: (req) => ({ method: req.method, url: redactUrl(req.url) }) },
      ...(stream ? { stream } : {}),
    },
    logController: new RequestLogController(),
  };
}
