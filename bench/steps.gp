# Step time against the number of inference steps T (MLP 784-256-256-10,
# batch 64): pcc's fixed-prediction and strict steps and the lean PyTorch
# loops, from build/bench/steps.csv (written by bench/bench.py).
set terminal svg size 720,480 dynamic font "sans,12"
set output "build/bench/steps.svg"
set datafile separator ","
set key top left
set logscale xy
set xlabel "inference steps T"
set ylabel "ms per train step (median)"
set grid
set title "MLP 784-256-256-10, batch 64"
plot "build/bench/steps.csv" using 1:2 skip 1 with linespoints title "pcc fixed-prediction (closed form)", \
     "" using 1:6 skip 1 with linespoints title "pcc fixed-prediction (T-step loop)", \
     "" using 1:3 skip 1 with linespoints title "pcc strict", \
     "" using 1:4 skip 1 with linespoints title "PyTorch fixed-prediction (vjp loop, lean)", \
     "" using 1:5 skip 1 with linespoints title "PyTorch strict (vjp loop, lean)"
