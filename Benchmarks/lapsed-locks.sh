#!/usr/bin/env bash
# What abandoned lock history costs: boards whose locks.jsonl holds N lapsed
# grants (acquired by agents that crashed, never released, expired a month
# ago), each on its own path.
#
# Prints, in the same run:
#   - the first `coord lock` on each board, which folds the N grants and
#     compacts them into the archive (a one-off, under the board lock), for
#     N = 25,000, 50,000 and 100,000: it must grow linearly;
#   - then `coord lock` + `coord unlock` on the 100,000 board against the same
#     cycle on an empty board (hyperfine -N, no shell): target <= 1.5x;
#   - `coord locks` on a 100,000 board that nobody compacted (a read folds
#     everything each time), for the cost of the fold alone.
#
#   Benchmarks/lapsed-locks.sh            build the release binary, then measure
#   COORD=/path/to/coord Benchmarks/lapsed-locks.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${RUNS:-100}"

command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
if [ -z "${COORD:-}" ]; then
  (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -static-executable >&2)
  COORD="$root/.build/release/coord"
fi
work="$(mktemp -d /tmp/coord-bench-lapsed-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export COORD_AGENT=bench

# write_lapsed FILE N: N grants on distinct paths, each expired 2026-10-xx.
write_lapsed() {
  awk -v n="$2" 'BEGIN {
    for (i = 1; i <= n; i++) {
      day = 1 + int(i % 28); hour = int(i % 20); minute = i % 60
      printf "{\"at\":\"2026-10-%02dT%02d:%02d:00.000Z\",\"event\":\"acquire\",\"expires\":\"2026-10-%02dT%02d:%02d:00.000Z\",\"holder\":\"crashed-%d\",\"id\":\"l%015x\",\"intent\":\"abandoned %d\",\"path\":\"src/module-%d/file-%d.swift\",\"token\":%d,\"ttl\":3600,\"v\":1}\n", day, hour, minute, day, hour + 1, minute, i % 13, i, i, i % 700, i, i
    }
  }' > "$1"
}

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

mkdir "$work/empty"
(cd "$work/empty" && "$COORD" init --timezone UTC >/dev/null)
echo "first lock on a board of N lapsed grants (fold + compaction, once):"
for n in 25000 50000 100000; do
  mkdir "$work/lapsed-$n"
  (cd "$work/lapsed-$n" && "$COORD" init --timezone UTC >/dev/null)
  write_lapsed "$work/lapsed-$n/.coordination/locks.jsonl" "$n"
  cd "$work/lapsed-$n"
  start=$(date +%s%N)
  "$COORD" lock bench/path --intent bench --quiet
  echo "  N = $n: $(ms_since "$start") ms; locks.jsonl now $(wc -c < .coordination/locks.jsonl) bytes"
  "$COORD" unlock bench/path --quiet
done

# The cost of folding alone: a read on a board nobody compacted.
mkdir "$work/uncompacted"
(cd "$work/uncompacted" && "$COORD" init --timezone UTC >/dev/null)
write_lapsed "$work/uncompacted/.coordination/locks.jsonl" 100000
cd "$work/uncompacted"
start=$(date +%s%N)
"$COORD" locks --all >/dev/null
echo "coord locks --all folding 100,000 lapsed grants: $(ms_since "$start") ms"

measure() {  # NAME DIR PREPARE ARGS...
  local name="$1" dir="$2" prepare="$3"; shift 3
  (cd "$dir" && hyperfine -N --style none --warmup 10 --runs "$runs" --prepare "$prepare" \
     --export-csv "$work/$name.csv" "$*" >/dev/null 2>&1)
  awk -F, 'NR == 2 { printf "%.3f", $2 * 1000 }' "$work/$name.csv"
}
empty=$(measure empty "$work/empty" "$COORD unlock --all --quiet" "$COORD" lock bench/path --intent bench --quiet)
lapsed=$(measure lapsed "$work/lapsed-100000" "$COORD unlock --all --quiet" "$COORD" lock bench/path --intent bench --quiet)
echo
echo "coord lock, mean of $runs: empty board $empty ms, after 100,000 lapsed grants $lapsed ms"
awk -v l="$lapsed" -v e="$empty" 'BEGIN { printf "lapsed/empty %.2fx (target <= 1.5x)\n", l / e }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared with other builds)"
