#!/usr/bin/env bash
# Starts SelfDB. With a Docker engine: the Docker Compose stack. Without one, or with --native:
# every service as a local process, data under .selfdb/.
set -euo pipefail
cd "$(dirname "$0")"

mode=auto
for arg in "$@"; do
  case "$arg" in
    --native) mode=native ;;
    --docker) mode=docker ;;
    -h|--help)
      echo "usage: ./start.sh [--native|--docker]"
      echo "  default: Docker Compose when a Docker engine answers, native mode otherwise"
      exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

# Requires Node >= 20.12 (util.parseEnv, used by native mode).
if ! command -v node >/dev/null 2>&1; then
  echo "SelfDB needs Node.js 20.12 or newer and npm: https://nodejs.org" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=12)?0:1)'; then
  echo "SelfDB needs Node.js 20.12 or newer (found $(node --version))" >&2
  exit 1
fi

bash scripts/ensure-env.sh

if [[ "$mode" == auto ]]; then
  if docker info >/dev/null 2>&1 && [[ -f docker-compose.yml ]]; then
    mode=docker
  else
    echo "No Docker engine answers here: starting SelfDB in native mode (./start.sh --native)."
    mode=native
  fi
fi

if [[ "$mode" == docker ]]; then
  if [[ ! -f docker-compose.yml ]]; then
    echo "docker-compose.yml is missing; run ./start.sh --native" >&2
    exit 1
  fi
  source scripts/compose.sh
  compose up -d --build --wait
  api_port=$(grep -E '^API_PORT=' .env | tail -n 1 | cut -d= -f2- || true)
  dashboard_port=$(grep -E '^FRONTEND_PORT=' .env | tail -n 1 | cut -d= -f2- || true)
  api="http://localhost:${api_port:-8000}"
  deno_port=$(grep -E '^DENO_PORT=' .env | tail -n 1 | cut -d= -f2- || true)
  echo "SelfDB is running in Docker (containers selfdb_postgres, selfdb_minio, selfdb_backend, selfdb_deno, selfdb_frontend):"
  echo "  Dashboard    http://localhost:${dashboard_port:-3000}"
  echo "  API          ${api}/api/v1"
  echo "  API docs     ${api}/docs"
  echo "  MinIO        http://localhost:9001 (console)"
  echo "  Functions    http://localhost:${deno_port:-8090} (runtime; files in ./functions)"
  echo "  superuser    DEFAULT_ADMIN_EMAIL / DEFAULT_ADMIN_PASSWORD in .env; anonymous key: ANON_KEY in .env"
  exit 0
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi
# Run the supervisor directly (not through npm) so Ctrl-C and SIGTERM reach it.
exec node --import tsx backend/src/local/main.ts
