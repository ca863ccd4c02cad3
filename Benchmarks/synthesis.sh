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

# The bulletin: 30 quiet earlier days, then the busy day.
awk -v day="$day" 'BEGIN {
  for (d = 1; d <= 30; d++) {
    printf "\n## 2026-10-%02d\n\n", d
    for (i = 0; i < 200; i++) printf "- [%02d:%02d] agent-%d: note %d of an earlier day\n", i % 24, i % 60, i % 20, i
  }
  printf "\n## %s\n\n", day
  split("Starting task|Completed task|BLOCKER: waiting on|unblocked: got|decided ADR-0|Handoff to worker|heartbeat|renewed lease on|locked src/part|progress note", kinds, "|")
  for (i = 0; i < 100000; i++) {
    minute = int(i * 1440 / 100000)
    k = kinds[(i % 10) + 1]
    printf "- [%02d:%02d] agent-%d: %s %d\n", minute / 60, minute % 60, i % 20, k, i % 997
  }
}' >> "$busy/.coordination/BULLETIN.md"

# Lock events: 10,000 acquire/release pairs' worth over 500 paths.
awk -v day="$day" 'BEGIN {
  for (i = 0; i < 5000; i++) {
    s = int(i * 86000 / 5000); h = int(s / 3600); m = int(s % 3600 / 60); sec = s % 60
    at = sprintf("%sT%02d:%02d:%02d.000Z", day, h, m, sec)
    ex = sprintf("%sT%02d:%02d:%02d.000Z", day, h, m, (sec + 30) % 60)
    printf "{\"at\":\"%s\",\"event\":\"acquire\",\"expires\":\"%s\",\"holder\":\"agent-%d\",\"id\":\"a%015d\",\"intent\":\"work %d\",\"path\":\"src/part%d\",\"token\":%d,\"ttl\":3600,\"v\":1}\n", at, ex, i % 20, i, i, i % 500, i + 1
    if (i % 10 != 9) printf "{\"at\":\"%s\",\"event\":\"release\",\"holder\":\"agent-%d\",\"id\":\"r%015d\",\"path\":\"src/part%d\",\"token\":%d,\"v\":1}\n", ex, i % 20, i, i % 500, i + 1
    else printf "{\"at\":\"%s\",\"by\":\"agent-%d\",\"event\":\"break\",\"holder\":\"agent-%d\",\"id\":\"b%015d\",\"path\":\"src/part%d\",\"reason\":\"stuck\",\"token\":%d,\"v\":1}\n", ex, (i + 1) % 20, i % 20, i, i % 500, i + 1
  }
}' > "$busy/.coordination/locks.jsonl"

# Worker observations: 10 workers x 1,000 updates.
mkdir -p "$busy/.coordination/workers"
for w in $(seq 1 10); do
  awk -v day="$day" -v w="$w" 'BEGIN {
    printf "{\"agent\":\"worker-%d\",\"at\":\"%sT00:00:00.000Z\",\"entity\":{\"agent\":\"worker-%d\",\"domain\":\"domain-%d\",\"goal\":\"ship it\",\"name\":\"Worker Session: domain-%d\",\"number\":%d},\"id\":\"e%d\",\"kind\":\"entity\",\"state\":{\"agent\":\"worker-%d\",\"blockers\":[],\"number\":%d,\"status\":\"active\"},\"v\":1}\n", w, day, w, w, w, w, w, w, w
    for (i = 1; i < 1000; i++) {
      s = int(i * 86000 / 1000); h = int(s / 3600); m = int(s % 3600 / 60)
      printf "{\"agent\":\"worker-%d\",\"at\":\"%sT%02d:%02d:00.000Z\",\"completed\":[\"step %d of the token cache\"],\"discoveries\":[\"the cache eviction races with refresh %d\"],\"files\":[\"src/part%d/file.swift\"],\"id\":\"u%d-%d\",\"kind\":\"update\",\"state\":{\"agent\":\"worker-%d\",\"blockers\":[],\"context\":%d,\"number\":%d,\"status\":\"active\"},\"v\":1}\n", w, day, h, m, i, i % 50, (i + w) % 30, w, i, w, i % 100, w
    }
  }' > "$busy/.coordination/workers/domain-$w.jsonl"
done

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
