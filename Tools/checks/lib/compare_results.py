#!/usr/bin/env python3
"""Compares two batch output folders' CSV exports (recordings, events, findings), ignoring
the columns that differ between runs (analysed_at, elapsed_s) and the row order.
Exits 1 with the first differences when they differ.

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
        return [header[i] for i in keep], sorted(tuple(row[i] for i in keep) for row in reader)


bad = False
for name in ["recordings.csv", "events.csv", "findings.csv"]:
    a = rows(f"{sys.argv[1]}/{name}")
    b = rows(f"{sys.argv[2]}/{name}")
    if a != b:
        bad = True
        print(f"{name} differs: {len(a[1])} vs {len(b[1])} rows", file=sys.stderr)
        for x, y in zip(a[1], b[1]):
            if x != y:
                print(f"  {x}\n  {y}", file=sys.stderr)
                break
    else:
        print(f"{name}: {len(a[1])} rows identical")
sys.exit(1 if bad else 0)
