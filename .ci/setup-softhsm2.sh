#!/usr/bin/env bash
# Installs SoftHSM2 (the PKCS#11 token the custody pkcs11 key backend is tested
# against) when it is missing, then prints the library path. Safe to run again.
set -euo pipefail

find_lib() {
  for p in \
    /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
    /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so \
    /usr/lib64/pkcs11/libsofthsm2.so \
    /usr/local/lib/softhsm/libsofthsm2.so; do
    if [ -e "$p" ]; then echo "$p"; return 0; fi
  done
  return 1
}

if ! command -v softhsm2-util >/dev/null 2>&1 || ! find_lib >/dev/null; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-softhsm2: softhsm2 is missing and apt-get is not available; install SoftHSM2 by hand" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup-softhsm2: installing softhsm2" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq softhsm2 >&2
fi

lib="$(find_lib)" || { echo "setup-softhsm2: softhsm2 installed but libsofthsm2.so not found" >&2; exit 1; }
echo "$lib"
