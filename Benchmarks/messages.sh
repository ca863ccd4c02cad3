#!/usr/bin/env bash
# Messages benchmark: is `coord send` within 1.2x of `coord post`, and does
# `coord inbox --unread` stay under 10 ms on an inbox with 100,000 historic
# messages?
#
#   Benchmarks/messages.sh                        build the static release binary and run
#   COORD=/path/to/coord Benchmarks/messages.sh   use that binary instead
#
# Prints each measurement and its ratio to `coord post` and to a locked shell
# append measured in the same run, then PASS/FAIL against the targets; with
# valgrind installed, also instruction counts (which other load on the machine
# does not move). Not a test: timings depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
command -v hyperfine >/dev/null 2>&1 || { echo "messages.sh: install hyperfine" >&2; exit 1; }

if [ -z "${COORD:-}" ]; then
  flags=(-c release --static-swift-stdlib -Xswiftc -static-executable)
  echo "== building the static release binary"
  (cd "$root" && swift build "${flags[@]}" >/dev/null)
  COORD="$(cd "$root" && swift build "${flags[@]}" --show-bin-path)/coord"
fi
[ -x "$COORD" ] || { echo "messages.sh: $COORD is not executable" >&2; exit 1; }

work="$(mktemp -d /tmp/coord-bench-messages-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export COORD_AGENT=bench COORD_NOW=2026-11-21T12:00:00Z
unset COORD_WORKSPACE NO_COLOR
runs="${RUNS:-300}"

# --- Boards -----------------------------------------------------------------
# small: a board in use (posts, a few locks, backend has messages); big: backend's
# inbox holds 100,000 messages, all done but the last five.
mkdir -p "$work/shell" "$work/small" "$work/big"
for board in shell small big; do "$COORD" init -C "$work/$board" --timezone UTC >/dev/null; done
for n in 1 2 3; do
  COORD_AGENT="worker-$n" "$COORD" lock -C "$work/small" "src/held-$n/" --intent "work $n" --ttl 4h --quiet >/dev/null
  COORD_AGENT="worker-$n" "$COORD" post -C "$work/small" "started $n" >/dev/null
  "$COORD" send -C "$work/small" backend "warm-up $n" >/dev/null 2>&1
done

echo "== generating an inbox of 100,000 messages (all done but the last five)"
started=$(date +%s%N)
mkdir -p "$work/big/.coordination/inbox"
awk 'BEGIN {
  for (i = 1; i <= 100000; i++) {
    printf "{\"actor\":\"ops\",\"at\":\"2026-11-20T%02d:%02d:%02d.000Z\",\"event\":\"message\",\"id\":\"M-%d\",\"text\":\"nightly check %d finished, 0 failures\",\"to\":\"backend\",\"v\":1}\n", int(i / 3600) % 24, int(i / 60) % 60, i % 60, i, i
    if (i % 100 == 0 && i <= 99900) {
      printf "{\"actor\":\"backend\",\"at\":\"2026-11-20T23:00:00.000Z\",\"event\":\"done\",\"ids\":["
      for (j = i - 99; j <= i; j++) printf "%s\"M-%d\"", (j > i - 99 ? "," : ""), j
      printf "],\"v\":1}\n"
    }
  }
}' >"$work/big/.coordination/inbox/backend.jsonl"
echo 100000 >"$work/big/.coordination/inbox/last-id"
finished=$(date +%s%N)
printf '   %s lines, %s, in %d ms\n' "$(wc -l <"$work/big/.coordination/inbox/backend.jsonl")" \
  "$(du -h "$work/big/.coordination/inbox/backend.jsonl" | cut -f1)" $(((finished - started) / 1000000))
# A writer saves the inbox cache (a receipt does); readers only use it.
"$COORD" inbox ack -C "$work/big" --as backend M-99996 >/dev/null

# --- Timing -------------------------------------------------------------------
csv="$work/results.txt"
: >"$csv"
measure() {
  local name="$1"
  shift
  hyperfine -N --warmup 20 --min-runs "$runs" --style basic --export-csv "$work/one.csv" "$@" >/dev/null
  awk -F, -v name="$name" 'NR == 2 { printf "%s|%.3f|%.3f\n", name, $(NF-6) * 1000, $(NF-3) * 1000 }' "$work/one.csv" >>"$csv"
}
mean() { awk -F'|' -v name="$1" '$1 == name { print $2 }' "$csv"; }
median() { awk -F'|' -v name="$1" '$1 == name { print $3 }' "$csv"; }

echo "== timing (hyperfine -N, at least $runs runs each); load: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$work/shell"
measure "shell append" "flock .coordination/.lock sh -c 'echo \"- [12:00] a: m\" >> .coordination/BULLETIN.md'"
cd "$work/small"
measure "post" "$COORD post tests pass on main"
measure "send" "$COORD send backend 'tests pass on main'"
measure "send --key" "$COORD send backend disk-alert --key disk --urgent"
cd "$work/big"
measure "inbox --unread (100,000)" "$COORD inbox --as backend --unread"
cp .coordination/.state/inbox/backend.idx "$work/backend.idx"
rm .coordination/.state/inbox/backend.idx
measure "inbox --unread, no cache" "$COORD inbox --as backend --unread"
cp "$work/backend.idx" .coordination/.state/inbox/backend.idx
echo "   load after timing: $(cut -d' ' -f1-3 /proc/loadavg)"

post=$(mean post)
shell=$(mean "shell append")
printf '\n%-28s %10s %10s %9s %9s\n' "command" "mean ms" "median ms" "x post" "x shell"
while IFS='|' read -r name m med; do
  awk -v n="$name" -v m="$m" -v med="$med" -v p="$post" -v s="$shell" \
    'BEGIN { printf "%-28s %10.3f %10.3f %9.2f %9.2f\n", n, m, med, m / p, m / s }'
done <"$csv"

status=0
check() { # check LABEL VALUE LIMIT
  if awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }'; then echo "PASS  $1: $2 <= $3"; else echo "FAIL  $1: $2 > $3"; status=1; fi
}
echo
check "send / post (mean)" "$(awk -v a="$(mean send)" -v b="$post" 'BEGIN { printf "%.2f", a / b }')" 1.2
check "inbox --unread on 100,000 messages, mean ms" "$(mean "inbox --unread (100,000)")" 10

# --- Instructions (load-independent) -------------------------------------------
if command -v valgrind >/dev/null 2>&1; then
  strip --strip-debug -o "$work/coord" "$COORD"
  count() {
    local out="$work/cg"
    rm -rf "$out" && mkdir -p "$out"
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/cg.%p" "$@" >/dev/null 2>"$out/log" || true
    cat "$out"/cg.* | awk '/^summary:/ { total += $2 } END { print total }'
  }
  echo
  echo "== instructions (callgrind, child processes included)"
  cd "$work/shell"; b=$(count flock .coordination/.lock sh -c 'echo "- [12:00] a: m" >> .coordination/BULLETIN.md')
  cd "$work/small"; p=$(count "$work/coord" post tests pass on main); s=$(count "$work/coord" send backend "tests pass on main")
  cd "$work/big"; u=$(count "$work/coord" inbox --as backend --unread)
  awk -v b="$b" -v p="$p" -v s="$s" -v u="$u" 'BEGIN {
    printf "%-28s %14s %9s %9s\n", "command", "instructions", "x post", "x shell"
    printf "%-28s %14d %9.2f %9.2f\n", "shell append", b, b / p, 1
    printf "%-28s %14d %9.2f %9.2f\n", "post", p, 1, p / b
    printf "%-28s %14d %9.2f %9.2f\n", "send", s, s / p, s / b
    printf "%-28s %14d %9.2f %9.2f\n", "inbox --unread (100,000)", u, u / p, u / b
  }'
fi
exit $status
