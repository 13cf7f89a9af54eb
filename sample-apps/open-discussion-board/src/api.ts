/**
 * A small SelfDB client, following the pattern of SelfDB's README: anonymous visitors send the
 * anon key (header `apikey`); after login every request carries `Authorization: Bearer <JWT>`
 * instead. When the access token has expired (401), the client rotates it once with the refresh
 * token and retries; if that fails too, the session is dropped and the caller is told.
 */

export type Session = {
  access_token: string;
  refresh_token: string;
  user_id: string;
  email: string;
  is_superuser: boolean;
  /** The name shown on posts, from the user's `full_name` (or their email). */
  display_name: string;
};

export type User = {
  id: string;
  email: string;
  full_name: string | null;
  is_active: boolean;
  is_superuser: boolean;
};

export type FileMetadata = {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  bucket_id: string;
  status: string;
};

export type Bucket = { id: string; name: string; is_public: boolean };

export type RowPage<T> = {
  data: T[];
  metadata: { total_count: number | null; page: number; page_size: number; total_pages: number | null };
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type SessionStore = {
  load(): Session | null;
  save(session: Session | null): void;
};

export function memoryStore(initial: Session | null = null): SessionStore {
  let session = initial;
  return {
    load: () => session,
    save: (next) => {
      session = next;
    },
  };
}

export function localStorageStore(key = 'open-discussion-board.session'): SessionStore {
  return {
    load() {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Session) : null;
      } catch {
        return null;
      }
    },
    save(session) {
      if (session) localStorage.setItem(key, JSON.stringify(session));
      else localStorage.removeItem(key);
    },
  };
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type ClientOptions = {
  /** SelfDB's base URL, e.g. http://localhost:8000 (without /api/v1). */
  url: string;
  anonKey: string;
  store?: SessionStore;
  fetch?: FetchLike;
};

type RequestOptions = {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | string[] | undefined>;
};

export type Query = RequestOptions['query'];

export class SelfDbClient {
  readonly apiUrl: string;
  readonly anonKey: string;
  private readonly store: SessionStore;
  private readonly fetchImpl: FetchLike;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<(session: Session | null) => void>();

  constructor(options: ClientOptions) {
    this.apiUrl = `${options.url.replace(/\/+$/, '')}/api/v1`;
    this.anonKey = options.anonKey;
    this.store = options.store ?? memoryStore();
    const f = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.fetchImpl = f;
  }

  get session(): Session | null {
    return this.store.load();
  }

  /** Called whenever the user logs in or out, or the session is dropped. */
  onSessionChange(listener: (session: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setSession(session: Session | null): void {
    this.store.save(session);
    for (const listener of this.listeners) listener(session);
  }

  /** Bearer token when logged in, the anon key otherwise. */
  authHeaders(): Record<string, string> {
    const session = this.session;
    return session ? { Authorization: `Bearer ${session.access_token}` } : { apikey: this.anonKey };
  }

  /** The token the realtime socket authenticates with. */
  realtimeToken(): string {
    return this.session?.access_token ?? this.anonKey;
  }

  realtimeUrl(): string {
    return `${this.apiUrl.replace(/^http/, 'ws')}/realtime/ws`;
  }

  url(path: string, query?: Query): string {
    const url = new URL(`${this.apiUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    return url.toString();
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const sentToken = this.session?.access_token;
    let response = await this.send(path, options);
    if (response.status === 401 && sentToken) {
      // The access token expired (or was revoked): rotate it once and try again.
      if (await this.refresh(sentToken)) response = await this.send(path, options);
      else throw new ApiError(401, 'SESSION_EXPIRED', 'Your session has expired; please log in again.');
    }
    return this.parse<T>(response);
  }

  private send(path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { ...this.authHeaders() };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return this.fetchImpl(this.url(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
    });
  }

  private async parse<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const data: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (data ?? {}) as { detail?: unknown; code?: string };
      const detail = Array.isArray(error.detail)
        ? error.detail.map((d: { msg?: string }) => d.msg).join('; ')
        : String(error.detail ?? response.statusText);
      throw new ApiError(response.status, error.code ?? 'HTTP_ERROR', detail);
    }
    return data as T;
  }

  /**
   * Rotates the tokens with the refresh token. Concurrent callers share one refresh (the token is
   * single-use). Returns false, and drops the session, when the refresh token is no longer valid.
   */
  refresh(expiredToken?: string): Promise<boolean> {
    const session = this.session;
    if (!session) return Promise.resolve(false);
    // Someone else already refreshed since this request was sent.
    if (expiredToken && session.access_token !== expiredToken) return Promise.resolve(true);
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const response = await this.fetchImpl(this.url('/auth/refresh'), {
            method: 'POST',
            headers: { apikey: this.anonKey, 'Content-Type': 'application/json' },
            body: JSON.stringify({ refresh_token: session.refresh_token }),
          });
          if (!response.ok) {
            this.setSession(null);
            return false;
          }
          const tokens = (await response.json()) as { access_token: string; refresh_token: string };
          this.setSession({ ...session, ...tokens });
          return true;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  async login(email: string, password: string): Promise<Session> {
    const response = await this.fetchImpl(this.url('/auth/login'), {
      method: 'POST',
      headers: { apikey: this.anonKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const tokens = await this.parse<Omit<Session, 'display_name'>>(response);
    const base: Session = { ...tokens, display_name: email.split('@')[0] ?? email };
    this.store.save(base);
    try {
      const me = await this.request<User>('/users/me');
      base.display_name = me.full_name?.trim() || base.display_name;
    } catch {
      // keep the name from the email
    }
    const session = { ...base, ...this.session, display_name: base.display_name };
    this.setSession(session);
    return session;
  }

  async register(email: string, password: string, fullName: string): Promise<Session> {
    const response = await this.fetchImpl(this.url('/auth/register'), {
      method: 'POST',
      headers: { apikey: this.anonKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, full_name: fullName }),
    });
    await this.parse<User>(response);
    return this.login(email, password);
  }

  async logout(): Promise<void> {
    const session = this.session;
    this.setSession(null);
    if (!session) return;
    try {
      await this.fetchImpl(this.url('/auth/logout'), {
        method: 'POST',
        headers: { apikey: this.anonKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: session.refresh_token }),
      });
    } catch {
      // the local session is gone either way
    }
  }

  // Rows (API.md §4)

  listRows<T>(table: string, query?: Query): Promise<RowPage<T>> {
    return this.request<RowPage<T>>(`/tables/${table}/data`, { query });
  }

  insertRow<T>(table: string, row: Record<string, unknown>): Promise<T> {
    return this.request<T>(`/tables/${table}/data`, { method: 'POST', body: row });
  }

  updateRow<T>(table: string, id: string | number, changes: Record<string, unknown>): Promise<T> {
    return this.request<T>(`/tables/${table}/data/${id}`, { method: 'PATCH', body: changes });
  }

  deleteRow(table: string, id: string | number): Promise<unknown> {
    return this.request(`/tables/${table}/data/${id}`, { method: 'DELETE' });
  }

  // Storage (API.md §7)

  publicBuckets(): Promise<Bucket[]> {
    return this.request<Bucket[]>('/buckets/public');
  }

  /**
   * Uploads in two steps: `initiate-upload` (with the caller's credentials) answers a single-use
   * upload URL, then the bytes go there with a plain PUT. XMLHttpRequest, not fetch, so that the
   * upload's progress can be shown.
   */
  async uploadFile(
    bucketId: string,
    file: File,
    onProgress?: (fraction: number) => void,
  ): Promise<FileMetadata> {
    const initiated = await this.request<{
      file_metadata: FileMetadata;
      presigned_upload_info: { upload_url: string; upload_method: string };
    }>('/files/initiate-upload', {
      method: 'POST',
      body: {
        filename: file.name,
        content_type: file.type || undefined,
        size: file.size,
        bucket_id: bucketId,
      },
    });
    const { upload_url, upload_method } = initiated.presigned_upload_info;
    return new Promise<FileMetadata>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(upload_method || 'PUT', upload_url);
      if (file.type) xhr.setRequestHeader('Content-Type', file.type);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress?.(event.loaded / event.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress?.(1);
          resolve(JSON.parse(xhr.responseText) as FileMetadata);
        } else {
          let message = `Upload failed (${xhr.status})`;
          try {
            message = (JSON.parse(xhr.responseText) as { detail?: string }).detail ?? message;
          } catch {
            // not JSON
          }
          reject(new ApiError(xhr.status, 'UPLOAD_FAILED', message));
        }
      };
      xhr.onerror = () => reject(new ApiError(0, 'UPLOAD_FAILED', 'The upload failed (network error)'));
      xhr.send(file);
    });
  }

  /** The stable URL of a file in a public bucket: it works with no credentials, e.g. as `<img src>`. */
  async publicViewUrl(fileId: string): Promise<string> {
    const info = await this.request<{ view_url: string }>(`/files/public/${fileId}/view-info`);
    return info.view_url;
  }
}
