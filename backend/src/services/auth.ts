import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { signAccessToken } from '../auth/access-token.js';
import { AppError } from '../errors/app-error.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { revokeAllSessions, rotateSession, startSession } from './sessions.js';

export type LoginResult = {
  access_token: string;
  token_type: 'bearer';
  refresh_token: string;
  is_superuser: boolean;
  email: string;
  user_id: string;
};

/**
 * Unknown emails are checked against this hash so that they cost one argon2 verification, like a
 * wrong password: response timing must not reveal which emails have accounts.
 */
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}

export async function login(
  app: FastifyInstance,
  throttle: LoginThrottle,
  credentials: { email: string; password: string; ip: string },
): Promise<LoginResult> {
  const { email, password, ip } = credentials;
  await throttle.assertAllowed(ip, email);
  const found = await app.db.query<{
    id: string;
    email: string;
    password_hash: string;
    is_active: boolean;
    is_superuser: boolean;
  }>(
    'SELECT id, email, password_hash, is_active, is_superuser FROM selfdb.users WHERE lower(email) = lower($1)',
    [email],
  );
  const user = found.rows[0];
  const valid = await verifyPassword(user?.password_hash ?? (await decoy()), password);
  if (!user || !valid) {
    await throttle.recordFailure(ip, email);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!user.is_active) throw new AppError('USER_INACTIVE');
  await throttle.recordSuccess(email);
  const session = await startSession(app.db, user.id, app.config.auth.refreshTokenDays);
  return {
    access_token: signAccessToken(app, {
      sub: user.id,
      email: user.email,
      is_superuser: user.is_superuser,
      sid: session.familyId,
    }),
    token_type: 'bearer',
    refresh_token: session.refreshToken,
    is_superuser: user.is_superuser,
    email: user.email,
    user_id: user.id,
  };
}

export async function refresh(
  app: FastifyInstance,
  refreshToken: string,
): Promise<Pick<LoginResult, 'access_token' | 'token_type' | 'refresh_token'>> {
  const session = await rotateSession(app.db, refreshToken, app.config.auth.refreshTokenDays);
  const found = await app.db.query<{ email: string; is_superuser: boolean }>(
    'SELECT email, is_superuser FROM selfdb.users WHERE id = $1',
    [session.userId],
  );
  const user = found.rows[0];
  if (!user) throw new AppError('TOKEN_INVALID');
  return {
    access_token: signAccessToken(app, {
      sub: session.userId,
      email: user.email,
      is_superuser: user.is_superuser,
      sid: session.familyId,
    }),
    token_type: 'bearer',
    refresh_token: session.refreshToken,
  };
}

export async function changeOwnPassword(
  app: FastifyInstance,
  userId: string,
  sessionId: string | null,
  passwords: { current_password: string; new_password: string },
): Promise<void> {
  const found = await app.db.query<{ password_hash: string }>(
    'SELECT password_hash FROM selfdb.users WHERE id = $1',
    [userId],
  );
  const hash = found.rows[0]?.password_hash;
  if (!hash || !(await verifyPassword(hash, passwords.current_password)))
    throw new AppError('WRONG_PASSWORD');
  const newHash = await hashPassword(passwords.new_password);
  await app.db.withTransaction(async (client) => {
    await client.query('UPDATE selfdb.users SET password_hash = $2, updated_at = now() WHERE id = $1', [
      userId,
      newHash,
    ]);
    await revokeAllSessions(client, userId, sessionId);
  });
}
