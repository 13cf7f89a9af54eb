-- Up Migration

-- Realtime change capture (ARCHITECTURE §4). Row triggers append each change to change_queue. A
-- change's id must follow commit order, or a client resuming with `since` could miss a change
-- committed late by a long transaction; so ids are given when changes move, under one lock and in
-- one transaction at a time, from the queue (only committed rows are visible) to changes, and that
-- move notifies the backends (selfdb_changes).
--
-- Writers do not NOTIFY: PostgreSQL serialises the commits of notifying transactions (no group
-- commit), which cut concurrent insert throughput tenfold. Backends watch the queue's sequence
-- instead, which costs one tiny read every few milliseconds.
CREATE TABLE selfdb.change_queue (
  seq bigserial PRIMARY KEY,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  operation text NOT NULL,
  new_row jsonb,
  old_row jsonb,
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE selfdb.changes (
  id bigserial PRIMARY KEY,
  schema_name text NOT NULL,
  table_name text NOT NULL,
  operation text NOT NULL,
  new_row jsonb,
  old_row jsonb,
  committed_at timestamptz NOT NULL
);

CREATE INDEX changes_committed_at_idx ON selfdb.changes (committed_at);

-- Trigger arguments name columns never to publish (password hashes and the like).
CREATE FUNCTION selfdb.capture_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hidden text[] := coalesce(TG_ARGV, '{}');
BEGIN
  INSERT INTO selfdb.change_queue (schema_name, table_name, operation, new_row, old_row)
  VALUES (
    TG_TABLE_SCHEMA,
    TG_TABLE_NAME,
    TG_OP,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - hidden END,
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - hidden END
  );
  RETURN NULL;
END
$$;

-- Moves committed changes from the queue to the log with ids in move order; returns how many moved.
CREATE FUNCTION selfdb.sequence_changes() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('selfdb.sequence_changes'));
  WITH taken AS (
    DELETE FROM selfdb.change_queue RETURNING *
  )
  INSERT INTO selfdb.changes (schema_name, table_name, operation, new_row, old_row, committed_at)
  SELECT schema_name, table_name, operation, new_row, old_row, queued_at FROM taken ORDER BY seq;
  GET DIAGNOSTICS moved = ROW_COUNT;
  IF moved > 0 THEN
    PERFORM pg_notify('selfdb_changes', '');
  END IF;
  RETURN moved;
END
$$;

CREATE FUNCTION selfdb.install_capture(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = target AND tgname = 'selfdb_capture') THEN
    EXECUTE format(
      'CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change()',
      target
    );
  END IF;
END
$$;

-- DDL end: also give every new table in public its capture trigger, however it was created.
CREATE OR REPLACE FUNCTION selfdb.on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN
    SELECT objid FROM pg_event_trigger_ddl_commands()
    WHERE command_tag IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO')
      AND object_type = 'table' AND schema_name = 'public'
  LOOP
    PERFORM selfdb.install_capture(created.objid::regclass);
  END LOOP;
  UPDATE selfdb.table_policies p SET table_name = c.relname
  FROM pg_class c
  WHERE c.oid = p.table_oid AND c.relname <> p.table_name;
  PERFORM pg_notify('selfdb_ddl', '');
END
$$;

-- Tables that existed before this migration.
SELECT selfdb.install_capture(c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p');

-- SelfDB's own objects, for the superuser channels; never the password hash.
CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON selfdb.users
  FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change('password_hash');

-- Down Migration

DROP TRIGGER selfdb_capture ON selfdb.users;
CREATE OR REPLACE FUNCTION selfdb.on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE selfdb.table_policies p SET table_name = c.relname
  FROM pg_class c
  WHERE c.oid = p.table_oid AND c.relname <> p.table_name;
  PERFORM pg_notify('selfdb_ddl', '');
END
$$;
DROP FUNCTION selfdb.install_capture(regclass);
DROP FUNCTION selfdb.sequence_changes();
DROP FUNCTION selfdb.capture_change() CASCADE;
DROP TABLE selfdb.changes;
DROP TABLE selfdb.change_queue;
