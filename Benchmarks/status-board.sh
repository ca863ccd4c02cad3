# Sourced by status.sh: fills the large board's journals in their on-disk
# formats, as fast as awk prints them, then lets coord do what it does on a
# real board (the first lock command compacts the lock history).
# shellcheck shell=bash

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lock-history.sh"

# make_large_board WORKSPACE: 100,000 lock events and 50 workers with 200 records each.
make_large_board() {
  local workspace="$1" board="$1/.coordination"
  write_lock_history "$board/locks.jsonl"
  # Ten live locks on top (the first of them compacts the history into archive/).
  for n in $(seq 1 10); do
    COORD_AGENT="worker-$n-domain-$n" "$COORD" lock -C "$workspace" "src/live-$n/" --intent "live work $n" --ttl 4h --quiet >/dev/null
  done

  # 50 workers, launched by coord, then 200 records each in the journal format.
  local domains
  domains="$(seq -s, -f 'domain-%g' 1 50)"
  COORD_AGENT=lead COORD_NOW="2026-11-21T06:00:00Z" "$COORD" launch -C "$workspace" --domains "$domains" \
    --goal "A large board for the status benchmark" >/dev/null
  for n in $(seq 1 50); do
    awk -v n="$n" 'BEGIN {
      agent = sprintf("worker-%d-domain-%d", n, n)
      for (i = 1; i <= 200; i++) {
        minute = int(i * 300 / 200)
        at = sprintf("2026-11-21T%02d:%02d:%02d.000Z", 6 + int(minute / 60), minute % 60, i % 60)
        blocked = (n % 10 == 0 && i == 200)
        blockers = blocked ? "[\"waiting for domain-" (n - 1) "\"]" : "[]"
        status = blocked ? "blocked" : "active"
        extra = blocked ? ",\"blockers\":[\"waiting for domain-" (n - 1) "\"]" : ""
        printf "{\"agent\":\"%s\",\"at\":\"%s\"%s,\"completed\":[\"step %d of the plan, with a sentence of detail as workers write\"],\"context\":%d,\"files\":[\"src/domain-%d/file-%d.swift\"],\"id\":\"%08x%08x\",\"kind\":\"update\",\"next\":[\"step %d\"],\"state\":{\"agent\":\"%s\",\"blockers\":%s,\"context\":%d,\"number\":%d,\"status\":\"%s\"},\"v\":1}\n", agent, at, extra, i, i % 90, n, i, n, i, i + 1, agent, blockers, i % 90, n, status
      }
    }' >> "$board/workers/domain-$n.jsonl"
  done
  # Decisions: a few in every state.
  for n in $(seq 1 5); do
    COORD_AGENT=lead "$COORD" decide -C "$workspace" "Decision number $n" --context "benchmark" --rationale "realism" >/dev/null
  done
  COORD_AGENT=lead "$COORD" decide -C "$workspace" "A proposal" --proposed --context "benchmark" --rationale "realism" >/dev/null
}
