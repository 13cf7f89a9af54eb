#!/usr/bin/env bash
# Connects the Open Discussion Board to a SelfDB and provisions what it needs, through the API:
#   1. reads ANON_KEY, the API URL and the admin credentials from SelfDB's .env;
#   2. writes the app's .env (VITE_ variables, read by `npm run dev` and `npm run build`);
#   3. as the admin, creates the tables `topics` and `comments` with their access policies and the
#      public bucket for media (scripts/provision.mjs).
# Idempotent: what already exists is kept; running it again changes nothing.
#
# Environment (all optional):
#   SELFDB_DIR        the SelfDB checkout (default: two folders up)
#   SELFDB_ENV_FILE   SelfDB's .env (default: $SELFDB_DIR/.env)
#   SELFDB_URL        the API's base URL (default: PUBLIC_API_URL from that .env, else http://localhost:API_PORT)
#   APP_ENV_FILE      where to write the app's .env (default: .env beside this script)
#   MEDIA_BUCKET      the public bucket's name (default: discussion-media)
set -euo pipefail

APP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELFDB_DIR="${SELFDB_DIR:-$(cd "$APP_DIR/../.." && pwd)}"
SELFDB_ENV_FILE="${SELFDB_ENV_FILE:-$SELFDB_DIR/.env}"
APP_ENV_FILE="${APP_ENV_FILE:-$APP_DIR/.env}"
MEDIA_BUCKET="${MEDIA_BUCKET:-discussion-media}"

if [[ ! -f "$SELFDB_ENV_FILE" ]]; then
  echo "SelfDB's .env was not found at $SELFDB_ENV_FILE." >&2
  echo "Start SelfDB once (./start.sh creates it), or set SELFDB_ENV_FILE." >&2
  exit 1
fi

# The last assignment of $1 in SelfDB's .env, without surrounding quotes.
read_env() {
  local line
  line="$(grep -E "^[[:space:]]*$1=" "$SELFDB_ENV_FILE" | tail -n 1 || true)"
  line="${line#*=}"
  line="${line%$'\r'}"
  line="${line#\"}"
  line="${line%\"}"
  line="${line#\'}"
  line="${line%\'}"
  printf '%s' "$line"
}

ANON_KEY="$(read_env ANON_KEY)"
ADMIN_EMAIL="$(read_env DEFAULT_ADMIN_EMAIL)"
ADMIN_PASSWORD="$(read_env DEFAULT_ADMIN_PASSWORD)"
API_PORT="$(read_env API_PORT)"
API_URL="${SELFDB_URL:-$(read_env PUBLIC_API_URL)}"
API_URL="${API_URL:-http://localhost:${API_PORT:-8000}}"
API_URL="${API_URL%/}"
ADMIN_EMAIL="${ADMIN_EMAIL:-admin@example.com}"

if [[ -z "$ANON_KEY" || -z "$ADMIN_PASSWORD" ]]; then
  echo "ANON_KEY and DEFAULT_ADMIN_PASSWORD must be set in $SELFDB_ENV_FILE (./start.sh fills them)." >&2
  exit 1
fi

# The app's .env: written only when its content changes.
app_env="# Written by setup.sh from $SELFDB_ENV_FILE; rerun it rather than editing by hand.
VITE_SELFDB_URL=$API_URL
VITE_SELFDB_ANON_KEY=$ANON_KEY
VITE_MEDIA_BUCKET=$MEDIA_BUCKET"
if [[ ! -f "$APP_ENV_FILE" ]] || [[ "$(cat "$APP_ENV_FILE")" != "$app_env" ]]; then
  printf '%s\n' "$app_env" >"$APP_ENV_FILE"
  echo "wrote $APP_ENV_FILE"
else
  echo "$APP_ENV_FILE is up to date"
fi

SELFDB_URL="$API_URL" SELFDB_ANON_KEY="$ANON_KEY" SELFDB_ADMIN_EMAIL="$ADMIN_EMAIL" \
  SELFDB_ADMIN_PASSWORD="$ADMIN_PASSWORD" MEDIA_BUCKET="$MEDIA_BUCKET" \
  node "$APP_DIR/scripts/provision.mjs"
