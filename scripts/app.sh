#!/usr/bin/env bash
# Set up and run Quanjing. On first start the embedded DuckDB file is created and filled with the
# demo world, and an "admin" account is created: its one-time password is printed below.
# Listens on 127.0.0.1 only; QUANJING_ADDRESS=0.0.0.0 (behind a TLS reverse proxy, see
# docs/SECURITY.md) serves other machines; set QUANJING_PUBLIC_URL (e.g. https://pj.example.cn) to
# the address phones reach it by, for invitation links and QR codes. Extra arguments go to
# `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
.venv/bin/python -m security first-admin
exec .venv/bin/streamlit run app.py --server.headless true \
  --server.address "${QUANJING_ADDRESS:-127.0.0.1}" --server.port "${QUANJING_PORT:-8501}" "$@"
