#!/usr/bin/env bash
# Runs every test against real things (mosquitto, ffmpeg, Kestrel, Chromium) and prints "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh || exit 1

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build MqttCam.sln -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet test MqttCam.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

# One summary line over every test assembly's TRX file (the counters element of each run).
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
