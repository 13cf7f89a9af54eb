/** The runtime's settings, from its environment (the same `.env` as the backend). */
export type RuntimeConfig = Readonly<{
  host: string;
  port: number;
  functionsDir: string;
  runtimeKey: string;
  anonKey: string;
  secretKey: string;
  /** The API as functions and the runtime reach it (reports, settings, `ctx.callBackend`). */
  apiUrl: string;
  databaseUrl: string;
  defaultTimeoutMs: number;
  memoryMb: number;
  /** Real milliseconds per cron minute: 60000, except in tests, which run the clock faster. */
  cronMinuteMs: number;
}>;

export function loadConfig(env: Record<string, string | undefined>): RuntimeConfig {
  const problems: string[] = [];
  const required = (name: string, minLength: number) => {
    const value = env[name] ?? '';
    if (value.length < minLength) problems.push(`${name}: must be at least ${minLength} characters`);
    return value;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return n;
  };
  const config = {
    host: env.DENO_HOST || '0.0.0.0',
    port: integer('DENO_PORT', 8090, 1, 65535),
    functionsDir: env.FUNCTIONS_DIR || new URL('../functions', import.meta.url).pathname,
    runtimeKey: required('RUNTIME_KEY', 32),
    anonKey: required('ANON_KEY', 32),
    secretKey: required('SECRET_KEY', 32),
    apiUrl: (env.SELFDB_API_URL || `http://localhost:${env.API_PORT || 8000}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || databaseUrl(env),
    defaultTimeoutMs: integer('FUNCTION_TIMEOUT', 30_000, 100, 3_600_000),
    memoryMb: integer('FUNCTION_MEMORY_MB', 256, 32, 16_384),
    cronMinuteMs: integer('SELFDB_CRON_MINUTE_MS', 60_000, 100, 60_000),
  };
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return Object.freeze(config);
}

function databaseUrl(env: Record<string, string | undefined>): string {
  const user = encodeURIComponent(env.POSTGRES_USER || 'selfdb');
  const password = encodeURIComponent(env.POSTGRES_PASSWORD || '');
  const host = env.POSTGRES_HOST || 'localhost';
  const port = env.POSTGRES_PORT || '5432';
  const db = encodeURIComponent(env.POSTGRES_DB || 'selfdb');
  return `postgresql://${user}:${password}@${host}:${port}/${db}`;
}
