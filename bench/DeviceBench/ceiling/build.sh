#!/usr/bin/env bash
# Builds the passthrough ceiling into OUT (default /tmp/devceiling): apt-get install -y clang libmosquitto-dev.
set -euo pipefail
out=${1:-/tmp/devceiling}
mkdir -p "$out"
clang -O2 -Wall -Wextra -Werror -o "$out/mjpeg-publish" "$(dirname "$0")/mjpeg-publish.c" -lmosquitto
echo "$out/mjpeg-publish"
