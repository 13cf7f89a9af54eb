import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

export type AccessClaims = {
  sub: string;
  email: string;
  is_superuser: boolean;
  type: 'access';
  /** The refresh-token family (login session) this token was issued for. */
  sid: string;
};

export function signAccessToken(app: FastifyInstance, claims: Omit<AccessClaims, 'type'>): string {
  return app.jwt.sign({ ...claims, type: 'access' }, { expiresIn: `${app.config.auth.accessTokenMinutes}m` });
}

/** Verifies signature (HS256 only), expiry and token type, or throws TOKEN_EXPIRED / TOKEN_INVALID. */
export function verifyAccessToken(app: FastifyInstance, token: string): AccessClaims {
  let claims: Partial<AccessClaims>;
  try {
    claims = app.jwt.verify<Partial<AccessClaims>>(token);
  } catch (err) {
    if ((err as { code?: string }).code === 'FAST_JWT_EXPIRED') throw new AppError('TOKEN_EXPIRED');
    throw new AppError('TOKEN_INVALID');
  }
  if (claims.type !== 'access' || typeof claims.sub !== 'string') throw new AppError('TOKEN_INVALID');
  return claims as AccessClaims;
}
