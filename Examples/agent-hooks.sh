#!/usr/bin/env bash
# Both guards in a scratch git repository: an agent's edit of a file another
# agent has locked is denied by `coord hook pre-edit` (the PreToolUse hook
# protocol), and so is a commit of it by `coord hook pre-commit` (installed with
# `coord hook install --git`). The holder edits and commits freely.
#
# Needs: coord on PATH (or COORD=/path/to/coord), bash, git, grep.
# Works in a scratch folder ($WORKSPACE, else a new temporary one it removes).
set -euo pipefail
COORD="${COORD:-$(command -v coord || true)}"
[ -n "$COORD" ] || { echo "$0: needs coord on PATH (or COORD=/path/to/coord)" >&2; exit 1; }
coord() { "$COORD" "$@"; }
if [ -z "${WORKSPACE:-}" ]; then
  WORKSPACE="$(mktemp -d)"
  trap 'rm -rf "$WORKSPACE"' EXIT
fi
cd "$WORKSPACE"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

git init -q repo && cd repo
coord init >/dev/null
coord hook install --git                       # writes .git/hooks/pre-commit
mkdir -p src/auth && echo "login" > src/auth/login.swift

COORD_AGENT=alice coord lock src/auth/ --intent "token refresh" --quiet >/dev/null

# What a coding agent sends before editing (Claude Code's PreToolUse event).
event="{\"hook_event_name\":\"PreToolUse\",\"cwd\":\"$PWD\",\"tool_name\":\"Edit\",\"tool_input\":{\"file_path\":\"$PWD/src/auth/login.swift\"}}"

answer="$(echo "$event" | COORD_AGENT=bob coord hook pre-edit)"
echo "bob's edit: $answer"
echo "$answer" | grep -q '"permissionDecision":"deny"' || { echo "FAIL: bob's edit was not denied"; exit 1; }
echo "$answer" | grep -q "alice's lock on src/auth" || { echo "FAIL: the reason does not name the holder"; exit 1; }

answer="$(echo "$event" | COORD_AGENT=alice coord hook pre-edit)"
[ -z "$answer" ] || { echo "FAIL: alice's own lock blocked her: $answer"; exit 1; }
echo "alice's edit: allowed (her own lock)"

echo "not json" | COORD_AGENT=bob coord hook pre-edit 2>&1 | grep -q "allowing the edit" \
  || { echo "FAIL: malformed input did not allow with a warning"; exit 1; }

git add src/auth/login.swift
if COORD_AGENT=bob git commit -q -m "bob edits login" 2>bob.err; then
  echo "FAIL: bob's commit of a path alice locked went through"; exit 1
fi
grep -q "Commit refused" bob.err || { cat bob.err; exit 1; }
echo "bob's commit: refused"
COORD_AGENT=alice git commit -q -m "alice edits login"
echo "alice's commit: ok"
echo "agent hooks: ok"
