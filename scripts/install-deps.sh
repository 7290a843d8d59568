#!/usr/bin/env bash
# Installs the Debian packages MqttCam needs to build, run and test. Idempotent: only missing packages are installed.
# Usage: scripts/install-deps.sh [--bench]   (--bench adds what the benchmarks compare against)
# The packaging tools (scripts/package.sh and its tests) are always installed: the test suite builds the packages.
set -euo pipefail

packages=(
  mosquitto mosquitto-clients   # broker + CLI tools (demo, tests, interop)
  libmosquitto1                 # MQTT client library (libmosquitto.so.1)
  libturbojpeg0                 # JPEG codec (libturbojpeg.so.0)
  ffmpeg                        # USB/RTSP/file camera source, recording, timelapse render
  chromium                      # web page end-to-end test (headless)
  nginx                         # the bridge's static-mirror setup is tested with the real nginx
  haproxy                       # the scale-out recipe (deploy/scale-out/) is tested with the real haproxy
  openssl                       # TLS test certificates
  curl ca-certificates
  # scripts/package.sh: NativeAOT (clang, lld, llvm-objcopy, zlib), .deb building and checking
  clang lld llvm zlib1g-dev dpkg-dev fakeroot lintian file adduser
  # arm64: cross-compiling NativeAOT against the multiarch sysroot, and running the arm64 device under qemu
  qemu-user-static libc6-dev:arm64 zlib1g-dev:arm64 libgcc-12-dev:arm64 libstdc++6:arm64
  libmosquitto1:arm64 libturbojpeg0:arm64 libssl3:arm64 zlib1g:arm64
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk python3-flask gunicorn python3-requests)
fi

# Node-RED flow tests need node + npm; a machine may already have them from another source (nodesource).
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-deps: not root and no sudo; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# The :arm64 packages need the architecture enabled before the package lists are fetched.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then $sudo dpkg --add-architecture arm64; fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
