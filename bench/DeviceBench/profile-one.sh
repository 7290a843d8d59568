#!/usr/bin/env bash
# Where one device's passthrough CPU goes: user vs system time, context switches (per thread) and, with TOOL, the
# syscalls (strace -c) or a call-graph profile (perf record -g) of the device, each per delivered frame.
#
#   TOOL=none|strace|perf bench/DeviceBench/profile-one.sh DIR [SECONDS]
#
# DIR is a device build as for side-by-side.sh (a NativeAOT publish or a dir with MqttCam.Device.dll), or the
# ceiling: a dir holding mjpeg-publish (bench/DeviceBench/ceiling/build.sh). Same input, broker and settings as
# side-by-side.sh. The strace/perf output goes to OUT (default /tmp/devprof-<tool>.txt / .data).
set -euo pipefail
dir=$1 seconds=${2:-20} tool=${TOOL:-none} out="" warmup=${WARMUP:-15}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=harness.sh
source "$here/harness.sh"
harness_start

pid=$(start_side p "$dir" "${ENV_P:-}")
pids+=("$pid")
sleep "$warmup"

timeout "$seconds" mosquitto_sub -p "$port" -t "sbs/p/image" -F '%U' >"$work/p.frames" 2>/dev/null &
sub=$!
sleep 0.5
threads_before=$(thread_switches "$pid")
read -r u0 s0 < <(cpu_split "$pid")
t0=$(date +%s.%N)
case $tool in
  strace) out=${OUT:-/tmp/devprof-strace.txt}; timeout -s INT "$(( seconds - 2 ))" strace -c -f -o "$out" -p "$pid" || true ;;
  perf) out=${OUT:-/tmp/devprof-perf.data}; perf record -q -g -F 999 -o "$out" -p "$pid" -- sleep "$(( seconds - 2 ))" 2>/dev/null || true ;;
  *) sleep "$(( seconds - 2 ))" ;;
esac
read -r u1 s1 < <(cpu_split "$pid")
t1=$(date +%s.%N)
threads_after=$(thread_switches "$pid")
wait "$sub" 2>/dev/null || true
frames=$(awk -v t0="$t0" -v t1="$t1" '$1 >= t0 && $1 <= t1 { n++ } END { print n + 0 }' "$work/p.frames")
awk -v u=$(( (u1 - u0) * 1000 / tick )) -v s=$(( (s1 - s0) * 1000 / tick )) -v f="$frames" \
  'BEGIN { printf "frames %d  user %d ms  sys %d ms  ms/frame %.3f (user %.3f + sys %.3f)\n", f, u, s, (u + s) / f, u / f, s / f }'
echo "context switches per frame, by thread (voluntary nonvoluntary):"
join <(echo "$threads_before" | sort) <(echo "$threads_after" | sort) |
  awk -v f="$frames" '{ v = $4 - $2; n = $5 - $3; if (v + n > 0) printf "  %-24s %6.2f %6.2f\n", $1, v / f, n / f; tv += v; tn += n }
    END { printf "  %-24s %6.2f %6.2f\n", "all", tv / f, tn / f }'
[[ $tool == none ]] || echo "$tool output: $out"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
