#!/usr/bin/env bash
# Instruction counts (valgrind callgrind, child processes included) of the
# hot commands and of the baseline B, in one run on the board targets.sh uses
# for them (ten locks held by others):
#
#   B = flock .coordination/.lock sh -c 'echo "- [12:00] a: m" >> .coordination/BULLETIN.md'
#
#   COORD=/path/to/coord Benchmarks/instructions.sh
#
# Counts do not move when other processes load the machine, so they compare
# two builds where wall time cannot. They leave out what the kernel does
# (exec, page faults, file system), which wall time includes: B's count is
# small next to its time, so read the ratios to B alongside targets.sh.
# Each command is counted RUNS times (default 3); the median is printed. Not a test.
set -euo pipefail
command -v valgrind >/dev/null || { echo "instructions.sh: install valgrind" >&2; exit 1; }
[ -n "${COORD:-}" ] || { echo "instructions.sh: set COORD to a coord binary" >&2; exit 1; }
runs="${RUNS:-3}"
work="$(mktemp -d /tmp/coord-bench-instructions-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF 5 of a Swift 6 build: count a copy without it.
strip --strip-debug -o "$work/coord" "$COORD"
coord="$work/coord"
export COORD_AGENT=bench COORD_NOW=2026-11-21T12:00:00Z
unset COORD_WORKSPACE NO_COLOR
mkdir -p "$work/shell" "$work/small"
"$coord" init -C "$work/shell" --timezone UTC >/dev/null
"$coord" init -C "$work/small" --timezone UTC >/dev/null
for n in $(seq 1 10); do
  COORD_AGENT="worker-$n" "$coord" lock -C "$work/small" "src/held-$n/" --intent "work $n" --ttl 4h --quiet >/dev/null
done

# count DIR COMMAND...: instructions of one run, every process it starts included.
count() {
  local dir="$1"
  shift
  local out="$work/cg"
  rm -rf "$out" && mkdir -p "$out"
  (cd "$dir" && valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/cg.%p" "$@" >/dev/null 2>"$out/log") || true
  cat "$out"/cg.* | awk '/^summary:/ { total += $2 } END { print total }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() {
  local name="$1" dir="$2" prepare="$3"
  shift 3
  for _ in $(seq 1 "$runs"); do
    [ -n "$prepare" ] && (cd "$dir" && eval "$prepare" >/dev/null 2>&1 || true)
    count "$dir" "$@"
  done | median | awk -v name="$name" '{ printf "%s %d\n", name, $1 }'
}
{
  measure B "$work/shell" "" flock .coordination/.lock sh -c 'echo "- [12:00] a: m" >> .coordination/BULLETIN.md'
  measure post "$work/small" "" "$coord" post tests pass on main
  measure check "$work/small" "" "$coord" check src/free/file.swift
  measure lock "$work/small" "'$coord' unlock src/bench/ --quiet" "$coord" lock src/bench/ --intent benchmark
  measure unlock "$work/small" "'$coord' lock src/bench/ --intent benchmark --quiet" "$coord" unlock src/bench/
} >"$work/counts"
awk '
  { count[$1] = $2; order[NR] = $1 }
  END {
    printf "%-10s %14s %10s\n", "command", "instructions", "/ B"
    for (i = 1; i <= NR; i++) printf "%-10s %14d %9.2fx\n", order[i], count[order[i]], count[order[i]] / count["B"]
    printf "%-10s %14d %9.2fx\n", "lock+unlock", count["lock"] + count["unlock"], (count["lock"] + count["unlock"]) / (2 * count["B"])
  }' "$work/counts"
echo "(load average: $(cut -d" " -f1-3 /proc/loadavg))"
