# Late morning: architecture decisions in every state. The main session
# decides, agents check what they have not taken in before their own
# architecture work, a proposal is approved, another rejected, and an early
# decision is superseded.
at 09:10; COORD_AGENT=main-session "$COORD" decide "FalkorDB + CQRS write pattern" \
  --context "v2 graph database selection" \
  --rationale "Single-writer lock becomes a design feature with a Redis queue" --tag storage >/dev/null
at 09:15; COORD_AGENT=gastown-mayor "$COORD" decisions --unacked >/dev/null
COORD_AGENT=gastown-mayor "$COORD" ack ADR-001 >/dev/null
at 09:40; COORD_AGENT=dream-cycle "$COORD" decide "Memory notes are append-only JSONL, one file per domain" --proposed \
  --context "Dream cycles and polecats both write memory notes" \
  --rationale "Appends never collide, and a union merge keeps every line" --tag memory >/dev/null
at 09:55; COORD_AGENT=gastown-polecat "$COORD" decide "Cache embeddings in SQLite" --proposed \
  --context "Embedding lookups dominate bead start-up" \
  --rationale "One file, no server, fast enough for 50K vectors" --tag storage,cache >/dev/null
at 10:05; COORD_AGENT=main-session "$COORD" approve ADR-002 >/dev/null
COORD_AGENT=main-session "$COORD" reject ADR-003 \
  --reason "SQLite was just removed in bead mm-slx; keep one store and cache in FalkorDB" >/dev/null
at 10:30; COORD_AGENT=main-session "$COORD" decide "FalkorDB writes go through a NATS queue" --supersedes ADR-001 \
  --context "Redis queue latency under polecat bursts" \
  --rationale "NATS gives per-subject ordering and replaces Redis, which nothing else uses" --tag storage,queue >/dev/null
at 10:35; COORD_AGENT=gastown-mayor "$COORD" ack ADR-002 ADR-004 >/dev/null
COORD_AGENT=dream-cycle "$COORD" ack ADR-004 >/dev/null
at 10:50; COORD_AGENT=dream-cycle "$COORD" decide "Nightly consolidation writes MEMORY.md from accepted decisions" --proposed \
  --context "Decisions made in Gas Town never reach MEMORY.md" \
  --rationale "One reader of the journal, once a day, instead of every agent copying by hand" --tag memory >/dev/null
