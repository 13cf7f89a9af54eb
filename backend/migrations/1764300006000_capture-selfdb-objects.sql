-- Up Migration

-- Buckets, files and functions on the superuser realtime channels (buckets_changes, ...).
CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON selfdb.buckets
  FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change();
CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON selfdb.files
  FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change();
CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON selfdb.functions
  FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change();

-- How far database-triggered functions have been fed from the change log, for the whole cluster:
-- whichever backend holds the lock forwards the next changes and moves this on.
CREATE TABLE selfdb.function_trigger_cursor (
  id integer PRIMARY KEY CHECK (id = 1),
  last_change_id bigint NOT NULL
);
INSERT INTO selfdb.function_trigger_cursor VALUES (1, (SELECT coalesce(max(id), 0) FROM selfdb.changes));

-- Down Migration

DROP TABLE selfdb.function_trigger_cursor;
DROP TRIGGER selfdb_capture ON selfdb.functions;
DROP TRIGGER selfdb_capture ON selfdb.files;
DROP TRIGGER selfdb_capture ON selfdb.buckets;
