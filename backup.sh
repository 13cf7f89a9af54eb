#!/usr/bin/env bash
# Backs up SelfDB: the database and the object store as one consistent snapshot, in one archive.
#   ./backup.sh [--native|--docker] [-o FILE]
# Docker: the API and function runtime stop for the few seconds the copy takes (nothing writes),
# then start again. Native: stop SelfDB (Ctrl-C) first; the data folder is copied as it is.
set -euo pipefail
cd "$(dirname "$0")"

mode=auto
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --native) mode=native ;;
    --docker) mode=docker ;;
    -o) out="$2"; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ "$mode" == auto ]]; then
  if docker info >/dev/null 2>&1 && docker ps -q --filter name=selfdb_postgres | grep -q .; then mode=docker; else mode=native; fi
fi

if [[ "$mode" == native ]]; then
  exec node --import tsx backend/src/local/backup.ts backup ${out:+"$out"}
fi

source scripts/compose.sh
file="${out:-backups/selfdb-docker-$(date +%Y%m%d-%H%M%S).tar.gz}"
mkdir -p "$(dirname "$file")"
work=$(mktemp -d)
trap 'rm -rf "$work"; compose start backend deno-runtime >/dev/null' EXIT

echo "Stopping the API and the function runtime while the snapshot is taken..."
compose stop backend deno-runtime
echo "Dumping the database..."
# shellcheck disable=SC2016 # expanded inside the container, from its own environment
compose exec -T postgres sh -c 'pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Fc' > "$work/database.dump"
echo "Copying the object store..."
docker run --rm -v selfdb_minio_data:/data:ro -v "$work":/backup alpine tar -C /data -cf /backup/storage.tar .
tar -czf "$file" -C "$work" database.dump storage.tar
echo "Backup written to $file"
echo "Keep your .env with it: the secrets (SECRET_KEY, ANON_KEY, passwords) are not in the backup."
