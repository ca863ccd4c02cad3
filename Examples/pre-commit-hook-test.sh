#!/usr/bin/env bash
# Drives Examples/pre-commit-hook.sh in a real git repository: a commit that
# touches someone else's locked path is refused; the holder's own commit and
# commits elsewhere go through.
#
# Needs: coord on PATH (or COORD=/path/to/coord), bash, git, grep; Examples/pre-commit-hook.sh beside it.
# Run it from anywhere: it works in a scratch folder ($WORKSPACE, else a new
# temporary one it removes afterwards) and leaves everything else as it was.
set -euo pipefail
hook="$(cd "$(dirname "$0")" && pwd)/pre-commit-hook.sh"
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
cp "$hook" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
mkdir -p src/auth docs
echo "login" > src/auth/login.swift
echo "readme" > docs/readme.md

COORD_AGENT=alice coord lock src/auth/ --intent "token refresh" --quiet >/dev/null

git add src/auth/login.swift
if COORD_AGENT=bob git commit -q -m "bob edits login" 2>bob.err; then
  echo "FAIL: bob's commit of a path alice locked went through"; exit 1
fi
grep -q "src/auth/login.swift is under alice's lock on src/auth" bob.err || { cat bob.err; exit 1; }

COORD_AGENT=alice git commit -q -m "alice edits login"   # the holder commits freely
git add docs/readme.md
COORD_AGENT=bob git commit -q -m "bob edits docs"        # elsewhere is free

[ "$(git rev-list --count HEAD)" = 2 ] || { echo "FAIL: expected 2 commits"; exit 1; }
echo "pre-commit hook: ok"
