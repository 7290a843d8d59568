#!/usr/bin/env bash
# Makes a private CA and a server certificate for the TLS listener of production/mosquitto.conf.
# Usage: mosquitto/production/make-ca.sh DIR HOST [HOST...]
#   DIR   output folder: ca.crt (give it to every client), ca.key (keep offline), server.crt, server.key
#   HOST  names or IP addresses clients use to reach the broker (each becomes a subjectAltName)
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '3,5p' "$0" >&2
    exit 2
fi

command -v openssl >/dev/null || { echo "openssl not found: apt-get install openssl" >&2; exit 1; }
dir="$1"
shift
mkdir -p "$dir"

san=""
for host in "$@"; do
    if [[ "$host" =~ ^[0-9.]+$ || "$host" == *:* ]]; then
        san="${san:+$san,}IP:$host"
    else
        san="${san:+$san,}DNS:$host"
    fi
done

(
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=MqttCam CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" \
        -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    # Clients check the host name against subjectAltName (the CN is ignored by modern TLS libraries).
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 825 \
        -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san") \
        -out "$dir/server.crt" 2>/dev/null
)
rm -f "$dir/server.csr" "$dir/ca.srl"
# mosquitto reads the key after dropping privileges; make it readable by the broker's group.
chmod 640 "$dir/server.key"
chmod 644 "$dir/ca.crt" "$dir/server.crt"
echo "wrote $dir/ca.crt, $dir/server.crt, $dir/server.key (CA key: $dir/ca.key)"
