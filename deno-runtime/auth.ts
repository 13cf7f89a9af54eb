import type { RuntimeConfig } from './config.ts';
import type { Caller } from './function-process.ts';

/**
 * Who is invoking a function on the runtime's own port. The backend forwards invocations with the
 * internal key and the caller it has already resolved (with the database: active users only).
 * A direct call must carry the anon key or a user's access token, checked as the API checks them
 * (HS256 signature, expiry, token type); the runtime has no database, so a direct call with the
 * token of a user deactivated since it was issued is accepted until the token expires (at most
 * ACCESS_TOKEN_EXPIRE_MINUTES). Keep port 8090 private when that matters.
 */
export type Resolved =
  | { ok: true; user: Caller }
  | { ok: false; status: number; code: string; detail: string };

export class Authenticator {
  readonly #hmacKey: Promise<CryptoKey>;

  constructor(private readonly config: RuntimeConfig) {
    this.#hmacKey = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(config.secretKey),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
  }

  /** Whether the request carries the internal key (backend → runtime). */
  isInternal(request: Request): boolean {
    return safeEqual(request.headers.get('x-runtime-key') ?? '', this.config.runtimeKey);
  }

  resolve(request: Request, url: URL): Resolved | Promise<Resolved> {
    if (this.isInternal(request)) {
      const forwarded = request.headers.get('x-selfdb-user');
      return { ok: true, user: forwarded ? (JSON.parse(decodeURIComponent(forwarded)) as Caller) : null };
    }
    const authorization = request.headers.get('authorization');
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) return invalid('TOKEN_INVALID', 'Invalid token');
      return this.#verifyJwt(token);
    }
    const key =
      request.headers.get('apikey') ?? request.headers.get('anon-key') ?? url.searchParams.get('apikey');
    if (key === null) {
      return invalid('AUTH_REQUIRED', 'Authentication required: send a bearer token or the anon key');
    }
    return safeEqual(key, this.config.anonKey)
      ? { ok: true, user: null }
      : invalid('INVALID_API_KEY', 'Invalid API key');
  }

  async #verifyJwt(token: string): Promise<Resolved> {
    const parts = token.split('.');
    if (parts.length !== 3) return invalid('TOKEN_INVALID', 'Invalid token');
    const [header, payload, signature] = parts as [string, string, string];
    try {
      const alg = JSON.parse(base64UrlText(header)).alg;
      const valid =
        alg === 'HS256' &&
        (await crypto.subtle.verify(
          'HMAC',
          await this.#hmacKey,
          base64UrlBytes(signature),
          new TextEncoder().encode(`${header}.${payload}`),
        ));
      if (!valid) return invalid('TOKEN_INVALID', 'Invalid token');
      const claims = JSON.parse(base64UrlText(payload)) as Record<string, unknown>;
      if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
        return invalid('TOKEN_EXPIRED', 'Token has expired');
      }
      if (claims.type !== 'access' || typeof claims.sub !== 'string')
        return invalid('TOKEN_INVALID', 'Invalid token');
      return {
        ok: true,
        user: {
          id: claims.sub,
          email: String(claims.email ?? ''),
          is_superuser: claims.is_superuser === true,
        },
      };
    } catch {
      return invalid('TOKEN_INVALID', 'Invalid token');
    }
  }
}

function invalid(code: string, detail: string): Resolved {
  return { ok: false, status: 401, code, detail };
}

function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function base64UrlText(text: string): string {
  return new TextDecoder().decode(base64UrlBytes(text));
}

/** Constant-time comparison of two strings (of possibly different lengths). */
function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
