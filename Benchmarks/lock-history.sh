# write_lock_history FILE: 100,000 lock events, 50,000 grants over 500 paths by
# 7 agents, each released 30 s later, in the lock journal's format.
write_lock_history() {
  awk 'BEGIN {
    for (i = 1; i <= 50000; i++) {
      day = 1 + int(i / 2000); hour = int(i % 2000 / 100); minute = i % 60
      at = sprintf("2026-10-%02dT%02d:%02d:00.000Z", day, hour, minute)
      later = sprintf("2026-10-%02dT%02d:%02d:30.000Z", day, hour, minute)
      until = sprintf("2026-10-%02dT%02d:%02d:00.000Z", day, hour + 2, minute)
      printf "{\"at\":\"%s\",\"event\":\"acquire\",\"expires\":\"%s\",\"holder\":\"agent-%d\",\"id\":\"a%015x\",\"intent\":\"history item %d\",\"path\":\"src/module-%d/file.swift\",\"token\":%d,\"ttl\":7200,\"v\":1}\n", at, until, i % 7, i, i, i % 500, i
      printf "{\"at\":\"%s\",\"event\":\"release\",\"holder\":\"agent-%d\",\"id\":\"b%015x\",\"path\":\"src/module-%d/file.swift\",\"token\":%d,\"v\":1}\n", later, i % 7, i, i % 500, i
    }
  }' > "$1"
}
