#!/usr/bin/env bash
# A git pre-commit hook: refuses a commit that changes paths another agent
# has locked on the board. Your own locks never block you.
#
# Install it in a repository whose root holds .coordination/:
#   cp Examples/pre-commit-hook.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# Each agent commits with COORD_AGENT set to its own name. Set COORD to the
# coord binary if it is not on PATH. Override once with: git commit --no-verify
set -euo pipefail
coord="${COORD:-coord}"
cd "$(git rev-parse --show-toplevel)"
# No board here: nothing to check.
[ -d .coordination ] || exit 0

# Added, copied, deleted, modified, renamed and retyped paths, NUL-separated (any name is safe).
mapfile -d '' paths < <(git diff --cached --name-only -z --diff-filter=ACDMRT)
[ "${#paths[@]}" -gt 0 ] || exit 0

status=0
"$coord" check --quiet -- "${paths[@]}" >&2 || status=$?
case "$status" in
  0) exit 0 ;;
  3) echo "pre-commit: the paths above are locked by someone else; coordinate with the holder (coord locks), or commit with --no-verify." >&2
     exit 1 ;;
  *) # A broken board must not stop all work: say so and let the commit through.
     echo "pre-commit: coord check failed with status $status; not blocking this commit." >&2
     exit 0 ;;
esac
