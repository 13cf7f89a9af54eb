#!/usr/bin/env bash
# Restores a backup made by ./backup.sh, replacing the database and the object store.
#   ./restore.sh [--native|--docker] [--force] FILE
# Use the .env that belongs to the backup. Native: stop SelfDB first; without --force the data
# folder must be empty (with --force the current data is moved aside, never deleted).
set -euo pipefail
cd "$(dirname "$0")"

mode=auto
force=""
file=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --native) mode=native ;;
    --docker) mode=docker ;;
    --force) force="--force" ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    -*) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) file="$1" ;;
  esac
  shift
done
[[ -n "$file" && -f "$file" ]] || { echo "usage: ./restore.sh [--native|--docker] [--force] FILE" >&2; exit 2; }

if [[ "$mode" == auto ]]; then
  if tar -tzf "$file" | grep -q '^database.dump$'; then mode=docker; else mode=native; fi
fi

if [[ "$mode" == native ]]; then
  exec node --import tsx backend/src/local/backup.ts restore "$file" ${force:+"$force"}
fi

source scripts/compose.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$file" -C "$work"
[[ -f "$work/database.dump" && -f "$work/storage.tar" ]] || { echo "$file is not a SelfDB Docker backup" >&2; exit 1; }

echo "Stopping SelfDB (the database stays up for the restore)..."
compose stop backend deno-runtime minio
# shellcheck disable=SC2016 # expanded inside the container, from its own environment
compose exec -T postgres sh -c 'dropdb -U "$POSTGRES_USER" --force --if-exists "$POSTGRES_DB" && createdb -U "$POSTGRES_USER" "$POSTGRES_DB"'
# shellcheck disable=SC2016
compose exec -T postgres sh -c 'pg_restore -U "$POSTGRES_USER" -d "$POSTGRES_DB" --no-owner' < "$work/database.dump"
echo "Restoring the object store..."
docker run --rm -v selfdb_minio_data:/data -v "$work":/backup alpine \
  sh -c 'find /data -mindepth 1 -delete && tar -C /data -xf /backup/storage.tar'
compose start minio backend deno-runtime
echo "Restored $file. SelfDB is starting again."
