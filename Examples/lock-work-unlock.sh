#!/usr/bin/env bash
# An agent's lock protocol: look, lock what you will change, work, renew for
# long work, unlock. Another agent sees the lock and works elsewhere.
#
# Needs: coord on PATH (or COORD=/path/to/coord), bash.
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
export COORD_AGENT=refactor-bot
coord init >/dev/null

# 1. Look before starting: who is working where?
coord locks
# 2. Lock everything you will touch, all or nothing. Exit 3 means someone
#    else holds part of it: pick other work instead of waiting on them.
if ! coord lock src/auth/ docs/auth.md --intent "split session handling" --ttl 30m; then
  echo "src/auth is busy; picking other work"; exit 1
fi
# 3. Work. Another agent checks before editing, and is told who holds it.
mkdir -p src/auth && echo "struct Session {}" > src/auth/session.swift
status=0
COORD_AGENT=docs-bot coord check src/auth/session.swift || status=$?
[ "$status" -eq 3 ] || { echo "FAIL: docs-bot should see the lock (status $status)"; exit 1; }
# Long work: renew before the TTL runs out (same token, new expiry).
coord renew --ttl 30m
# 4. Done: unlock, and the path is free for everyone.
coord unlock src/auth/ docs/auth.md
COORD_AGENT=docs-bot coord check src/auth/session.swift
# For a single command, coord run locks, renews, runs and always unlocks.
coord run --lock src/auth/ --intent "run the auth tests" -- sh -c 'echo "tests ran under token $COORD_LOCK_TOKEN"'
coord locks --all
[ "$(coord locks)" = "No locks are held." ] || { echo "FAIL: locks left behind"; exit 1; }
echo "lock-work-unlock: ok"
