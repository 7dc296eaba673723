#!/usr/bin/env bash
# Install, create demo data and start the app on http://localhost:${PORT:-8501}
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/binhdan demo
exec .venv/bin/streamlit run app/main.py --server.headless true --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false "$@"
