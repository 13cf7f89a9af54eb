import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { verifyAccessToken } from './access-token.js';
import type { Caller } from './caller.js';
import { digest } from './digest.js';

/** What a client presented: a bearer access token and/or the anon key. */
export type Credentials = { bearer?: string | undefined; apikey?: string | undefined };

/**
 * API.md §0 "Who is calling", for HTTP and WebSocket alike: a token wins over the anon key and is
 * never silently downgraded to anon when it is bad.
 */
export function createCallerResolver(app: FastifyInstance): (credentials: Credentials) => Promise<Caller> {
  const anonKeyDigest = digest(app.config.auth.anonKey);
  return async ({ bearer, apikey }) => {
    if (bearer !== undefined) {
      const claims = verifyAccessToken(app, bearer);
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
    if (apikey === undefined) throw new AppError('AUTH_REQUIRED');
    if (!timingSafeEqual(digest(apikey), anonKeyDigest)) throw new AppError('INVALID_API_KEY');
    return { role: 'anon' };
  };
}
