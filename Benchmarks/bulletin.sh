#!/usr/bin/env bash
# Bulletin benchmark: is `coord post` as cheap as a locked shell append, and
# do post and `read --since` stay flat on a 1,000,000-line bulletin?
#
#   Benchmarks/bulletin.sh            build the static release binary and run
#   COORD=/path/to/coord Benchmarks/bulletin.sh   use that binary instead
#
# Prints each measurement, its ratio to the baseline measured in the same run,
# and PASS/FAIL against the targets. Not a test: timings depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

if ! command -v hyperfine >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq hyperfine
fi
for tool in flock awk date; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bulletin.sh: needs $tool" >&2; exit 1; }
done

if [ -z "${COORD:-}" ]; then
  flags=(-c release --static-swift-stdlib -Xswiftc -static-executable)
  echo "== building the static release binary"
  (cd "$root" && swift build "${flags[@]}" >/dev/null)
  COORD="$(cd "$root" && swift build "${flags[@]}" --show-bin-path)/coord"
fi
[ -x "$COORD" ] || { echo "bulletin.sh: $COORD is not executable" >&2; exit 1; }

work="$(mktemp -d /tmp/coord-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export COORD_AGENT=bench
# A pinned clock makes the big board's last hour well defined.
export COORD_NOW=2026-11-21T12:00:00Z
unset COORD_WORKSPACE NO_COLOR

# --- Boards -----------------------------------------------------------------
mkdir -p "$work/empty" "$work/big" "$work/shell"
for board in empty big shell; do "$COORD" init -C "$work/$board" --timezone UTC >/dev/null; done

# 1,000,000 entries over 100 days (10,000 a day, the last day up to 11:59),
# written the way a long-lived board looks: headings, blank lines, entries.
echo "== generating a 1,000,000-line bulletin"
started=$(date +%s%N)
source "$here/million-line-bulletin.sh"
append_million_line_bulletin "$work/big/.coordination/BULLETIN.md" "$work"
finished=$(date +%s%N)
lines=$(wc -l <"$work/big/.coordination/BULLETIN.md")
size=$(du -h "$work/big/.coordination/BULLETIN.md" | cut -f1)
printf '   %s lines, %s, in %d ms\n' "$lines" "$size" $(((finished - started) / 1000000))

# As if coord had written it all: drop init's index, then let coord build it once.
rm -f "$work/big/.coordination/.state/bulletin.idx"
echo "== first read rebuilds the index (once)"
started=$(date +%s%N)
"$COORD" read -C "$work/big" --limit 1 >/dev/null
finished=$(date +%s%N)
printf '   index rebuilt in %d ms\n' $(((finished - started) / 1000000))

# --- Measurements -------------------------------------------------------------
csv="$work/results.txt"
: >"$csv"
# measure NAME COMMAND...: runs hyperfine without a shell and records the mean in ms.
measure() {
  local name="$1"
  shift
  hyperfine -N --warmup 20 --min-runs 300 --style basic --export-csv "$work/one.csv" "$@" >/dev/null
  # hyperfine's CSV: command,mean,stddev,median,user,system,min,max (seconds).
  awk -F, -v name="$name" 'NR == 2 {
      printf "%s|%.3f|%.3f|%.3f|%.3f\n", name, $(NF-6) * 1000, $(NF-5) * 1000, ($(NF-3) + $(NF-2)) * 1000, $(NF-1) * 1000
    }' "$work/one.csv" >>"$csv"
}
mean() { awk -F'|' -v name="$1" '$1 == name { print $2 }' "$csv"; }
cpu() { awk -F'|' -v name="$1" '$1 == name { print $4 }' "$csv"; }
fastest() { awk -F'|' -v name="$1" '$1 == name { print $5 }' "$csv"; }

echo "== timing (hyperfine -N, mean of at least 300 runs each)"
cd "$work/shell"
measure "shell append" "flock .coordination/.lock sh -c 'echo \"- [12:00] a: m\" >> .coordination/BULLETIN.md'"
cd "$work/empty"
measure "post" "$COORD post benchmark entry"
cd "$work"
measure "post, empty board" "$COORD post -C $work/empty benchmark entry"
measure "post, 1M lines" "$COORD post -C $work/big benchmark entry"
measure "read --since 1h, empty board" "$COORD read -C $work/empty --since 1h"
measure "read --since 1h, 1M lines" "$COORD read -C $work/big --since 1h"

# --- Report ---------------------------------------------------------------------
echo
printf '%-32s %10s %8s %8s %14s\n' "measurement" "mean ms" "± ms" "min ms" "user+sys ms"
awk -F'|' '{ printf "%-32s %10.2f %8.2f %8.2f %14.2f\n", $1, $2, $3, $5, $4 }' "$csv"
echo
failures=0
# check LABEL VALUE LIMIT: prints PASS/FAIL for VALUE <= LIMIT.
# check LABEL VALUE LIMIT MIN CPU: PASS/FAIL for VALUE (from means, wall clock)
# <= LIMIT. The same figure from the fastest runs and from user+sys CPU time is
# shown alongside: both hold steadier than the mean when the machine is shared.
check() {
  local verdict=PASS
  if ! awk -v v="$2" -v l="$3" 'BEGIN { exit !(v ~ /^[0-9.]+$/ && v + 0 <= l + 0) }'; then
    verdict=FAIL
    failures=$((failures + 1))
  fi
  printf '%-54s %7s  target <= %-4s %s   (min: %s, CPU: %s)\n' "$1" "$2" "$3" "$verdict" "$4" "$5"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# compare LABEL A B LIMIT: the ratio A/B by mean, min and CPU.
compare() {
  check "$1" "$(ratio "$(mean "$2")" "$(mean "$3")")" "$4" "$(ratio "$(fastest "$2")" "$(fastest "$3")")" \
    "$(ratio "$(cpu "$2")" "$(cpu "$3")")"
}
compare "coord post / flock + sh echo >>" post "shell append" 1.5
compare "coord post on 1M lines / on an empty board" "post, 1M lines" "post, empty board" 1.1
check "coord read --since 1h on 1M lines, ms" "$(mean 'read --since 1h, 1M lines')" 10 \
  "$(fastest 'read --since 1h, 1M lines')" "$(cpu 'read --since 1h, 1M lines')"
compare "coord read --since 1h on 1M lines / on an empty board" "read --since 1h, 1M lines" "read --since 1h, empty board" 1.2
echo
echo "binary: $COORD ($(du -h "$COORD" | cut -f1)), $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$failures" -eq 0 ] && echo "all targets met" || echo "$failures target(s) missed"
