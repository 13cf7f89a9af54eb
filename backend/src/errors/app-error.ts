import { type ErrorCode, errorCodes } from './codes.js';

export type ErrorDetail = string | Array<{ loc: Array<string | number>; msg: string; type: string }>;

/** The one error type of the API: a code from the registry, its status, and a message safe to show. */
export class AppError extends Error {
  readonly status: number;
  readonly detail: ErrorDetail;

  constructor(
    readonly code: ErrorCode,
    detail?: ErrorDetail,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    const message = detail ?? errorCodes[code].detail;
    super(typeof message === 'string' ? message : errorCodes[code].detail);
    this.name = 'AppError';
    this.status = errorCodes[code].status;
    this.detail = message;
  }
}
