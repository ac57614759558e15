#!/usr/bin/env bash
# Sets pcc up (packages, build) and runs every test: the lit suite (dialects,
# passes, driver, generated executables), the JIT numeric tests and the
# runtime's GoogleTest suite. Ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j"${PCC_JOBS:-2}"
