#!/usr/bin/env bash
# Creates .env from .env.example when missing, then gives every empty or placeholder secret a fresh
# random value. Values the user has set are never overwritten.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f .env ]]; then
  cp .env.example .env
  chmod 600 .env
  echo "Created .env from .env.example"
fi

is_placeholder() {
  local v="${1,,}"
  [[ -z "$v" || "$v" == change* || "$v" == secret || "$v" == password || "$v" == adminpassword \
    || "$v" == postgres || "$v" == minioadmin || "$v" == your-secret-key ]]
}

random_hex() { node -e "process.stdout.write(require('node:crypto').randomBytes($1).toString('hex'))"; }

# name → number of random bytes (ANON_KEY: 32 bytes = 64 hex characters)
declare -A secrets=(
  [SECRET_KEY]=32
  [ANON_KEY]=32
  [POSTGRES_PASSWORD]=24
  [S3_SECRET_KEY]=24
  [DEFAULT_ADMIN_PASSWORD]=12
  [RUNTIME_KEY]=32
)

for name in SECRET_KEY ANON_KEY POSTGRES_PASSWORD S3_SECRET_KEY DEFAULT_ADMIN_PASSWORD RUNTIME_KEY; do
  current=$(grep -E "^${name}=" .env | tail -n 1 | cut -d= -f2- || true)
  current="${current%\"}"; current="${current#\"}"
  if is_placeholder "$current"; then
    value=$(random_hex "${secrets[$name]}")
    if grep -qE "^${name}=" .env; then
      sed -i.bak "s|^${name}=.*|${name}=${value}|" .env && rm -f .env.bak
    else
      printf '%s=%s\n' "$name" "$value" >> .env
    fi
    echo "Generated ${name} in .env"
  fi
done
