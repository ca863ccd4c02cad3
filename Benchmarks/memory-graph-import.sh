#!/usr/bin/env bash
# Importing a large MCP memory graph: `coord import --memory-graph FILE` on
# graphs of about 12.5, 25 and 50 MB (entities of the kind coord keeps as they
# are, each with observations, and relations between them), each into a fresh
# board, then the 50 MB graph imported a second time (a no-op).
# Target: the 50 MB import in <= 10 s, and time linear in the size.
#
#   Benchmarks/memory-graph-import.sh            build the release binary, then measure
#   COORD=/path/to/coord Benchmarks/memory-graph-import.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -z "${COORD:-}" ]; then
  (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -static-executable >&2)
  COORD="$root/.build/release/coord"
fi
work="$(mktemp -d /tmp/coord-bench-graph-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export COORD_AGENT=bench

# write_graph FILE ENTITIES: ENTITIES entities of 4 observations (~400 bytes)
# and one relation each (~100 bytes): about 500 bytes per entity.
write_graph() {
  awk -v n="$2" 'BEGIN {
    for (i = 1; i <= n; i++) {
      printf "{\"type\":\"entity\",\"name\":\"Component %d\",\"entityType\":\"component\",\"observations\":[\"owned by team %d\",\"written in module-%d of the service layer\",\"last reviewed in sprint %d with notes about retries\",\"depends on Component %d for storage\"]}\n", i, i % 40, i % 900, i % 60, (i * 7) % n + 1
      printf "{\"type\":\"relation\",\"from\":\"Component %d\",\"to\":\"Component %d\",\"relationType\":\"depends_on\"}\n", i, (i * 7) % n + 1
    }
  }' > "$1"
}

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for n in 25000 50000 100000; do
  mkdir "$work/board-$n"
  cd "$work/board-$n"
  "$COORD" init --timezone UTC >/dev/null
  write_graph graph.jsonl "$n"
  size=$(( $(wc -c < graph.jsonl) / 1000000 ))
  start=$(date +%s%N)
  "$COORD" import --memory-graph graph.jsonl >/dev/null
  echo "import of a ${size} MB graph ($n entities, $n relations): $(ms_since "$start") ms"
done
start=$(date +%s%N)
"$COORD" import --memory-graph graph.jsonl >/dev/null
echo "the same ${size} MB graph imported again (no-op): $(ms_since "$start") ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared with other builds)"
