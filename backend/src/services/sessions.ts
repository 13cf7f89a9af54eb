import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';

/**
 * Login sessions as refresh-token families. A refresh token is an opaque random string stored only
 * as its SHA-256 (it has 256 bits of entropy, so a slow hash adds nothing). Each refresh rotates
 * the token; presenting an already-rotated token means it was stolen or replayed, and revokes the
 * whole family.
 */
export type Session = { userId: string; familyId: string; refreshToken: string };

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

async function issue(client: Queryable, userId: string, familyId: string, days: number): Promise<Session> {
  const refreshToken = randomBytes(32).toString('base64url');
  await client.query(
    `INSERT INTO selfdb.refresh_tokens (user_id, family_id, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [userId, familyId, hashToken(refreshToken), days],
  );
  return { userId, familyId, refreshToken };
}

export function startSession(db: Db, userId: string, days: number): Promise<Session> {
  return db.withClient((client) => issue(client, userId, randomUUID(), days));
}

/** Exchanges a refresh token for a new one in the same family; see the module comment for reuse. */
export async function rotateSession(db: Db, refreshToken: string, days: number): Promise<Session> {
  const outcome = await db.withTransaction(async (client) => {
    const found = await client.query<{
      id: string;
      user_id: string;
      family_id: string;
      expired: boolean;
      revoked: boolean;
      is_active: boolean;
    }>(
      `SELECT t.id, t.user_id, t.family_id, t.expires_at <= now() AS expired, t.revoked_at IS NOT NULL AS revoked,
              u.is_active
       FROM selfdb.refresh_tokens t JOIN selfdb.users u ON u.id = t.user_id
       WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [hashToken(refreshToken)],
    );
    const token = found.rows[0];
    if (!token) return 'invalid' as const;
    if (token.revoked) {
      await revokeFamily(client, token.family_id);
      return 'reused' as const;
    }
    if (token.expired) return 'invalid' as const;
    if (!token.is_active) return 'inactive' as const;
    await client.query('UPDATE selfdb.refresh_tokens SET revoked_at = now() WHERE id = $1', [token.id]);
    return issue(client, token.user_id, token.family_id, days);
  });
  if (outcome === 'inactive') throw new AppError('USER_INACTIVE');
  if (outcome === 'reused')
    throw new AppError('TOKEN_INVALID', 'Refresh token was already used; the session is revoked');
  if (outcome === 'invalid') throw new AppError('TOKEN_INVALID', 'Invalid or expired refresh token');
  return outcome;
}

/** Ends the session the refresh token belongs to; unknown tokens are ignored (logout is idempotent). */
export async function endSession(db: Db, refreshToken: string): Promise<void> {
  await db.query(
    `UPDATE selfdb.refresh_tokens SET revoked_at = now()
     WHERE revoked_at IS NULL
       AND family_id = (SELECT family_id FROM selfdb.refresh_tokens WHERE token_hash = $1)`,
    [hashToken(refreshToken)],
  );
}

async function revokeFamily(client: Queryable, familyId: string): Promise<void> {
  await client.query(
    'UPDATE selfdb.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
    [familyId],
  );
}

/** Ends every session of a user, except `keepFamilyId` (the session making the change) when given. */
export async function revokeAllSessions(client: Queryable, userId: string, keepFamilyId?: string | null) {
  await client.query(
    `UPDATE selfdb.refresh_tokens SET revoked_at = now()
     WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2)`,
    [userId, keepFamilyId ?? null],
  );
}
