import type { Config } from '../config.js';
import type { Db } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';

type Limits = Config['auth']['loginThrottle'];

/**
 * Counts failed logins per client IP and per email in fixed windows, in Postgres so every backend
 * replica sees the same counts. Only failures count: a user who logs in often is never slowed.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly limits: Limits,
  ) {}

  /** Throws 429 RATE_LIMITED, with Retry-After, while either key is over its limit. */
  async assertAllowed(ip: string, email: string): Promise<void> {
    const res = await this.db.query<{ key: string; failures: number; retry_after: number }>(
      `SELECT key, failures,
              ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS retry_after
       FROM selfdb.login_failures
       WHERE key = ANY($1) AND window_start > now() - make_interval(secs => $2)`,
      [[ipKey(ip), emailKey(email)], this.limits.windowSeconds],
    );
    const blocked = res.rows.filter((row) => row.failures >= this.limitOf(row.key));
    if (blocked.length === 0) return;
    const retryAfter = Math.max(1, ...blocked.map((row) => row.retry_after));
    throw new AppError('RATE_LIMITED', undefined, { 'Retry-After': String(retryAfter) });
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    await this.db.query(
      `INSERT INTO selfdb.login_failures AS f (key, failures, window_start)
       SELECT unnest($1::text[]), 1, now()
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE f.failures + 1 END,
         window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $2) THEN now() ELSE f.window_start END`,
      [[ipKey(ip), emailKey(email)], this.limits.windowSeconds],
    );
    // Windows that ended long ago are dead weight; dropping them here keeps the table small.
    await this.db.query(
      'DELETE FROM selfdb.login_failures WHERE window_start < now() - make_interval(secs => $1)',
      [this.limits.windowSeconds * 2],
    );
  }

  /** A successful login clears the email's count (the IP's stays: it may be guessing other accounts). */
  async recordSuccess(email: string): Promise<void> {
    await this.db.query('DELETE FROM selfdb.login_failures WHERE key = $1', [emailKey(email)]);
  }

  private limitOf(key: string): number {
    return key.startsWith('ip:') ? this.limits.maxPerIp : this.limits.maxPerEmail;
  }
}

const ipKey = (ip: string) => `ip:${ip}`;
const emailKey = (email: string) => `email:${email.toLowerCase()}`;
