#!/usr/bin/env bash
# coord observe the way cron runs it: the command from Examples/crontab.example,
# run several times over a scripted morning. It stays silent while nothing is
# stuck, posts ONE bulletin line when a worker gets blocked however often it
# runs, and one when the blocker clears.
#
# Needs: coord on PATH (or COORD=/path/to/coord), bash, grep; Examples/crontab.example beside it.
# Run it from anywhere: it works in a scratch folder ($WORKSPACE, else a new
# temporary one it removes afterwards) and leaves everything else as it was.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
COORD="${COORD:-$(command -v coord || true)}"
[ -n "$COORD" ] || { echo "$0: needs coord on PATH (or COORD=/path/to/coord)" >&2; exit 1; }
coord() { "$COORD" "$@"; }
if [ -z "${WORKSPACE:-}" ]; then
  WORKSPACE="$(mktemp -d)"
  trap 'rm -rf "$WORKSPACE"' EXIT
fi
cd "$WORKSPACE"
fail() { echo "observe-cron: $*" >&2; exit 1; }

COORD_NOW="2026-11-21T09:00:00Z" coord init --timezone UTC >/dev/null
# The crontab line, minus its schedule and `cd /srv/project &&`: what cron would run here.
line="$(grep -v '^#' "$here/crontab.example" | grep -m1 'coord observe')"
read -r -a arguments <<< "${line#*&& coord }"
[ "${arguments[0]}" = observe ] || fail "no 'coord observe' line in crontab.example"
cron() { COORD_NOW="2026-11-21T$1:00Z" COORD_AGENT= coord "${arguments[@]}"; }
at() { export COORD_NOW="2026-11-21T$1:00Z"; }

at 09:00; COORD_AGENT=lead coord launch --workers 2 --domains api,web --goal "Ship login" >/dev/null
[ -z "$(cron 09:05)" ] || fail "the first pass should print nothing with --quiet"

at 09:10; COORD_AGENT=worker-2-web coord worker update --blocker "login API returns 500" >/dev/null
out="$(cron 09:15)"
echo "$out"
grep -q "new      BLOCKER" <<< "$out" || fail "the blocker was not reported"
for time in 09:30 10:00 10:30; do
  [ -z "$(cron "$time")" ] || fail "a persisting problem was reported again at $time"
done
[ "$(grep -c 'observer: blocking: web is blocked' .coordination/BULLETIN.md)" = 1 ] || fail "the blocker was not posted exactly once"

at 10:40; COORD_AGENT=worker-2-web coord worker update --unblocked --note "API fixed" >/dev/null
out="$(cron 11:00)"
echo "$out"
grep -q "cleared  BLOCKER" <<< "$out" || fail "the clearing was not reported"
[ -z "$(cron 11:15)" ] || fail "the clearing was reported twice"
[ "$(grep -c 'observer: cleared: web is blocked' .coordination/BULLETIN.md)" = 1 ] || fail "the clearing was not posted exactly once"

# Every intervention is in the observer's log.
[ "$(grep -c '"posted":\["' .coordination/observer/log.jsonl)" = 2 ] || fail "the log does not hold both interventions"
grep "observer:" .coordination/BULLETIN.md
echo "observe-cron: ok"
