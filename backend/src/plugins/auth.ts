import { timingSafeEqual } from 'node:crypto';
import jwt from '@fastify/jwt';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Access, Caller } from '../auth/caller.js';
import { digest } from '../auth/digest.js';
import { type Credentials, createCallerResolver } from '../auth/resolve-caller.js';
import { AppError } from '../errors/app-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller;
  }
  interface FastifyInstance {
    resolveCaller(credentials: Credentials): Promise<Caller>;
  }
}

const API_PREFIX = '/api/v1';

/**
 * The one place where a request becomes a caller (API.md §0) and where the access level each route
 * declares is enforced. Handlers receive `request.caller` and never check credentials themselves.
 */
export const authPlugin = fp(
  async (app) => {
    await app.register(jwt, {
      secret: app.config.auth.secretKey,
      sign: { algorithm: 'HS256' },
      verify: { algorithms: ['HS256'] },
    });
    app.decorate('resolveCaller', createCallerResolver(app));
    const runtimeKeyDigest = digest(app.config.functions.runtimeKey);

    // Filled by the onRequest hook below before any handler runs.
    app.decorateRequest<Caller | null>('caller', null);

    // Every API route must say who may call it; a forgotten declaration fails at start, not in production.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(API_PREFIX) && route.method !== 'HEAD' && !route.config?.access) {
        throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
      }
    });

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      const credentials = access && access !== 'public' && access !== 'runtime' ? credentialsOf(request) : {};
      const presented = credentials.bearer !== undefined || credentials.apikey !== undefined;
      if (!access || access === 'public' || (access === 'optional' && !presented)) {
        request.caller = { role: 'public' };
        return;
      }
      if (access === 'runtime') {
        // The runtime's own callbacks (reports, settings, claims): the internal key and nothing else.
        const key = request.headers['x-runtime-key'];
        if (typeof key !== 'string' || !timingSafeEqual(digest(key), runtimeKeyDigest)) {
          throw new AppError('INVALID_RUNTIME_KEY');
        }
        request.caller = { role: 'runtime' };
        return;
      }
      request.caller = await app.resolveCaller(credentials);
      enforce(access, request.caller);
    });
  },
  { name: 'auth', dependencies: ['db'] },
);

function credentialsOf(request: FastifyRequest): Credentials {
  const authorization = request.headers.authorization;
  let bearer: string | undefined;
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new AppError('TOKEN_INVALID');
    bearer = token;
  }
  const header = request.headers.apikey ?? request.headers['anon-key'];
  const query = (request.query as Record<string, unknown> | undefined)?.apikey;
  const apikey = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
  return { bearer, apikey };
}

function enforce(access: Exclude<Access, 'public' | 'runtime'>, caller: Caller): void {
  if (access === 'anon' || access === 'optional') return;
  if (caller.role === 'anon' || caller.role === 'public' || caller.role === 'runtime') {
    throw new AppError('AUTH_REQUIRED', 'This endpoint needs a logged-in user');
  }
  if (access === 'superuser' && caller.role !== 'superuser') {
    throw new AppError('FORBIDDEN', 'Superuser access required');
  }
}
