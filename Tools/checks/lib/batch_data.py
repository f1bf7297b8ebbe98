#!/usr/bin/env python3
"""Writes a small study for the batch checks: COUNT two-channel CSV recordings
(sub-XX/ses-1/emg.csv, header EMG1,EMG2 in microvolts, no time column, so pass
--sample-rate RATE), SECONDS long, with Gaussian noise and biphasic spikes at rest, plus
sub-99/ses-1/broken.csv, which no reader accepts. Deterministic (fixed seed).

usage: batch_data.py FOLDER [COUNT=6] [SECONDS=20] [RATE=2000]
"""
import math
import os
import random
import sys

folder = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 6
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20
rate = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
rng = random.Random(20261121)
frames = int(seconds * rate)
# Biphasic spike, 8 ms: one period of a sine under a Hann window.
width = int(0.008 * rate)
shape = [math.sin(2 * math.pi * i / width) * 0.5 * (1 - math.cos(2 * math.pi * i / width)) for i in range(width)]

for r in range(count):
    path = os.path.join(folder, f"sub-{r + 1:02d}", "ses-1", "emg.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ch = [[rng.gauss(0, 3.0) for _ in range(frames)] for _ in range(2)]
    margin = min(rate, frames // 4)
    for _ in range((r % 6) * 3):  # recording r holds 3 (r mod 6) spikes
        start = rng.randrange(margin, frames - margin - width)
        amp = rng.uniform(80, 300)
        for i, v in enumerate(shape):
            ch[0][start + i] += amp * v
            ch[1][start + i] += 0.4 * amp * v
    with open(path, "w") as f:
        f.write("EMG1,EMG2\n")
        f.write("".join(f"{a:.2f},{b:.2f}\n" for a, b in zip(ch[0], ch[1])))

broken = os.path.join(folder, "sub-99", "ses-1", "broken.csv")
os.makedirs(os.path.dirname(broken), exist_ok=True)
with open(broken, "w") as f:
    f.write("EMG1,EMG2\n1.0,2.0\n3.0,oops\n")
