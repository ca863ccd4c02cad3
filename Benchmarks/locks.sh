#!/usr/bin/env bash
# What a lock costs, and whether history slows it down.
#
# Measures `coord lock` + `coord unlock` of one path on:
#   - an empty board;
#   - a board with 100,000 events of lock history (50,000 grants, each
#     acquired and released), written the way coord writes them and then
#     compacted by coord's first command, as happens on a real board;
# and compares both with the shell's way to enter the board's critical
# section, `flock .coordination/.lock true`, measured in the same run, and
# with `coord --version`, the cost of starting coord at all.
# Each command is timed on its own (hyperfine -N, no shell); the cycle is
# their sum. Prints the figures and the ratios.
#
#   Benchmarks/locks.sh            build the release binary, then measure
#   COORD=/path/to/coord Benchmarks/locks.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${RUNS:-300}"

command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
if [ -z "${COORD:-}" ]; then
  (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -static-executable >&2)
  COORD="$root/.build/release/coord"
fi
work="$(mktemp -d /tmp/coord-bench-locks-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export COORD_AGENT=bench

mkdir "$work/empty" "$work/history"
(cd "$work/empty" && "$COORD" init --timezone UTC >/dev/null)
(cd "$work/history" && "$COORD" init --timezone UTC >/dev/null)

# 100,000 events: 50,000 grants over 500 paths and 7 agents, each released 30 s later.
source "$here/lock-history.sh"
write_lock_history "$work/history/.coordination/locks.jsonl"
events=$(wc -l < "$work/history/.coordination/locks.jsonl")

# The first command compacts all of it into the archive (a one-off, under the board lock).
cd "$work/history"
start=$(date +%s%N)
first=$("$COORD" lock bench/path --intent bench --quiet)
compaction_ms=$(( ($(date +%s%N) - start) / 1000000 ))
"$COORD" unlock bench/path --quiet >/dev/null
echo "history: $events events; first lock compacted them in ${compaction_ms} ms and printed: $first"
echo "history: locks.jsonl $(wc -c < .coordination/locks.jsonl) bytes, archive $(du -sh .coordination/archive | cut -f1)"

# measure NAME DIR PREPARE ARGS...: hyperfine on one command, without a shell.
# Keeps, per NAME, the lowest mean wall time and the lowest mean CPU time
# (user + system) over the rounds: on a shared machine, the least disturbed run.
declare -A wall cpu
measure() {
  local name="$1" dir="$2" prepare="$3"; shift 3
  (cd "$dir" && hyperfine -N --style none --warmup 20 --runs "$runs" --prepare "$prepare" \
     --export-csv "$work/$name.csv" "$*" >/dev/null 2>&1)
  local w c
  w=$(awk -F, 'NR == 2 { printf "%.3f", $2 * 1000 }' "$work/$name.csv")
  c=$(awk -F, 'NR == 2 { printf "%.3f", ($5 + $6) * 1000 }' "$work/$name.csv")
  if [ -z "${wall[$name]:-}" ] || awk -v a="$w" -v b="${wall[$name]}" 'BEGIN { exit !(a < b) }'; then wall[$name]=$w; fi
  if [ -z "${cpu[$name]:-}" ] || awk -v a="$c" -v b="${cpu[$name]}" 'BEGIN { exit !(a < b) }'; then cpu[$name]=$c; fi
}

rounds="${ROUNDS:-3}"
for round in $(seq "$rounds"); do
  for board in empty history; do
    for mode in quiet posting; do
      flag=""; [ "$mode" = quiet ] && flag="--quiet"
      measure "$board-$mode-lock" "$work/$board" "$COORD unlock --all --quiet" "$COORD" lock bench/path --intent bench $flag
      measure "$board-$mode-unlock" "$work/$board" "$COORD lock bench/path --intent bench --quiet" "$COORD" unlock bench/path $flag
    done
  done
  measure flock "$work/empty" "true" flock .coordination/.lock true
  measure start "$work/empty" "true" "$COORD" --version
done
(cd "$work/history" && echo "history after the runs: locks.jsonl $(wc -c < .coordination/locks.jsonl) bytes")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; best of $rounds rounds of $runs runs"

sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
echo
printf "%-32s %21s %21s %21s\n" "" "lock ms (cpu)" "unlock ms (cpu)" "cycle ms (cpu)"
for board in empty history; do
  for mode in quiet posting; do
    l="$board-$mode-lock"; u="$board-$mode-unlock"
    wall[$board-$mode-cycle]=$(sum "${wall[$l]}" "${wall[$u]}")
    cpu[$board-$mode-cycle]=$(sum "${cpu[$l]}" "${cpu[$u]}")
    printf "%-32s %12s (%6s) %12s (%6s) %12s (%6s)\n" "$board board, $mode" "${wall[$l]}" "${cpu[$l]}" \
      "${wall[$u]}" "${cpu[$u]}" "${wall[$board-$mode-cycle]}" "${cpu[$board-$mode-cycle]}"
  done
done
printf "%-32s %12s (%6s)\n" "flock .coordination/.lock true" "${wall[flock]}" "${cpu[flock]}"
printf "%-32s %12s (%6s)   the floor: process start and argument parsing\n" "coord --version" "${wall[start]}" "${cpu[start]}"
echo
for mode in quiet posting; do
  awk -v h="${wall[history-$mode-cycle]}" -v e="${wall[empty-$mode-cycle]}" -v f="${wall[flock]}" \
      -v hc="${cpu[history-$mode-cycle]}" -v ec="${cpu[empty-$mode-cycle]}" -v m="$mode" 'BEGIN {
    printf "%-8s history/empty %.2fx wall, %.2fx cpu (target <= 1.2x); cycle/flock %.1fx; history cycle %.2f ms (target <= 5 ms)\n",
      m, h / e, hc / ec, h / f, h
  }'
done
