#!/usr/bin/env bash
# Install Debian's chromium for the browser tests, only if it is missing.
# Never `playwright install`: the tests drive the system browser through executable_path,
# so no browser is downloaded from outside the distribution's package archive.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "chromium is missing and this user cannot install packages; run as root:" >&2
        echo "  apt-get update && apt-get install -y chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

if ! command -v chromium >/dev/null 2>&1; then
    echo "apt-get finished but 'chromium' is still not on PATH" >&2
    exit 1
fi
