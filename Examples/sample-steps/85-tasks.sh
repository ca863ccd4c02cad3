# Evening: tomorrow's task queue, before the day's report (which lists the
# tasks completed, claimed and blocked). The main session
# queues the embedding rollout with its dependencies; workers pull from it.
# One task is done, one claimed with its paths locked, one blocked, and the
# rest wait (see 'coord tasks -C .coordination-sample'). Quiet, so the
# bulletin reads the same.
at 19:00; export COORD_AGENT=main-session
"$COORD" task add "Schema for embedding rows" --priority 1 --paths src/db/embeddings/ --domain backend --quiet >/dev/null
"$COORD" task add "Backfill embeddings for existing beads" --after T-001 --domain backend --quiet >/dev/null
"$COORD" task add "Search endpoint over embeddings" --after T-001 --paths src/api/search/ --domain backend \
  --due 2026-11-21T12:00 --quiet >/dev/null
"$COORD" task add "Search box in the web UI" --after T-003 --domain frontend --quiet >/dev/null
"$COORD" task add "Release notes for embeddings" --after T-002,T-004 --priority 3 --quiet >/dev/null
"$COORD" task add "Load-test the NATS write queue" --priority 2 --tag queue --quiet >/dev/null
at 19:10; COORD_AGENT=gastown-polecat "$COORD" task claim --next --domain backend --ttl 1h --quiet >/dev/null
at 20:05; COORD_AGENT=gastown-polecat "$COORD" task done T-001 --note "migration 0042 merged" --quiet >/dev/null
at 20:10; COORD_AGENT=gastown-polecat "$COORD" task claim T-003 --lock --ttl 12h --quiet >/dev/null
at 20:20; COORD_AGENT=dream-cycle "$COORD" task block T-006 --reason "waits for the staging NATS cluster" --quiet >/dev/null
unset COORD_AGENT
