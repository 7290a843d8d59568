# Shared by side-by-side.sh and profile-one.sh (sourced): the recorded input, the broker, one side's process and
# what is read of it from /proc. Needs ffmpeg, mosquitto, mosquitto-clients.
settings=${SETTINGS:-'{"motion":false,"live":"always"}'}
pids=()

harness_start() {
  echo "settings: $settings"
  local tool
  for tool in ffmpeg mosquitto mosquitto_sub; do
    command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install ffmpeg mosquitto mosquitto-clients" >&2; exit 2; }
  done
  work=$(mktemp -d /tmp/devsbs-XXXXXX)
  trap harness_cleanup EXIT
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
}

harness_cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# utime stime of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15: its own threads, not its children).
cpu_split() { awk '{print $14, $15}' "/proc/$1/stat"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# One line per thread: tid:name voluntary nonvoluntary.
thread_switches() {
  local t
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" '/^Name:/ { $1 = ""; n = substr($0, 2); gsub(/ /, "_", n) }
      /^voluntary_ctxt/ { v = $2 } /^nonvoluntary_ctxt/ { nv = $2 }
      END { printf "%s:%s %s %s\n", tid, n, v, nv }' "$t/status" 2>/dev/null || true
  done
}

# Starts one side in a process group of its own (setsid) and prints its pid. DIR is a device build (NativeAOT
# publish, or a dir with MqttCam.Device.dll run through dotnet) or the ceiling (a dir holding mjpeg-publish, fed
# by the same ffmpeg command line the device runs for a stream-copied MJPEG input).
start_side() { # name dir env
  local name=$1 dir=$2 env=$3
  mkdir -p "$work/$name"
  if [[ -x $dir/mjpeg-publish ]]; then
    # exec: the pid is mjpeg-publish itself; ffmpeg is its input and in its group.
    env $env setsid bash -c 'exec "$1" 127.0.0.1 "$2" "sbs/$3/image" < <(exec ffmpeg -nostdin -hide_banner -loglevel error \
      -re -framerate 30 -stream_loop -1 -i "$4" -an -c:v copy -f mjpeg -)' _ "$dir/mjpeg-publish" "$port" "$name" "$input" \
      >"$work/$name.log" 2>&1 &
    echo $!
    return
  fi
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
