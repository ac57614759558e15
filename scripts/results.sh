#!/usr/bin/env bash
# Regenerates the figures and tables of docs/results.md (docs/results/*.svg)
# from pcc's executables: gradient convergence, exactness, cost, training
# curves. `--quick` (about 5 minutes on 2 cores; what CI runs) writes
# build/results/ instead and only checks its own numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh pcc
exec python3 docs/results.py "$@"
