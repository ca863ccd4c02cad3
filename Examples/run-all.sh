#!/usr/bin/env bash
# Runs every example against a scratch workspace, as CI does.
# Each example is a script that takes the coord binary from $COORD and a
# workspace from $WORKSPACE, and exits non-zero when something is wrong.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export COORD="${COORD:-$root/.build/debug/coord}"
[ -x "$COORD" ] || { echo "run-all: build coord first (swift build)" >&2; exit 1; }
status=0
for example in "$here"/*.sh; do
  name="$(basename "$example")"
  # pre-commit-hook.sh is a git hook, driven by pre-commit-hook-test.sh.
  case "$name" in run-all.sh|make-sample-board.sh|pre-commit-hook.sh) continue ;; esac
  WORKSPACE="$(mktemp -d /tmp/coord-example-XXXXXX)"
  export WORKSPACE
  if (cd "$WORKSPACE" && bash "$example") >"$WORKSPACE.log" 2>&1; then
    echo "example $name: ok"
  else
    echo "example $name: FAILED"; sed 's/^/    /' "$WORKSPACE.log"; status=1
  fi
  rm -rf "$WORKSPACE" "$WORKSPACE.log"
done
# The sample board must be what the generator produces today.
"$here/make-sample-board.sh" --check
exit $status
