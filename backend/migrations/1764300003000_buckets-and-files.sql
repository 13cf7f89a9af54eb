-- Up Migration

-- One store bucket per SelfDB bucket. The store name is generated (the SelfDB name plus a random
-- suffix) because store bucket names are global to the store, which several SelfDBs may share.
-- Owners are RESTRICT references: deleting a user must first pass what they own to someone else.
CREATE TABLE selfdb.buckets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  description text,
  is_public boolean NOT NULL DEFAULT false,
  minio_bucket_name text NOT NULL UNIQUE,
  owner_id uuid NOT NULL REFERENCES selfdb.users (id),
  file_size_limit bigint CHECK (file_size_limit > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX buckets_owner_idx ON selfdb.buckets (owner_id);

-- A file is `pending` from its creation until its bytes are stored, then `ready`. `upload_nonce`
-- is the single-use id of the upload token handed out for it; claiming the upload clears it.
-- Anonymous uploads (to public buckets) have no owner.
CREATE TABLE selfdb.files (
  id uuid PRIMARY KEY,
  bucket_id uuid NOT NULL REFERENCES selfdb.buckets (id),
  filename text NOT NULL,
  object_name text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL DEFAULT 0,
  etag text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready')),
  upload_nonce uuid,
  owner_id uuid REFERENCES selfdb.users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bucket_id, object_name)
);

CREATE INDEX files_bucket_ready_idx ON selfdb.files (bucket_id, filename) WHERE status = 'ready';
CREATE INDEX files_owner_idx ON selfdb.files (owner_id);
CREATE INDEX files_pending_idx ON selfdb.files (updated_at) WHERE status = 'pending';

-- Down Migration

DROP TABLE selfdb.files;
DROP TABLE selfdb.buckets;
