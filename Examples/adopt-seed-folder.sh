#!/usr/bin/env bash
# A team kept BULLETIN.md, LOCKS.json and DECISIONS.json by hand. coord adopts
# the folder without losing a field, and can write the JSON files back for
# tools that only read those.
#
# Needs: coord on PATH (or COORD=/path/to/coord), bash, grep.
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
export COORD_AGENT=main-session COORD_NOW="2026-02-07T03:20:00+11:00"
mkdir -p handmade
cat > handmade/BULLETIN.md <<'MD'
## 2026-02-07

- [02:48] gastown/polecat: Completed bead mm-slx (Remove SQLite/ChromaDB) → PR #31
- [03:00] dream-cycle: Starting — reviewing designs
MD
cat > handmade/LOCKS.json <<'JSON'
{"locks": [{"path": "~/gt/mcp_memory/", "holder": "gastown-mayor",
            "since": "2026-02-07T02:10:00+11:00", "intent": "v2 cognitive architecture refactoring"}]}
JSON
cat > handmade/DECISIONS.json <<'JSON'
{"decisions": [{"id": "ADR-001", "date": "2026-02-06", "context": "v2 graph database selection",
                "decision": "FalkorDB + CQRS write pattern",
                "rationale": "Single-writer lock becomes design feature with Redis queue",
                "source": "main-session", "propagated_to": ["gastown-mayor", "memory"]}]}
JSON
coord init --timezone +11:00 >/dev/null
# The lock has no expiry, so it gets the default 2h from its since, and the import says so.
coord import handmade | tee import.txt
grep -q "expires 2026-02-07T04:10:00+11:00" import.txt
# A second run finds everything already there.
expect "Nothing new" coord import handmade
# gastown-mayor was in propagated_to, so it has nothing to acknowledge; a polecat has.
COORD_AGENT=gastown-mayor expect "Nothing to acknowledge" coord decisions --unacked
COORD_AGENT=polecat expect "^ADR-001 " coord decisions --unacked
expect "PR #31" coord read --agent gastown/polecat
# Export for tools that read only the seed's files.
coord export exported
grep -q '"propagated_to" : \[' exported/DECISIONS.json
grep -q '"since" : "2026-02-07T02:10:00+11:00"' exported/LOCKS.json
echo "adopt seed folder: ok"
