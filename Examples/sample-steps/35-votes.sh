# Before noon: a proposal put to a vote. Three of four named agents must vote;
# one changes its mind before the quorum (both votes stay in the history), and
# the third vote closes it as accepted, with the tally, in one write.
at 11:00; COORD_AGENT=main-session "$COORD" decide "Embedding cache lives in FalkorDB's vector index" --proposed \
  --quorum 3 --voters main-session,gastown-mayor,dream-cycle,gastown-polecat \
  --context "ADR-003 was rejected; bead start-up still waits on embedding lookups" \
  --rationale "FalkorDB is already the one store; its vector index serves 50K embeddings" --tag storage,cache >/dev/null
at 11:05; COORD_AGENT=gastown-mayor "$COORD" vote ADR-006 yes >/dev/null
at 11:10; COORD_AGENT=dream-cycle "$COORD" vote ADR-006 no --reason "an index rebuild would block the nightly dream cycle" >/dev/null
at 11:20; COORD_AGENT=dream-cycle "$COORD" vote ADR-006 yes --reason "rebuilds are incremental; checked on the staging graph" >/dev/null
at 11:30; COORD_AGENT=gastown-polecat "$COORD" vote ADR-006 yes >/dev/null
