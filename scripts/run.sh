#!/usr/bin/env bash
# make run: set up, migrate the embedded SQLite database, load the demo data once,
# print the demo logins and serve the app at http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
# The embedded SMS sender writes to an outbox; the demo shows it at /dev/sms.
export FILING_DEV_TOOLS=${FILING_DEV_TOOLS:-1}
python -m filing_app.cli migrate
python -m filing_app.cli seed-demo
echo "打开 http://localhost:3000 （短信验证码见 http://localhost:3000/dev/sms）"
exec reflex run --env prod --backend-host "${FILING_HOST:-127.0.0.1}"
