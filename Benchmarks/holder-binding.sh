#!/usr/bin/env bash
# What binding locks to a process costs `coord check` and `coord lock`, in
# instructions (valgrind --tool=callgrind), against an older binary measured
# in the same run. Not a test.
#
#   BEFORE=/path/to/older/coord COORD=/path/to/coord Benchmarks/holder-binding.sh
#
# Both binaries should be release builds; they are stripped into the scratch
# folder first, since valgrind cannot read their debug info.
set -euo pipefail
: "${COORD:?set COORD to the coord binary to measure}"
: "${BEFORE:?set BEFORE to the older coord binary}"
command -v valgrind >/dev/null || { echo "holder-binding.sh: install valgrind" >&2; exit 1; }
work="$(mktemp -d /tmp/coord-bench-binding-XXXXXX)"
sleep 900 & sleeper=$!
trap 'kill $sleeper 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
strip -o before "$BEFORE"
strip -o after "$COORD"
export COORD_NOW=2026-11-21T12:00:00Z
unset COORD_WORKSPACE COORD_PID
prepare() {  # FOLDER BINARY [PID]
  mkdir "$1"
  (cd "$1" && "$work/$2" init >/dev/null
   for i in $(seq 1 20); do COORD_AGENT=alice "$work/$2" lock "p$i" --intent x --quiet ${3:+--pid "$3"} >/dev/null; done
   COORD_AGENT=bob "$work/$2" check p3 >/dev/null 2>&1 || true)
}
count() {  # FOLDER BINARY ARGS...
  local folder=$1 binary=$2; shift 2
  rm -rf run && cp -a "$folder" run
  (cd run && COORD_AGENT=bob valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/$binary" "$@" 2>&1 |
     sed -n 's/.*Collected : //p')
}
prepare old before; prepare unbound after; prepare bound after "$sleeper"
echo "load: $(uptime)"
for command in "check p3/x --quiet" "lock q1 --intent y --quiet"; do
  # shellcheck disable=SC2086
  echo "coord $command: before $(count old before $command), unbound $(count unbound after $command)," \
       "20 bound to a live pid $(count bound after $command)"
done
