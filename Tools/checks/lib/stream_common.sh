# Sourced by the stream checks (`source lib/stream_common.sh NAME`): a temporary folder
# $dir (kept and printed with KEEP=1) and the emulator's pid $emu_pid, stopped on exit.
dir="$(mktemp -d -t "$1.XXXXXX")"
emu_pid=""
cleanup() {
    if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; fi
    if [ -z "${KEEP:-}" ]; then rm -rf "$dir"; else echo "kept $dir" >&2; fi
}
trap cleanup EXIT
