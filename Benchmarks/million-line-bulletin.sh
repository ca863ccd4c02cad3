# Sourced by bulletin.sh and targets.sh: the 1,000,000-line bulletin both measure.
# shellcheck shell=bash

# append_million_line_bulletin BULLETIN SCRATCH: 1,000,000 entries over 100 days
# ending 2026-11-21 (10,000 a day, the last day up to 11:59, so `--since 1h`
# finds a full hour), written the way a long-lived board looks: headings, blank
# lines, entries. SCRATCH is a folder for the list of days.
append_million_line_bulletin() {
  local bulletin="$1" scratch="$2"
  for back in $(seq 99 -1 0); do date -u -d "2026-11-21 -$back days" +%F; done >"$scratch/days.txt"
  awk -v per_day=10000 '
    BEGIN {
      split("main-session dream-cycle gastown-polecat nightly ci reviewer docs-bot", agents, " ")
      split("Completed bead|Reviewed PR|Started refactor of|Tests pass on|Deployed|Wrote notes on|Fixed flaky test in", verbs, "|")
      split("auth module|billing service|the scheduler|src/api/users.swift|release 2.4|the search index|docs/format.md", things, "|")
    }
    {
      printf "\n## %s\n\n", $0
      minutes = (NR == 100) ? 720 : 1440
      for (i = 0; i < per_day; i++) {
        m = int(i * minutes / per_day)
        printf "- [%02d:%02d] %s: %s %s (#%d)\n", m / 60, m % 60, agents[i % 7 + 1], verbs[i % 7 + 1], things[(i * 3) % 7 + 1], NR * per_day + i
      }
    }' "$scratch/days.txt" >>"$bulletin"
}
