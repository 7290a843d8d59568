#!/usr/bin/env bash
# Two device builds at once against one broker and one recorded input: CPU per passthrough frame, A vs B, in one run.
#
#   bench/DeviceBench/side-by-side.sh A_DIR B_DIR [SECONDS] [ROUNDS]
#
# A_DIR / B_DIR hold a built MqttCam.Device.dll (e.g. a copy of src/MqttCam.Device/bin/Release/net10.0 from each
# commit) or a NativeAOT publish (the MqttCam.Device executable). C_DIR adds a third side, e.g. the ceiling
# (a dir holding mjpeg-publish: bench/DeviceBench/ceiling/build.sh). ENV_A / ENV_B / ENV_C (space-separated
# NAME=VALUE) add environment to one side, so one build can be compared with itself under a different runtime
# setting. Each round starts the sides together, skips WARMUP s (JIT, connect, ffprobe), then for SECONDS reads
# utime and stime of each side from /proc/<pid>/stat and counts the frames a mosquitto_sub received from it.
# Rounds rotate which side starts first. SETTINGS (JSON, saved as each device's settings.json) defaults to
# {"motion":false,"live":"always"}: passthrough alone at the full rate, as the goal of issue 14 is stated;
# SETTINGS='{}' runs the shipped defaults (motion detection on at 5 analyses/s, live=auto: full rate only because
# the noisy input counts as motion). Needs ffmpeg, mosquitto, mosquitto-clients.
set -euo pipefail
a_dir=$1 b_dir=$2 seconds=${3:-60} rounds=${4:-3} warmup=${WARMUP:-15}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=harness.sh
source "$here/harness.sh"
harness_start

declare -A dirs=([a]=$a_dir [b]=$b_dir) envs=([a]=${ENV_A:-} [b]=${ENV_B:-})
sides=(a b)
if [[ -n ${C_DIR:-} ]]; then dirs[c]=$C_DIR; envs[c]=${ENV_C:-}; sides+=(c); fi

echo "round side cpu_ms frames ms_per_frame user_ms sys_ms"
for round in $(seq "$rounds"); do
  shift_by=$(( (round - 1) % ${#sides[@]} ))
  order=("${sides[@]:shift_by}" "${sides[@]:0:shift_by}")
  declare -A pid=()
  for side in "${order[@]}"; do
    pid[$side]=$(start_side "$side" "${dirs[$side]}" "${envs[$side]}")
    pids+=("${pid[$side]}")
  done
  sleep "$warmup"
  subs=()
  for side in "${sides[@]}"; do
    timeout "$seconds" mosquitto_sub -p "$port" -t "sbs/$side/image" -F '%U' >"$work/$side.frames" 2>/dev/null &
    subs+=($!)
  done
  sleep 0.5   # the subscriptions are in place; the retained frame each one got first is not counted
  declare -A before=() after=()
  t0=$(date +%s.%N)
  for side in "${sides[@]}"; do before[$side]=$(cpu_split "${pid[$side]}"); done
  sleep "$(( seconds - 2 ))"
  for side in "${sides[@]}"; do after[$side]=$(cpu_split "${pid[$side]}"); done
  t1=$(date +%s.%N)
  wait "${subs[@]}" 2>/dev/null || true
  for side in "${sides[@]}"; do
    # Frames whose arrival (mosquitto_sub's %U timestamp) falls inside the CPU window.
    frames=$(awk -v t0="$t0" -v t1="$t1" '$1 >= t0 && $1 <= t1 { n++ } END { print n + 0 }' "$work/$side.frames")
    read -r u0 s0 <<<"${before[$side]}"
    read -r u1 s1 <<<"${after[$side]}"
    awk -v r="$round" -v s="$side" -v u=$(( (u1 - u0) * 1000 / tick )) -v y=$(( (s1 - s0) * 1000 / tick )) -v f="$frames" \
      'BEGIN { printf "%s %s %d %d %.3f %d %d\n", r, s, u + y, f, (u + y) / f, u, y }'
    kill -- "-${pid[$side]}" 2>/dev/null || true
  done
  sleep 2
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
