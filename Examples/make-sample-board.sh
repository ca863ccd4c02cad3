#!/usr/bin/env bash
# Regenerates .coordination-sample/ by running coord for real: a small,
# realistic day on a board. Each step in sample-steps/ runs in order in one
# scratch workspace, with the clock pinned (COORD_NOW) so the board is the
# same bytes every time.
#
#   Examples/make-sample-board.sh          rewrite .coordination-sample/
#   Examples/make-sample-board.sh --check  fail if it is out of date
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export COORD="${COORD:-$root/.build/debug/coord}"
[ -x "$COORD" ] || { echo "make-sample-board: build coord first (swift build)" >&2; exit 1; }

work="$(mktemp -d /tmp/coord-sample-XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export COORD_WORKSPACE="$work"
# A lock bound to a process records its pid and host, which differ every run.
export COORD_PID=none
# `at HH:MM` pins the clock for the commands that follow it.
at() { export COORD_NOW="2026-11-20T$1:00+01:00"; }
export -f at
COORD_NOW="2026-11-20T08:00:00+01:00" "$COORD" init --timezone Europe/Berlin >/dev/null
for step in "$here"/sample-steps/*.sh; do
  # shellcheck source=/dev/null
  source "$step"
done
# Briefs live under the workspace root; the sample keeps a copy, with the
# scratch folder's path replaced by a fixed one.
if [ -d .agents/briefs ]; then
  mkdir -p .coordination/briefs
  for brief in .agents/briefs/*.md; do
    sed "s#$work#/srv/auth-workspace#g" "$brief" > ".coordination/briefs/$(basename "$brief")"
  done
fi
# Caches and the lock file are machine-local; the sample keeps only the board.
rm -rf .coordination/.state .coordination/.lock

if [ "${1:-}" = "--check" ]; then
  if diff -r "$work/.coordination" "$root/.coordination-sample" >/dev/null; then
    echo "sample board: current"
  else
    diff -r "$work/.coordination" "$root/.coordination-sample" | head -40
    echo "sample board: out of date; run Examples/make-sample-board.sh" >&2
    exit 1
  fi
else
  rm -rf "$root/.coordination-sample"
  cp -a "$work/.coordination" "$root/.coordination-sample"
  echo "wrote $root/.coordination-sample"
fi
