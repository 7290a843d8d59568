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

# One summary line over every test assembly's TRX file (the Counters element of each run).
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { local v; v=$(sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done
# The failures again, name and first lines of the message, just above the summary: a CI log that keeps only its tail
# still says what failed.
if (( failed > 0 )); then
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    [[ -f "$trx" ]] || continue
    awk '
      /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
        name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); print "  " name; inside = 1; lines = 0; next }
      inside && /<Message>/ { sub(/.*<Message>/, ""); message = 1 }
      inside && message { line = $0; stop = sub(/<\/Message>.*/, "", line); if (lines++ < 4) print "    " line; if (stop) { message = 0; inside = 0 } }
      /<\/UnitTestResult>/ { inside = 0; message = 0 }
    ' "$trx" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
  done
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
