# After the refresh bug: direct messages. The bulletin is for everyone; a message is
# for one agent, and the sender can see whether it was read and acted on.
# Each recipient's inbox is .coordination/inbox/AGENT.jsonl; see docs/messages.md.
backend() { COORD_AGENT=worker-1-backend-api "$COORD" "$@" >/dev/null; }
frontend() { COORD_AGENT=worker-2-frontend-ui "$COORD" "$@" >/dev/null; }
infra() { COORD_AGENT=worker-3-infrastructure "$COORD" "$@" >/dev/null; }

at 18:05; backend send worker-2-frontend-ui "refresh now answers 401 for an expired access token (9e7f3a1); please retest the client" \
  --subject "refresh fixed"
# A monitor repeats its alert every few minutes: with --key, repeats of an unread alert fold into a count.
at 18:10; infra send worker-1-backend-api "staging database at 91% disk" --key staging-disk --urgent --expires 12h
at 18:15; infra send worker-1-backend-api "staging database at 92% disk" --key staging-disk --urgent --expires 12h
at 18:20; infra send worker-1-backend-api "staging database at 93% disk" --key staging-disk --urgent --expires 12h
# The frontend reads its message (listing alone marks nothing), then reports it done with a reply.
at 18:25; frontend inbox ack M-1
at 18:40; frontend inbox done M-1 --note "client retested: 401 then refresh, green"
at 18:41; frontend send worker-1-backend-api "retested: green" --reply-to M-1
# A mention: @worker-3-infrastructure in a post reaches that agent's inbox, linked to the entry.
at 18:45; backend post "@worker-3-infrastructure staging disk alert seen; rotating logs after the release"
