#!/usr/bin/env bash
# Installs Debian's Chromium (the browser the console tests drive through
# playwright-core; no downloaded browser builds) when it is missing, then prints
# its path. Safe to run again.
set -euo pipefail

path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$path" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-chromium: chromium is missing and apt-get is not available; install Chromium by hand and set CHROMIUM_PATH" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup-chromium: installing chromium" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
[ -x "$path" ] || { echo "setup-chromium: chromium installed but $path is missing" >&2; exit 1; }
echo "$path"
