import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/**
 * Signed tokens carried in file URLs: `upload` tokens (single use: `nonce` must still be recorded
 * on the pending file) and `download` tokens (for private files, valid until they expire).
 * An HMAC-SHA256 over the payload, with a key derived from SECRET_KEY for this purpose only, so a
 * file token can never pass for an access token or the other way round.
 */
type UploadClaims = { kind: 'upload'; fileId: string; nonce: string; expiresAt: number };
type DownloadClaims = { kind: 'download'; fileId: string; expiresAt: number };
type Claims = UploadClaims | DownloadClaims;

const ERRORS = {
  upload: { invalid: 'UPLOAD_TOKEN_INVALID', expired: 'UPLOAD_TOKEN_EXPIRED' },
  download: { invalid: 'DOWNLOAD_TOKEN_INVALID', expired: 'DOWNLOAD_TOKEN_EXPIRED' },
} as const;

export class FileTokens {
  readonly #key: Buffer;

  constructor(secretKey: string) {
    this.#key = createHmac('sha256', secretKey).update('selfdb file tokens v1').digest();
  }

  signUpload(fileId: string, nonce: string, expiresAt: Date): string {
    return this.#sign({ kind: 'upload', fileId, nonce, expiresAt: seconds(expiresAt) });
  }

  signDownload(fileId: string, expiresAt: Date): string {
    return this.#sign({ kind: 'download', fileId, expiresAt: seconds(expiresAt) });
  }

  /** The upload nonce, if `token` is a valid, unexpired upload token for this file. */
  verifyUpload(token: string | undefined, fileId: string): string {
    const claims = this.#verify(token, 'upload', fileId);
    return (claims as UploadClaims).nonce;
  }

  verifyDownload(token: string | undefined, fileId: string): void {
    this.#verify(token, 'download', fileId);
  }

  #sign(claims: Claims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.#mac(payload)}`;
  }

  #verify(token: string | undefined, kind: Claims['kind'], fileId: string): Claims {
    const errors = ERRORS[kind];
    const [payload, mac, extra] = (token ?? '').split('.');
    if (!payload || !mac || extra !== undefined) throw new AppError(errors.invalid);
    const expected = Buffer.from(this.#mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError(errors.invalid);
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;
    if (claims.kind !== kind) throw new AppError(errors.invalid);
    if (claims.fileId !== fileId)
      throw new AppError(errors.invalid, `This ${kind} token is for another file`);
    if (claims.expiresAt <= seconds(new Date())) throw new AppError(errors.expired);
    return claims;
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
