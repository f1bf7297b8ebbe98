#!/usr/bin/env python3
"""Cross-check `twitchscope convert` against pyedflib.

Converts EDF/BDF fixtures with twitchscope, reads source and result with pyedflib and
compares labels, rates, values (within half a digital step of the output file plus the
source's), sample counts (the last record may be padded with zeros) and annotations.
Exits 1 on any mismatch, printing each one.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import pyedflib

# (fixture, output extension, channels twitchscope delivers by default)
CASES = [
    ("pyedflib-emg-2000hz.edf", "edf"),
    ("edfio-emg-2048hz.bdf", "bdf"),
    ("pyedflib-test_subsecond.edf", "edf"),
    ("pyedflib-test_generator.edf", "bdf"),
]


def read(path):
    f = pyedflib.EdfReader(path)
    try:
        signals = []
        for i in range(f.signals_in_file):
            h = f.getSignalHeader(i)
            step = abs(h["physical_max"] - h["physical_min"]) / (h["digital_max"] - h["digital_min"])
            signals.append({
                "label": h["label"].strip(), "fs": f.getSampleFrequency(i), "unit": h["dimension"].strip(),
                "step": step, "values": f.readSignal(i),
            })
        onsets, durations, texts = f.readAnnotations()
        annotations = list(zip(onsets, durations, texts))
        return signals, annotations, f.getStartdatetime()
    finally:
        f.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--twitchscope", required=True)
    ap.add_argument("--fixtures", required=True)
    args = ap.parse_args()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, ext in CASES:
            src = os.path.join(args.fixtures, name)
            out = os.path.join(tmp, os.path.splitext(name)[0] + "." + ext)
            subprocess.run([args.twitchscope, "convert", src, out], check=True, capture_output=True)
            a_signals, a_annotations, a_start = read(src)
            b_signals, b_annotations, b_start = read(out)
            # twitchscope keeps the signals at the most common rate (ties: the highest).
            rates = [s["fs"] for s in a_signals]
            best = max(set(rates), key=lambda r: (rates.count(r), r))
            kept = [s for s in a_signals if s["fs"] == best]

            def fail(msg):
                problems.append(f"{name}: {msg}")

            if [s["label"] for s in kept] != [s["label"] for s in b_signals]:
                fail(f"labels {[s['label'] for s in b_signals]} != {[s['label'] for s in kept]}")
            if a_start != b_start:
                fail(f"start {b_start} != {a_start}")
            for a, b in zip(kept, b_signals):
                if b["fs"] != a["fs"]:
                    fail(f"{a['label']}: rate {b['fs']} != {a['fs']}")
                n = len(a["values"])
                if len(b["values"]) < n or np.any(b["values"][n:] != 0):
                    fail(f"{a['label']}: {len(b['values'])} samples for {n} (only zero padding may follow)")
                    continue
                scale = {"uV": 1.0, "mV": 1e3, "V": 1e6}.get(a["unit"], 1.0)
                tolerance = b["step"] / 2 + a["step"] * scale / 2 + 1e-9
                worst = float(np.max(np.abs(b["values"][:n] - a["values"] * scale)))
                if worst > tolerance:
                    fail(f"{a['label']}: worst difference {worst:.6g} > {tolerance:.6g}")
            if len(a_annotations) != len(b_annotations):
                fail(f"{len(b_annotations)} annotations != {len(a_annotations)}")
            for (ao, ad, at), (bo, bd, bt) in zip(a_annotations, b_annotations):
                if abs(ao - bo) > 1e-6 or abs(ad - bd) > 1e-6 or at != bt:
                    fail(f"annotation ({bo}, {bd}, {bt!r}) != ({ao}, {ad}, {at!r})")
            print(f"{name} -> .{ext}: {len(b_signals)} signals, {len(b_annotations)} annotations checked")
    for p in problems:
        print("MISMATCH", p, file=sys.stderr)
    print("pyedflib check:", "FAILED" if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
