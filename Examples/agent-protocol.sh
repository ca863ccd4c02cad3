#!/usr/bin/env bash
# The protocol an agent follows: read before acting, post after acting.
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
export COORD_AGENT=docs-bot
coord init >/dev/null
# 1. Read what happened recently before starting.
coord read --since 2h
# 2. Do the work (here: nothing), then log the action, not the intention.
coord post "Regenerated API reference (docs/api.md)"
# 3. Machines read JSON.
coord read --json --limit 1 | grep -q '"message":"Regenerated API reference (docs/api.md)"'
# A cron job may append by hand in the same grammar, and coord reads it.
# With the date, so a line written before anyone posts today is not read as
# yesterday's (the board here keeps the system's time zone, as date does).
echo "- [$(date '+%Y-%m-%d %H:%M')] nightly: backup done" >> .coordination/BULLETIN.md
coord read --agent nightly --json | grep -q '"by_hand":true'
echo "agent protocol: ok"
