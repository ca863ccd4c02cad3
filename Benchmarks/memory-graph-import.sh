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
# About 335 bytes per entity and its relation: 37,500, 75,000 and 150,000
# entities make graphs of about 12.5, 25 and 50 MB.
first_ms=""
first_size=""
for n in 37500 75000 150000; do
  mkdir "$work/board-$n"
  cd "$work/board-$n"
  "$COORD" init --timezone UTC >/dev/null
  write_graph graph.jsonl "$n"
  bytes=$(wc -c < graph.jsonl)
  size=$(( bytes / 1000000 ))
  start=$(date +%s%N)
  "$COORD" import --memory-graph graph.jsonl >/dev/null
  ms=$(ms_since "$start")
  if [ -z "$first_ms" ]; then first_ms=$ms; first_size=$bytes; fi
  # Linear means the time per byte stays the same: the ratio to the smallest graph's stays near 1.
  per_byte=$(awk -v ms="$ms" -v b="$bytes" -v fms="$first_ms" -v fb="$first_size" 'BEGIN { printf "%.2f", (ms / b) / (fms / fb) }')
  echo "import of a ${size} MB graph ($n entities, $n relations): $ms ms (time per byte: ${per_byte}x the smallest graph's)"
done
cp "$work/board-150000/.coordination/memory-graph.jsonl" "$work/store-before"
bulletin_before=$(wc -c < "$work/board-150000/.coordination/BULLETIN.md")
start=$(date +%s%N)
"$COORD" import --memory-graph graph.jsonl >/dev/null
again=$(ms_since "$start")
cmp -s "$work/store-before" "$work/board-150000/.coordination/memory-graph.jsonl" || echo "FAIL: the no-op re-import changed memory-graph.jsonl"
[ "$bulletin_before" = "$(wc -c < "$work/board-150000/.coordination/BULLETIN.md")" ] || echo "FAIL: the no-op re-import posted"
echo "the same ${size} MB graph imported again (no-op): $again ms ($(awk -v a="$again" -v m="$ms" 'BEGIN { printf "%.2f", a / m }')x the first import)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared with other builds)"
