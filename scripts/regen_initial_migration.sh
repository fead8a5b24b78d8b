#!/usr/bin/env bash
# Until the first deployment, the schema is one migration, regenerated from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f alembic/versions/*.py
FILING_DATA_DIR="$tmp" .venv/bin/python -m filing_app.cli makemigration initial --rev-id 0001
rm -rf "$tmp"
