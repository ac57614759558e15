#!/usr/bin/python3
"""PyTorch peers of pcc's train steps, for bench/run.sh.

Run with Debian's interpreter and torch (python3-torch 1.13), OpenBLAS and
OMP_NUM_THREADS=2:

    OMP_NUM_THREADS=2 /usr/bin/python3 bench/torch_peers.py --model mlp --batch 64

Prints one line per configuration:

    peer <model> <algorithm> <T> <eta> <batch> <median ms> <q1 ms> <q3 ms>

Algorithms (the same models as examples/mlp.nn and examples/cnn.nn):
  backprop        forward + loss.backward() (no optimizer step)
  fpa             fixed-prediction PC as the PC literature runs it: the
                  feed-forward pass once, then T inference steps in a Python
                  loop, each calling torch.autograd.functional.vjp once per
                  layer (errors as the state), then one VJP per layer for
                  the parameter gradients
  fpa-lean        the same, without the VJP into the clamped input (the work
                  the algorithm needs)
  strict          strict PC: at every step each layer's prediction is
                  recomputed at the current values and the values move by
                  eta * (VJP from above - own error)
  strict-lean     strict without the VJP into the clamped input
The timed region is one train step on a fixed batch (no data loading, no
optimizer), median of --repeats after --warmup untimed steps, as pcc's
`bench` command measures its own steps.
"""
import argparse
import statistics
import sys
import time

import torch
import torch.nn as nn
from torch.autograd.functional import vjp


def check_blas():
    """Returns the BLAS library torch loaded (after running a GEMM)."""
    a = torch.randn(256, 256)
    (a @ a).sum().item()
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in path or "mkl" in path:
                libs.add(path.rsplit("/", 1)[-1])
    return sorted(libs)


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256),
                         nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(256, 120), nn.ReLU(),
                         nn.Linear(120, 10))


def batch(model, size):
    g = torch.Generator().manual_seed(0)
    shape = (size, 784) if model == "mlp" else (size, 1, 28, 28)
    return torch.rand(shape, generator=g), torch.randint(0, 10, (size,),
                                                         generator=g)


def backprop_step(net, x, y, loss_fn):
    net.zero_grad(set_to_none=True)
    loss = loss_fn(net(x), y)
    loss.backward()
    return loss


def layer_fn(layer):
    return lambda v: layer(v)


def param_grads(layers, values, errors):
    """dθ for every layer with parameters: the VJP of its output with
    respect to its parameters, with the error of the layer above."""
    for l, layer in enumerate(layers):
        params = [p for p in layer.parameters()]
        if not params:
            continue
        out = layer(values[l])
        grads = torch.autograd.grad(out, params, errors[l + 1])
        for p, g in zip(params, grads):
            p.grad = g


def forward_values(layers, x):
    """The feed-forward pass: the input and every layer's output."""
    with torch.no_grad():
        values = [x]
        for layer in layers:
            values.append(layer(values[-1]))
    return values


def fpa_step(net, x, y, loss_fn, steps, eta, lean):
    layers = list(net)
    n = len(layers)
    values = forward_values(layers, x)
    out = values[-1].detach().requires_grad_(True)
    loss = loss_fn(out, y)
    top = torch.autograd.grad(loss, out)[0]
    errors = [torch.zeros_like(v) for v in values]
    errors[n] = top
    first = 1 if lean else 0
    for _ in range(steps):
        new = list(errors)
        for l in range(n - 1, first - 1, -1):
            _, g = vjp(layer_fn(layers[l]), values[l], errors[l + 1])
            new[l] = (1 - eta) * errors[l] + eta * g
        errors = new
    param_grads(layers, values, errors)
    return loss


def strict_step(net, x, y, loss_fn, steps, eta, lean):
    layers = list(net)
    n = len(layers)
    values = forward_values(layers, x)
    errors = [torch.zeros_like(v) for v in values]
    for _ in range(steps):
        with torch.no_grad():
            for l in range(1, n):
                errors[l] = values[l] - layers[l - 1](values[l - 1])
        out = values[n].detach().requires_grad_(True)
        loss = loss_fn(out, y)
        errors[n] = torch.autograd.grad(loss, out)[0]
        first = 1 if lean else 0
        new = list(values)
        for l in range(n - 1, first - 1, -1):
            if l == 0:
                vjp(layer_fn(layers[0]), values[0], errors[1])
                continue
            _, g = vjp(layer_fn(layers[l]), values[l], errors[l + 1])
            new[l] = values[l] - eta * (errors[l] - g)
        values = new
    param_grads(layers, values, errors)
    return loss


def measure(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    q = statistics.quantiles(times, n=4) if len(times) > 1 else times * 3
    return statistics.median(times), q[0], q[2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", choices=["mlp", "cnn"], required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--algorithms", default="backprop,fpa,fpa-lean,strict,strict-lean")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--check-blas", action="store_true",
                    help="print the BLAS in use and exit non-zero unless it "
                         "is OpenBLAS")
    args = ap.parse_args()
    if args.check_blas:
        libs = check_blas()
        print("blas", " ".join(libs) if libs else "none",
              "threads", torch.get_num_threads())
        sys.exit(0 if any("openblas" in l for l in libs) else 1)
    torch.manual_seed(0)
    net = mlp() if args.model == "mlp" else cnn()
    x, y = batch(args.model, args.batch)
    loss_fn = nn.CrossEntropyLoss()
    for algo in args.algorithms.split(","):
        if algo == "backprop":
            fn = lambda: backprop_step(net, x, y, loss_fn)
        elif algo in ("fpa", "fpa-lean"):
            fn = lambda: fpa_step(net, x, y, loss_fn, args.steps, args.eta,
                                  algo == "fpa-lean")
        elif algo in ("strict", "strict-lean"):
            fn = lambda: strict_step(net, x, y, loss_fn, args.steps, args.eta,
                                     algo == "strict-lean")
        else:
            sys.exit(f"unknown algorithm {algo}")
        med, q1, q3 = measure(fn, args.warmup, args.repeats)
        t = 0 if algo == "backprop" else args.steps
        eta = 0 if algo == "backprop" else args.eta
        print(f"peer {args.model} {algo} {t} {eta} {args.batch} "
              f"{med:.3f} {q1:.3f} {q3:.3f}", flush=True)


if __name__ == "__main__":
    main()
