import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The checkout (or image) root: `backend/src/` and `backend/dist/` both sit two levels below it. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PLACEHOLDERS = new Set([
  '',
  'changeme',
  'change-me',
  'change_me',
  'secret',
  'password',
  'adminpassword',
  'postgres',
  'minioadmin',
  'your-secret-key',
]);

/** A value counts as a placeholder when it is empty, a well-known default, or starts with "change". */
export function isPlaceholder(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  return PLACEHOLDERS.has(v) || v.startsWith('change');
}

const port = z.coerce
  .number({ error: 'must be a port number (1-65535)' })
  .int('must be a port number (1-65535)')
  .min(1, 'must be a port number (1-65535)')
  .max(65535, 'must be a port number (1-65535)');
const positiveInt = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  API_PORT: port.default(8000),
  PUBLIC_API_URL: httpUrl.optional(),
  CORS_ORIGINS: z.string().default('http://localhost:3000,http://localhost:5173'),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  POSTGRES_HOST: z.string().min(1).default('localhost'),
  POSTGRES_PORT: port.default(5432),
  POSTGRES_DB: z.string().min(1).default('selfdb'),
  POSTGRES_USER: z.string().min(1).default('selfdb'),
  POSTGRES_PASSWORD: z.string().min(1, 'is required'),
  DB_POOL_MAX: positiveInt.default(20),
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(5000),

  SECRET_KEY: z.string().min(32, 'must be at least 32 characters'),
  ANON_KEY: z.string().min(32, 'must be at least 32 characters'),
  ACCESS_TOKEN_EXPIRE_MINUTES: positiveInt.default(60),
  REFRESH_TOKEN_EXPIRE_DAYS: positiveInt.default(30),
  ALLOW_REGISTRATION: bool.default(true),
  LOGIN_MAX_FAILURES_PER_EMAIL: positiveInt.default(5),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(20),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),

  DEFAULT_ADMIN_EMAIL: z.email(),
  DEFAULT_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters'),

  REALTIME_RETENTION_SECONDS: positiveInt.default(86_400),
  REALTIME_RETENTION_MAX_EVENTS: positiveInt.default(100_000),
  REALTIME_MAX_SUBSCRIPTIONS: positiveInt.default(100),
  REALTIME_MAX_BUFFER_BYTES: positiveInt.default(8 * 1024 * 1024),

  S3_ENDPOINT: httpUrl.default('http://localhost:9000'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY: z.string().min(3),
  S3_SECRET_KEY: z.string().min(8, 'must be at least 8 characters'),
  S3_FORCE_PATH_STYLE: bool.default(true),
  MAX_UPLOAD_BYTES: positiveInt.default(5 * 1024 ** 3),
  UPLOAD_URL_EXPIRE_SECONDS: positiveInt.default(3600),
  DOWNLOAD_URL_EXPIRE_SECONDS: positiveInt.default(3600),
  PENDING_UPLOAD_MAX_AGE_SECONDS: positiveInt.default(86_400),
  STORAGE_SWEEP_INTERVAL_SECONDS: positiveInt.default(600),

  FUNCTIONS_DIR: z.string().min(1).default('functions'),
  DENO_PORT: port.default(8090),
  DENO_RUNTIME_URL: httpUrl.optional(),
  RUNTIME_KEY: z.string().min(32, 'must be at least 32 characters'),
  FUNCTION_TIMEOUT: positiveInt.min(100).max(3_600_000).default(30_000),
  FUNCTION_LOG_RETENTION_DAYS: positiveInt.default(7),
});

/** Secrets that must not keep a placeholder value in production. */
const PRODUCTION_SECRETS = [
  'SECRET_KEY',
  'ANON_KEY',
  'POSTGRES_PASSWORD',
  'S3_SECRET_KEY',
  'DEFAULT_ADMIN_PASSWORD',
  'RUNTIME_KEY',
] as const;

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  corsOrigins: true | string[];
  trustProxy: boolean;
  logLevel: string;
  db: Readonly<{
    host: string;
    port: number;
    database: string;
    user: string;
    password: string;
    poolMax: number;
    connectTimeoutMs: number;
  }>;
  auth: Readonly<{
    secretKey: string;
    anonKey: string;
    accessTokenMinutes: number;
    refreshTokenDays: number;
    allowRegistration: boolean;
    loginThrottle: Readonly<{ maxPerEmail: number; maxPerIp: number; windowSeconds: number }>;
  }>;
  admin: Readonly<{ email: string; password: string }>;
  realtime: Readonly<{
    retentionSeconds: number;
    retentionMaxEvents: number;
    maxSubscriptions: number;
    maxBufferBytes: number;
  }>;
  storage: Readonly<{
    endpoint: string;
    region: string;
    accessKey: string;
    secretKey: string;
    forcePathStyle: boolean;
    /** Largest file accepted, in bytes, enforced while the bytes stream in. */
    maxUploadBytes: number;
    uploadUrlSeconds: number;
    downloadUrlSeconds: number;
    /** Pending files older than this (since initiation, or since their upload began) are swept. */
    pendingMaxAgeSeconds: number;
    sweepIntervalSeconds: number;
  }>;
  functions: Readonly<{
    /** Where active functions are written for the runtime (absolute). */
    dir: string;
    runtimeUrl: string;
    /** Shared by the backend and the runtime only (header X-Runtime-Key). */
    runtimeKey: string;
    defaultTimeoutMs: number;
    retentionDays: number;
  }>;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (normally process.env) into a frozen Config, reporting every problem at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(withoutEmptyStrings(env));
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${describe(issue, env)}`);
  if (parsed.success && parsed.data.NODE_ENV === 'production') {
    for (const name of PRODUCTION_SECRETS) {
      if (isPlaceholder(parsed.data[name])) {
        problems.push(`${name}: must be set to a real secret in production (run ./start.sh to generate one)`);
      }
    }
  }
  if (parsed.success && parsed.data.PENDING_UPLOAD_MAX_AGE_SECONDS <= parsed.data.UPLOAD_URL_EXPIRE_SECONDS) {
    // Otherwise a pending file could be swept while its upload URL is still valid.
    problems.push('PENDING_UPLOAD_MAX_AGE_SECONDS: must be longer than UPLOAD_URL_EXPIRE_SECONDS');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return deepFreeze({
    env: e.NODE_ENV,
    host: e.API_HOST,
    port: e.API_PORT,
    publicUrl: (e.PUBLIC_API_URL ?? `http://localhost:${e.API_PORT}`).replace(/\/+$/, ''),
    corsOrigins: e.CORS_ORIGINS.trim() === '*' ? true : splitList(e.CORS_ORIGINS),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    db: {
      host: e.POSTGRES_HOST,
      port: e.POSTGRES_PORT,
      database: e.POSTGRES_DB,
      user: e.POSTGRES_USER,
      password: e.POSTGRES_PASSWORD,
      poolMax: e.DB_POOL_MAX,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    },
    auth: {
      secretKey: e.SECRET_KEY,
      anonKey: e.ANON_KEY,
      accessTokenMinutes: e.ACCESS_TOKEN_EXPIRE_MINUTES,
      refreshTokenDays: e.REFRESH_TOKEN_EXPIRE_DAYS,
      allowRegistration: e.ALLOW_REGISTRATION,
      loginThrottle: {
        maxPerEmail: e.LOGIN_MAX_FAILURES_PER_EMAIL,
        maxPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
      },
    },
    admin: { email: e.DEFAULT_ADMIN_EMAIL, password: e.DEFAULT_ADMIN_PASSWORD },
    realtime: {
      retentionSeconds: e.REALTIME_RETENTION_SECONDS,
      retentionMaxEvents: e.REALTIME_RETENTION_MAX_EVENTS,
      maxSubscriptions: e.REALTIME_MAX_SUBSCRIPTIONS,
      maxBufferBytes: e.REALTIME_MAX_BUFFER_BYTES,
    },
    storage: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      accessKey: e.S3_ACCESS_KEY,
      secretKey: e.S3_SECRET_KEY,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      uploadUrlSeconds: e.UPLOAD_URL_EXPIRE_SECONDS,
      downloadUrlSeconds: e.DOWNLOAD_URL_EXPIRE_SECONDS,
      pendingMaxAgeSeconds: e.PENDING_UPLOAD_MAX_AGE_SECONDS,
      sweepIntervalSeconds: e.STORAGE_SWEEP_INTERVAL_SECONDS,
    },
    functions: {
      dir: path.resolve(ROOT, e.FUNCTIONS_DIR),
      runtimeUrl: (e.DENO_RUNTIME_URL ?? `http://localhost:${e.DENO_PORT}`).replace(/\/+$/, ''),
      runtimeKey: e.RUNTIME_KEY,
      defaultTimeoutMs: e.FUNCTION_TIMEOUT,
      retentionDays: e.FUNCTION_LOG_RETENTION_DAYS,
    },
  });
}

/** `.env` files write unset values as `NAME=`; treat them as absent so defaults apply. */
function withoutEmptyStrings(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

function describe(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0]);
  const value = env[name];
  if (value === undefined || value === '') return 'is required';
  return /KEY|PASSWORD|SECRET/.test(name) ? issue.message : `${issue.message} (got "${value}")`;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
