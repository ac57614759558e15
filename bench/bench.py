#!/usr/bin/env python3
"""pcc's benchmark: train-step time of the example models in every learning
mode against PyTorch peers, the machine's GEMM ceiling, FLOP lower bounds,
peak memory and compile time. Run it through bench/run.sh, which installs
and builds what it needs.

Writes build/bench/results.md (the tables), build/bench/steps.csv (step time
against T, for the plot) and prints the tables.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "bench")
PCC = os.path.join(ROOT, "build", "bin", "pcc")
TORCH_PY = "/usr/bin/python3"

# Dense layers (in, out) of examples/mlp.nn; the CNN's layers, see cnn_flops.
MLP = [(784, 256), (256, 256), (256, 10)]
# Deepest parameter level (op granularity): fixed-prediction with eta = 1 is
# exact at T = this; zero-divergence unrolls this many steps.
HEIGHT = {"mlp": 5, "cnn": 11}
# The level of each GEMM-like layer's node (op granularity; the loss reads
# level 1), input side first.
LEVELS = {"mlp": [5, 3, 1], "cnn": [10, 7, 3, 1]}


def run(cmd, env=None, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
    return r


def dense_costs(b):
    """GEMM FLOPs per dense layer: forward, input gradient, weight gradient
    are each 2*B*in*out."""
    return [2 * b * i * o for i, o in MLP]


def conv_costs(b):
    """The CNN's GEMM-like layers (conv as im2col GEMM, dense): FLOPs of the
    forward product of each; its input and filter gradients cost the same."""
    return [2 * b * 6 * 24 * 24 * 1 * 25,     # conv1 5x5, 1 -> 6, 28 -> 24
            2 * b * 16 * 8 * 8 * 6 * 25,      # conv2 5x5, 6 -> 16, 12 -> 8
            2 * b * 256 * 120,                 # fc1
            2 * b * 120 * 10]                  # fc2


def flops(model, mode, steps, b, loop=False):
    """GEMM FLOPs of one train step of the algorithm (elementwise work is
    left out, so FLOPs / peak is a lower bound on the time). The input
    gradient of the first layer is never needed (the input is clamped).
    Fixed-prediction solved in closed form (pcc's default) sends each
    node's error once per path length to the loss: one sweep, as both
    models are chains; its T-step loop (`loop`) sweeps T times."""
    layers = dense_costs(b) if model == "mlp" else conv_costs(b)
    fwd = sum(layers)
    vjp = sum(layers[1:])     # one backward sweep of errors
    wgrad = sum(layers)       # one gradient per weight
    if mode in ("backprop", "zero-divergence"):
        return fwd + vjp + wgrad
    if mode == "fixed-prediction":
        return fwd + (steps if loop else 1) * vjp + wgrad
    if mode == "strict":
        # Values start at the feed-forward pass (every error zero) and an
        # error spreads one edge per step: a node at level l moves from step
        # l + 1 on, so it sends a nonzero error from step l + 1 on and needs
        # a new prediction (its input moved) from step l + 2 on. The first
        # layer reads the clamped input only.
        work = 0
        for cost, level in list(zip(layers, LEVELS[model]))[1:]:
            work += cost * (max(0, steps - level) + max(0, steps - level - 1))
        return fwd + work + wgrad
    raise ValueError(mode)


def gemm_ceiling():
    exe = os.path.join(OUT, "gemm_peak")
    src = os.path.join(ROOT, "bench", "gemm_peak.cpp")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        run(["c++", "-O3", "-mavx2", "-mfma", "-fopenmp", "-I/usr/include/eigen3",
             src, "-o", exe])
    best = {}
    for threads in (1, 2):
        out = run([exe, str(threads)]).stdout
        rates = [float(l.split()[3]) for l in out.splitlines() if l.startswith("gemm")]
        best[threads] = max(rates)
    return best


def compile_model(model, mode, loop=False):
    exe = os.path.join(OUT, f"{model}-{mode}" + ("-loop" if loop else ""))
    start = time.perf_counter()
    run([PCC, os.path.join(ROOT, "examples", f"{model}.nn"), f"--mode={mode}",
         "-o", exe] + (["--closed-form=false"] if loop else []))
    return exe, time.perf_counter() - start


BENCH_RE = re.compile(r"median ([0-9.]+) ms per step \(quartiles ([0-9.]+), ([0-9.]+)\)")


def pcc_step(exe, batch, steps, eta, repeats, threads):
    r = run(["/usr/bin/time", "-f", "maxrss %M", exe, "bench", "--batch-size",
             str(batch), "--steps", str(steps), "--eta", str(eta), "--repeats",
             str(repeats), "--warmup", "3", "--threads", str(threads)])
    m = BENCH_RE.search(r.stdout)
    rss = re.search(r"maxrss (\d+)", r.stderr)
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), int(rss.group(1)) / 1024


def torch_env(threads):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    # The placement pcc's executables choose by default (one thread per
    # core; pcc_rt_bind_threads_by_default), so that both sides run alike;
    # it made no measurable difference to PyTorch here.
    if threads > 1:
        env.setdefault("OMP_PROC_BIND", "spread")
        env.setdefault("OMP_PLACES", "cores")
    return env


def torch_steps(model, batch, algorithms, steps, eta, repeats, threads):
    r = run([TORCH_PY, os.path.join(ROOT, "bench", "torch_peers.py"), "--model", model,
             "--batch", str(batch), "--algorithms", ",".join(algorithms), "--steps",
             str(steps), "--eta", str(eta), "--repeats", str(repeats)],
            env=torch_env(threads))
    res = {}
    for line in r.stdout.splitlines():
        f = line.split()
        if f and f[0] == "peer":
            res[f[2]] = float(f[6])
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    repeats = 5 if args.quick else 30
    rounds = 1 if args.quick else 3
    threads = args.threads
    lines = []

    def emit(s=""):
        print(s, flush=True)
        lines.append(s)

    if not args.no_peers:
        blas = run([TORCH_PY, os.path.join(ROOT, "bench", "torch_peers.py"),
                    "--check-blas", "--model", "mlp", "--batch", "1"],
                   env=torch_env(threads), check=False)
        emit(f"PyTorch peer: {blas.stdout.strip()}")
        if blas.returncode != 0:
            sys.exit("bench: PyTorch does not use OpenBLAS (install "
                     "libopenblas0-openmp); its reference BLAS would make the "
                     "comparison meaningless")
    with open("/proc/loadavg") as f:
        emit(f"Load average at the start: {' '.join(f.read().split()[:3])} "
             f"(the machine has {os.cpu_count()} CPUs; anything else running "
             f"makes the 2-thread numbers noisy)")
    ceiling = gemm_ceiling()
    emit(f"Eigen SGEMM ceiling: {ceiling[1]:.1f} GFLOP/s on 1 thread, "
         f"{ceiling[2]:.1f} GFLOP/s on 2 threads (best of n = 256, 512, 1024)")
    peak = ceiling[min(threads, 2)]
    emit()

    # (mode, T, eta, loop): `loop` compiles fixed-prediction with
    # --closed-form=false, so that its T-step loop is measured too.
    configs = [("backprop", 1, 1.0, False), ("fixed-prediction", 20, 0.1, False),
               ("fixed-prediction", 20, 0.1, True),
               ("fixed-prediction", None, 1.0, False),
               ("fixed-prediction", None, 1.0, True), ("strict", 20, 0.1, False),
               ("zero-divergence", None, 1.0, False)]
    peer_of = {("backprop", 20): "backprop", ("fixed-prediction", 20): "fpa-lean",
               ("strict", 20): "strict-lean"}
    emit("| model | mode | T | η | batch | pcc ms/step | GFLOP/s | lower bound ms "
         "| × bound | peak RSS MiB | PyTorch ms (peer) | peer / pcc |")
    emit("|---|---|---|---|---|---|---|---|---|---|---|---|")
    compile_times = {}
    backprop_ms = {}
    for model in ("mlp", "cnn"):
        exes = {}
        for mode, _, _, loop in configs:
            if (mode, loop) not in exes:
                exes[(mode, loop)], compile_times[(model, mode, loop)] = \
                    compile_model(model, mode, loop)
        for batch in (64, 256):
            # Rounds over every configuration and peer in turn, so that a
            # burst of load on the shared machine spoils one sample of
            # several rows rather than every sample of one row; each row
            # reports the median of its rounds' medians.
            pcc_ms, rss_mib, peer_ms = {}, {}, {}
            for _ in range(rounds):
                if not args.no_peers:
                    got = torch_steps(
                        model, batch,
                        ["backprop", "fpa", "fpa-lean", "strict", "strict-lean"],
                        20, 0.1, max(3, repeats // 3 // rounds), threads)
                    for k, v in got.items():
                        peer_ms.setdefault(k, []).append(v)
                for cfg in configs:
                    mode, steps, eta, loop = cfg
                    t = steps if steps is not None else HEIGHT[model]
                    ms, _, _, rss = pcc_step(exes[(mode, loop)], batch, t, eta,
                                             max(5, repeats // rounds), threads)
                    pcc_ms.setdefault(cfg, []).append(ms)
                    rss_mib[cfg] = max(rss, rss_mib.get(cfg, 0))
            peers = {k: statistics.median(v) for k, v in peer_ms.items()}
            for cfg in configs:
                mode, steps, eta, loop = cfg
                t = steps if steps is not None else HEIGHT[model]
                ms, rss = statistics.median(pcc_ms[cfg]), rss_mib[cfg]
                f = flops(model, mode, t, batch, loop)
                bound = f / (peak * 1e9) * 1e3
                if mode == "backprop":
                    backprop_ms[(model, batch)] = ms
                key = peer_of.get((mode, t if mode != "backprop" else 20)) \
                    if (mode, eta) != ("fixed-prediction", 1.0) else None
                peer = peers.get(key) if key else None
                peer_s = f"{peer:.2f} ({key})" if peer else "–"
                ratio = f"{peer / ms:.1f}×" if peer else "–"
                label = mode + (", T-step loop" if loop else "")
                emit(f"| {model} | {label} | {t} | {eta:g} | {batch} | {ms:.2f} "
                     f"| {f / (ms * 1e6):.1f} | {bound:.2f} | {ms / bound:.1f} | {rss:.0f} "
                     f"| {peer_s} | {ratio} |")
            if peers:
                emit(f"| {model} | PyTorch, all VJPs (Torch2PC-style) | 20 | 0.1 | {batch} | – | – | – | – | – "
                     f"| fpa {peers.get('fpa', 0):.2f}, strict {peers.get('strict', 0):.2f} | – |")
    emit()
    emit("Compile time (pcc, examples/<model>.nn to an executable, -O3):")
    emit()
    kinds = sorted({(m, loop) for m, _, _, loop in configs},
                   key=lambda k: [(c[0], c[3]) for c in configs].index(k))
    emit("| model | " + " | ".join(m + (", loop" if loop else "")
                                   for m, loop in kinds) + " |")
    emit("|---|" + "---|" * len(kinds))
    for model in ("mlp", "cnn"):
        emit(f"| {model} | " + " | ".join(
            f"{compile_times[(model, m, loop)]:.1f} s" for m, loop in kinds) + " |")

    # Step time against T: pcc fixed-prediction and strict, the lean
    # PyTorch loops (MLP, batch 64).
    with open(os.path.join(OUT, "steps.csv"), "w") as csv:
        csv.write("T,pcc_fpa,pcc_strict,torch_fpa_lean,torch_strict_lean,pcc_fpa_loop\n")
        for t in (1, 2, 5, 10, 20, 50):
            fpa = pcc_step(os.path.join(OUT, "mlp-fixed-prediction"), 64, t, 0.1, repeats, threads)[0]
            fpa_loop = pcc_step(os.path.join(OUT, "mlp-fixed-prediction-loop"), 64, t, 0.1,
                                repeats, threads)[0]
            st = pcc_step(os.path.join(OUT, "mlp-strict"), 64, t, 0.1, repeats, threads)[0]
            peers = {} if args.no_peers else torch_steps(
                "mlp", 64, ["fpa-lean", "strict-lean"], t, 0.1, max(3, repeats // 3), threads)
            csv.write(f"{t},{fpa},{st},{peers.get('fpa-lean', '')},"
                      f"{peers.get('strict-lean', '')},{fpa_loop}\n")
    late = gemm_ceiling()
    emit(f"\nEigen SGEMM ceiling measured again at the end: {late[1]:.1f} GFLOP/s "
         f"on 1 thread, {late[2]:.1f} on 2 (the bounds above use the first)")
    with open("/proc/loadavg") as f:
        emit(f"\nLoad average at the end: {' '.join(f.read().split()[:3])}")
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
