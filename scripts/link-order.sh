#!/usr/bin/env bash
# Regenerates Sources/coord/coord.order, the symbol order the release link
# follows (lld's --symbol-ordering-file; see Package.swift).
#
# Why: an agent's `coord post` or `coord lock` lives for about two
# milliseconds, and most of its cost is the kernel mapping pages of the static
# binary in, one page fault at a time. The code and the global variables these
# commands touch are otherwise scattered over ~25 MB of text and ~1 MB of data;
# laid out together they fit in a fraction of the pages.
#
#   scripts/link-order.sh            build, profile the hot commands, rewrite
#                                    the order file, relink, print page faults
#   ROUNDS=6 scripts/link-order.sh   more rounds of data placement (default 4)
#
# Functions come from callgrind (every function the hot commands run, in
# first-seen order). Global variables come from the page faults `perf record`
# sees: each round puts the variables whose pages were faulted in next to each
# other, relinks, and looks again, until few new ones appear. Without perf the
# order file lists functions only. Names the compiler no longer emits are
# ignored by the linker, so a stale file costs speed, never correctness: rerun
# this after changes to the hot commands and commit the result.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
for tool in valgrind nm strip python3; do
  command -v "$tool" >/dev/null || { echo "link-order.sh: needs $tool" >&2; exit 1; }
done
rounds="${ROUNDS:-4}"
order="$root/Sources/coord/coord.order"
flags=(-c release --static-swift-stdlib -Xswiftc -static-executable)
[ -f "$order" ] || : >"$order"
work="$(mktemp -d /tmp/coord-link-order-XXXXXX)"
trap 'rm -rf "$work"' EXIT

build() {
  (cd "$root" && rm -f "$(swift build "${flags[@]}" --show-bin-path)/coord" && swift build "${flags[@]}" >/dev/null)
}
echo "== building the static release binary"
build
coord="$(cd "$root" && swift build "${flags[@]}" --show-bin-path)/coord"

# A board like an agent's: ten locks held by others, a few tasks, a message.
export COORD_AGENT=profile COORD_NOW=2026-11-21T12:00:00Z
unset COORD_WORKSPACE NO_COLOR
board="$work/board"
mkdir -p "$board"
"$coord" init -C "$board" --timezone UTC >/dev/null
for n in $(seq 1 10); do
  COORD_AGENT="worker-$n" "$coord" lock -C "$board" "src/held-$n/" --intent "work $n" --ttl 4h --quiet >/dev/null
done
for n in $(seq 1 40); do "$coord" task add -C "$board" "task $n" --quiet >/dev/null; done
"$coord" post -C "$board" "profile board ready" >/dev/null

# The hot commands, as agents call them (the plain spellings the hot path takes).
commands=(
  "post tests pass on main"
  "check src/free/file.swift"
  "lock src/profile/ --intent profiling"
  "renew src/profile/"
  "unlock src/profile/"
  "read --since 1h"
  "status"
  "tasks --ready"
  "task claim --next --quiet"
  "send worker-1 profile message"
)

echo "== functions (callgrind)"
# valgrind cannot read a Swift 6 build's DWARF 5: profile a copy without it.
strip --strip-debug -o "$work/coord" "$coord"
n=0
for command in "${commands[@]}"; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  (cd "$board" && valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$n" "$work/coord" $command >/dev/null 2>&1) || true
done
cat "$work"/cg.* | sed -nE "s/^c?fn=\([0-9]+\) (.+)$/\1/p" | sed -E "s/'[0-9]+$//" | awk '!seen[$0]++' >"$work/functions"
echo "$(wc -l <"$work/functions") functions"

faults() { # COMMAND...: page faults of one run, on the profiling board
  (cd "$board" && perf stat -x, -e page-faults "$coord" "$@" 2>&1 >/dev/null | awk -F, '/page-faults/ { print $1 }')
}
report() {
  local total=0 count
  for command in "${commands[@]}"; do
    # shellcheck disable=SC2086
    count="$(faults $command)"
    printf '  %-40s %5s page faults\n' "$command" "$count"
    total=$((total + count))
  done
  echo "  total $total"
}

: >"$work/data"
if command -v perf >/dev/null && perf stat -e page-faults true >/dev/null 2>&1; then
  echo "== page faults before"
  report
  for round in $(seq 1 "$rounds"); do
    cat "$work/data" "$work/functions" >"$order"
    build
    nm -n -S --defined-only "$coord" | awk 'NF >= 4 && $3 ~ /^[bBdDrRvV]$/ { print $1, $2, $4 }' >"$work/symbols"
    : >"$work/addresses"
    for command in "${commands[@]}"; do
      # shellcheck disable=SC2086
      (cd "$board" && perf record -q -c 1 -e page-faults -d -o "$work/pf.data" "$coord" $command >/dev/null 2>&1) || true
      perf script -i "$work/pf.data" -F addr 2>/dev/null >>"$work/addresses" || true
    done
    added="$(python3 - "$work/symbols" "$work/addresses" "$work/data" "$work/functions" <<'PY'
import bisect, sys
symbols = []
for line in open(sys.argv[1]):
    address, size, name = line.split()
    symbols.append((int(address, 16), int(size, 16), name))
symbols.sort()
starts = [s[0] for s in symbols]
known = set(l.strip() for l in open(sys.argv[3])) | set(l.strip() for l in open(sys.argv[4]))
added = []
for line in open(sys.argv[2]):
    address = int(line.split()[0], 16)
    i = bisect.bisect_right(starts, address) - 1
    if i < 0:
        continue
    start, size, name = symbols[i]
    # The variable on the faulted page: the one the address falls in, or
    # the last one before it on the same page.
    if address - start >= max(size, 1) + 4096 or name in known:
        continue
    known.add(name)
    added.append(name)
with open(sys.argv[3], "a") as out:
    for name in added:
        out.write(name + "\n")
print(len(added))
PY
)"
    echo "round $round: $added more variables"
  done
else
  echo "== no perf here: the order file lists functions only"
fi
cat "$work/data" "$work/functions" >"$order"
build
echo "== page faults after ($(wc -l <"$order") symbols in $order)"
command -v perf >/dev/null && report || true
