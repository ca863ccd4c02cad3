#!/usr/bin/env bash
# Runs every example the way a newcomer does, as CI does: from the clone's
# root, with only coord on PATH. Each example works in a scratch folder of its
# own and exits non-zero when something is wrong.
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
  log="$(mktemp /tmp/coord-example-XXXXXX)"
  if (cd "$root" && env -i HOME="${HOME:-/tmp}" PATH="$(dirname "$COORD"):/usr/bin:/bin" "$example") >"$log" 2>&1; then
    echo "example $name: ok"
  else
    echo "example $name: FAILED"; sed 's/^/    /' "$log"; status=1
  fi
  rm -f "$log"
done
# The sample board must be what the generator produces today.
"$here/make-sample-board.sh" --check
exit $status
