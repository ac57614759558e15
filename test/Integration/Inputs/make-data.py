#!/usr/bin/env python3
"""Writes small CSV and .npy versions of the first N Fashion-MNIST training
images (and some malformed files) into a directory, for the data-format
tests. Usage: make-data.py IDX_DIR OUT_DIR N"""
import gzip
import os
import struct
import sys

idx, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with gzip.open(os.path.join(idx, "train-images-idx3-ubyte.gz")) as f:
    f.read(16)
    pixels = f.read(n * 784)
with gzip.open(os.path.join(idx, "train-labels-idx1-ubyte.gz")) as f:
    f.read(8)
    labels = f.read(n)


def npy(path, descr, shape, payload):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, "".join("%d, " % d for d in shape).rstrip(" ") if len(shape) == 1
        else ", ".join(str(d) for d in shape))
    pad = (64 - (10 + len(header) + 1) % 64) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode() + payload)


with open(os.path.join(out, "train.csv"), "w") as f:
    f.write("label," + ",".join("p%d" % i for i in range(784)) + "\n")
    for i in range(n):
        row = pixels[i * 784:(i + 1) * 784]
        f.write("%d," % labels[i] + ",".join("%.6f" % (b / 255) for b in row) + "\n")
npy(os.path.join(out, "x_f32.npy"), "<f4", (n, 784),
    struct.pack("<%df" % (n * 784), *[b / 255 for b in pixels]))
npy(os.path.join(out, "x_u8.npy"), "|u1", (n, 28, 28), pixels)
npy(os.path.join(out, "y.npy"), "<i8", (n,), struct.pack("<%dq" % n, *labels))
npy(os.path.join(out, "y_short.npy"), "<i8", (n - 1,),
    struct.pack("<%dq" % (n - 1), *labels[:-1]))
with open(os.path.join(out, "x_f32.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(data[:len(data) // 2])
with open(os.path.join(out, "notnpy.npy"), "wb") as f:
    f.write(b"hello world, not numpy")
with open(os.path.join(out, "bad.csv"), "w") as f:
    f.write("1," + ",".join(["0.5"] * 784) + "\n")
    f.write("2," + ",".join(["0.5"] * 783) + ",x\n")
with open(os.path.join(out, "ragged.csv"), "w") as f:
    f.write("1," + ",".join(["0.5"] * 784) + "\n")
    f.write("2," + ",".join(["0.5"] * 780) + "\n")
