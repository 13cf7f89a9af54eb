#!/usr/bin/env bash
# Rebuilds SelfDB's images from this checkout and restarts its containers. The volumes, and with
# them the database and the stored files, are kept.
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  "") ;;
  -h|--help)
    echo "usage: ./rebuild.sh"
    echo "  rebuilds the images and restarts the containers, keeping the volumes (all data)"
    exit 0 ;;
  *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
esac
if [[ ! -f .env ]]; then
  echo ".env is missing: run ./start.sh first" >&2
  exit 1
fi

source scripts/compose.sh

compose up -d --build --force-recreate --wait
echo "SelfDB is rebuilt and running again; its volumes (database and files) were kept."
