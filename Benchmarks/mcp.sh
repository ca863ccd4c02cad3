#!/usr/bin/env bash
# MCP benchmark: does `coord mcp` start as fast as a `coord post` and answer a
# tools/call post on a warm server in under half the time of `coord post`?
#
#   Benchmarks/mcp.sh                    build the static release binary and run
#   COORD=/path/to/coord Benchmarks/mcp.sh   use that binary instead
#
# Every figure comes from one Python harness (standard library only) that
# spawns processes and talks JSON-RPC over pipes, so the baseline `coord post`
# and the server pay the same spawning costs. Prints the ratios and PASS/FAIL.
# Not a test: timings depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

if [ -z "${COORD:-}" ]; then
  flags=(-c release --static-swift-stdlib -Xswiftc -static-executable)
  echo "== building the static release binary"
  (cd "$root" && swift build "${flags[@]}" >/dev/null)
  COORD="$(cd "$root" && swift build "${flags[@]}" --show-bin-path)/coord"
fi
[ -x "$COORD" ] || { echo "mcp.sh: $COORD is not executable" >&2; exit 1; }

work="$(mktemp -d /tmp/coord-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
unset COORD_WORKSPACE COORD_NOW NO_COLOR
export COORD_AGENT=bench
"$COORD" init -C "$work" --timezone UTC >/dev/null
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/mcp-driver.py" "$COORD" "$work" "${ROUNDS:-300}"
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)"
