#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test Twitchscope:
# FFTW 3 (float and double), SQLite (results database) and pkg-config. The Swift toolchain itself (6.1 or newer) must
# already be on PATH; this script says so when it is not. Safe to run twice.
set -euo pipefail

need=()
pkg-config --exists fftw3 fftw3f 2>/dev/null || need+=(libfftw3-dev)
pkg-config --exists sqlite3 2>/dev/null || need+=(libsqlite3-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# python3 with venv/ensurepip: end-to-end checks compare against pyedflib in a venv.
if ! command -v python3 >/dev/null 2>&1; then
    need+=(python3 python3-venv)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    need+=(python3-venv)
fi

if ((${#need[@]})); then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "install-deps: installing ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "install-deps: no 'swift' on PATH; install Swift 6.1 or newer from swift.org and add it to PATH" >&2
    exit 1
fi
