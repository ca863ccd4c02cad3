#!/usr/bin/env bash
# Before architecture work, an agent reads the decisions it has not taken in,
# acknowledges them, and only then decides something new.
#
# Needs: coord on PATH (or COORD=/path/to/coord), bash, grep, awk.
# Run it from anywhere: it works in a scratch folder ($WORKSPACE, else a new
# temporary one it removes afterwards) and leaves everything else as it was.
set -euo pipefail
COORD="${COORD:-$(command -v coord || true)}"
[ -n "$COORD" ] || { echo "$0: needs coord on PATH (or COORD=/path/to/coord)" >&2; exit 1; }
coord() { "$COORD" "$@"; }
if [ -z "${WORKSPACE:-}" ]; then
  WORKSPACE="$(mktemp -d)"
  trap 'rm -rf "$WORKSPACE"' EXIT
fi
cd "$WORKSPACE"
# expect PATTERN COMMAND…: run it, and fail loudly unless its output matches.
# (Capturing first avoids a pipe into grep -q, whose early exit would be a SIGPIPE.)
expect() {
  local pattern="$1" out; shift
  out="$("$@")"
  grep -q -- "$pattern" <<<"$out" || { echo "expected '$pattern' from: $*" >&2; echo "$out" >&2; exit 1; }
}
coord init >/dev/null

# Earlier, the main session decided the graph store.
COORD_AGENT=main-session coord decide "FalkorDB + CQRS write pattern" \
  --context "v2 graph database selection" \
  --rationale "Single-writer lock becomes a design feature with a Redis queue" --tag storage >/dev/null

# Now the mayor is about to touch the storage layer.
export COORD_AGENT=gastown-mayor
# 1. What has been decided that I do not know yet?
unacked="$(coord decisions --unacked)"
echo "$unacked"
ids="$(printf '%s\n' "$unacked" | awk '/^ADR-[0-9]+ / {print $1}')"
[ "$ids" = "ADR-001" ] || { echo "expected ADR-001 to be unacknowledged, got: $ids" >&2; exit 1; }
# 2. Read each one in full, then acknowledge them.
for id in $ids; do coord decision show "$id"; done
# shellcheck disable=SC2086
coord ack $ids
expect "Nothing to acknowledge" coord decisions --unacked
# 3. Decide within them: propose a change that would replace ADR-001.
new="$(coord decide "Move the write queue from Redis to NATS" --proposed --supersedes ADR-001 \
  --context "Redis queue latency under polecat bursts" --rationale "NATS gives per-subject ordering" | awk 'NR == 1 {print $2}')"
[ "$new" = "ADR-002" ] || { echo "expected ADR-002, got $new" >&2; exit 1; }
# 4. A person approves it; the old decision is superseded, and the links go both ways.
coord approve "$new" --as alice >/dev/null
expect "Superseded: by ADR-002" coord decision show ADR-001
expect '"superseded_by" : "ADR-002"' coord decisions --json
# Everyone else sees the new decision as unacknowledged; the bulletin says what happened.
COORD_AGENT=dream-cycle expect "^ADR-002 " coord decisions --unacked
expect "alice: approved ADR-002: Move the write queue from Redis to NATS (supersedes ADR-001)" coord read
echo "check decisions before architecture: ok"
