#!/usr/bin/env bash
# Set up and run Quanjing. On first start the embedded DuckDB file is created and filled with the demo world.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/streamlit run app.py --server.headless true "$@"
