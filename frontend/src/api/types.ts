/** Shapes of the API's answers (API.md), as the dashboard reads them. */

export type LoginResult = {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  is_superuser: boolean;
  email: string;
  user_id: string;
};

export type User = {
  id: string;
  email: string;
  full_name: string | null;
  is_active: boolean;
  is_superuser: boolean;
  created_at: string;
  updated_at: string;
};

export type NewUser = {
  email: string;
  password: string;
  full_name?: string | null;
  is_active: boolean;
  is_superuser: boolean;
};

export type UserChanges = Partial<Pick<User, 'email' | 'full_name' | 'is_active' | 'is_superuser'>> & {
  password?: string;
};

/** What a user owns, per kind (`GET /users/{id}/owned`): what passes on when they are deleted. */
export type OwnedResources = Record<string, number>;

export type Rule = 'anon' | 'authenticated' | 'owner' | 'superuser';
export type Operation = 'select' | 'insert' | 'update' | 'delete';
export type Permissions = Record<Operation, Rule>;

export type TableSummary = {
  name: string;
  description: string | null;
  size: number;
  column_count: number;
  row_estimate: number;
  is_public: boolean;
};

export type ColumnInfo = {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  column_description: string | null;
};

export type ForeignKey = { column_name: string; foreign_table_name: string; foreign_column_name: string };
export type IndexInfo = { index_name: string; column_name: string; is_unique: boolean; is_primary: boolean };

export type TableDetail = {
  name: string;
  description: string | null;
  columns: ColumnInfo[];
  primary_keys: string[];
  foreign_keys: ForeignKey[];
  indexes: IndexInfo[];
  row_count: number;
  is_public: boolean;
  owner_column: string | null;
  permissions: Permissions;
};

export type NewColumn = {
  name: string;
  type: string;
  nullable: boolean;
  default?: string | null;
  primary_key: boolean;
  unique: boolean;
  description?: string | null;
  is_foreign_key: boolean;
  references_table?: string | null;
  references_column?: string | null;
};

export type NewTable = {
  name: string;
  description?: string | null;
  columns: NewColumn[];
  is_public: boolean;
  owner_column?: string | null;
  permissions?: Permissions;
};

export type TableUpdate = {
  new_name?: string;
  description?: string | null;
  is_public?: boolean;
  owner_column?: string | null;
  permissions?: Permissions;
};

export type ColumnChange = {
  column_name?: string;
  data_type?: string;
  is_nullable?: 'YES' | 'NO';
  column_default?: string | null;
  column_description?: string | null;
};

export type Row = Record<string, unknown>;

export type RowsPage = {
  data: Row[];
  metadata: {
    total_count: number | null;
    page: number;
    page_size: number;
    total_pages: number | null;
    columns: Array<{ column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>;
  };
};

export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'in' | 'is';
export type RowFilter = { column: string; op: FilterOp; value: string };
export type SortOrder = { column: string; direction: 'asc' | 'desc' } | null;

export type StatementResult =
  | {
      statement: string;
      is_read_only: true;
      columns: string[];
      data: Row[];
      row_count: number;
      execution_time: number;
      truncated: boolean;
    }
  | { statement: string; is_read_only: false; row_count: number; execution_time: number; message: string };

export type SqlRun =
  | {
      success: true;
      is_read_only: boolean;
      results: StatementResult[];
      total_execution_time: number;
      total_rows_affected: number;
    }
  | { success: false; error: string; position?: number | null };

export type Snippet = {
  id: string;
  name: string;
  description: string | null;
  sql_code: string;
  user_id: string;
  is_shared: boolean;
  created_at: string;
  updated_at: string;
};

export type HistoryEntry = {
  id: string;
  query: string;
  is_read_only: boolean;
  execution_time: number | null;
  row_count: number | null;
  error: string | null;
  executed_at: string;
};

export type SchemaColumn = {
  column_name: string;
  data_type: string;
  is_nullable?: 'YES' | 'NO';
};

export type SchemaInfo = {
  tables: Array<{
    table_name: string;
    table_description: string | null;
    columns: SchemaColumn[];
    primary_keys: string[];
  }>;
  foreign_keys: Array<Record<string, string>>;
};

export type SchemaGraph = {
  nodes: Array<{
    id: string;
    label: string;
    description: string | null;
    columns: SchemaColumn[];
    primary_keys: string[];
  }>;
  edges: Array<{
    id: string;
    source: string;
    target: string;
    source_column: string;
    target_column: string;
    label: string;
  }>;
};

/** A bucket as every bucket answer gives it (`BucketWithStats`, API.md §7). */
export type Bucket = {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  minio_bucket_name: string;
  owner_id: string;
  /** Largest file accepted, in bytes; null: the server's limit. */
  file_size_limit: number | null;
  created_at: string;
  updated_at: string;
  file_count: number;
  total_size: number;
};

export type BucketChange = {
  description?: string | null;
  is_public?: boolean;
  file_size_limit?: number | null;
};

export type StoredFile = {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  etag: string | null;
  bucket_id: string;
  bucket_name: string;
  object_name: string;
  owner_id: string | null;
  status: 'pending' | 'ready';
  created_at: string;
  updated_at: string;
};

export type FunctionTrigger =
  | { type: 'http'; method?: string | string[] }
  | { type: 'schedule'; cron: string }
  | { type: 'database'; table: string; operations?: string[] }
  | { type: 'event'; event: string };

export type CloudFunction = {
  id: string;
  name: string;
  description: string | null;
  code: string;
  is_active: boolean;
  version_number: number;
  /** null: the server's FUNCTION_TIMEOUT. */
  timeout_ms: number | null;
  triggers: FunctionTrigger[];
  run_once: boolean;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
};

export type UploadStart = {
  file_metadata: StoredFile;
  presigned_upload_info: { upload_url: string; upload_method: 'PUT'; expires_at: string };
};

/** A view or download URL of a file: stable for public buckets, signed and expiring otherwise. */
export type FileLink = { url: string; expires_at: string | null };

export type ExecutionStatus = 'success' | 'error' | 'timeout';

export type FunctionListItem = CloudFunction & {
  last_execution: {
    status: ExecutionStatus;
    status_code: number | null;
    trigger: string;
    started_at: string;
    duration_ms: number;
  } | null;
};

export type FunctionVersion = {
  id: string;
  version_number: number;
  code: string;
  created_at: string;
  created_by: string | null;
};

/** A secret's value is write-only: it reads back as null. */
export type EnvVar = { id: string; key: string; value: string | null; is_secret: boolean };

export type Diagnostic = {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
};

export type Execution = {
  id: string;
  trigger: string;
  status: ExecutionStatus;
  status_code: number | null;
  started_at: string;
  duration_ms: number;
  error: string | null;
};

export type FunctionLog = { execution_id: string; level: string; message: string; at: string };

export type TemplateType = 'http' | 'schedule' | 'database' | 'event' | 'once';

/** What the test panel shows of an invocation: the function's answer, whatever its status. */
export type Invocation = {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
  durationMs: number;
};
