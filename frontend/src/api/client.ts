import axios, {
  type AxiosAdapter,
  type AxiosError,
  type AxiosInstance,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { SessionStore } from './session';

export type ApiClientOptions = {
  baseURL?: string;
  sessions: SessionStore;
  /** Called once a refresh has failed and the session is gone (the app then shows the login). */
  onSessionExpired?: () => void;
  /** Replaces the HTTP transport (tests). */
  adapter?: AxiosAdapter;
};

type RetriableConfig = InternalAxiosRequestConfig & { _retried?: boolean };

const NO_REFRESH = ['/auth/login', '/auth/refresh', '/auth/logout'];

/**
 * The axios instance every page uses. It sends the access token; on a 401 it refreshes the token
 * pair and retries the request once. Refresh tokens rotate (API.md §2): presenting the same one
 * twice revokes the whole login, so concurrent 401s must share one refresh. `refreshing` holds
 * that single in-flight promise.
 */
export function createApiClient({
  baseURL = '/api/v1',
  sessions,
  onSessionExpired,
  adapter,
}: ApiClientOptions): AxiosInstance {
  const http = axios.create({ baseURL, adapter });
  // The refresh call goes around the interceptors: its own 401 must not trigger another refresh.
  const bare = axios.create({ baseURL, adapter });
  let refreshing: Promise<string> | null = null;

  const refresh = (): Promise<string> => {
    if (!refreshing) {
      const session = sessions.get();
      refreshing = (async () => {
        if (!session) throw new Error('not logged in');
        const { data } = await bare.post<{ access_token: string; refresh_token: string }>('/auth/refresh', {
          refresh_token: session.refresh_token,
        });
        sessions.set({ ...session, access_token: data.access_token, refresh_token: data.refresh_token });
        return data.access_token;
      })().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  };

  http.interceptors.request.use((config) => {
    const token = sessions.get()?.access_token;
    if (token && !config.headers.has('Authorization')) config.headers.set('Authorization', `Bearer ${token}`);
    return config;
  });

  http.interceptors.response.use(undefined, async (error: AxiosError) => {
    const config = error.config as RetriableConfig | undefined;
    const url = config?.url ?? '';
    if (
      error.response?.status !== 401 ||
      !config ||
      config._retried ||
      !sessions.get() ||
      NO_REFRESH.some((path) => url.endsWith(path))
    ) {
      throw error;
    }
    config._retried = true;
    let token: string;
    try {
      // A 401 for a token that has since been replaced (another request refreshed first) needs
      // no refresh of its own: retrying with the current token is enough.
      const current = sessions.get()?.access_token;
      const sent = String(config.headers.get('Authorization') ?? '');
      token = current && sent !== `Bearer ${current}` ? current : await refresh();
    } catch {
      if (sessions.get()) {
        sessions.set(null);
        onSessionExpired?.();
      }
      throw error;
    }
    config.headers.set('Authorization', `Bearer ${token}`);
    return http.request(config);
  });

  return http;
}

/** The API's error body (API.md §0): `detail` is a message, or a list of validation problems. */
type ErrorBody = { detail?: string | Array<{ loc?: unknown[]; msg?: string }>; code?: string };

export type ApiErrorInfo = { message: string; code: string | null; status: number | null };

/** Turns whatever a request threw into a sentence a person can act on, plus the API's code. */
export function describeError(error: unknown): ApiErrorInfo {
  if (axios.isAxiosError(error)) {
    const status = error.response?.status ?? null;
    const body = error.response?.data as ErrorBody | undefined;
    const code = body?.code ?? null;
    if (body && typeof body.detail === 'string') return { message: body.detail, code, status };
    if (body && Array.isArray(body.detail)) {
      const message = body.detail
        .map((d) => {
          const where = (d.loc ?? []).filter((part) => part !== 'body').join('.');
          return where ? `${where}: ${d.msg ?? 'invalid'}` : (d.msg ?? 'invalid');
        })
        .join('; ');
      return { message: message || 'The request was not valid', code, status };
    }
    if (!error.response)
      return { message: 'Cannot reach the SelfDB API. Is the backend running?', code, status };
    return { message: `The API answered ${status} ${error.response.statusText || ''}`.trim(), code, status };
  }
  if (error instanceof Error) return { message: error.message, code: null, status: null };
  return { message: String(error), code: null, status: null };
}
