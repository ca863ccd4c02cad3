# Evening: the meta-observer. Cron runs `coord observe` (Examples/crontab.example);
# each pass reports what changed since the previous one and posts to the bulletin
# only for blocking problems: once when one appears, once when it clears.
# The observer's cursor and log are in .coordination/observer/; see what it
# saw with `coord -C .coordination-sample status`.
observe() { COORD_AGENT= "$COORD" observe --stale-after 3h >/dev/null; }
backend() { COORD_AGENT=worker-1-backend-api "$COORD" "$@" >/dev/null; }
frontend() { COORD_AGENT=worker-2-frontend-ui "$COORD" "$@" >/dev/null; }

# The first pass starts the cursor: history is not news.
at 16:40; observe
# The frontend hits a bug in the API it was handed; the backend picks the bug up,
# and both now name the same file.
at 16:45; frontend worker update --blocker "refresh returns 500 for an expired access token" \
  --files src/auth/client.ts,src/ui/session.ts --context 39
at 16:50; backend lock src/auth/refresh.swift --intent "500 on an expired access token" --ttl 2h --quiet
backend worker update --note "picking up the refresh bug" --files src/auth/refresh.swift,src/auth/client.ts
# Two blocking problems: a blocker and a collision risk. One bulletin line each.
at 17:00; observe
# Still there half an hour later: nothing more is posted.
at 17:30; observe
at 17:35; backend worker update --completed "refresh answers 401, not 500, for an expired access token" \
  --commits 9e7f3a1 --files src/auth/refresh.swift
at 17:40; frontend worker update --unblocked --completed "token refresh on 401" --context 41
# Both problems have cleared: one line each says so.
at 18:00; observe
# The observers' flock file is machine-local, like .coordination/.lock.
rm -f .coordination/observer/.lock
