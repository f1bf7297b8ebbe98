#!/usr/bin/env python3
"""Compares two batch output folders' CSV exports (recordings, events, findings), ignoring
the columns that differ between runs (analysed_at, elapsed_s). Rows are compared in file
order (the exports are sorted by recording path, then report order). Numbers match within
a relative 1e-5: the analysis works in Float32, and FFTW may pick differently vectorised
code from one run to the next, which moves the last bits. Exits 1 with the first
difference when the folders differ.

usage: compare_results.py DIR_A DIR_B
"""
import csv
import sys

VOLATILE = {"analysed_at", "elapsed_s"}


def rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        keep = [i for i, name in enumerate(header) if name not in VOLATILE]
        return [header[i] for i in keep], [[row[i] for i in keep] for row in reader]


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-5 * max(1.0, abs(x), abs(y))


bad = False
for name in ["recordings.csv", "events.csv", "findings.csv"]:
    (ha, ra), (hb, rb) = rows(f"{sys.argv[1]}/{name}"), rows(f"{sys.argv[2]}/{name}")
    diff = None
    if ha != hb:
        diff = f"headers differ:\n  {ha}\n  {hb}"
    elif len(ra) != len(rb):
        diff = f"{len(ra)} vs {len(rb)} rows"
    else:
        for x, y in zip(ra, rb):
            if len(x) != len(y) or not all(same(p, q) for p, q in zip(x, y)):
                diff = f"rows differ:\n  {x}\n  {y}"
                break
    if diff:
        bad = True
        print(f"{name}: {diff}", file=sys.stderr)
    else:
        print(f"{name}: {len(ra)} rows match")
sys.exit(1 if bad else 0)
