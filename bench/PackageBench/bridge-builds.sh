#!/usr/bin/env bash
# Side by side in one run: the bridge as framework-dependent JIT (bin/Release) and NativeAOT (what the package ships),
# all three subscribed to one loopback mosquitto with one test-pattern camera (1280x720, 10 fps). Prints per build:
# start to listening, RSS after start, live.jpeg req/s (wrk -t2 -c100, 5 s, interleaved rounds) and RSS after load.
# Usage: bench/PackageBench/bridge-builds.sh [rounds]. Needs: wrk, mosquitto, the .NET SDK (builds into a temp dir).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
dotnet build src/MqttCam.Bridge -c Release -nologo -v q >/dev/null
dotnet build src/MqttCam.Device -c Release -nologo -v q >/dev/null
dotnet publish src/MqttCam.Bridge -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" -nologo -v q >/dev/null
echo "size: aot executable $(du -h "$work/aot/MqttCam.Bridge" | cut -f1)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
setsid mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do mosquitto_pub -h 127.0.0.1 -p "$port" -t bench/ready -m 1 2>/dev/null && break; sleep 0.1; done
setsid env MQTTCAM_Mqtt__Port="$port" MQTTCAM_Mqtt__Host=127.0.0.1 MQTTCAM_Mqtt__TopicPrefix=bench MQTTCAM_Camera__Id=cam \
  MQTTCAM_Camera__Source=TestPattern MQTTCAM_Camera__Live=always MQTTCAM_Camera__Fps=10 MQTTCAM_Camera__Width=1280 MQTTCAM_Camera__Height=720 \
  MQTTCAM_HomeAssistant__Discovery=false STATE_DIRECTORY="$work/device" \
  dotnet src/MqttCam.Device/bin/Release/net10.0/MqttCam.Device.dll >"$work/device.log" 2>&1 & pids+=($!)
mosquitto_sub -h 127.0.0.1 -p "$port" -t bench/cam/image -C 1 >/dev/null

declare -A http pid
start() { # name command...
  local name=$1; shift
  http[$name]=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local t0; t0=$(date +%s.%N)
  setsid env MQTTCAM_Mqtt__Port="$port" MQTTCAM_Mqtt__Host=127.0.0.1 MQTTCAM_Mqtt__TopicPrefix=bench \
    ASPNETCORE_URLS="http://127.0.0.1:${http[$name]}" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
  pid[$name]=$!
  local deadline=$((SECONDS + 30))
  until curl -fs -o /dev/null "http://127.0.0.1:${http[$name]}/live.jpeg"; do
    ((SECONDS < deadline)) || { echo "$name: no live.jpeg within 30 s" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    sleep 0.02
  done
  printf '%s: start to first live.jpeg %.2f s, RSS %s MB\n' "$name" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(rss "${pid[$name]}")"
}
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
start jit dotnet src/MqttCam.Bridge/bin/Release/net10.0/MqttCam.Bridge.dll
start aot "$work/aot/MqttCam.Bridge"
echo "round  jit_req_s  aot_req_s"
for r in $(seq 1 "$rounds"); do
  line="$r"
  for name in jit aot; do
    line+="  $(wrk -t2 -c100 -d5s "http://127.0.0.1:${http[$name]}/live.jpeg" | awk '/Requests\/sec/ {print $2}')"
  done
  echo "$line"
done
echo "RSS after load: jit $(rss "${pid[jit]}") MB, aot $(rss "${pid[aot]}") MB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
