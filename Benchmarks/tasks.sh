#!/usr/bin/env bash
# Task queue benchmark: on 10,000 tasks with 20,000 dependency edges, is
# `coord tasks --ready` within 10 ms and `coord task claim --next` within 2x
# `coord post`, and do both stay flat as done tasks accumulate?
#
#   Benchmarks/tasks.sh                      build the release binary and run
#   COORD=/path/to/coord Benchmarks/tasks.sh use that binary instead
#   ROUNDS=5 RUNS=20 Benchmarks/tasks.sh     interleaved rounds, and runs of each
#                                            command in each (defaults)
#   CALLGRIND=1 Benchmarks/tasks.sh          also count instructions (valgrind
#                                            --tool=callgrind), which a loaded
#                                            machine does not skew: one run of
#                                            each command, then the mean of
#                                            CLAIMS (default 60) claims in a row,
#                                            which includes the claims that save
#                                            the checkpoint
#
# Prints each measurement, its ratio to the baseline measured in the same run
# (`coord post` on the same board), and PASS/FAIL against the targets.
# Not a test: timings depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine; }

if [ -z "${COORD:-}" ]; then
  echo "== building the release binary"
  (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -static-executable --product coord >/dev/null)
  COORD="$(cd "$root" && swift build -c release --show-bin-path)/coord"
fi
[ -x "$COORD" ] || { echo "tasks.sh: $COORD is not executable" >&2; exit 1; }

work="$(mktemp -d /tmp/coord-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# Measured as installed (a copy, as the README installs it): a file the linker
# has just written execs slower until it is read from disk again (see targets.sh).
mkdir -p "$work/bin"
install -m 755 "$COORD" "$work/bin/coord"
COORD="$work/bin/coord"
export COORD_AGENT=bench COORD_NOW=2026-11-21T12:00:00Z
unset COORD_WORKSPACE NO_COLOR

# 10,000 open tasks: the first 1,000 have no dependencies (so 1,000 are ready),
# every later task i waits on i-1000 and i-999 (and the last ones on one more),
# 20,000 edges in all. With DONE > 0, that many tasks come first, each added,
# claimed and finished (three records), and the queue's ids start after them.
queue() { # FOLDER DONE
  mkdir -p "$1"
  "$COORD" init -C "$1" --timezone UTC >/dev/null
  awk -v done="$2" 'BEGIN {
    at = "\"at\":\"2026-11-21T08:00:00.000Z\""
    for (i = 1; i <= done; i++) {
      id = sprintf("T-%03d", i)
      printf "{\"actor\":\"seed\",%s,\"event\":\"add\",\"id\":\"d%d\",\"task\":\"%s\",\"title\":\"finished work %d\",\"v\":1}\n", at, i, id, i
      printf "{\"actor\":\"seed\",%s,\"event\":\"claim\",\"expires\":\"2026-11-21T10:00:00.000Z\",\"id\":\"c%d\",\"task\":\"%s\",\"token\":%d,\"ttl\":7200,\"v\":1}\n", at, i, id, i
      printf "{\"actor\":\"seed\",%s,\"event\":\"done\",\"id\":\"f%d\",\"task\":\"%s\",\"token\":%d,\"v\":1}\n", at, i, id, i
    }
    edges = 0
    for (n = 1; n <= 10000; n++) {
      i = done + n
      after = ""
      if (n > 1000) { after = sprintf(",\"after\":[\"T-%03d\",\"T-%03d\"]", i - 1000, i - 999); edges += 2 }
      printf "{\"actor\":\"seed\"%s,%s,\"event\":\"add\",\"id\":\"a%d\",\"priority\":%d,\"task\":\"T-%03d\",\"title\":\"queued work %d\",\"v\":1}\n", after, at, i, n % 4, i, i
    }
    # Top up to 20,000 edges: the last tasks also wait on the one before them.
    for (n = 10000; edges < 20000; n--) {
      i = done + n
      printf "{\"actor\":\"seed\",%s,\"after\":[\"T-%03d\"],\"event\":\"link\",\"id\":\"l%d\",\"task\":\"T-%03d\",\"v\":1}\n", at, i - 1, i, i
      edges++
    }
  }' >>"$1/.coordination/tasks.jsonl"
}

echo "== generating the queues"
queue "$work/fresh" 0
queue "$work/history" 10000
# Task commands that write save the checkpoint in .state/ (readers never
# write). These journals were written by awk, so one claim saves it, as the
# first claim on any board would.
for board in fresh history; do "$COORD" task claim --next --quiet -C "$work/$board" >/dev/null; done
for board in fresh history; do
  echo "$board: tasks.jsonl $(wc -l <"$work/$board/.coordination/tasks.jsonl") records, $(wc -c <"$work/$board/.coordination/tasks.jsonl") bytes," \
       "$("$COORD" tasks --ready -C "$work/$board" | wc -l) ready"
done

runs="${RUNS:-20}"
rounds="${ROUNDS:-5}"
# ROUNDS interleaved rounds of RUNS runs of each command on each board, so that a
# burst of load from other processes falls on the baseline as much as on the
# claims; every run of a command is pooled, and the verdicts use the medians
# (the means, which include the claims that rewrite the checkpoint, are printed too).
measure() { # NAME FOLDER COMMAND...
  local name="$1" folder="$2"; shift 2
  (cd "$folder" && hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$name.$round.json" "$*" >/dev/null 2>&1) || true
}
for round in $(seq "$rounds"); do
  for board in fresh history; do
    measure "$board-post" "$work/$board" "$COORD" post "benchmark line"
    measure "$board-ready" "$work/$board" "$COORD" tasks --ready
    measure "$board-claim" "$work/$board" "$COORD" task claim --next --quiet
  done
done
cd "$root"
if [ -n "${CALLGRIND:-}" ]; then
  echo "== instructions (valgrind --tool=callgrind, one run each)"
  # valgrind 3.19 cannot read the DWARF 5 of a Swift 6 build: count a copy without it.
  strip --strip-debug -o "$work/coord-stripped" "$COORD"
  count() { # FOLDER COMMAND...
    local folder="$1"; shift
    (cd "$folder" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/Collected/ { print $4 }')
  }
  printf "%-10s %14s %16s %16s %14s\n" "board" "post Ir" "tasks --ready Ir" "claim --next Ir" "claim/post"
  for board in fresh history; do
    p=$(count "$work/$board" "$work/coord-stripped" post "benchmark line")
    r=$(count "$work/$board" "$work/coord-stripped" tasks --ready)
    c=$(count "$work/$board" "$work/coord-stripped" task claim --next --quiet)
    awk -v b="$board" -v p="$p" -v r="$r" -v c="$c" 'BEGIN { printf "%-10s %14d %16d %16d %13.2fx\n", b, p, r, c, c / p }'
    echo "$p" >"$work/$board-post.ir"
  done
  claims="${CLAIMS:-60}"
  echo
  echo "$claims claims in a row, each counted (the ones that save the checkpoint included):"
  printf "%-10s %14s %14s %14s %14s\n" "board" "mean Ir" "median Ir" "max Ir" "mean/post"
  for board in fresh history; do
    for _ in $(seq "$claims"); do count "$work/$board" "$work/coord-stripped" task claim --next --quiet; done >"$work/$board-claims.ir"
    sort -n "$work/$board-claims.ir" | awk -v b="$board" -v p="$(cat "$work/$board-post.ir")" '
      { v[NR] = $1; sum += $1 } END { printf "%-10s %14d %14d %14d %13.2fx\n", b, sum / NR, v[int((NR + 1) / 2)], v[NR], sum / NR / p }'
  done
  echo
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $rounds interleaved rounds of $runs runs (hyperfine -N, warm cache)"
echo
python3 - "$work" <<'PY'
import glob, json, statistics, sys
work = sys.argv[1]
def load(name):
    times = [t * 1000 for f in sorted(glob.glob(f"{work}/{name}.*.json")) for t in json.load(open(f))["results"][0]["times"]]
    return statistics.median(times), statistics.fmean(times)
m = {f"{b}-{c}": load(f"{b}-{c}") for b in ["fresh", "history"] for c in ["post", "ready", "claim"]}
print(f"{'board':<10}{'post ms':>16}{'tasks --ready ms':>20}{'claim --next ms':>20}{'claim/post':>14}")
print(f"{'':<10}{'median (mean)':>16}{'median (mean)':>20}{'median (mean)':>20}{'median (mean)':>14}")
for b in ["fresh", "history"]:
    p, r, c = m[f"{b}-post"], m[f"{b}-ready"], m[f"{b}-claim"]
    print(f"{b:<10}{p[0]:9.2f} ({p[1]:4.2f}){r[0]:13.2f} ({r[1]:4.2f}){c[0]:13.2f} ({c[1]:4.2f})"
          f"{c[0] / p[0]:7.2f}x ({c[1] / p[1]:.2f}x)")
print()
r, rh = m["fresh-ready"][0], m["history-ready"][0]
c, ch, p = m["fresh-claim"][0], m["history-claim"][0], m["fresh-post"][0]
print(f"tasks --ready {r:.2f} ms (target <= 10 ms): {'PASS' if r <= 10 else 'FAIL'}")
print(f"claim --next / post {c / p:.2f}x (target <= 2x): {'PASS' if c <= 2 * p else 'FAIL'}")
print(f"with 10,000 done tasks: ready {rh / r:.2f}x, claim {ch / c:.2f}x of the fresh queue (target flat, <= 1.2x): "
      f"{'PASS' if rh <= 1.2 * r and ch <= 1.2 * c else 'FAIL'}")
PY
