import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { signAccessToken } from '../../src/auth/access-token.js';
import { hashPassword } from '../../src/services/passwords.js';
import type { User } from '../../src/services/users.js';

export const TEST_PASSWORD = 'test-password-1';

/** Hashing is deliberately slow; every test user shares one hash of TEST_PASSWORD. */
let sharedHash: Promise<string> | undefined;

export type TestUser = User & { token: string; headers: { authorization: string } };

/** Inserts a user directly (no HTTP, one hash per process) and signs an access token for them. */
export async function createTestUser(
  app: FastifyInstance,
  fields: { email?: string; is_superuser?: boolean; is_active?: boolean } = {},
): Promise<TestUser> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const res = await app.db.query(
    `INSERT INTO selfdb.users (email, password_hash, is_superuser, is_active) VALUES ($1, $2, $3, $4)
     RETURNING id, email, full_name, is_active, is_superuser, created_at, updated_at`,
    [
      fields.email ?? `user-${randomBytes(5).toString('hex')}@selfdb.test`,
      await sharedHash,
      fields.is_superuser ?? false,
      fields.is_active ?? true,
    ],
  );
  const row = res.rows[0] as Omit<User, 'created_at' | 'updated_at'> & { created_at: Date; updated_at: Date };
  const token = signAccessToken(app, {
    sub: row.id,
    email: row.email,
    is_superuser: row.is_superuser,
    sid: randomUUID(),
  });
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    token,
    headers: { authorization: `Bearer ${token}` },
  };
}

export function anonHeaders(app: FastifyInstance): { apikey: string } {
  return { apikey: app.config.auth.anonKey };
}

export async function userCount(app: FastifyInstance): Promise<number> {
  const res = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM selfdb.users');
  return res.rows[0]?.n ?? 0;
}
