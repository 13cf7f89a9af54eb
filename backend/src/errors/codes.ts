/**
 * Every error code the API answers with, its HTTP status and its default message.
 * The API reference lists the same table; keep them in step.
 */
export const errorCodes = {
  VALIDATION_FAILED: { status: 422, detail: 'Request validation failed' },
  INVALID_JSON: { status: 400, detail: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, detail: 'Bad request' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, detail: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, detail: 'The request body is too large' },
  NOT_FOUND: { status: 404, detail: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, detail: 'Method not allowed' },
  AUTH_REQUIRED: { status: 401, detail: 'Authentication required: send a bearer token or the anon key' },
  INVALID_API_KEY: { status: 401, detail: 'Invalid API key' },
  TOKEN_INVALID: { status: 401, detail: 'Invalid token' },
  TOKEN_EXPIRED: { status: 401, detail: 'Token has expired' },
  USER_INACTIVE: { status: 403, detail: 'This account is deactivated' },
  FORBIDDEN: { status: 403, detail: 'You do not have permission to do this' },
  INVALID_CREDENTIALS: { status: 400, detail: 'Incorrect email or password' },
  RATE_LIMITED: { status: 429, detail: 'Too many failed attempts; try again later' },
  EMAIL_TAKEN: { status: 400, detail: 'A user with this email already exists' },
  REGISTRATION_DISABLED: { status: 403, detail: 'Registration is disabled on this server' },
  WRONG_PASSWORD: { status: 400, detail: 'The current password is incorrect' },
  USER_NOT_FOUND: { status: 404, detail: 'User not found' },
  LAST_SUPERUSER: {
    status: 409,
    detail: 'The last active superuser cannot be demoted, deactivated or deleted',
  },
  CANNOT_DELETE_SELF: { status: 409, detail: 'A superuser cannot delete their own account' },
  INVALID_VALUE: { status: 400, detail: 'A value is invalid for its column' },
  CONFLICT: { status: 409, detail: 'A record with the same unique value already exists' },
  FK_VIOLATION: { status: 409, detail: 'The operation violates a foreign-key reference' },
  QUERY_TIMEOUT: { status: 504, detail: 'The query took too long and was cancelled' },
  DB_UNAVAILABLE: { status: 503, detail: 'The database is unavailable; try again shortly' },
  STORAGE_UNAVAILABLE: { status: 503, detail: 'The object store is unavailable; try again shortly' },
  INVALID_RUNTIME_KEY: { status: 401, detail: 'This route is for the function runtime only' },
  FUNCTION_NOT_FOUND: { status: 404, detail: 'Function not found' },
  FUNCTION_EXISTS: { status: 409, detail: 'A function with this name already exists' },
  INVALID_FUNCTION: { status: 400, detail: 'The function module is not valid' },
  VERSION_NOT_FOUND: { status: 404, detail: 'Function version not found' },
  ENV_VAR_NOT_FOUND: { status: 404, detail: 'Environment variable not found' },
  ENV_VAR_EXISTS: { status: 409, detail: 'The function already has an environment variable with this key' },
  FUNCTION_FAILED: { status: 500, detail: 'The function failed; see its logs' },
  FUNCTION_TIMEOUT: { status: 504, detail: 'The function did not finish within its timeout' },
  FUNCTION_RUNTIME_UNAVAILABLE: {
    status: 503,
    detail: 'The function runtime is unavailable; try again shortly',
  },
  DENO_UNAVAILABLE: { status: 503, detail: 'The Deno tooling could not run; try again shortly' },
  NOT_READY: { status: 503, detail: 'A dependency is unavailable' },
  INTERNAL_ERROR: { status: 500, detail: 'Internal server error' },
} as const satisfies Record<string, { status: number; detail: string }>;

export type ErrorCode = keyof typeof errorCodes;
