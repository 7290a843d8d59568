#!/usr/bin/env bash
# Adds a camera or a service user to the production mosquitto (mosquitto/production): sets the password with
# mosquitto_passwd and, for service roles, appends the ACL block. Reload mosquitto afterwards (SIGHUP).
#
# Usage: scripts/mosquitto-add-user.sh [-d DIR] ROLE NAME [PASSWORD]
#   ROLE      device | bridge | ingest | homeassistant | nodered
#   NAME      the camera id for a device (its user name), any user name for a service
#   PASSWORD  generated (and printed) when omitted
#   -d DIR    folder with passwd and acl (default /etc/mosquitto/mqttcam)
set -euo pipefail

dir=/etc/mosquitto/mqttcam
if [ "${1:-}" = "-d" ]; then
    dir="$2"
    shift 2
fi

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    sed -n '5,9p' "$0" >&2
    exit 2
fi

role="$1"
name="$2"
password="${3:-}"
service_users="bridge ingest homeassistant nodered"

# Same rule as a camera id (MqttCam.Cameras.CameraId): safe in topics, ACL patterns and Home Assistant ids.
if ! [[ "$name" =~ ^[A-Za-z0-9_-]{1,64}$ ]]; then
    echo "error: '$name' is not a valid name (1-64 characters from a-z, A-Z, 0-9, '_' and '-')" >&2
    exit 2
fi

command -v mosquitto_passwd >/dev/null || { echo "mosquitto_passwd not found: apt-get install mosquitto" >&2; exit 1; }
acl="$dir/acl"
passwd="$dir/passwd"
[ -f "$acl" ] || { echo "error: $acl not found; copy mosquitto/production/acl there first" >&2; exit 1; }

# A user block only adds rights, so a name used twice would mix two roles' rights.
if grep -qx "user $name" "$acl"; then
    echo "error: $name already has an ACL block in $acl" >&2
    exit 1
fi

case "$role" in
    device)
        # The ACL patterns give a user the camera tree named after it, so a camera must not share a service's name.
        for service in $service_users; do
            if [ "$name" = "$service" ]; then
                echo "error: a camera cannot be called '$name' (a service user name)" >&2
                exit 2
            fi
        done
        block=""
        ;;
    bridge)
        # Reads every camera; sends commands and settings (POST /cameras/{id}/capture, settings changes); holds
        # watch leases while it has viewers.
        block="topic read mqttcam/#
topic write mqttcam/+/command
topic write mqttcam/+/set
topic write mqttcam/+/set/#
topic write mqttcam/+/watch/+"
        ;;
    ingest)
        # A bridge that also takes frames in (HTTP upload, the Pi-camera TCP stream): the bridge's rights plus writing
        # the frames and the availability of the cameras it ingests, which it republishes retained like a device.
        # It can write any camera's image and availability: give it only to a bridge with uploads or TCP ingest on.
        block="topic read mqttcam/#
topic write mqttcam/+/command
topic write mqttcam/+/set
topic write mqttcam/+/set/#
topic write mqttcam/+/watch/+
topic write mqttcam/+/image
topic write mqttcam/+/availability"
        ;;
    homeassistant)
        # Frames, state, availability and responses; the command/set topics its entities publish to; discovery
        # configs; its own birth and will on homeassistant/status.
        block="topic read mqttcam/#
topic write mqttcam/+/command
topic write mqttcam/+/set/#
topic read homeassistant/#
topic write homeassistant/status"
        ;;
    nodered)
        # The example flows: frames, snapshots, availability, state; capture commands, settings and watch leases.
        block="topic read mqttcam/#
topic write mqttcam/+/command
topic write mqttcam/+/set
topic write mqttcam/+/set/#
topic write mqttcam/+/watch/+"
        ;;
    *)
        echo "error: unknown role '$role' (device, bridge, ingest, homeassistant, nodered)" >&2
        exit 2
        ;;
esac

generated=false
if [ -z "$password" ]; then
    password="$(openssl rand -base64 24 | tr -d '/+=' | cut -c1-24)"
    generated=true
fi

if [ -f "$passwd" ]; then
    mosquitto_passwd -b "$passwd" "$name" "$password"
else
    # -c creates the file; umask keeps the hashes private.
    (umask 077 && mosquitto_passwd -c -b "$passwd" "$name" "$password")
fi

if [ -n "$block" ]; then
    printf '\n# %s (added by mosquitto-add-user.sh)\nuser %s\n%s\n' "$role" "$name" "$block" >> "$acl"
fi

echo "added $role '$name' to $passwd${block:+ and $acl}"
if [ "$generated" = true ]; then
    echo "password: $password"
fi
echo "reload mosquitto to apply: systemctl reload mosquitto (or kill -HUP <pid>)"
