#!/usr/bin/env bash
# A board across hosts: grant latency through a git remote, and what a remote
# costs a post, each against a baseline measured in the same run.
#
#   Benchmarks/multi-host.sh                 uses .build/debug/coord (swift build first)
#   COORD=/path/to/coord Benchmarks/multi-host.sh
#   ROUNDS=30 POSTS=200 Benchmarks/multi-host.sh   (defaults)
#
# Grant latency: in each round, N hosts (workspace folders, each with its own
# .coordination/) start `coord lock` at the same moment on N different paths,
# so every one is granted and all N contend for the one exclusive ref (a
# rejected push is retried). Each process's wall time, spawn to exit, is one
# sample; median and p90 over ROUNDS rounds, for N = 1, 2, 4, over file:// and
# over git:// (a `git daemon` on loopback), and the same harness on a local
# board (no remote) as the baseline.
#
# Post cost: POSTS single `coord post` calls on a board with a remote against
# one without, interleaved (a post never touches the network).
# The machine's load (uptime) is printed with the figures. Not a test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
COORD="${COORD:-$root/.build/debug/coord}"
[ -x "$COORD" ] || { echo "multi-host.sh: build coord first (swift build) or set COORD" >&2; exit 1; }
command -v git >/dev/null || { echo "multi-host.sh: needs git" >&2; exit 1; }
rounds="${ROUNDS:-30}"
posts="${POSTS:-200}"
work="$(mktemp -d /tmp/coord-bench-multihost-XXXXXX)"
daemon=""
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; rm -rf "$work"; }
[ -n "${KEEP:-}" ] && echo "keeping $work" || trap cleanup EXIT
unset COORD_WORKSPACE NO_COLOR COORD_NOW
export COORD_AGENT=bench

echo "== coord: $COORD"
echo "== load before: $(uptime)"

# A git daemon on loopback serving $work (receive-pack enabled), on a free port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if [ -x /usr/lib/git-core/git-daemon ] || git daemon --help >/dev/null 2>&1; then
  git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$work" --export-all \
    --enable=receive-pack "$work" >/dev/null 2>&1 &
  daemon=$!
fi

# make_remote NAME: a bare remote that refuses rewrites and deletions.
make_remote() {
  git init --bare --quiet "$work/$1.git"
  git -C "$work/$1.git" config receive.denyNonFastForwards true
  git -C "$work/$1.git" config receive.denyDeletes true
}

# make_hosts PREFIX COUNT URL: COUNT boards, each with the remote URL ("" for none).
make_hosts() {
  for i in $(seq 1 "$2"); do
    mkdir -p "$work/$1-$i"
    "$COORD" init -C "$work/$1-$i" --timezone UTC >/dev/null
    [ -n "$3" ] && "$COORD" remote add origin "$3" -C "$work/$1-$i" >/dev/null
  done
  return 0
}

# race PREFIX COUNT LABEL: ROUNDS rounds of COUNT simultaneous grants; prints median and p90.
race() {
  python3 - "$COORD" "$work" "$1" "$2" "$rounds" "$3" <<'PY'
import os, subprocess, sys, time
coord, work, prefix, count, rounds, label = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
samples, failures = [], 0
for r in range(rounds):
    started = []
    for i in range(1, count + 1):
        t = time.monotonic()
        p = subprocess.Popen([coord, "lock", f"bench/r{r}/h{i}", "--intent", "bench", "--ttl", "1m", "--quiet",
                              "-C", f"{work}/{prefix}-{i}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append((t, p))
    for t, p in started:
        p.wait()
        samples.append(time.monotonic() - t)
        if p.returncode != 0:
            failures += 1
samples.sort()
med = samples[len(samples) // 2] * 1000
p90 = samples[int(len(samples) * 0.9)] * 1000
print(f"{label:<34} hosts={count}  grants={len(samples):4d}  failed={failures}  median={med:7.1f} ms  p90={p90:7.1f} ms", flush=True)
PY
}

echo "== grant latency ($rounds rounds; N hosts lock N different paths at once)"
make_hosts local 4 ""
for n in 1 2 4; do race local "$n" "local board (baseline)"; done
for n in 1 2 4; do
  make_remote "file-$n"
  make_hosts "file$n" "$n" "file://$work/file-$n.git"
  race "file$n" "$n" "file:// remote"
done
if [ -n "$daemon" ]; then
  for n in 1 2 4; do
    make_remote "daemon-$n"
    make_hosts "git$n" "$n" "git://127.0.0.1:$port/daemon-$n.git"
    race "git$n" "$n" "git:// remote (git daemon, loopback)"
  done
fi

echo "== post cost ($posts posts each, interleaved)"
python3 - "$COORD" "$work/local-1" "$work/file1-1" "$posts" <<'PY'
import subprocess, sys, time
coord, local, remote, posts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = {"without a remote": [], "with a remote": []}
for i in range(posts):
    for label, board in (("without a remote", local), ("with a remote", remote)):
        t = time.monotonic()
        subprocess.run([coord, "post", f"bench post {i}", "-C", board], check=True, stdout=subprocess.DEVNULL)
        times[label].append(time.monotonic() - t)
medians = {}
for label, samples in times.items():
    samples.sort()
    medians[label] = samples[len(samples) // 2] * 1000
    print(f"post {label:<18} median={medians[label]:6.2f} ms  p90={samples[int(len(samples) * 0.9)] * 1000:6.2f} ms")
print(f"post with a remote / without: {medians['with a remote'] / medians['without a remote']:.2f}x")
PY
echo "== load after: $(uptime)"
