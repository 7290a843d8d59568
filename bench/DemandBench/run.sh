#!/usr/bin/env bash
# Issue 12 side by side in one run, one loopback mosquitto, test-pattern cameras at 1280x720 10 fps (JIT build):
#   1. broker bytes/s on image+preview of three cameras at once: live=always, live=auto idle (motion off, a still
#      camera), live=auto with motion on (the test pattern moves 10 s in every 30 s);
#   2. lease -> first live frame and release -> idle state, N times, p50/p99.
# Usage: bench/DemandBench/run.sh [seconds] [leases]. Needs: mosquitto, mosquitto-clients, the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}; rounds=${2:-20}
work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM
dotnet build src/MqttCam.Device -c Release -nologo -v q >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
setsid mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do mosquitto_pub -h 127.0.0.1 -p "$port" -t bench/ready -m 1 2>/dev/null && break; sleep 0.1; done
sub() { mosquitto_sub -h 127.0.0.1 -p "$port" "$@"; }
pub() { mosquitto_pub -h 127.0.0.1 -p "$port" "$@"; }

device() { # id live
  setsid env MQTTCAM_Mqtt__Port="$port" MQTTCAM_Mqtt__Host=127.0.0.1 MQTTCAM_Mqtt__TopicPrefix=bench MQTTCAM_Camera__Id="$1" \
    MQTTCAM_Camera__Source=TestPattern MQTTCAM_Camera__Fps=10 MQTTCAM_Camera__Width=1280 MQTTCAM_Camera__Height=720 \
    MQTTCAM_Camera__Live="$2" MQTTCAM_HomeAssistant__Discovery=false STATE_DIRECTORY="$work/$1" \
    dotnet src/MqttCam.Device/bin/Release/net10.0/MqttCam.Device.dll >"$work/$1.log" 2>&1 & pids+=($!)
  sub -t "bench/$1/availability" -C 1 >/dev/null
}
device always always; device idle auto; device motion auto; device lease auto
pub -t bench/idle/set -m '{"motion": false}'; pub -t bench/lease/set -m '{"motion": false}'

echo "== broker bytes/s over ${seconds} s (image + preview + motion + event), load $(cut -d' ' -f1 /proc/loadavg)"
counters=()
for id in always idle motion; do
  (timeout "$seconds" mosquitto_sub -h 127.0.0.1 -p "$port" -t "bench/$id/image" -t "bench/$id/preview" -t "bench/$id/motion" -t "bench/$id/event" -R -F '%l' >"$work/$id.sizes" || true) &
  counters+=($!)
done
wait "${counters[@]}"
for id in always idle motion; do
  awk -v id="$id" -v s="$seconds" '{n++; b+=$1} END {printf "%-7s %6d messages %10.0f bytes/s\n", id, n, b/s}' "$work/$id.sizes"
done

echo "== lease -> first live frame, release -> idle state (${rounds} rounds, camera 'lease', idle_interval 10 s)"
: >"$work/live.ms"; : >"$work/idle.ms"
for _ in $(seq "$rounds"); do
  sub -t bench/lease/image -R -C 1 -F '%U' >"$work/first" & s=$!
  sleep 0.3   # let the subscription settle: a bench, not a test
  t0=$(date +%s.%N)
  pub -V mqttv5 -t bench/lease/watch/bench -r -m '{}' -D publish message-expiry-interval 60
  wait "$s"
  echo "$(cat "$work/first") - $t0" | bc | awk '{printf "%.0f\n", $1*1000}' >>"$work/live.ms"
  # Subscribed before the release, so the state that says idle cannot slip past; its own arrival time (%U) counts.
  timeout 30 mosquitto_sub -h 127.0.0.1 -p "$port" -t bench/lease/state -R -F '%U %p' >"$work/states" & s=$!
  sleep 0.3
  t1=$(date +%s.%N)
  pub -t bench/lease/watch/bench -r -n
  until grep -q '"live":false' "$work/states"; do kill -0 "$s" 2>/dev/null || break; sleep 0.05; done
  kill "$s" 2>/dev/null || true; wait "$s" 2>/dev/null || true
  at=$(grep -m1 '"live":false' "$work/states" | cut -d' ' -f1)
  [[ -n "$at" ]] && echo "$at - $t1" | bc | awk '{printf "%.0f\n", $1*1000}' >>"$work/idle.ms"
done
pct() { sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; print a[i]}'; }
echo "lease -> first live frame: p50 $(pct "$work/live.ms" 50) ms, p99 $(pct "$work/live.ms" 99) ms (frame interval 100 ms)"
echo "release -> idle state:     p50 $(pct "$work/idle.ms" 50) ms, p99 $(pct "$work/idle.ms" 99) ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
