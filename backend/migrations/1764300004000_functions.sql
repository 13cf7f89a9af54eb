-- Up Migration

-- Cloud functions (API.md §8). The current code is on the function; every version, the current
-- one included, is kept in function_versions. timeout_ms NULL means FUNCTION_TIMEOUT.
-- settings_revision changes whenever env vars or the timeout change: it is written into the
-- function's file, so every runtime watching the folder reloads the function with its new settings.
CREATE TABLE selfdb.functions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  description text,
  code text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  version_number integer NOT NULL DEFAULT 1,
  timeout_ms integer CHECK (timeout_ms BETWEEN 100 AND 3600000),
  triggers jsonb NOT NULL DEFAULT '[]',
  run_once boolean NOT NULL DEFAULT false,
  settings_revision integer NOT NULL DEFAULT 1,
  owner_id uuid REFERENCES selfdb.users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE selfdb.function_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  function_id uuid NOT NULL REFERENCES selfdb.functions (id) ON DELETE CASCADE,
  version_number integer NOT NULL,
  code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES selfdb.users (id) ON DELETE SET NULL,
  UNIQUE (function_id, version_number)
);

CREATE TABLE selfdb.function_env_vars (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  function_id uuid NOT NULL REFERENCES selfdb.functions (id) ON DELETE CASCADE,
  key text NOT NULL,
  value text NOT NULL,
  is_secret boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (function_id, key)
);

CREATE TABLE selfdb.function_executions (
  id uuid PRIMARY KEY,
  function_id uuid NOT NULL REFERENCES selfdb.functions (id) ON DELETE CASCADE,
  trigger text NOT NULL,
  status text NOT NULL CHECK (status IN ('success', 'error', 'timeout')),
  status_code integer,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  error text
);

CREATE INDEX function_executions_recent_idx ON selfdb.function_executions (function_id, started_at DESC);
CREATE INDEX function_executions_started_idx ON selfdb.function_executions (started_at);

CREATE TABLE selfdb.function_logs (
  id bigserial PRIMARY KEY,
  execution_id uuid NOT NULL REFERENCES selfdb.function_executions (id) ON DELETE CASCADE,
  function_id uuid NOT NULL REFERENCES selfdb.functions (id) ON DELETE CASCADE,
  level text NOT NULL,
  message text NOT NULL,
  at timestamptz NOT NULL
);

CREATE INDEX function_logs_function_idx ON selfdb.function_logs (function_id, at DESC);
CREATE INDEX function_logs_execution_idx ON selfdb.function_logs (execution_id);

-- A run that must happen once per cluster (a cron minute, a runOnce attempt) is claimed here by
-- the first runtime to ask; the primary key turns every later claim of the same slot into a no-op.
CREATE TABLE selfdb.function_run_claims (
  function_name text NOT NULL,
  slot text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (function_name, slot)
);

CREATE INDEX function_run_claims_claimed_idx ON selfdb.function_run_claims (claimed_at);

-- Down Migration

DROP TABLE selfdb.function_run_claims;
DROP TABLE selfdb.function_logs;
DROP TABLE selfdb.function_executions;
DROP TABLE selfdb.function_env_vars;
DROP TABLE selfdb.function_versions;
DROP TABLE selfdb.functions;
