#!/usr/bin/env bash
# Builds the Debian packages into artifacts/packages/:
#   mqttcam-device_<v>_{arm64,amd64}.deb  NativeAOT device + mqttcam CLI (23-28 MB RSS vs 49-52 MB trimmed JIT)
#   mqttcam-bridge_<v>_{arm64,amd64}.deb  NativeAOT bridge (27 MB RSS vs 74 MB JIT; a trimmed JIT build crashes, docs/benchmarks.md)
# Usage: scripts/package.sh [amd64|arm64 ...]   (default: both). Needs scripts/install-deps.sh --packaging.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in clang lld llvm-objcopy dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null || { echo "package: $tool missing: run scripts/install-deps.sh --packaging" >&2; exit 1; }
done

version=$(sed -nE 's|.*<Version>([^<]+)</Version>.*|\1|p' Directory.Build.props)
[[ -n "$version" ]] || { echo "package: no <Version> in Directory.Build.props" >&2; exit 1; }
arches=("$@"); ((${#arches[@]})) || arches=(amd64 arm64)
out="$root/artifacts/packages"; work="$root/artifacts/package-build"
rm -rf "$work"; mkdir -p "$out" "$work"

rid_of() { case "$1" in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; *) echo "package: unknown arch $1" >&2; exit 1 ;; esac; }

publish() { # project rid dir extra-props...
  local project=$1 rid=$2 dir=$3; shift 3
  local cross=()
  # Cross-compiling NativeAOT: clang/lld with the arm64 multiarch libraries as the sysroot (docs/native-aot.md).
  [[ "$rid" == linux-arm64 && "$(uname -m)" != aarch64 ]] && cross=(-p:LinkerFlavor=lld -p:ObjCopyName=llvm-objcopy)
  dotnet publish "src/$project" -c Release -r "$rid" -o "$dir" -nologo -v q -p:Version="$version" \
    -p:DebugType=none "${cross[@]}" "$@" >"$work/publish-$project-$rid.log" 2>&1 ||
    { cat "$work/publish-$project-$rid.log" >&2; echo "package: publish $project $rid failed" >&2; exit 1; }
  rm -f "$dir"/*.dbg "$dir"/*.pdb "$dir"/*.xml
  # Debian modes: data and libraries 644, only programs executable.
  find "$dir" -type f -exec chmod 644 {} +
  find "$dir" -type f \( -name MqttCam.Device -o -name MqttCam.Bridge -o -name mqttcam -o -name createdump \) -exec chmod 755 {} +
}

man_page() { # stage page (packaging/man/<page>.<section>)
  local section=${2##*.}
  install -d "$1/usr/share/man/man$section"
  gzip -9n <"packaging/man/$2" >"$1/usr/share/man/man$section/$2.gz"
  chmod 644 "$1/usr/share/man/man$section/$2.gz"
}

stage_common() { # pkg stage unit env
  local pkg=$1 stage=$2 unit=$3 env=$4
  install -D -m 644 "deploy/$unit.service" "$stage/lib/systemd/system/$unit.service"
  install -D -m 644 "packaging/debian/$env" "$stage/etc/mqttcam/$env"
  install -D -m 644 packaging/debian/copyright "$stage/usr/share/doc/$pkg/copyright"
  install -D -m 644 README.md "$stage/usr/share/doc/$pkg/README.md"
  if [[ -f "packaging/debian/$pkg.lintian-overrides" ]]; then
    install -D -m 644 "packaging/debian/$pkg.lintian-overrides" "$stage/usr/share/lintian/overrides/$pkg"
  fi
  printf '%s (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- MqttCam <mqttcam@users.noreply.github.com>  %s\n' \
    "$pkg" "$version" "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}")" |
    gzip -9n >"$stage/usr/share/doc/$pkg/changelog.gz"
  install -d "$stage/DEBIAN"
  echo "/etc/mqttcam/$env" >"$stage/DEBIAN/conffiles"
  for script in postinst prerm postrm; do
    sed "s/@UNIT@/$unit/" "packaging/debian/$script" >"$stage/DEBIAN/$script"; chmod 755 "$stage/DEBIAN/$script"
  done
}

control() { # pkg arch stage depends recommends description
  local size; size=$(du -sk --exclude=DEBIAN "$3" | cut -f1)
  cat >"$3/DEBIAN/control" <<CONTROL
Package: $1
Version: $version
Architecture: $2
Maintainer: MqttCam <mqttcam@users.noreply.github.com>
Installed-Size: $size
Depends: adduser, $4
Recommends: $5
Section: video
Priority: optional
Homepage: https://github.com/mqttcam/mqttcam
Description: $6
CONTROL
}

build_deb() { # stage
  local name; name=$(sed -nE 's/^Package: //p' "$1/DEBIAN/control")_${version}_$(sed -nE 's/^Architecture: //p' "$1/DEBIAN/control").deb
  fakeroot dpkg-deb --build -Zxz -z1 --root-owner-group "$1" "$out/$name" >/dev/null
  echo "package: $out/$name ($(du -h "$out/$name" | cut -f1))"
}

for arch in "${arches[@]}"; do
  rid=$(rid_of "$arch")
  # Device: NativeAOT; its only native needs are libc, libmosquitto and libturbojpeg (loaded at run time).
  stage="$work/mqttcam-device-$arch"
  publish MqttCam.Device "$rid" "$stage/usr/lib/mqttcam-device" -p:PublishAot=true
  publish MqttCam.Cli "$rid" "$work/cli-$arch" -p:PublishAot=true
  install -m 755 "$work/cli-$arch/mqttcam" "$stage/usr/lib/mqttcam-device/mqttcam"
  install -d "$stage/usr/bin"
  ln -s ../lib/mqttcam-device/MqttCam.Device "$stage/usr/bin/mqttcam-device"
  ln -s ../lib/mqttcam-device/mqttcam "$stage/usr/bin/mqttcam"
  man_page "$stage" mqttcam-device.8; man_page "$stage" mqttcam.1
  stage_common mqttcam-device "$stage" mqttcam-device device.env
  recommends="ffmpeg"; [[ "$arch" == arm64 ]] && recommends="rpicam-apps | libcamera-apps, ffmpeg"
  control mqttcam-device "$arch" "$stage" "libc6 (>= 2.36), libmosquitto1, libturbojpeg0" "$recommends" \
    "MQTT camera: publishes JPEG frames, state and availability to MQTT
 Captures frames from a Raspberry Pi camera (rpicam-vid), a USB or RTSP camera
 (ffmpeg), files or a test pattern and publishes the latest one retained to an
 MQTT broker, with Home Assistant discovery. Includes the mqttcam command-line
 tool. Self-contained: no .NET runtime needed."
  build_deb "$stage"

  # Bridge: NativeAOT (ASP.NET Core compiled in). It links only libc/libm; zlib(-ng) is compiled in; it dlopens
  # libssl.so.3 (HTTPS, when configured), libmosquitto and libturbojpeg. Globalization is invariant: no ICU.
  stage="$work/mqttcam-bridge-$arch"
  publish MqttCam.Bridge "$rid" "$stage/usr/lib/mqttcam-bridge" -p:PublishAot=true
  install -d "$stage/usr/bin"
  ln -s ../lib/mqttcam-bridge/MqttCam.Bridge "$stage/usr/bin/mqttcam-bridge"
  man_page "$stage" mqttcam-bridge.8
  stage_common mqttcam-bridge "$stage" mqttcam-bridge bridge.env
  control mqttcam-bridge "$arch" "$stage" \
    "libc6 (>= 2.36), libssl3, libmosquitto1, libturbojpeg0" "ffmpeg" \
    "HTTP bridge for MQTT cameras: snapshots, MJPEG, WebSocket and a web page
 Subscribes to MqttCam devices over MQTT and serves every camera's latest
 frame over HTTP: snapshot, MJPEG stream, WebSocket, resized images, a web
 page and a control API. Self-contained (NativeAOT): no .NET runtime needed."
  build_deb "$stage"
done
