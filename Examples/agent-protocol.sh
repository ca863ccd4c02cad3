#!/usr/bin/env bash
# The protocol an agent follows: read before acting, post after acting.
set -euo pipefail
coord() { "$COORD" "$@"; }
export COORD_AGENT=docs-bot
coord init >/dev/null
# 1. Read what happened recently before starting.
coord read --since 2h
# 2. Do the work (here: nothing), then log the action, not the intention.
coord post "Regenerated API reference (docs/api.md)"
# 3. Machines read JSON.
coord read --json --limit 1 | grep -q '"message":"Regenerated API reference (docs/api.md)"'
# A cron job may append by hand in the same grammar, and coord reads it.
echo "- [03:00] nightly: backup done" >> .coordination/BULLETIN.md
coord read --agent nightly --json | grep -q '"by_hand":true'
echo "agent protocol: ok"
