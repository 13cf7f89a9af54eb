# shellcheck shell=bash
# Sourced by start.sh, rebuild.sh and cleanup.sh: defines `compose`, the Docker Compose command this
# machine has. The `docker compose` plugin is preferred; the standalone `docker-compose` is the
# fallback for older installations.
if docker compose version >/dev/null 2>&1; then
  compose() { docker compose "$@"; }
elif command -v docker-compose >/dev/null 2>&1; then
  compose() { docker-compose "$@"; }
else
  echo "Docker Compose is missing: install Docker with the Compose plugin (https://docs.docker.com/compose/install/)" >&2
  exit 1
fi
