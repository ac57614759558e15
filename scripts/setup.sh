#!/usr/bin/env bash
# Installs pcc's Debian packages (idempotently) and configures and builds pcc
# in ./build. Safe to run again: it installs only what is missing and
# rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# LLVM/MLIR 22 only: installing any other libmlir (e.g. libmlir-19-dev) makes
# apt remove MLIR 22.
PACKAGES=(
  llvm-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools libomp-22-dev
  libeigen3-dev libgtest-dev zlib1g-dev cmake ninja-build ccache g++
  dataset-fashion-mnist fortunes python3 gnuplot-nox
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

JOBS="${PCC_JOBS:-2}"
if [ ! -f build/build.ninja ]; then
  cmake -G Ninja -S . -B build \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
fi
# Targets to build: all by default; the demo builds only the driver (and
# the runtime it links), which is what a user needs.
ninja -C build -j"$JOBS" "$@"
