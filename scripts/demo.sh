#!/usr/bin/env bash
# The main job: set pcc up, compile the example MLP (nn dialect) to a native
# executable, and run its forward pass on Fashion-MNIST test images.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p build/demo
echo "== pcc examples/mlp.mlir -o build/demo/mlp"
./build/bin/pcc examples/mlp.mlir -o build/demo/mlp
echo "== build/demo/mlp forward --count 8"
./build/demo/mlp forward --count 8
