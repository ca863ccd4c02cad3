"""Times `coord mcp` against `coord post` (see Benchmarks/mcp.sh)."""

import json
import os
import statistics
import subprocess
import sys
import time

coord, board, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

INITIALIZE = (json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}) + "\n").encode()


def cpu_of_children():
    usage = os.times()
    return usage.children_user + usage.children_system


def post_process():
    """One `coord post` as a process: spawn, append, exit."""
    started = time.perf_counter()
    subprocess.run([coord, "post", "benchmark post"], cwd=board, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def start_to_initialize():
    """Spawn `coord mcp` and wait for its initialize reply (the process is then closed, untimed)."""
    started = time.perf_counter()
    server = subprocess.Popen([coord, "mcp"], cwd=board, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    server.stdin.write(INITIALIZE)
    server.stdin.flush()
    reply = server.stdout.readline()
    elapsed = time.perf_counter() - started
    assert b'"protocolVersion"' in reply, reply
    server.stdin.close()
    server.wait()
    return elapsed


def warm_calls(count):
    """Per-call times of tools/call post on one warm server."""
    server = subprocess.Popen([coord, "mcp"], cwd=board, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    server.stdin.write(INITIALIZE)
    server.stdin.flush()
    server.stdout.readline()
    times = []
    for number in range(count + 20):
        request = (json.dumps({"jsonrpc": "2.0", "id": number + 2, "method": "tools/call",
                               "params": {"name": "post", "arguments": {"message": f"warm post {number}"}}}) + "\n").encode()
        started = time.perf_counter()
        server.stdin.write(request)
        server.stdin.flush()
        reply = server.stdout.readline()
        elapsed = time.perf_counter() - started
        assert b'"isError":false' in reply, reply
        if number >= 20:  # warm-up
            times.append(elapsed)
    server.stdin.close()
    server.wait()
    return times


def measure(name, body, count):
    for _ in range(10):
        body()  # warm-up: page cache, CPU frequency
    before = cpu_of_children()
    times = [body() for _ in range(count)]
    cpu = (cpu_of_children() - before) / count
    print(f"{name:<42} median {statistics.median(times) * 1000:6.2f} ms  mean {statistics.mean(times) * 1000:6.2f} ms"
          f"  fastest {min(times) * 1000:6.2f} ms  cpu/run {cpu * 1000:5.2f} ms")
    return statistics.median(times)


post = measure("coord post (process)", post_process, rounds)
start = measure("coord mcp: start to initialize reply", start_to_initialize, rounds)
calls = warm_calls(rounds * 3)
call = statistics.median(calls)
print(f"{'coord mcp: tools/call post, warm server':<42} median {call * 1000:6.2f} ms  mean {statistics.mean(calls) * 1000:6.2f} ms"
      f"  fastest {min(calls) * 1000:6.2f} ms")
post_again = measure("coord post (process), again", post_process, rounds)
baseline = min(post, post_again)

verdict = lambda ok: "PASS" if ok else "FAIL"
print(f"start to initialize reply / coord post: {start / baseline:.2f}x (target <= 2x) {verdict(start <= 2 * baseline)}")
print(f"warm tools/call post / coord post:      {call / baseline:.2f}x (target <= 0.5x) {verdict(call <= 0.5 * baseline)}")
