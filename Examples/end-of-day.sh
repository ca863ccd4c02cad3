#!/usr/bin/env bash
# End of the day: synthesize what happened on the board into one report,
# kept at .coordination/synthesis/YYYY-MM-DD.md, and hand it to a summariser.
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
export COORD_NOW=2026-11-20T08:00:00+01:00
coord init --timezone Europe/Berlin >/dev/null

# A small day on the board: a worker, a lock, a decision, a cron job.
COORD_NOW=2026-11-20T09:00:00+01:00 COORD_AGENT=lead coord launch --workers 1 --domains auth --goal "Ship login" >/dev/null
COORD_NOW=2026-11-20T09:05:00+01:00 COORD_AGENT=worker-1-auth coord lock src/auth/ --intent "auth endpoints" --ttl 4h --quiet >/dev/null
COORD_NOW=2026-11-20T10:00:00+01:00 COORD_AGENT=lead coord decide "Sessions are JWTs" --context "login" --rationale "stateless" >/dev/null
COORD_NOW=2026-11-20T11:40:00+01:00 COORD_AGENT=worker-1-auth coord worker update --completed "auth endpoints; PR #42" \
  --discovery "token refresh must be idempotent" --files src/auth/routes.swift >/dev/null
COORD_NOW=2026-11-20T11:45:00+01:00 COORD_AGENT=worker-1-auth coord unlock src/auth/ --quiet >/dev/null
echo "- [12:00] nightly: backup done" >> .coordination/BULLETIN.md   # a cron job, by hand

# 1. The report for the day: printed, and kept on the board.
COORD_NOW=2026-11-20T23:55:00+01:00 coord synthesize --date 2026-11-20 > report.md
echo "the report went to: $(ls .coordination/synthesis/)"
cmp report.md .coordination/synthesis/2026-11-20.md
grep -q '^## Headline' report.md                             # what shipped, what is blocked
grep -q '^## Needs you' report.md                            # the commands to run
grep -q '^## Timeline' report.md
grep -q '| nightly | 1 | 12:00 | 12:00 | by hand or cron |' report.md
grep -q '^### auth (active)' report.md                       # per worker
grep -q 'src/auth`: worker-1-auth, 09:05–11:45 (released' report.md   # locks
grep -q 'ADR-001 accepted: Sessions are JWTs' report.md       # decisions

# 2. Machines read the same content as JSON.
COORD_NOW=2026-11-20T23:55:00+01:00 coord synthesize --date 2026-11-20 --json | grep -q '"workers_total" : 1'

# 3. A summariser (here `head -1`; a local LLM CLI in real life) adds a Narrative
#    section; if it fails or hangs past --via-timeout, the report is kept anyway.
COORD_NOW=2026-11-20T23:55:00+01:00 coord synthesize --date 2026-11-20 --via "head -1" --via-timeout 30s >/dev/null
grep -q '^## Narrative' .coordination/synthesis/2026-11-20.md
COORD_NOW=2026-11-20T23:55:00+01:00 coord synthesize --date 2026-11-20 --via "false" 2>/dev/null >/dev/null
grep -q 'No narrative' .coordination/synthesis/2026-11-20.md

# 4. "What happened while I wasn't looking": the last three hours, printed only.
COORD_NOW=2026-11-20T12:30:00+01:00 coord synthesize --since 3h | grep -q 'Completed (11:40): auth endpoints'
echo "end of day: ok"
