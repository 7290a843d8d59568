#!/usr/bin/env bash
# Installs the pinned Node-RED (and the image preview node used by live-frame.json) into a cache folder and prints
# the folder. Idempotent: a complete install is reused. Usage: install-node-red.sh [folder]
set -euo pipefail

NODE_RED_VERSION=4.1.8  # 5.x needs Node.js >= 22.9; Debian 12 ships 18 and this machine has 20
IMAGE_OUTPUT_VERSION=0.6.4

dir="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/mqttcam/node-red-$NODE_RED_VERSION-image-output-$IMAGE_OUTPUT_VERSION}"
marker="$dir/.installed"

if [ -f "$marker" ]; then
    echo "$dir"
    exit 0
fi

command -v npm >/dev/null || { echo "npm not found: apt-get install nodejs npm" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"mqttcam-node-red","private":true}' > package.json
# Output goes to stderr so stdout carries only the folder.
npm install --no-audit --no-fund --save-exact \
    "node-red@$NODE_RED_VERSION" "node-red-contrib-image-output@$IMAGE_OUTPUT_VERSION" >&2
touch "$marker"
echo "$dir"
