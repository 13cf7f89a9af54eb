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
  INVALID_VALUE: { status: 400, detail: 'A value is invalid for its column' },
  CONFLICT: { status: 409, detail: 'A record with the same unique value already exists' },
  FK_VIOLATION: { status: 409, detail: 'The operation violates a foreign-key reference' },
  QUERY_TIMEOUT: { status: 504, detail: 'The query took too long and was cancelled' },
  DB_UNAVAILABLE: { status: 503, detail: 'The database is unavailable; try again shortly' },
  STORAGE_UNAVAILABLE: { status: 503, detail: 'The object store is unavailable; try again shortly' },
  NOT_READY: { status: 503, detail: 'A dependency is unavailable' },
  INTERNAL_ERROR: { status: 500, detail: 'Internal server error' },
} as const satisfies Record<string, { status: number; detail: string }>;

export type ErrorCode = keyof typeof errorCodes;
