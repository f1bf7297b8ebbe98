#!/usr/bin/env bash
# Render check: opens the HTML reports in headless Chromium and fails when a page's script
# did not finish drawing (<body data-rendered="ok"> missing), the page logged anything to the
# console (a healthy report logs nothing), or the screenshot is blank (one colour).
# Renders the built-in example report, the example study report, and, once `analyze
# --report` exists, the report of a bundled sample recording.
# Usage: Tools/checks/render-report.sh PATH/TO/twitchscope   (run by Tools/test.sh)
set -euo pipefail
bin="${1:?usage: render-report.sh PATH/TO/twitchscope}"
cd "$(dirname "$0")/../.."
out="${RENDER_REPORT_OUT:-$(mktemp -d -t twitchscope-render.XXXXXX)}"
mkdir -p "$out"

find_chromium() { command -v chromium || command -v chromium-browser || true; }
chromium="$(find_chromium)"
if [ -z "$chromium" ]; then
    echo "render-report: installing Chromium (Debian package 'chromium') for the render check"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
    apt_install() {
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
            -o DPkg::Lock::Timeout=300 chromium >"$out/apt.log" 2>&1
    }
    if command -v apt-get >/dev/null; then
        apt_install || { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q -o DPkg::Lock::Timeout=300 >>"$out/apt.log" 2>&1 && apt_install; } || true
    fi
    chromium="$(find_chromium)"
    if [ -z "$chromium" ]; then
        echo "render-report: SKIPPED: Chromium is not installed and could not be installed (no apt-get, no root, or no network; see $out/apt.log)"
        exit 0
    fi
fi

# Fails unless the PNG has real content: several colours, none covering nearly everything.
check_png() {
    python3 - "$1" <<'PY'
import struct, sys, zlib
from collections import Counter
path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
if depth != 8 or ctype not in (2, 6):
    sys.exit(f"{path}: unexpected PNG type (depth {depth}, colour type {ctype})")
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, colours, p = bytearray(stride), Counter(), 0
for y in range(h):
    f, line = raw[p], bytearray(raw[p + 1:p + 1 + stride])
    p += 1 + stride
    if f == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride): line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 8 == 0:
        for x in range(0, w, 8):
            colours[bytes(line[x * bpp:x * bpp + 3])] += 1
total = sum(colours.values())
top = colours.most_common(1)[0][1] / total
print(f"  {path}: {w}x{h}, {len(colours)} colours sampled, most common covers {top * 100:.0f} %")
if len(colours) < 20 or top > 0.97:
    sys.exit(f"{path}: the page looks empty (nearly one colour)")
PY
}

status=0
# render NAME HTML: DOM marker, console messages, screenshot.
render() {
    local name="$1" html="$2" url="file://$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
    echo "  $name: $(wc -c <"$html") bytes"
    timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --enable-logging=stderr --v=0 \
        --virtual-time-budget=5000 --dump-dom "$url" >"$out/$name.dom" 2>"$out/$name.log" || true
    local marker
    marker="$(grep -o 'data-rendered="[a-z]*"' "$out/$name.dom" | head -1 || true)"
    if [ "$marker" != 'data-rendered="ok"' ]; then
        echo "render-report: FAIL: $name: the page did not finish drawing (${marker:-no marker}; $(grep -o 'data-failed="[^"]*"' "$out/$name.dom" || true))" >&2
        status=1
    else
        echo "  $name: drawn in $(grep -o 'data-render-ms="[0-9]*"' "$out/$name.dom" | grep -o '[0-9]*') ms"
    fi
    if grep -E ':CONSOLE|Uncaught' "$out/$name.log" >"$out/$name.console"; then
        echo "render-report: FAIL: $name: console messages:" >&2
        head -20 "$out/$name.console" >&2
        status=1
    fi
    rm -f "$out/$name.png"
    timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --virtual-time-budget=5000 --screenshot="$out/$name.png" --window-size=1280,2400 "$url" \
        >"$out/$name.shot.log" 2>&1 || true
    if [ ! -s "$out/$name.png" ]; then
        echo "render-report: FAIL: $name: no screenshot (see $out/$name.shot.log)" >&2
        status=1
    elif ! check_png "$out/$name.png"; then
        status=1
    fi
}

echo "render-report: Chromium $("$chromium" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1), output in $out"
"$bin" render-report --example --out "$out/example.html"
render example "$out/example.html"
"$bin" render-report --study-example --out "$out/study.html"
render study "$out/study.html"

# The real pipeline, once `analyze --report` exists.
if "$bin" analyze --help 2>/dev/null | grep -q -- '--report'; then
    sample="$(ls SampleData/*.edf SampleData/*.bdf SampleData/*.csv 2>/dev/null | head -1 || true)"
    if [ -n "$sample" ]; then
        # Exit 1 means "analysed, with signal-quality warnings": still a report to render.
        analyze_status=0
        "$bin" analyze "$sample" --report "$out/analyze.html" >/dev/null || analyze_status=$?
        if [ "$analyze_status" -gt 1 ]; then echo "render-report: analyze failed (exit $analyze_status)" >&2; exit 1; fi
        render analyze "$out/analyze.html"
    else
        echo "  analyze --report: no sample recording in SampleData/, not rendered"
    fi
else
    echo "  analyze --report: not available yet, rendered the built-in examples only"
fi

if [ "$status" -eq 0 ]; then
    echo "render-report: OK"
fi
exit "$status"
