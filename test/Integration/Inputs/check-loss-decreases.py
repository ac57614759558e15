#!/usr/bin/env python3
"""Reads a training executable's CSV log and checks that the mean training
loss decreases from each epoch to the next."""
import csv
import sys

rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["kind"] == "epoch"]
losses = [float(r["loss"]) for r in rows]
steps = [r for r in csv.DictReader(open(sys.argv[1])) if r["kind"] == "step"]
if len(losses) < 2 or not steps:
    sys.exit(f"expected at least two epochs and some steps, got {losses}")
if any(b >= a for a, b in zip(losses, losses[1:])):
    sys.exit(f"the loss does not decrease: {losses}")
print("loss decreases:", " > ".join(f"{l:.4f}" for l in losses))
