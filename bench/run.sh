#!/usr/bin/env bash
# pcc's benchmark (see bench/README.md): train-step time of examples/mlp.nn
# and examples/cnn.nn in every learning mode at batch 64 and 256, against
# PyTorch peers measured in the same run, with the machine's Eigen GEMM
# ceiling, each step's FLOP lower bound, peak RSS, compile times and a plot
# of step time against T.
# Usage: bash bench/run.sh [--quick] [--no-peers] [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh pcc >/dev/null
# The peers and the plot: Debian's PyTorch with OpenBLAS, and gnuplot.
need=()
for p in python3-torch libopenblas0-openmp gnuplot-nox time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})) && [[ " $* " != *" --no-peers "* ]]; then
  echo "bench: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
python3 bench/bench.py "$@"
if command -v gnuplot >/dev/null; then
  gnuplot bench/steps.gp && echo "bench: plot in build/bench/steps.svg"
fi
