# Mid-morning: agents lock what they work on. Read the board at the end of the day with
#   COORD_NOW=2026-11-20T18:30:00+01:00 coord locks --all -C .coordination-sample
# to see live locks, expired ones, a released one and a force-break.
at 09:02; COORD_AGENT=main-session "$COORD" lock src/auth/ --intent "token refresh" --ttl 3h >/dev/null
# A polecat wants a file inside it and is told who holds it (exit 3), so it works elsewhere.
at 09:05; COORD_AGENT=gastown-polecat "$COORD" lock src/auth/session.swift --intent "fix session expiry" 2>/dev/null || [ $? -eq 3 ]
at 09:06; COORD_AGENT=gastown-polecat "$COORD" lock docs/api.md --intent "document v2 endpoints" --ttl 45m >/dev/null
# The dream cycle locks the designs and then crashes: its lock simply expires at 09:40.
at 09:10; COORD_AGENT=dream-cycle "$COORD" lock designs/ --intent "nightly design review" --ttl 30m >/dev/null
at 09:20; COORD_AGENT=gastown-polecat "$COORD" lock tests/integration/ --intent "flaky test hunt" --ttl 2h >/dev/null
# A cron job holds its lock only while its command runs.
at 09:30; COORD_AGENT=nightly "$COORD" run --lock backups/ --intent "verify last night's backup" -- true
# After the expiry, another agent takes part of the designs, with a larger token.
at 10:00; COORD_AGENT=release-bot "$COORD" lock designs/roadmap.md CHANGELOG.md --intent "release 0.2 notes" --ttl 1h >/dev/null
# The polecat's session ended; its lock on the tests is broken, with a reason on record.
at 10:20; COORD_AGENT=main-session "$COORD" unlock tests/integration/ --force --reason "polecat session ended at 09:40; tests green on main" >/dev/null
