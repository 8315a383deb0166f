#!/usr/bin/env bash
# Set up and run every test: unit, storage, doctests, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
exec .venv/bin/python -m pytest "$@"
