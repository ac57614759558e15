#!/usr/bin/env python3
"""Counts memref.alloc ops inside each scf.for marked pcc.inference_loop in
the printed IR on stdin (after bufferization)."""
import sys

lines = sys.stdin.read().split("\n")
found = 0
for end, line in enumerate(lines):
    if not line.lstrip().startswith("} {") or "pcc.inference_loop" not in line:
        continue
    indent = len(line) - len(line.lstrip())
    start = end - 1
    while start >= 0 and not (
        "scf.for" in lines[start]
        and len(lines[start]) - len(lines[start].lstrip()) == indent
    ):
        start -= 1
    allocs = sum("memref.alloc" in l for l in lines[start:end])
    print(f"inference loop at line {start + 1}: {allocs} allocations")
    found += 1
print(f"inference loops: {found}")
