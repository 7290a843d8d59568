#!/usr/bin/env bash
# Side by side in one run: the shipped device (NativeAOT, from the amd64 package) and today's JIT build
# (framework-dependent, bin/Release), both in 720p 30 fps ffmpeg MJPEG passthrough against one loopback mosquitto.
# Prints start-to-first-frame per build, then VmRSS per minute. Usage: bench/PackageBench/run.sh [minutes]
# Needs: scripts/package.sh amd64 and dotnet build src/MqttCam.Device -c Release done first.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-10}
version=$(sed -nE 's|.*<Version>([^<]+)</Version>.*|\1|p' Directory.Build.props)
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dpkg-deb -x "artifacts/packages/mqttcam-device_${version}_amd64.deb" "$work/pkg"
aot="$work/pkg/usr/lib/mqttcam-device/MqttCam.Device"
jit="src/MqttCam.Device/bin/Release/net10.0/MqttCam.Device.dll"
[[ -x "$aot" && -f "$jit" ]] || { echo "build first: scripts/package.sh amd64; dotnet build src/MqttCam.Device -c Release" >&2; exit 1; }
ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t+u" \
  -frames:v 300 -c:v mjpeg -q:v 4 -f mjpeg "$work/in.mjpeg"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
setsid mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do mosquitto_pub -h 127.0.0.1 -p "$port" -t bench/ready -m 1 2>/dev/null && break; sleep 0.1; done

start() { # name command...
  local name=$1; shift
  mkdir -p "$work/$name"
  local t0; t0=$(date +%s.%N)
  mosquitto_sub -h 127.0.0.1 -p "$port" -t "bench/$name/image" -C 1 >/dev/null &
  local sub=$!
  setsid env MQTTCAM_Mqtt__Port="$port" MQTTCAM_Mqtt__Host=127.0.0.1 MQTTCAM_Mqtt__TopicPrefix=bench MQTTCAM_Camera__Id="$name" \
    MQTTCAM_Camera__Source=Ffmpeg MQTTCAM_Camera__Live=always MQTTCAM_Camera__Fps=30 MQTTCAM_Camera__Width=1280 MQTTCAM_Camera__Height=720 \
    "MQTTCAM_Camera__FfmpegInput=-re -framerate 30 -stream_loop -1 -i $work/in.mjpeg" MQTTCAM_HomeAssistant__Discovery=false \
    STATE_DIRECTORY="$work/$name" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
  eval "pid_$name=$!"
  wait "$sub"
  printf '%s: start to first published frame %.2f s\n' "$name" "$(echo "$(date +%s.%N) - $t0" | bc)"
}
start aot "$aot"
start jit dotnet "$jit"
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
echo "minute  aot_rss_MB  jit_rss_MB"
for m in $(seq 1 "$minutes"); do
  sleep 60   # sampling interval of the benchmark itself, not a wait for an event
  echo "$m  $(rss "$pid_aot")  $(rss "$pid_jit")"
done
