#!/usr/bin/env bash
# What spawning one program costs: coord's own spawn (CoordStorage's
# ExternalCommand, posix_spawnp and pipes) against swift-subprocess 1.0.2
# (`run(.name(...), output: .bytes(limit:))`, its Foundation trait off), each
# running `git --version` and collecting its output, as `coord synthesize` does.
#
#   Benchmarks/spawn-cost.sh
#
# Builds three small release programs in a scratch package beside a link to this
# checkout: Baseline (the same libraries loaded, nothing spawned), ViaCoordStorage
# and ViaSubprocess. Prints each one's stripped size and the instructions the
# parent process executes (callgrind; the child's are git's and the same for both),
# minus the baseline's, measured in the same run. coord's commands are synchronous,
# so ViaSubprocess awaits the async `run` from a detached task and a semaphore, as
# coord would have to. Not a test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
for tool in valgrind strip git; do
  command -v "$tool" >/dev/null 2>&1 || { echo "spawn-cost.sh: needs $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/coord-spawn-XXXXXX)"
trap 'rm -rf "$work"' EXIT
ln -s "$root" "$work/coord"
mkdir -p "$work/cost/Sources/Baseline" "$work/cost/Sources/ViaCoordStorage" "$work/cost/Sources/ViaSubprocess"
cat > "$work/cost/Package.swift" <<'EOF'
// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "spawn-cost",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../coord"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2", traits: []),
    ],
    targets: [
        .executableTarget(name: "Baseline", dependencies: [.product(name: "CoordStorage", package: "coord")]),
        .executableTarget(name: "ViaCoordStorage", dependencies: [.product(name: "CoordStorage", package: "coord")]),
        .executableTarget(name: "ViaSubprocess", dependencies: [.product(name: "Subprocess", package: "swift-subprocess")]),
    ]
)
EOF
cat > "$work/cost/Sources/Baseline/main.swift" <<'EOF'
import CoordStorage
import FoundationEssentials

let now = Date(timeIntervalSince1970: 0)
ProcessIO.write(Array("\(now.timeIntervalSince1970)\n".utf8), to: ProcessIO.standardOutput)
EOF
cat > "$work/cost/Sources/ViaCoordStorage/main.swift" <<'EOF'
import CoordStorage

ProcessIO.ignoreBrokenPipes()
let result = ExternalCommand(arguments: ["git", "--version"], timeLimitSeconds: 20).run(input: [])
ProcessIO.write(result.output, to: ProcessIO.standardOutput)
EOF
cat > "$work/cost/Sources/ViaSubprocess/main.swift" <<'EOF'
import Dispatch
import FoundationEssentials
import Subprocess

final class Box: @unchecked Sendable { var output: [UInt8] = [] }
let box = Box()
let done = DispatchSemaphore(value: 0)
Task.detached {
    let result = try? await run(.name("git"), arguments: ["--version"], output: .bytes(limit: 1 << 20), error: .discarded)
    box.output = result?.standardOutput ?? []
    done.signal()
}
done.wait()
print(String(decoding: box.output, as: UTF8.self) + "\(Date(timeIntervalSince1970: 0).timeIntervalSince1970)")
EOF
echo "== building (release)"
(cd "$work/cost" && swift build -c release >/dev/null)
bin="$(cd "$work/cost" && swift build -c release --show-bin-path)"
echo "load: $(uptime | sed 's/.*load average: //')"

# The parent's instruction count, the least of three runs. A forked child is counted
# apart under its own pid; the parent is the pid of the first "Command:" line.
instructions() {
  local best=""
  for _ in 1 2 3; do
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" "$1" >"$work/out" 2>"$work/err" || true
    local parent count
    parent="$(grep -m1 -o '^==[0-9]*== Command' "$work/err" | tr -dc 0-9)"
    count="$(grep -o "^==$parent== Collected : [0-9]*" "$work/err" | awk '{print $4}')"
    rm -f "$work"/cg.*
    if [ -z "$best" ] || [ "$count" -lt "$best" ]; then best="$count"; fi
  done
  echo "$best"
}
declare -A size count
for name in Baseline ViaCoordStorage ViaSubprocess; do
  cp "$bin/$name" "$work/$name"
  strip "$work/$name"
  size[$name]=$(stat -c %s "$work/$name")
  count[$name]=$(instructions "$work/$name")
done
printf '%-16s %12s %14s %16s\n' program "bytes" instructions "spawn (minus B)"
for name in Baseline ViaCoordStorage ViaSubprocess; do
  printf '%-16s %12s %14s %16s\n' "$name" "${size[$name]}" "${count[$name]}" "$(( count[$name] - count[Baseline] ))"
done
own=$(( count[ViaCoordStorage] - count[Baseline] ))
sub=$(( count[ViaSubprocess] - count[Baseline] ))
echo "swift-subprocess / ExternalCommand, spawn instructions: $(awk -v a="$sub" -v b="$own" 'BEGIN { printf "%.1f", a / b }')x"
echo "swift-subprocess adds $(( size[ViaSubprocess] - size[ViaCoordStorage] )) bytes (stripped)"
echo "load: $(uptime | sed 's/.*load average: //')"
