import axios from 'axios';
import { http } from './instance';
import type {
  Bucket,
  BucketChange,
  CloudFunction,
  ColumnChange,
  Diagnostic,
  EnvVar,
  Execution,
  FileLink,
  FunctionListItem,
  FunctionLog,
  FunctionVersion,
  HistoryEntry,
  Invocation,
  LoginResult,
  NewTable,
  NewUser,
  OwnedResources,
  Row,
  RowFilter,
  RowsPage,
  SchemaGraph,
  SchemaInfo,
  Snippet,
  SortOrder,
  SqlRun,
  StoredFile,
  TableDetail,
  TableSummary,
  TableUpdate,
  TemplateType,
  UploadStart,
  User,
  UserChanges,
} from './types';

const seg = encodeURIComponent;

export const auth = {
  login: (email: string, password: string) =>
    http.post<LoginResult>('/auth/login', { email, password }).then((r) => r.data),
  logout: (refresh_token: string) => http.post('/auth/logout', { refresh_token }),
};

export const users = {
  list: (q: { search?: string; skip: number; limit: number }) =>
    http
      .get<User[]>('/users', {
        params: { skip: q.skip, limit: q.limit, ...(q.search ? { search: q.search } : {}) },
      })
      .then((r) => r.data),
  count: () => http.get<number>('/users/count').then((r) => r.data),
  create: (body: NewUser) => http.post<User>('/users', body).then((r) => r.data),
  update: (id: string, changes: UserChanges) =>
    http.put<User>(`/users/${seg(id)}`, changes).then((r) => r.data),
  owned: (id: string) => http.get<OwnedResources>(`/users/${seg(id)}/owned`).then((r) => r.data),
  remove: (id: string) => http.delete(`/users/${seg(id)}`),
};

/** The signed-in account and the instance, as the Settings page shows them. */
export const settings = {
  changePassword: (current_password: string, new_password: string) =>
    http.put<true>('/users/me/password', { current_password, new_password }).then((r) => r.data),
  anonKey: () => http.get<{ anon_key: string }>('/users/me/anon-key').then((r) => r.data.anon_key),
  version: () => http.get<{ version: string }>('/health').then((r) => r.data.version),
};

export type RowsQuery = { page: number; pageSize: number; sort: SortOrder; filters: RowFilter[] };

export const tables = {
  list: () => http.get<TableSummary[]>('/tables').then((r) => r.data),
  get: (name: string) => http.get<TableDetail>(`/tables/${seg(name)}`).then((r) => r.data),
  create: (body: NewTable) => http.post(`/tables`, body).then((r) => r.data),
  update: (name: string, body: TableUpdate) => http.put(`/tables/${seg(name)}`, body).then((r) => r.data),
  drop: (name: string) => http.delete(`/tables/${seg(name)}`).then((r) => r.data),
  ddl: (name: string) => http.get<{ sql: string }>(`/tables/${seg(name)}/sql`).then((r) => r.data.sql),
  addColumn: (name: string, column: ColumnChange) =>
    http.post(`/tables/${seg(name)}/columns`, column).then((r) => r.data),
  alterColumn: (name: string, column: string, change: ColumnChange) =>
    http.put(`/tables/${seg(name)}/columns/${seg(column)}`, change).then((r) => r.data),
  dropColumn: (name: string, column: string) =>
    http.delete(`/tables/${seg(name)}/columns/${seg(column)}`).then((r) => r.data),
  rows: (name: string, q: RowsQuery) => {
    const params = new URLSearchParams({ page: String(q.page), page_size: String(q.pageSize) });
    if (q.sort) params.set('order_by', `${q.sort.column}:${q.sort.direction}`);
    for (const f of q.filters) params.append('filter', `${f.column}:${f.op}:${f.value}`);
    return http.get<RowsPage>(`/tables/${seg(name)}/data`, { params }).then((r) => r.data);
  },
  insertRow: (name: string, row: Row) => http.post<Row>(`/tables/${seg(name)}/data`, row).then((r) => r.data),
  updateRow: (name: string, id: string, idColumn: string, change: Row) =>
    http
      .patch<Row>(`/tables/${seg(name)}/data/${seg(id)}`, change, { params: { id_column: idColumn } })
      .then((r) => r.data),
  deleteRow: (name: string, id: string, idColumn: string) =>
    http
      .delete(`/tables/${seg(name)}/data/${seg(id)}`, { params: { id_column: idColumn } })
      .then((r) => r.data),
};

export const sql = {
  run: (query: string) => http.post<SqlRun>('/sql/query', { query }).then((r) => r.data),
  snippets: () => http.get<Snippet[]>('/sql/snippets').then((r) => r.data),
  saveSnippet: (body: { name: string; sql_code: string; description?: string; is_shared: boolean }) =>
    http.post<Snippet>('/sql/snippets', body).then((r) => r.data),
  updateSnippet: (
    id: string,
    body: Partial<Pick<Snippet, 'name' | 'sql_code' | 'description' | 'is_shared'>>,
  ) => http.put<Snippet>(`/sql/snippets/${seg(id)}`, body).then((r) => r.data),
  deleteSnippet: (id: string) => http.delete(`/sql/snippets/${seg(id)}`),
  history: (page = 1, pageSize = 50) =>
    http
      .get<{ history: HistoryEntry[] }>('/sql/history', { params: { page, page_size: pageSize } })
      .then((r) => r.data.history),
};

export const schema = {
  get: () => http.get<SchemaInfo>('/schema').then((r) => r.data),
  graph: () => http.get<SchemaGraph>('/schema/visualization').then((r) => r.data),
};

export type FilesQuery = { search: string; page: number; pageSize: number };

export const storage = {
  buckets: () => http.get<Bucket[]>('/buckets', { params: { limit: 1000 } }).then((r) => r.data),
  bucket: (id: string) => http.get<Bucket>(`/buckets/${seg(id)}`).then((r) => r.data),
  createBucket: (body: BucketChange & { name: string }) =>
    http.post<Bucket>('/buckets', body).then((r) => r.data),
  updateBucket: (id: string, body: BucketChange) =>
    http.put<Bucket>(`/buckets/${seg(id)}`, body).then((r) => r.data),
  deleteBucket: (id: string, force: boolean) =>
    http.delete(`/buckets/${seg(id)}`, { params: force ? { force: true } : {} }),
  files: (bucketId: string, q: FilesQuery) =>
    http
      .get<StoredFile[]>(`/buckets/${seg(bucketId)}/files`, {
        params: {
          skip: (q.page - 1) * q.pageSize,
          limit: q.pageSize,
          ...(q.search ? { search: q.search } : {}),
        },
      })
      .then((r) => r.data),
  initiateUpload: (
    body: { bucket_id: string; filename: string; content_type?: string; size: number },
    signal: AbortSignal,
  ) => http.post<UploadStart>('/files/initiate-upload', body, { signal }).then((r) => r.data),
  /**
   * Step two of an upload: the file's bytes in one streamed PUT. The upload URL names the API's
   * public address, which may be another origin than the dashboard's (and so need CORS), so the
   * bytes go through the dashboard's own `/api` proxy with the URL's token. The token is the only
   * credential: no bearer is sent, so an expired access token cannot turn into a refresh-and-retry
   * that would find the single-use token spent.
   */
  uploadContent: (
    start: UploadStart,
    file: Blob,
    options: { onProgress: (loaded: number) => void; signal: AbortSignal },
  ) =>
    axios
      .put<StoredFile>(`${http.defaults.baseURL}/files/${seg(start.file_metadata.id)}/content`, file, {
        params: { token: new URL(start.presigned_upload_info.upload_url).searchParams.get('token') },
        // The type the API settled on at initiation; axios would otherwise label the body a form.
        headers: { 'Content-Type': start.file_metadata.content_type },
        signal: options.signal,
        onUploadProgress: (e) => options.onProgress(e.loaded),
      })
      .then((r) => r.data),
  deleteFile: (id: string) => http.delete(`/files/${seg(id)}`),
  /** `view` is shown inline, `download` as an attachment; `expiresIn` only matters for private files. */
  fileLink: (id: string, kind: 'view' | 'download', expiresIn?: number) =>
    http
      .get<{ view_url?: string; download_url?: string; expires_at: string | null }>(
        `/files/${seg(id)}/${kind}-info`,
        { params: expiresIn ? { expires_in: expiresIn } : {} },
      )
      .then(
        (r): FileLink => ({
          url: r.data.view_url ?? r.data.download_url ?? '',
          expires_at: r.data.expires_at,
        }),
      ),
};

export type FunctionChanges = Partial<
  Pick<CloudFunction, 'code' | 'description' | 'is_active' | 'timeout_ms'>
>;
export type InvokeRequest = { method: string; path: string; headers: Record<string, string>; body?: string };

export const functions = {
  list: () => http.get<FunctionListItem[]>('/functions', { params: { limit: 1000 } }).then((r) => r.data),
  get: (id: string) => http.get<CloudFunction>(`/functions/${seg(id)}`).then((r) => r.data),
  create: (body: { name: string; code: string; description?: string | null }) =>
    http.post<CloudFunction>('/functions', body).then((r) => r.data),
  update: (id: string, changes: FunctionChanges) =>
    http.put<CloudFunction>(`/functions/${seg(id)}`, changes).then((r) => r.data),
  remove: (id: string) => http.delete(`/functions/${seg(id)}`),
  versions: (id: string) => http.get<FunctionVersion[]>(`/functions/${seg(id)}/versions`).then((r) => r.data),
  restore: (id: string, version: number) =>
    http.post<CloudFunction>(`/functions/${seg(id)}/versions/${version}/restore`).then((r) => r.data),
  env: (id: string) => http.get<EnvVar[]>(`/functions/${seg(id)}/env`).then((r) => r.data),
  addEnv: (id: string, body: { key: string; value: string; is_secret: boolean }) =>
    http.post<EnvVar>(`/functions/${seg(id)}/env`, body).then((r) => r.data),
  updateEnv: (id: string, envId: string, body: { value?: string; is_secret?: boolean }) =>
    http.put<EnvVar>(`/functions/${seg(id)}/env/${seg(envId)}`, body).then((r) => r.data),
  removeEnv: (id: string, envId: string) => http.delete(`/functions/${seg(id)}/env/${seg(envId)}`),
  lint: (code: string) => http.post<Diagnostic[]>('/functions/lint', { code }).then((r) => r.data),
  validate: (code: string) =>
    http.post<{ valid: boolean; errors: Diagnostic[] }>('/functions/validate', { code }).then((r) => r.data),
  denoTypes: () => http.get<string>('/functions/deno-types', { responseType: 'text' }).then((r) => r.data),
  template: (type: TemplateType) =>
    http.get<{ type: TemplateType; code: string }>(`/functions/templates/${type}`).then((r) => r.data.code),
  executions: (id: string, limit = 50) =>
    http.get<Execution[]>(`/functions/${seg(id)}/executions`, { params: { limit } }).then((r) => r.data),
  logs: (id: string, params: { limit?: number; execution_id?: string } = {}) =>
    http.get<FunctionLog[]>(`/functions/${seg(id)}/logs`, { params }).then((r) => r.data),
  /**
   * Calls the function as the signed-in superuser. Any answer is a result to show, an error status
   * included; only a request that gets no answer at all throws.
   */
  invoke: async (name: string, request: InvokeRequest): Promise<Invocation> => {
    const started = performance.now();
    const send = () =>
      http.request<string>({
        method: request.method,
        url: `/functions/invoke/${seg(name)}${request.path}`,
        headers: request.headers,
        data: request.body,
        responseType: 'text',
        transformResponse: (data) => data,
      });
    const res = await send().catch((err: unknown) => {
      const response = (err as { response?: Awaited<ReturnType<typeof send>> }).response;
      if (!response) throw err;
      return response;
    });
    return {
      status: res.status,
      statusText: res.statusText,
      headers: Object.entries(res.headers as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      body: typeof res.data === 'string' ? res.data : '',
      durationMs: Math.round(performance.now() - started),
    };
  },
};
