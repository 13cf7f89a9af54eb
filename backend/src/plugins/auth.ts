import { createHash, timingSafeEqual } from 'node:crypto';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { verifyAccessToken } from '../auth/access-token.js';
import type { Access, Caller } from '../auth/caller.js';
import { AppError } from '../errors/app-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller;
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
    const anonKeyDigest = digest(app.config.auth.anonKey);
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
      if (!access || access === 'public') {
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
      request.caller = await resolveCaller(app, request, anonKeyDigest);
      enforce(access, request.caller);
    });
  },
  { name: 'auth', dependencies: ['db'] },
);

async function resolveCaller(
  app: FastifyInstance,
  request: FastifyRequest,
  anonKeyDigest: Buffer,
): Promise<Caller> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new AppError('TOKEN_INVALID');
    const claims = verifyAccessToken(app, token);
    const found = await app.db.query<{
      id: string;
      email: string;
      is_superuser: boolean;
      is_active: boolean;
    }>('SELECT id, email, is_superuser, is_active FROM selfdb.users WHERE id = $1', [claims.sub]);
    const user = found.rows[0];
    if (!user) throw new AppError('TOKEN_INVALID');
    if (!user.is_active) throw new AppError('USER_INACTIVE');
    // Role comes from the database, not the token, so a demotion takes effect at once.
    return {
      role: user.is_superuser ? 'superuser' : 'user',
      user: { id: user.id, email: user.email, is_superuser: user.is_superuser },
      sessionId: claims.sid ?? null,
    };
  }
  const key = anonKeyFrom(request);
  if (key === undefined) throw new AppError('AUTH_REQUIRED');
  if (!timingSafeEqual(digest(key), anonKeyDigest)) throw new AppError('INVALID_API_KEY');
  return { role: 'anon' };
}

function anonKeyFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.apikey ?? request.headers['anon-key'];
  if (typeof header === 'string') return header;
  const query = (request.query as Record<string, unknown> | undefined)?.apikey;
  return typeof query === 'string' ? query : undefined;
}

/** Compared as fixed-length digests so the comparison takes the same time whatever the input. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function enforce(access: Exclude<Access, 'public' | 'runtime'>, caller: Caller): void {
  if (access === 'anon') return;
  if (caller.role === 'anon' || caller.role === 'public' || caller.role === 'runtime') {
    throw new AppError('AUTH_REQUIRED', 'This endpoint needs a logged-in user');
  }
  if (access === 'superuser' && caller.role !== 'superuser') {
    throw new AppError('FORBIDDEN', 'Superuser access required');
  }
}
