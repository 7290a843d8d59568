#!/usr/bin/env bash
# Two device builds at once against one broker and one recorded input: CPU per passthrough frame, A vs B, in one run.
#
#   bench/DeviceBench/side-by-side.sh A_DIR B_DIR [SECONDS] [ROUNDS]
#
# A_DIR / B_DIR hold a built MqttCam.Device.dll (e.g. a copy of src/MqttCam.Device/bin/Release/net10.0 from each
# commit) or a NativeAOT publish (the MqttCam.Device executable). ENV_A / ENV_B (space-separated NAME=VALUE) add
# environment to one side, so one build can be compared with itself under a different runtime setting. Each round
# starts both devices together, skips WARMUP s (JIT, connect, ffprobe), then for SECONDS reads utime+stime of each
# device from /proc/<pid>/stat and counts the frames a mosquitto_sub received from it. Rounds alternate which device
# starts first. SETTINGS (JSON, saved as each device's settings.json) defaults to {"motion":false,"live":"always"}:
# passthrough alone at the full rate, as the goal of issue 14 is stated; SETTINGS='{}' runs the shipped defaults
# (motion detection on at 5 analyses/s, live=auto: full rate only because the noisy input counts as motion).
# Needs ffmpeg, mosquitto, mosquitto-clients.
set -euo pipefail
a_dir=$1 b_dir=$2 seconds=${3:-60} rounds=${4:-3} warmup=${WARMUP:-15} settings=${SETTINGS:-'{"motion":false,"live":"always"}'}
echo "settings: $settings"
for tool in ffmpeg mosquitto mosquitto_sub; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install ffmpeg mosquitto mosquitto-clients" >&2; exit 2; }
done
work=$(mktemp -d /tmp/devsbs-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
tick=$(getconf CLK_TCK)

input=$work/noisy.mjpeg
ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t+u" \
  -frames:v 300 -c:v mjpeg -q:v 4 -f mjpeg "$input"
echo "input: $(( $(stat -c %s "$input") / 300 )) bytes per frame on average"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n' "$port" >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do mosquitto_sub -p "$port" -t x -W 1 -C 1 -E >/dev/null 2>&1 && break; sleep 0.1; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_device() { # name dir env
  local name=$1 dir=$2 env=$3
  mkdir -p "$work/$name"
  printf '%s\n' "$settings" >"$work/$name/settings.json"
  # A JIT build runs through dotnet; a NativeAOT publish (no .dll) is its own executable.
  local program=("$dir/MqttCam.Device")
  [[ -f $dir/MqttCam.Device.dll ]] && program=(dotnet "$dir/MqttCam.Device.dll")
  # setsid: the device and its ffmpeg child form one process group, killed together.
  env $env DOTNET_ENVIRONMENT=Production setsid "${program[@]}" \
    --Mqtt:Host=127.0.0.1 --Mqtt:Port="$port" --Mqtt:TopicPrefix=sbs --Camera:Id="$name" \
    --Camera:Width=1280 --Camera:Height=720 --Camera:Fps=30 --Device:StateDirectory="$work/$name" \
    --Device:StateIntervalSeconds=5 --HomeAssistant:Discovery=false --Camera:Source=Ffmpeg \
    "--Camera:FfmpegInput=-re -framerate 30 -stream_loop -1 -i $input" >"$work/$name.log" 2>&1 &
  echo $!
}

echo "round side cpu_ms frames ms_per_frame"
for round in $(seq "$rounds"); do
  if (( round % 2 )); then order=(a b); else order=(b a); fi
  declare -A pid=()
  for side in "${order[@]}"; do
    if [[ $side == a ]]; then pid[a]=$(start_device a "$a_dir" "${ENV_A:-}"); else pid[b]=$(start_device b "$b_dir" "${ENV_B:-}"); fi
    pids+=("${pid[$side]}")
  done
  sleep "$warmup"
  subs=()
  for side in a b; do
    timeout "$seconds" mosquitto_sub -p "$port" -t "sbs/$side/image" -F '%U' >"$work/$side.frames" 2>/dev/null &
    subs+=($!)
  done
  sleep 0.5   # the subscriptions are in place; the retained frame each one got first is not counted
  declare -A before=() after=()
  t0=$(date +%s.%N)
  for side in a b; do before[$side]=$(cpu_ticks "${pid[$side]}"); done
  sleep "$(( seconds - 2 ))"
  for side in a b; do after[$side]=$(cpu_ticks "${pid[$side]}"); done
  t1=$(date +%s.%N)
  wait "${subs[@]}" 2>/dev/null || true
  for side in a b; do
    # Frames whose arrival (mosquitto_sub's %U timestamp) falls inside the CPU window.
    frames=$(awk -v t0="$t0" -v t1="$t1" '$1 >= t0 && $1 <= t1 { n++ } END { print n + 0 }' "$work/$side.frames")
    cpu_ms=$(( (after[$side] - before[$side]) * 1000 / tick ))
    awk -v r="$round" -v s="$side" -v c="$cpu_ms" -v f="$frames" 'BEGIN { printf "%s %s %d %d %.3f\n", r, s, c, f, c / f }'
    kill -- "-${pid[$side]}" 2>/dev/null || true
  done
  sleep 2
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
