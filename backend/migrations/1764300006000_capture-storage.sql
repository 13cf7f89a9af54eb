-- Up Migration

-- Buckets and files on the superuser realtime channels (buckets_changes, files_changes).
CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON selfdb.buckets
  FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change();
CREATE TRIGGER selfdb_capture AFTER INSERT OR UPDATE OR DELETE ON selfdb.files
  FOR EACH ROW EXECUTE FUNCTION selfdb.capture_change();

-- Down Migration

DROP TRIGGER selfdb_capture ON selfdb.files;
DROP TRIGGER selfdb_capture ON selfdb.buckets;
