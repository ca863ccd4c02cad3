"""How the server behaves as a process: concurrent clients, idle CPU, EOF and SIGTERM."""

import asyncio
import json
import os
import signal
import subprocess
import time

from conftest import COORD, connect, environment, read_bulletin

CLIENTS = 8
POSTS = 100


def test_eight_concurrent_clients_lose_no_post(board):
    async def client(number):
        async with connect(board, "--as", f"agent-{number}") as session:
            for post in range(POSTS):
                result = await session.call_tool("post", {"message": f"client {number} post {post}"})
                assert not result.is_error, result.content[0].text

    async def main():
        await asyncio.gather(*(client(number) for number in range(CLIENTS)))
    asyncio.run(main())
    entries = read_bulletin(board)
    expected = {(f"agent-{n}", f"client {n} post {p}") for n in range(CLIENTS) for p in range(POSTS)}
    assert len(entries) == CLIENTS * POSTS
    assert {(entry["agent"], entry["message"]) for entry in entries} == expected


def test_eight_concurrent_memory_clients_lose_no_observation(board):
    async def setup():
        async with connect(board, "--profile", "memory") as session:
            await session.call_tool("create_entities", {"entities": [
                {"name": "Shared", "entityType": "note", "observations": []},
                {"name": "Worker Session: shared-worker", "entityType": "worker", "observations": []}]})

    async def client(number):
        async with connect(board, "--profile", "memory", "--as", f"writer-{number}") as session:
            for item in range(25):
                for entity in ["Shared", "Worker Session: shared-worker"]:
                    result = await session.call_tool("add_observations", {"observations": [
                        {"entityName": entity, "contents": [f"writer {number} fact {item}"]}]})
                    assert not result.is_error, result.content[0].text
                await session.call_tool("create_relations", {"relations": [
                    {"from": "Shared", "to": f"Fact {number}-{item}", "relationType": "records"}]})

    async def main():
        await setup()
        await asyncio.gather(*(client(number) for number in range(CLIENTS)))
        async with connect(board, "--profile", "memory") as session:
            return (await session.call_tool("read_graph", {})).structured_content
    graph = asyncio.run(main())
    expected = {f"writer {n} fact {i}" for n in range(CLIENTS) for i in range(25)}
    observations = {entity["name"]: entity["observations"] for entity in graph["entities"]}
    for name in ["Shared", "Worker Session: shared-worker"]:
        assert len(observations[name]) == len(expected) and set(observations[name]) == expected
    assert len(graph["relations"]) == CLIENTS * 25


def start(board):
    process = subprocess.Popen([COORD, "mcp"], cwd=board, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment())
    request = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    process.stdin.write((json.dumps(request) + "\n").encode())
    process.stdin.flush()
    reply = json.loads(process.stdout.readline())
    assert reply["result"]["protocolVersion"] == "2025-11-25"
    return process


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_an_idle_server_uses_no_cpu(board):
    process = start(board)
    try:
        before = cpu_ticks(process.pid)
        time.sleep(10)  # measuring idleness, not waiting for an event
        used = cpu_ticks(process.pid) - before
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        assert used <= 1, f"{used / ticks_per_second:.2f} s of CPU in 10 s idle"
        assert open(f"/proc/{process.pid}/stat").read().rsplit(")", 1)[1].split()[0] == "S"
    finally:
        process.kill()
        process.wait()


def test_end_of_input_shuts_down_cleanly_with_only_protocol_on_stdout(board):
    process = start(board)
    process.stdin.write(b'{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read","arguments":{"grep":"x"}}}\n')
    process.stdin.write(b'{"jsonrpc":"2.0","id":3,"method":"ping"}')  # the last line may lack its newline
    process.stdin.close()
    assert process.wait(timeout=10) == 0
    lines = process.stdout.read().decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [2, 3]
    assert all(json.loads(line)["jsonrpc"] == "2.0" for line in lines)


def test_sigterm_shuts_down_cleanly(board):
    process = start(board)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert process.stdout.read() == b""
    process.stdin.close()
