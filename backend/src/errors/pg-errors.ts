import { AppError } from './app-error.js';

/** The fields of a node-postgres DatabaseError that the mapping reads. */
type PgError = Error & {
  code: string;
  severity?: string;
  column?: string;
  constraint?: string;
  detail?: string;
};

/** SQLSTATE classes and codes that mean "the database cannot serve us right now". */
const UNAVAILABLE_SQLSTATES = /^(08|53|57P0[1-3])/;
/** Socket-level errors raised while talking to the database. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);

export const RETRY_AFTER_SECONDS = '5';

export function isPgError(err: unknown): err is PgError {
  return err instanceof Error && typeof (err as PgError).code === 'string' && 'severity' in err;
}

export function dbUnavailable(): AppError {
  return new AppError('DB_UNAVAILABLE', undefined, { 'Retry-After': RETRY_AFTER_SECONDS });
}

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return isPgError(err) ? UNAVAILABLE_SQLSTATES.test(code) : UNAVAILABLE_SOCKET_CODES.has(code);
}

/**
 * Turns a database failure into the API error it stands for, or returns undefined when it is
 * not one the client caused (the handler then answers 500 without details).
 */
export function mapPgError(err: unknown): AppError | undefined {
  if (isConnectionError(err)) return dbUnavailable();
  if (!isPgError(err)) return undefined;
  switch (err.code) {
    case '23505':
      return new AppError('CONFLICT', err.detail ? `Duplicate value: ${err.detail}` : undefined);
    case '23503':
      return new AppError('FK_VIOLATION', err.detail ?? undefined);
    case '23502':
      return new AppError(
        'INVALID_VALUE',
        err.column ? `Column "${err.column}" cannot be null` : err.message,
      );
    case '23514':
      return new AppError('INVALID_VALUE', `Check constraint "${err.constraint}" is violated`);
    case '57014':
      return new AppError('QUERY_TIMEOUT');
  }
  // Class 22: data exceptions (bad number, bad date, value too long, invalid JSON, ...).
  if (err.code.startsWith('22')) return new AppError('INVALID_VALUE', err.message);
  return undefined;
}
