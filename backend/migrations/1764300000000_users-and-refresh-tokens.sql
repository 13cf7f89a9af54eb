-- Up Migration

CREATE TABLE selfdb.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  full_name text,
  is_active boolean NOT NULL DEFAULT true,
  is_superuser boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Emails are unique regardless of case.
CREATE UNIQUE INDEX users_email_key ON selfdb.users (lower(email));

-- Refresh tokens are stored only as hashes. A login starts a family; every rotation adds a token
-- to it, so a replayed (revoked) token can revoke the whole family.
CREATE TABLE selfdb.refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES selfdb.users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_family_idx ON selfdb.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON selfdb.refresh_tokens (user_id);

-- Down Migration

DROP TABLE selfdb.refresh_tokens;
DROP TABLE selfdb.users;
