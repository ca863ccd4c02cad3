# Sourced by targets.sh and synthesis.sh: the busy day `coord synthesize` is measured on.
# shellcheck shell=bash

# make_busy_day WORKSPACE DAY: 100,000 bulletin lines on DAY (20 agents, every
# kind of entry) after 30 quieter days, 10,000 lock events and 10 workers with
# 1,000 observations each, in their on-disk formats.
make_busy_day() {
  local board="$1/.coordination" day="$2"
  awk -v day="$day" 'BEGIN {
    for (d = 1; d <= 30; d++) {
      printf "\n## 2026-10-%02d\n\n", d
      for (i = 0; i < 200; i++) printf "- [%02d:%02d] agent-%d: note %d of an earlier day\n", i % 24, i % 60, i % 20, i
    }
    printf "\n## %s\n\n", day
    split("Starting task|Completed task|BLOCKER: waiting on|unblocked: got|decided ADR-0|Handoff to worker|heartbeat|renewed lease on|locked src/part|progress note", kinds, "|")
    for (i = 0; i < 100000; i++) {
      minute = int(i * 1440 / 100000)
      printf "- [%02d:%02d] agent-%d: %s %d\n", minute / 60, minute % 60, i % 20, kinds[(i % 10) + 1], i % 997
    }
  }' >> "$board/BULLETIN.md"
  awk -v day="$day" 'BEGIN {
    for (i = 0; i < 5000; i++) {
      s = int(i * 86000 / 5000); h = int(s / 3600); m = int(s % 3600 / 60); sec = s % 60
      at = sprintf("%sT%02d:%02d:%02d.000Z", day, h, m, sec)
      ex = sprintf("%sT%02d:%02d:%02d.000Z", day, h, m, (sec + 30) % 60)
      printf "{\"at\":\"%s\",\"event\":\"acquire\",\"expires\":\"%s\",\"holder\":\"agent-%d\",\"id\":\"a%015d\",\"intent\":\"work %d\",\"path\":\"src/part%d\",\"token\":%d,\"ttl\":3600,\"v\":1}\n", at, ex, i % 20, i, i, i % 500, i + 1
      if (i % 10 != 9) printf "{\"at\":\"%s\",\"event\":\"release\",\"holder\":\"agent-%d\",\"id\":\"r%015d\",\"path\":\"src/part%d\",\"token\":%d,\"v\":1}\n", ex, i % 20, i, i % 500, i + 1
      else printf "{\"at\":\"%s\",\"by\":\"agent-%d\",\"event\":\"break\",\"holder\":\"agent-%d\",\"id\":\"b%015d\",\"path\":\"src/part%d\",\"reason\":\"stuck\",\"token\":%d,\"v\":1}\n", ex, (i + 1) % 20, i % 20, i, i % 500, i + 1
    }
  }' > "$board/locks.jsonl"
  mkdir -p "$board/workers"
  for w in $(seq 1 10); do
    awk -v day="$day" -v w="$w" 'BEGIN {
      printf "{\"agent\":\"worker-%d\",\"at\":\"%sT00:00:00.000Z\",\"entity\":{\"agent\":\"worker-%d\",\"domain\":\"domain-%d\",\"goal\":\"ship it\",\"name\":\"Worker Session: domain-%d\",\"number\":%d},\"id\":\"e%d\",\"kind\":\"entity\",\"state\":{\"agent\":\"worker-%d\",\"blockers\":[],\"number\":%d,\"status\":\"active\"},\"v\":1}\n", w, day, w, w, w, w, w, w, w
      for (i = 1; i < 1000; i++) {
        s = int(i * 86000 / 1000); h = int(s / 3600); m = int(s % 3600 / 60)
        printf "{\"agent\":\"worker-%d\",\"at\":\"%sT%02d:%02d:00.000Z\",\"completed\":[\"step %d of the token cache\"],\"discoveries\":[\"the cache eviction races with refresh %d\"],\"files\":[\"src/part%d/file.swift\"],\"id\":\"u%d-%d\",\"kind\":\"update\",\"state\":{\"agent\":\"worker-%d\",\"blockers\":[],\"context\":%d,\"number\":%d,\"status\":\"active\"},\"v\":1}\n", w, day, h, m, i, i % 50, (i + w) % 30, w, i, w, i % 100, w
      }
    }' > "$board/workers/domain-$w.jsonl"
  done
}
