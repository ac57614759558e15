#!/usr/bin/env python3
"""Regenerates the figures and tables of docs/results.md from pcc's own
executables: gradient convergence of every PC mode against backprop, the
exactness table (f32 and f64), the cost table and the training curves.
Run it through scripts/results.sh, which installs and builds what it needs.

  --quick   fewer T values, architectures and epochs (CI runs it); writes
            build/results/ and checks its own numbers (exit status 1 when a
            check fails)
  (full)    writes docs/results/*.svg and the generated blocks of
            docs/results.md

Every number comes from the executables' `grads`, `bench` and `train`
commands (CSV logs); nothing is typed in.
"""
import argparse
import concurrent.futures
import csv
import functools
import math
import os
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PCC = os.path.join(ROOT, "build", "bin", "pcc")
TEXT = "/usr/share/games/fortunes/literature"
ARCHS = ["mlp", "cnn", "resnet", "rnn", "lstm", "transformer"]
TEXT_ARCHS = {"rnn", "lstm", "transformer"}
# Gradient-convergence curves: (label, compiled mode, eta).
CURVES = [("strict η=0.1", "strict", 0.1), ("strict η=0.5", "strict", 0.5),
          ("strict η=1", "strict", 1.0),
          ("fixed-prediction η=0.1", "fixed-prediction", 0.1),
          ("fixed-prediction η=0.5", "fixed-prediction", 0.5),
          ("fixed-prediction η=1", "fixed-prediction", 1.0),
          ("incremental η=0.1", "incremental", 0.1),
          ("zero-divergence", "zero-divergence", 1.0)]


# Compiled variants: name -> (mode, extra pcc flags).
VARIANTS = {"zero-divergence-unlevelled": ("zero-divergence", ["--level=false"])}
UNROLLED = set()  # models without an unlevelled entry (none now)


def run(cmd, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"results: {' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
    return r


class Builder:
    """Compiles the examples (f32 as written, f64 by rewriting the element
    types) into OUT/exe, two at a time."""

    def __init__(self, out, opt):
        self.dir = os.path.join(out, "exe")
        os.makedirs(self.dir, exist_ok=True)
        self.opt = opt

    def source(self, arch, dtype):
        src = os.path.join(ROOT, "examples", f"{arch}.nn")
        if dtype == "f32":
            return src
        path = os.path.join(self.dir, f"{arch}-f64.nn")
        if os.path.exists(path) and os.path.getmtime(path) > os.path.getmtime(src):
            return path
        with open(src) as f, open(path, "w") as g:
            # The character models have no float input to take the type
            # from: the option gives it.
            g.write('option dtype = "f64";\n' + re.sub(r"\bf32\b", "f64", f.read()))
        return path

    def exe(self, arch, mode, dtype="f32"):
        return os.path.join(self.dir, f"{arch}-{mode}-{dtype}")

    def build(self, jobs):
        """jobs: (arch, mode, dtype) triples; a mode of VARIANTS is a mode
        with extra driver flags."""
        def one(job):
            arch, mode, dtype = job
            base, flags = VARIANTS.get(mode, (mode, []))
            exe, src = self.exe(arch, mode, dtype), self.source(arch, dtype)
            # Up to date: newer than pcc, the runtime and the model file.
            deps = [PCC, src] + [os.path.join(ROOT, "build", "runtime", f)
                                 for f in os.listdir(os.path.join(ROOT, "build", "runtime"))
                                 if f.endswith(".a")]
            if os.path.exists(exe) and all(os.path.getmtime(exe) > os.path.getmtime(d)
                                           for d in deps):
                return
            run([PCC, self.source(arch, dtype), f"--mode={base}",
                 f"-O{self.opt}", "-o", self.exe(arch, mode, dtype)] + flags)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            list(pool.map(one, sorted(set(jobs))))


def data_flags(arch):
    return ["--format", "text", "--data", TEXT] if arch in TEXT_ARCHS else []


@functools.lru_cache(maxsize=None)
def levels(arch):
    """(height, deepest parameter level): the largest node level of the
    fixed-prediction network, and the largest at_step of zero-divergence
    (fixed-prediction with eta = 1 is exact from T = the latter)."""
    src = os.path.join(ROOT, "examples", f"{arch}.nn")
    pc = run([PCC, src, "--emit=pc"]).stdout
    zd = run([PCC, src, "--emit=pc", "--mode=zero-divergence"]).stdout
    height = max(int(m) for m in re.findall(r'pc\.node "[^"]*" level (\d+)', pc))
    deepest = max(int(m) for m in re.findall(r"at_step (\d+)", zd))
    return height, deepest


def grads(exe, arch, steps, eta, log, batch):
    """Rows (T, parameter, relative error, angle, |pc|, |backprop|)."""
    run([exe, "grads", "--batch-size", str(batch), "--steps",
         ",".join(map(str, steps)), "--eta", repr(eta), "--log", log]
        + data_flags(arch))
    rows = []
    with open(log) as f:
        for r in csv.DictReader(f):
            rows.append((int(r["steps"]), r["parameter"],
                         float(r["rel_error"]), float(r["angle_deg"]),
                         float(r["pc_norm"]), float(r["backprop_norm"])))
    return rows


# Unit roundoff of each element type.
ROUNDOFF = {"f32": 2.0 ** -24, "f64": 2.0 ** -53}


def zero_gradients(rows, dtype):
    """Parameters whose backprop gradient is zero up to rounding: norm below
    1000 unit roundoffs of the whole gradient's norm (the attention key
    bias: softmax is invariant to a shift of all the scores of a query, so
    its gradient is exactly zero and what backprop returns is rounding).
    A relative error against rounding noise means nothing."""
    t0 = rows[0][0]
    first = [r for r in rows if r[0] == t0]
    total = math.sqrt(sum(r[5] ** 2 for r in first))
    return {r[1] for r in first if r[5] <= 1e3 * ROUNDOFF[dtype] * total}


def worst(rows, steps=None, skip=()):
    vals = [r[2] for r in rows
            if (steps is None or r[0] == steps) and r[1] not in skip]
    return max(vals) if vals else float("nan")


def fmt(x):
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "inf"
    return "0" if x == 0 else f"{x:.1e}"


# ---------------------------------------------------------------------------


def convergence(b, out, figs_dir, archs, steps, batch):
    """Per-parameter relative error and angle against T for every mode;
    one SVG per architecture and measure (gnuplot)."""
    figs = []
    for arch in archs:
        data = os.path.join(out, f"convergence-{arch}.dat")
        with open(data, "w") as f:
            for i, (label, mode, eta) in enumerate(CURVES):
                rows = grads(b.exe(arch, mode), arch, steps, eta,
                             os.path.join(out, f"grads-{arch}-{mode}-{eta}.csv"),
                             batch)
                params = sorted({r[1] for r in rows},
                                key=[r[1] for r in rows].index)
                for p in params:
                    f.write(f'# "{label}" {p}\n')
                    for t, q, rel, ang, _, _ in rows:
                        if q == p:
                            f.write(f"{t} {rel:.6e} {ang:.6f}\n")
                    f.write("\n\n")
                f.write("\n")
        for measure, col, ylabel, log in (("error", 2, "relative error", True),
                                          ("angle", 3, "angle (degrees)", False)):
            svg = os.path.join(figs_dir, f"convergence-{arch}-{measure}.svg")
            plot_convergence(data, svg, arch, col, ylabel, log)
            figs.append(svg)
    return figs


def plot_convergence(data, svg, arch, col, ylabel, log):
    # Blocks in the data file: one per (curve, parameter), in CURVES order.
    with open(data) as f:
        heads = [l[2:].strip() for l in f if l.startswith("# ")]
    panels = []
    for label, _, _ in CURVES:
        idx = [i for i, h in enumerate(heads) if h.startswith(f'"{label}"')]
        panels.append((label, idx))
    gp = [f'set terminal svg size 1400,760 dynamic font "sans,10"',
          f'set output "{svg}"', "set multiplot layout 2,4 title "
          f'"{arch}: PC against backprop, per parameter, one batch"',
          "set logscale x", "set grid", "set key off", "set xlabel 'T'",
          f"set ylabel '{ylabel}'"]
    gp.append("set logscale y" if log else "unset logscale y")
    if log:
        gp.append("set yrange [1e-17:1e3]")
        gp.append("set format y '10^{%L}'")
    else:
        gp.append("set yrange [0:95]")
    for label, idx in panels:
        gp.append(f"set title '{label}'")
        gp.append("plot " + ", ".join(
            f"'{data}' index {i} using 1:($%d == 0 ? 1e-17 : $%d) with linespoints pt 7 ps 0.3"
            % (col, col) if log else
            f"'{data}' index {i} using 1:{col} with linespoints pt 7 ps 0.3"
            for i in idx))
    gp.append("unset multiplot")
    run(["gnuplot", "-e", "; ".join(gp)])


# ---------------------------------------------------------------------------


def exactness(b, out, archs, batch):
    """Largest relative gradient error against backprop over the
    parameters (the relative divergence of one SGD update), f32 and f64."""
    table = {}
    for arch in archs:
        _, hp = levels(arch)
        for dtype in ("f32", "f64"):
            zd = grads(b.exe(arch, "zero-divergence", dtype), arch, [1], 1.0,
                       os.path.join(out, f"exact-{arch}-zd-{dtype}.csv"), batch)
            fpa = grads(b.exe(arch, "fixed-prediction", dtype), arch,
                        [hp - 1, hp] if hp > 1 else [hp], 1.0,
                        os.path.join(out, f"exact-{arch}-fpa-{dtype}.csv"), batch)
            zdu = [] if arch in UNROLLED else grads(
                b.exe(arch, "zero-divergence-unlevelled", dtype), arch, [1], 1.0,
                os.path.join(out, f"exact-{arch}-zdu-{dtype}.csv"), batch)
            skip = zero_gradients(zd, dtype)
            table[(arch, dtype)] = {
                "height": hp, "zd": worst(zd, skip=skip),
                "zdu": worst(zdu, skip=skip),
                "fpa": worst(fpa, hp, skip),
                "early": worst(fpa, hp - 1, skip) if hp > 1 else None,
                "skipped": skip}
    lines = ["| model | T = height | zero-divergence f32 | zero-divergence f64 | "
             "unlevelled f32 | unlevelled f64 | "
             "fixed-prediction η=1, T=height, f32 | f64 | same at T = height−1, f64 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for arch in archs:
        a, d = table[(arch, "f32")], table[(arch, "f64")]
        lines.append(f"| {arch} | {a['height']} | {fmt(a['zd'])} | {fmt(d['zd'])} | "
                     f"{fmt(a['zdu']) if arch not in UNROLLED else '–'} | "
                     f"{fmt(d['zdu']) if arch not in UNROLLED else '–'} | "
                     f"{fmt(a['fpa'])} | {fmt(d['fpa'])} | "
                     f"{fmt(d['early']) if d['early'] is not None else '–'} |")
    skipped = sorted({f"{arch}: {p}" for arch in archs
                      for dt in ("f32", "f64") for p in table[(arch, dt)]["skipped"]})
    if skipped:
        lines.append("")
        lines.append("Left out (backprop's gradient is zero up to rounding): "
                     + ", ".join(skipped) + ".")
    return table, "\n".join(lines)


# ---------------------------------------------------------------------------


def cost(b, archs, batch, repeats):
    """ms per update (the train step, without data loading and optimizer),
    and the PyTorch peers from bench/ when build/bench/results.md exists."""
    lines = ["| model | backprop | zero-divergence | fixed-prediction T=height | "
             "fixed-prediction T=20 | strict T=20 |", "|---|---|---|---|---|---|"]
    for arch in archs:
        _, hp = levels(arch)
        cells = []
        for mode, steps, eta in (("backprop", 1, 1.0), ("zero-divergence", 1, 1.0),
                                 ("fixed-prediction", hp, 1.0),
                                 ("fixed-prediction", 20, 0.1), ("strict", 20, 0.1)):
            r = run([b.exe(arch, mode), "bench", "--batch-size", str(batch),
                     "--steps", str(steps), "--eta", repr(eta), "--warmup", "2",
                     "--repeats", str(repeats)] + data_flags(arch))
            ms = float(re.search(r"median ([0-9.]+) ms", r.stdout).group(1))
            cells.append(f"{ms:.2f}")
        lines.append(f"| {arch} | " + " | ".join(cells) + " |")
    # The peers: this machine's last `bash bench/run.sh`, else the run
    # recorded in bench/README.md.
    peers = os.path.join(ROOT, "build", "bench", "results.md")
    where = "the last `bash bench/run.sh` on this machine (build/bench/results.md)"
    if not os.path.exists(peers):
        peers = os.path.join(ROOT, "bench", "README.md")
        where = "the run recorded in bench/README.md"
    if os.path.exists(peers):
        lines.append("")
        lines.append(f"pcc and the PyTorch peers at batch 64, from {where}:")
        lines.append("")
        with open(peers) as f:
            for l in f:
                if l.startswith("| mlp |") or l.startswith("| cnn |"):
                    c = [x.strip() for x in l.strip("|\n").split("|")]
                    if c[4] != "64" or c[10] == "–":
                        continue
                    if c[5] == "–":   # the peers without a pcc row
                        lines.append(f"- {c[0]}, {c[1]}, T={c[2]}: {c[10]} ms")
                    else:
                        peer = c[10].replace(" (", " ms (", 1)
                        lines.append(f"- {c[0]} {c[1]} (T={c[2]}): pcc {c[5]} ms, "
                                     f"PyTorch {peer}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------


def training(b, out, figs_dir, runs, seeds):
    """Test accuracy (next-character accuracy for the character models)
    per epoch, PC against backprop, mean and spread over seeds (the
    shuffling seed), and the epoch's mean training loss."""
    summary = ["| model | data | rule | epochs | final test accuracy (mean ± sd) | "
               "final epoch's training loss (mean ± sd) |", "|---|---|---|---|---|---|"]
    figs = []
    for arch, flags, epochs in runs:
        curves = {}
        for mode in ("fixed-prediction", "backprop"):
            per_seed = []
            for seed in seeds:
                log = os.path.join(out, f"train-{arch}-{mode}-{seed}.csv")
                run([b.exe(arch, mode), "train", "--epochs", str(epochs),
                     "--seed", str(seed), "--log", log] + flags)
                with open(log) as f:
                    per_seed.append([(int(r["epoch"]), float(r["loss"]),
                                      float(r["accuracy"]))
                                     for r in csv.DictReader(f)
                                     if r["kind"] == "epoch"])
            curves[mode] = per_seed
        dat = os.path.join(out, f"train-{arch}.dat")
        with open(dat, "w") as f:
            for mode in ("fixed-prediction", "backprop"):
                f.write(f"# {mode}: epoch acc_mean acc_sd loss_mean loss_sd\n")
                for e in range(epochs):
                    acc = [s[e][2] for s in curves[mode]]
                    loss = [s[e][1] for s in curves[mode]]
                    f.write(f"{e + 1} {statistics.mean(acc):.4f} "
                            f"{statistics.pstdev(acc):.4f} {statistics.mean(loss):.5f} "
                            f"{statistics.pstdev(loss):.5f}\n")
                f.write("\n\n")
            for mode in ("fixed-prediction", "backprop"):
                acc = [s[-1][2] for s in curves[mode]]
                loss = [s[-1][1] for s in curves[mode]]
                data = "fortunes literature" if arch in TEXT_ARCHS else "Fashion-MNIST"
                summary.append(f"| {arch} | {data} | {mode} | {epochs} | "
                               f"{statistics.mean(acc):.2f} ± {statistics.pstdev(acc):.2f} % | "
                               f"{statistics.mean(loss):.4f} ± {statistics.pstdev(loss):.4f} |")
        svg = os.path.join(figs_dir, f"train-{arch}.svg")
        col, sd, ylabel = 2, 3, "test accuracy (%)"
        gp = ['set terminal svg size 720,480 dynamic font "sans,12"',
              f'set output "{svg}"', "set grid", "set key bottom right",
              "set xlabel 'epoch'",
              f"set ylabel '{ylabel}'",
              f"set title '{arch}: fixed-prediction PC against backprop, mean ± sd over {len(seeds)} seeds'",
              f"plot '{dat}' index 0 using 1:{col}:{sd} with yerrorlines title 'fixed-prediction PC', "
              f"'{dat}' index 1 using 1:{col}:{sd} with yerrorlines title 'backprop'"]
        run(["gnuplot", "-e", "; ".join(gp)])
        figs.append(svg)
    return "\n".join(summary), figs


# ---------------------------------------------------------------------------


def replace_block(text, name, body):
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        sys.exit(f"results: docs/results.md has no {begin} ... {end} block")
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=["cost"],
                    help="regenerate only this table of docs/results.md")
    args = ap.parse_args()
    quick = args.quick
    if args.only and quick:
        ap.error("--only and --quick cannot be combined")
    if args.only == "cost":
        b = Builder(os.path.join(ROOT, "build", "results"), opt=1)
        jobs = [(arch, m, "f32") for arch in ARCHS
                for m in ("backprop", "strict", "fixed-prediction", "zero-divergence")]
        print(f"results: compiling {len(set(jobs))} executables", flush=True)
        b.build(jobs)
        print("results: cost", flush=True)
        cost_md = cost(b, ARCHS, batch=64, repeats=10)
        print(cost_md, flush=True)
        md = os.path.join(ROOT, "docs", "results.md")
        with open(md) as f:
            text = replace_block(f.read(), "cost", cost_md)
        with open(md + ".tmp", "w") as f:
            f.write(text)
        os.replace(md + ".tmp", md)
        print("results: docs/results.md cost table updated")
        return
    # Figures (and, in quick mode, the logs) go to `figs`; the executables'
    # CSV logs and the plotted data to build/results/logs.
    figs_dir = os.path.join(ROOT, "build", "results") if quick else \
        os.path.join(ROOT, "docs", "results")
    out = os.path.join(ROOT, "build", "results", "logs")
    os.makedirs(out, exist_ok=True)
    os.makedirs(figs_dir, exist_ok=True)
    b = Builder(os.path.join(ROOT, "build", "results"), opt=0 if quick else 1)
    archs = ARCHS
    conv_archs = ["mlp", "cnn"] if quick else ARCHS
    steps = [1, 2, 3, 5, 8, 12, 20] if quick else \
        [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 50, 70, 100, 150, 200]
    train_runs = ([("cnn", ["--limit", "2000", "--test-limit", "1000"], 2)] if quick else
                  [("cnn", [], 5), ("rnn", data_flags("rnn"), 10),
                   ("lstm", data_flags("lstm"), 10),
                   ("transformer", data_flags("transformer"), 10)])
    seeds = [0, 1, 2]

    jobs = []
    for arch in archs:
        for dtype in ("f32", "f64"):
            jobs += [(arch, "fixed-prediction", dtype), (arch, "zero-divergence", dtype)]
            if arch not in UNROLLED:
                jobs.append((arch, "zero-divergence-unlevelled", dtype))
    for arch in conv_archs:
        jobs += [(arch, m, "f32") for _, m, _ in CURVES]
    for arch, _, _ in train_runs:
        jobs += [(arch, "fixed-prediction", "f32"), (arch, "backprop", "f32")]
    if not quick:
        for arch in archs:
            jobs += [(arch, m, "f32") for m in ("backprop", "strict")]
    print(f"results: compiling {len(set(jobs))} executables", flush=True)
    b.build(jobs)

    print("results: exactness", flush=True)
    table, exact_md = exactness(b, out, archs, batch=16)
    print(exact_md, flush=True)
    print("results: gradient convergence", flush=True)
    conv_figs = convergence(b, out, figs_dir, conv_archs, steps, batch=16)
    print("results: training curves", flush=True)
    train_md, train_figs = training(b, out, figs_dir, train_runs, seeds)
    print(train_md, flush=True)
    cost_md = None
    if not quick:
        print("results: cost", flush=True)
        cost_md = cost(b, archs, batch=64, repeats=10)
        print(cost_md, flush=True)

    # The checks (the quick mode is CI's): f64 exactness, and
    # fixed-prediction one step short of the height not exact.
    failures = []
    for arch in archs:
        d = table[(arch, "f64")]
        if not d["zd"] <= 1e-10:
            failures.append(f"{arch}: zero-divergence f64 error {d['zd']:.3g} > 1e-10")
        if not d["fpa"] <= 1e-10:
            failures.append(f"{arch}: fixed-prediction eta=1 T={d['height']} f64 "
                            f"error {d['fpa']:.3g} > 1e-10")
        # Not exact: ten times above both the T = height error and rounding.
        floor = 10 * max(d["fpa"], ROUNDOFF["f64"])
        if d["early"] is not None and not d["early"] > floor:
            failures.append(f"{arch}: fixed-prediction eta=1 T={d['height'] - 1} "
                            f"f64 error {d['early']:.3g} is not > {floor:.3g}")

    if not quick:
        md = os.path.join(ROOT, "docs", "results.md")
        with open(md) as f:
            text = f.read()
        text = replace_block(text, "exactness", exact_md)
        text = replace_block(text, "cost", cost_md)
        text = replace_block(text, "training", train_md)
        tmp = md + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, md)
    for f in failures:
        print(f"results: CHECK FAILED: {f}", file=sys.stderr)
    print(f"results: figures in {figs_dir}, logs in {out}"
          + ("" if quick else "; docs/results.md updated"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
