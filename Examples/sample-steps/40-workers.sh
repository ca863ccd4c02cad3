# The afternoon: three autonomous workers build the authentication feature
# (the Meta-Observer pattern). Each records its phases on its own worker; one
# raises a blocker and clears it, one hands its API on, one finishes.
lead() { COORD_AGENT=main-session "$COORD" "$@" >/dev/null; }
backend() { COORD_AGENT=worker-1-backend-api "$COORD" "$@" >/dev/null; }
frontend() { COORD_AGENT=worker-2-frontend-ui "$COORD" "$@" >/dev/null; }
infra() { COORD_AGENT=worker-3-infrastructure "$COORD" "$@" >/dev/null; }

at 13:00; lead launch --workers 3 --domains backend-api,frontend-ui,infrastructure --goal "Implement authentication feature"
at 13:25; infra worker update --completed "users table migration" --files db/migrations/001_users.sql \
  --context 15 --next "signing keys and secrets management"
at 13:40; backend worker update --completed "JWT signing and verification" \
  --discovery "bcrypt cost 12 takes 250 ms per login; tests use cost 4" --impact "the login endpoint can start" \
  --context 22 --files src/auth/jwt.swift,src/auth/keys.swift --commits 3f2a9c1 --next "login and refresh endpoints"
at 13:55; backend worker update --blocker "need the signing keys in the vault (infrastructure)"
at 14:10; frontend worker update --completed "login form with validation" \
  --discovery "the design system's text field already debounces input" --context 18 \
  --next "protected routes, once the API is live"
at 14:30; infra worker update --completed "vault path auth/jwt with weekly key rotation" \
  --discovery "secrets belong in the vault, never in .env; CI reads them through OIDC" \
  --impact "backend-api can sign tokens" --context 31
at 14:40; backend worker update --unblocked --note "keys are in the vault; continuing"
at 15:20; backend worker update --completed "login and refresh endpoints" --commits 8c1d2e4 --context 38
at 15:25; backend worker handoff --to frontend-ui --artifacts docs/api.md,openapi.yaml \
  --note "login and refresh are live on staging; access tokens expire after 15 min"
at 16:05; infra worker done --report "schema migrated; signing keys in the vault (auth/jwt), rotated weekly; runbook in docs/ops/keys.md"
at 16:30; frontend worker update --completed "protected routes against the staging API" --context 34 \
  --next "token refresh on 401"
