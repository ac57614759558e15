#!/usr/bin/env bash
# The main job: set pcc up, compile the example MLP (784-256-256-10) twice —
# with fixed-prediction predictive coding (T=20, eta=0.1) and with backprop —
# train each for one epoch on Fashion-MNIST with Adam, and print both test
# accuracies.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh pcc
mkdir -p build/demo
start=$(date +%s)
echo "== pcc examples/mlp.nn --mode=fixed-prediction -o build/demo/mlp-pc"
./build/bin/pcc examples/mlp.nn --mode=fixed-prediction --steps 20 --eta 0.1 -o build/demo/mlp-pc
echo "== pcc examples/mlp.nn --mode=backprop -o build/demo/mlp-bp"
./build/bin/pcc examples/mlp.nn --mode=backprop -o build/demo/mlp-bp
echo "== build/demo/mlp-pc train --epochs 1 --optimizer adam --lr 0.001"
./build/demo/mlp-pc train --epochs 1 --optimizer adam --lr 0.001 --seed 0 \
  --log build/demo/mlp-pc.csv | tee build/demo/mlp-pc.out
echo "== build/demo/mlp-bp train --epochs 1 --optimizer adam --lr 0.001"
./build/demo/mlp-bp train --epochs 1 --optimizer adam --lr 0.001 --seed 0 \
  --log build/demo/mlp-bp.csv | tee build/demo/mlp-bp.out
pc=$(sed -n 's/^test accuracy \([0-9.]*\)% after.*/\1/p' build/demo/mlp-pc.out)
bp=$(sed -n 's/^test accuracy \([0-9.]*\)% after.*/\1/p' build/demo/mlp-bp.out)
echo
echo "Fashion-MNIST test accuracy after one epoch (MLP 784-256-256-10, Adam, batch 64):"
echo "  fixed-prediction PC (T=20, eta=0.1): ${pc}%"
echo "  backprop:                            ${bp}%"
echo "  (compile + train + evaluate: $(( $(date +%s) - start )) s)"
