#!/usr/bin/env bash
# Stops SelfDB's containers and removes its Docker volumes, which deletes the database and every
# stored file. .env and native-mode data (.selfdb/) are left alone.
set -euo pipefail
cd "$(dirname "$0")"

assume_yes=false
for arg in "$@"; do
  case "$arg" in
    -y|--yes) assume_yes=true ;;
    -h|--help)
      echo "usage: ./cleanup.sh [-y]"
      echo "  stops SelfDB's containers and deletes its volumes (all data); -y skips the confirmation"
      exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

source scripts/compose.sh

echo "This stops SelfDB's containers and DELETES its volumes: the PostgreSQL database and every stored file."
if [[ "$assume_yes" != true ]]; then
  answer=""
  read -r -p "Type 'yes' to delete all data: " answer || true
  if [[ "$answer" != yes ]]; then
    echo "Nothing was deleted."
    exit 1
  fi
fi

compose down --volumes --remove-orphans
echo "SelfDB's containers are stopped and its data is deleted (.env is kept; run ./start.sh to start afresh)."
