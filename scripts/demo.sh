#!/usr/bin/env bash
# The whole system on one machine: mosquitto, a device on the built-in test-pattern camera, and the bridge.
# Prints the URL to open; Ctrl-C stops everything.
#   scripts/demo.sh [--http-port 8080] [--mqtt-port 1883] [--check]
# --check starts everything, verifies that a frame reaches the bridge over MQTT, prints the URL and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

http_port=8080
mqtt_port=1883
check=false
while (($#)); do
  case "$1" in
    --http-port) http_port="$2"; shift 2 ;;
    --mqtt-port) mqtt_port="$2"; shift 2 ;;
    --check) check=true; shift ;;
    *) echo "usage: scripts/demo.sh [--http-port N] [--mqtt-port N] [--check]" >&2; exit 2 ;;
  esac
done

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$http_port" "$mqtt_port"; do
  if port_busy "$p"; then
    echo "demo: port $p is in use; pick another with --http-port/--mqtt-port" >&2
    exit 1
  fi
done

scripts/install-deps.sh
echo "demo: building (Release)..."
dotnet build src/MqttCam.Device/MqttCam.Device.csproj -c Release -nologo -v q >/dev/null
dotnet build src/MqttCam.Bridge/MqttCam.Bridge.csproj -c Release -nologo -v q >/dev/null

run_dir="$(pwd)/.demo"
mkdir -p "$run_dir/state"
logs="$run_dir/logs"
mkdir -p "$logs"

# The demo broker config, on the chosen port. mosquitto drops privileges when started as root unless told otherwise.
{
  if [[ -f mosquitto/mosquitto.conf ]]; then
    grep -vE '^\s*(listener|port|user|log_dest|pid_file)\b' mosquitto/mosquitto.conf
  else
    echo "allow_anonymous true"
  fi
  echo "listener $mqtt_port 127.0.0.1"
  echo "user $(id -un)"
  echo "log_dest stdout"
} > "$run_dir/mosquitto.conf"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

mosquitto -c "$run_dir/mosquitto.conf" >"$logs/mosquitto.log" 2>&1 &
pids+=($!)

base="http://127.0.0.1:$http_port"
dotnet src/MqttCam.Device/bin/Release/net10.0/MqttCam.Device.dll \
  --Mqtt:Port="$mqtt_port" --Camera:Id=demo --Camera:Fps=10 \
  --Device:StateDirectory="$run_dir/state" --HomeAssistant:BridgeUrl="$base/" >"$logs/device.log" 2>&1 &
pids+=($!)

dotnet src/MqttCam.Bridge/bin/Release/net10.0/MqttCam.Bridge.dll \
  --urls "$base" --Mqtt:Port="$mqtt_port" --Bridge:DefaultCamera=demo >"$logs/bridge.log" 2>&1 &
pids+=($!)

# Ready when the bridge serves a frame that came from the device through the broker.
for _ in $(seq 1 120); do
  if curl -fsS -o "$run_dir/first.jpeg" "$base/cameras/demo/live.jpeg" 2>/dev/null; then
    break
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "demo: a process exited; logs in $logs" >&2; tail -n 20 "$logs"/*.log >&2; exit 1; }
  done
  sleep 0.5
done
if [[ ! -s "$run_dir/first.jpeg" ]]; then
  echo "demo: no frame reached the bridge within 60 s; logs in $logs" >&2
  exit 1
fi

echo
echo "MqttCam is running: open $base/"
echo "  live frame:  $base/live.jpeg      MJPEG: $base/cameras/demo/stream.mjpeg"
echo "  MQTT:        mosquitto_sub -p $mqtt_port -t 'mqttcam/demo/state'"
echo "  logs:        $logs"
if $check; then
  exit 0
fi
echo "Ctrl-C to stop."
wait
