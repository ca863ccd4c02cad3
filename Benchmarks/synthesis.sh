#!/usr/bin/env bash
# Benchmark: `coord synthesize` on a busy day.
#
# The day: 100,000 bulletin lines (20 agents, every kind of entry, routine
# noise), 10,000 worker observations over 10 workers and 10,000 lock events,
# on a board that also holds 30 earlier days of bulletin history.
# Target: <= 0.5 s (median) and <= 100 MB peak memory (max RSS), and a report
# under 300 lines of Markdown.
# Baseline, measured in the same run: `coord read --date DAY --limit 0` on the
# same board (listing the day's lines), and `coord synthesize` on an empty board.
#
#   Benchmarks/synthesis.sh            build the release binary, prepare, measure
#   COORD=/path/to/coord Benchmarks/synthesis.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -z "${COORD:-}" ]; then
  (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -static-executable >/dev/null)
  COORD="$root/.build/release/coord"
fi
command -v hyperfine >/dev/null || { echo "synthesis: install hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }

work="$(mktemp -d /tmp/coord-bench-synthesis-XXXXXX)"
[ -n "${KEEP:-}" ] && echo "keeping $work" || trap 'rm -rf "$work"' EXIT
busy="$work/busy"; empty="$work/empty"
mkdir -p "$busy" "$empty"
export COORD_NOW=2026-11-20T06:00:00Z
"$COORD" init -C "$busy" --timezone UTC >/dev/null
"$COORD" init -C "$empty" --timezone UTC >/dev/null
day=2026-11-20

# The busy day (shared with targets.sh): 100,000 bulletin lines after 30
# quieter days, 10,000 lock events and 10 workers x 1,000 observations.
source "$here/busy-day.sh"
make_busy_day "$busy" "$day"

echo "board: $(wc -l < "$busy/.coordination/BULLETIN.md") bulletin lines ($(du -h "$busy/.coordination/BULLETIN.md" | cut -f1)), $(wc -l < "$busy/.coordination/locks.jsonl") lock events, $(cat "$busy"/.coordination/workers/*.jsonl | wc -l) worker records"
export COORD_NOW=2026-11-21T06:00:00Z
# Warm the bulletin index once (coord read and post keep it current in real use).
"$COORD" read -C "$busy" --limit 1 >/dev/null

csv="$work/hyperfine.csv"
hyperfine -N --warmup 2 --runs "${RUNS:-10}" --export-csv "$csv" \
  -n baseline-empty "$COORD synthesize -C $empty --date $day" \
  -n baseline-read "$COORD read -C $busy --date $day --limit 0" \
  -n synthesize "$COORD synthesize -C $busy --date $day"

# CSV columns: command,mean,stddev,median,user,system,min,max (seconds).
column() { awk -F, -v name="$1" -v col="$2" '$1 == name {print $col}' "$csv"; }
e=$(column baseline-empty 2); r=$(column baseline-read 2); s=$(column synthesize 2); smin=$(column synthesize 7)
cpu=$(awk -F, '$1 == "synthesize" {print $5 + $6}' "$csv")
rcpu=$(awk -F, '$1 == "baseline-read" {print $5 + $6}' "$csv")
rss=$( { /usr/bin/time -v "$COORD" synthesize -C "$busy" --date "$day" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
lines=$("$COORD" synthesize -C "$busy" --date "$day" | wc -l)
med=$(column synthesize 4)
awk -v e="$e" -v r="$r" -v s="$s" -v med="$med" -v lines="$lines" -v smin="$smin" -v cpu="$cpu" -v rcpu="$rcpu" -v rss="$rss" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "synthesize, busy day:    %7.1f ms wall (median %.1f, best %.1f), %.1f ms CPU (target: median <= 500 ms)\n", s * 1000, med * 1000, smin * 1000, cpu * 1000
  printf "read --date, same day:   %7.1f ms wall, %.1f ms CPU (synthesize is %.2fx in CPU)\n", r * 1000, rcpu * 1000, cpu / rcpu
  printf "synthesize, empty board: %7.1f ms wall (busy day is %.0fx)\n", e * 1000, s / e
  printf "peak memory (max RSS):   %7.1f MB (target <= 100 MB)\n", rss / 1024
  printf "report:                  %7d lines of Markdown (target < 300)\n", lines
  printf "load average: %s\n", load
}'
