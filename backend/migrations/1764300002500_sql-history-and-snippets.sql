-- Up Migration

-- Every SQL editor run, recorded server-side for its author (API.md §5). A user's entries pass to
-- the superuser who deletes them (services/user-resources.ts), so the FK never cascades in practice.
CREATE TABLE selfdb.sql_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES selfdb.users (id) ON DELETE CASCADE,
  query text NOT NULL,
  is_read_only boolean NOT NULL,
  -- Seconds, as the first SelfDB release reported them.
  execution_time double precision,
  row_count integer,
  error text,
  executed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sql_history_user_idx ON selfdb.sql_history (user_id, executed_at DESC, id DESC);

-- Saved queries: private to their author unless shared with every superuser.
CREATE TABLE selfdb.sql_snippets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES selfdb.users (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  sql_code text NOT NULL,
  is_shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sql_snippets_user_idx ON selfdb.sql_snippets (user_id);
CREATE INDEX sql_snippets_shared_idx ON selfdb.sql_snippets (is_shared) WHERE is_shared;

-- Down Migration

DROP TABLE selfdb.sql_snippets;
DROP TABLE selfdb.sql_history;
