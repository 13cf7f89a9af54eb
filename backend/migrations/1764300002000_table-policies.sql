-- Up Migration

-- The access policy of each user table in schema public (API.md §4). A table with no row here is
-- private: only superusers reach it. Rows follow their table by OID, so a rename (through the API
-- or in SQL) keeps the policy and a dropped table's policy goes with it; a new table of the same
-- name starts private.
CREATE TABLE selfdb.table_policies (
  table_oid oid PRIMARY KEY,
  table_name text NOT NULL,
  owner_column text,
  select_rule text NOT NULL CHECK (select_rule IN ('anon', 'authenticated', 'owner', 'superuser')),
  insert_rule text NOT NULL CHECK (insert_rule IN ('anon', 'authenticated', 'owner', 'superuser')),
  update_rule text NOT NULL CHECK (update_rule IN ('anon', 'authenticated', 'owner', 'superuser')),
  delete_rule text NOT NULL CHECK (delete_rule IN ('anon', 'authenticated', 'owner', 'superuser')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every backend caches table metadata; any DDL, from the API, the SQL editor or psql, tells them
-- all to reload it (channel selfdb_ddl), and keeps policy names in step with renames.
CREATE FUNCTION selfdb.on_ddl_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE selfdb.table_policies p SET table_name = c.relname
  FROM pg_class c
  WHERE c.oid = p.table_oid AND c.relname <> p.table_name;
  PERFORM pg_notify('selfdb_ddl', '');
END
$$;

CREATE FUNCTION selfdb.on_sql_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM selfdb.table_policies p
  USING pg_event_trigger_dropped_objects() d
  WHERE d.classid = 'pg_class'::regclass AND d.objid = p.table_oid;
  PERFORM pg_notify('selfdb_ddl', '');
END
$$;

CREATE EVENT TRIGGER selfdb_ddl_end ON ddl_command_end EXECUTE FUNCTION selfdb.on_ddl_end();
CREATE EVENT TRIGGER selfdb_sql_drop ON sql_drop EXECUTE FUNCTION selfdb.on_sql_drop();

-- Down Migration

DROP EVENT TRIGGER selfdb_sql_drop;
DROP EVENT TRIGGER selfdb_ddl_end;
DROP FUNCTION selfdb.on_sql_drop();
DROP FUNCTION selfdb.on_ddl_end();
DROP TABLE selfdb.table_policies;
