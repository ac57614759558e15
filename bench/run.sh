#!/usr/bin/env bash
# Times pcc's train step for the example models in every learning mode, at
# batch sizes 64 and 256 (median of repeated steps after warm-up, measured
# by the executables' `bench` command), and prints a Markdown table.
# Usage: bash bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh pcc >/dev/null
out=build/bench
mkdir -p "$out"
repeats=30
[ "${1:-}" = "--quick" ] && repeats=5

# model  mode  T  eta
configs=(
  "mlp backprop 1 1"
  "mlp fixed-prediction 20 0.1"
  "mlp fixed-prediction 5 1"
  "mlp strict 20 0.1"
  "mlp zero-divergence 5 1"
  "cnn backprop 1 1"
  "cnn fixed-prediction 20 0.1"
  "cnn zero-divergence 8 1"
)
echo "| model | mode | T | eta | batch | median ms/step | examples/s |"
echo "|---|---|---|---|---|---|---|"
for c in "${configs[@]}"; do
  read -r model mode steps eta <<<"$c"
  exe="$out/$model-$mode"
  [ -x "$exe" ] || ./build/bin/pcc "examples/$model.nn" --mode="$mode" -o "$exe"
  for batch in 64 256; do
    line=$("$exe" bench --batch-size "$batch" --steps "$steps" --eta "$eta" \
             --repeats "$repeats" --warmup 3)
    ms=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$line")
    rate=$(sed -n 's/.*, \([0-9]*\) examples\/s/\1/p' <<<"$line")
    echo "| $model | $mode | $steps | $eta | $batch | $ms | $rate |"
  done
done
