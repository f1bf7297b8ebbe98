#!/usr/bin/env bash
# Regenerates SampleData/: small simulated recordings with their ground truth.
#   Tools/generate-sample-data.sh [PATH_TO_TWITCHSCOPE]
# Without an argument it builds and uses the release CLI (swift build -c release).
# The files are deterministic (fixed seeds), so rerunning changes nothing unless the
# simulator or the writers change:
#   fatigue_2ch_2khz.edf      a fatiguing contraction then decaying twitches, 2 ch,
#                             2 kHz, 180 s, EDF+ (1.4 MB): the README's first command
#   benign_2ch_2khz.csv       benign twitches, 2 ch, 2 kHz, 10 s, CSV          (~460 KB)
#   evaluate_2ch_2khz.f32     high-burden twitches, 2 ch, 2 kHz, 30 s, float32 (480 KB)
#                             with its JSON sidecar (.f32.json)
# each with NAME.truth.json (schema twitchscope.truth/1).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ge 1 ]; then
    bin="$1"
else
    swift build -c release --product twitchscope >&2
    bin="$(swift build -c release --show-bin-path)/twitchscope"
fi
[ -x "$bin" ] || { echo "generate-sample-data: no executable at $bin" >&2; exit 2; }

out=SampleData
mkdir -p "$out"
rm -f "$out"/benign_2ch_2khz.csv* "$out"/evaluate_2ch_2khz.f32* "$out"/fatigue_2ch_2khz.edf*

# Long enough (over 2 minutes of rest) for a judgement: expected level benign, with the
# fatigue and post-exertion-decay findings.
"$bin" simulate --scenario fatigue --seed 3 --duration 180 --sample-rate 2000 --channels 2 \
    --mains 50 --out "$out/fatigue_2ch_2khz.edf" --format edf

# 8/min stays below the 10/min high-rate threshold; seed 4 puts one 129 uV twitch at 4.62 s.
"$bin" simulate --scenario benign --seed 4 --duration 10 --sample-rate 2000 --channels 2 \
    --mains 50 --rate 8 --out "$out/benign_2ch_2khz.csv" --format csv
"$bin" simulate --scenario evaluate --seed 1 --duration 30 --sample-rate 2000 --channels 2 \
    --mains 50 --out "$out/evaluate_2ch_2khz.f32" --format raw

ls -l "$out" >&2
