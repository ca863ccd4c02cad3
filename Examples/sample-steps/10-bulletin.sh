# The morning: people, agents and a cron job post to the bulletin.
at 08:05; COORD_AGENT=main-session "$COORD" post "Starting the day: auth feature, release prep"
at 08:12; COORD_AGENT=dream-cycle "$COORD" post "Reviewed designs; wrote multi-agent-coordination notes"
# A cron job appends by hand, in the bulletin's own grammar.
echo "- [08:30] nightly: backup done (412 MB)" >> .coordination/BULLETIN.md
at 08:41; COORD_AGENT=gastown-polecat "$COORD" post "Completed bead mm-slx (remove SQLite/ChromaDB) -> PR #31"
