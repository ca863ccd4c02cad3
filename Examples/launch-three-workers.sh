#!/usr/bin/env bash
# The Meta-Observer pattern end to end: launch three workers and an observer,
# then run the workers as background processes that coordinate only through
# the board. infrastructure builds the schema; backend-api blocks on it, then
# hands its API to frontend-ui, which waits for that handoff.
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
coord init >/dev/null

COORD_AGENT=lead coord launch --workers 3 --domains backend-api,frontend-ui,infrastructure \
  --goal "Implement authentication feature"
for brief in worker-1-backend-api worker-2-frontend-ui worker-3-infrastructure; do
  grep -q "export COORD_AGENT=$brief" ".agents/briefs/$brief.md"
done
ls .agents/briefs/meta-observer-*.md >/dev/null

# Waits (at most 60 s) until a command succeeds: how a worker notices another's trail.
await() {
  local deadline=$((SECONDS + 60))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep 0.1
  done
}
# (Output is captured before grep, so an early grep exit cannot SIGPIPE coord.)
is_complete() { local out; out="$(coord worker show "$1" --json)"; grep -q '^  "status" : "complete"' <<<"$out"; }
has_received() { local out; out="$(coord worker show "$1" --json)"; grep -q '"kind" : "received"' <<<"$out"; }

infrastructure() {
  export COORD_AGENT=worker-3-infrastructure
  coord worker update --completed "users table migration" --files db/migrations/001_users.sql --context 15
  coord worker update --completed "signing keys in the vault (auth/jwt)" \
    --discovery "secrets belong in the vault, never in .env" --impact "backend-api can sign tokens" --context 30
  coord worker done --report "schema migrated; keys at vault path auth/jwt, rotated weekly"
}

backend() {
  export COORD_AGENT=worker-1-backend-api
  coord worker update --completed "JWT signing" --discovery "bcrypt cost 12 takes 250 ms per login" \
    --context 20 --next "login endpoint"
  coord worker update --blocker "need the users table from infrastructure"
  await is_complete infrastructure
  coord worker update --unblocked --completed "login and refresh endpoints" --commits 3f2a9c1 --context 38
  coord worker handoff --to frontend-ui --artifacts docs/api.md,openapi.yaml --note "endpoints live on staging"
}

frontend() {
  export COORD_AGENT=worker-2-frontend-ui
  coord worker update --completed "login form" --context 18 --next "protected routes, once the API is live"
  await has_received frontend-ui
  coord worker update --completed "protected routes against the live API" --context 33
  coord worker done --report "login UI and protected routes shipped"
}

infrastructure > infrastructure.log 2>&1 & infra_pid=$!
backend > backend.log 2>&1 & backend_pid=$!
frontend > frontend.log 2>&1 & frontend_pid=$!
status=0
for pid in $infra_pid $backend_pid $frontend_pid; do wait "$pid" || status=1; done
[ $status -eq 0 ] || { cat ./*.log >&2; exit 1; }

# What the observer sees.
COORD_AGENT=meta-observer coord workers
workers="$(coord workers --json | tr -d ' \n')"
grep -q '"domain":"backend-api"[^}]*"status":"handed-off"' <<<"$workers"
grep -q '"domain":"frontend-ui"[^}]*"status":"complete"' <<<"$workers"
grep -q '"domain":"infrastructure"[^}]*"status":"complete"' <<<"$workers"
bulletin="$(coord read)"
grep -q "worker-1-backend-api: backend-api handed off to frontend-ui: docs/api.md, openapi.yaml" <<<"$bulletin"
grep -q "BLOCKED: need the users table from infrastructure" <<<"$bulletin"
grep -q "worker-3-infrastructure: infrastructure complete:" <<<"$bulletin"
timeline="$(coord worker show frontend-ui)"
grep -q "received from backend-api" <<<"$timeline"
echo "launch three workers: ok"
