#!/usr/bin/env bash
# Set-up for a fresh machine; safe to run again (each step is skipped when done).
#   scripts/setup.sh          Python packages and bun (enough to run the app)
#   scripts/setup.sh --test   also Debian's Chromium and CJK fonts, PostgreSQL and Redis
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

BUN_VERSION=1.4.4
PYTHON=${PYTHON:-python3}

step() { printf '\n== %s\n' "$*"; }

if [ ! -x .venv/bin/python ]; then
  step "Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "Installing the pinned Python packages (requirements.txt)"
  # (this machine kind's pip configuration names local mirrors that may be absent: drop that noise)
  quiet() { grep -v "^WARNING: Location 'file:///opt/" || true; }
  .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | quiet
  .venv/bin/python -m pip install --quiet -r requirements.txt 2>&1 | quiet
  echo "$want" > "$stamp"
fi

if [ "$(.tools/node_modules/.bin/bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  step "Installing bun $BUN_VERSION from the npm registry into .tools/"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "bun@$BUN_VERSION"
fi

if [ "${1:-}" = "--test" ]; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
  command -v pg_ctlcluster >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
  command -v redis-server >/dev/null || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    step "Installing from Debian: ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
