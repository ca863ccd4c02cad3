"""The protocol itself: version negotiation, the handshake, JSON-RPC errors."""

import asyncio
import json
import subprocess

from conftest import COORD, connect, environment


def exchange(board, *messages: dict | str, args=()) -> list[dict]:
    """Sends raw lines to `coord mcp`, closes its input, returns every response."""
    lines = "".join((m if isinstance(m, str) else json.dumps(m)) + "\n" for m in messages)
    result = subprocess.run([COORD, "mcp", *args], cwd=board, input=lines, capture_output=True, text=True,
                            env=environment(), timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def initialize(version: str, request_id=1) -> dict:
    return {"jsonrpc": "2.0", "id": request_id, "method": "initialize",
            "params": {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}


def test_client_defaults_negotiate_the_newest_revision(board):
    async def main():
        async with connect(board) as client:
            assert client.protocol_version == "2026-07-28"
            assert client.server_info.name == "coord"
            assert "lock" in client.instructions
    asyncio.run(main())


def test_handshake_mode_negotiates_2025_11_25(board):
    async def main():
        async with connect(board, mode="legacy") as client:
            assert client.protocol_version == "2025-11-25"
            await client.send_ping()
            assert len((await client.list_tools()).tools) == 29
    asyncio.run(main())


def test_initialize_echoes_each_handshake_revision_and_counters_unknown_ones(board):
    for version in ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]:
        [reply] = exchange(board, initialize(version))
        assert reply["result"]["protocolVersion"] == version
    [reply] = exchange(board, initialize("1999-01-01"))
    assert reply["result"]["protocolVersion"] == "2025-11-25"


def test_a_modern_request_at_an_unknown_revision_names_the_supported_ones(board):
    meta = {"io.modelcontextprotocol/protocolVersion": "2099-01-01", "io.modelcontextprotocol/clientCapabilities": {}}
    [reply] = exchange(board, {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": meta}})
    assert reply["error"]["code"] == -32022
    assert "2026-07-28" in reply["error"]["data"]["supported"]
    assert "2025-11-25" in reply["error"]["data"]["supported"]


def test_json_rpc_errors_for_malformed_and_unknown_requests(board):
    replies = exchange(
        board,
        "this is not json",
        "[1, 2]",
        {"jsonrpc": "1.0", "id": 1, "method": "ping"},
        {"jsonrpc": "2.0", "id": 2, "method": "no/such/method"},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "no_such_tool"}},
        {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"arguments": {}}},
        {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "post", "arguments": [1]}},
        {"jsonrpc": "2.0", "id": 6, "method": "resources/read", "params": {}},
        {"jsonrpc": "2.0", "id": 7, "method": "ping", "params": 3},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 1}},
        {"jsonrpc": "2.0", "id": None, "method": "ping"},
        {"jsonrpc": "2.0", "id": "last", "method": "ping"},
    )
    codes = [(reply["id"], reply.get("error", {}).get("code")) for reply in replies]
    assert codes == [(None, -32700), (None, -32600), (1, -32600), (2, -32601), (3, -32602), (4, -32602), (5, -32602),
                     (6, -32602), (7, -32602), (None, -32600), ("last", None)]


def test_pipelined_requests_are_answered_in_order(board):
    requests = [initialize("2025-06-18", 0)]
    for number in range(1, 60):
        if number % 3 == 0:
            requests.append({"jsonrpc": "2.0", "id": number, "method": "tools/call",
                             "params": {"name": "post", "arguments": {"message": f"pipelined {number}"}}})
        else:
            requests.append({"jsonrpc": "2.0", "id": f"r{number}", "method": "ping" if number % 2 else "tools/list"})
    replies = exchange(board, *requests)
    assert [reply["id"] for reply in replies] == [request["id"] for request in requests]
    assert all("result" in reply for reply in replies)
