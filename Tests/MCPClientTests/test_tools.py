"""The board profile: every tool's schema, and every tool with valid and bad input."""

import asyncio
import json

import jsonschema
import pytest

from conftest import coord, connect

TOOLS = ["post", "read", "lock", "unlock", "renew", "locks", "check", "decide", "decisions", "ack", "vote",
         "worker_update", "worker_handoff", "worker_done", "status",
         "task_add", "tasks", "task_show", "task_claim", "task_done", "task_release", "task_block", "task_unblock",
         "task_cancel", "task_renew", "send", "inbox", "inbox_ack", "inbox_done", "sent"]

WORKERS = "\n".join(json.dumps(line) for line in [
    {"type": "entity", "name": "Worker Session: api", "entityType": "worker", "observations": ["Completed: schema"]},
    {"type": "entity", "name": "Worker Session: ui", "entityType": "worker", "observations": []},
]) + "\n"

# (tool, valid arguments, bad arguments, what the bad call's message says), in an order
# where each valid call can succeed: the lock exists before renew and unlock, the
# decision before ack and vote, the worker is done last.
CALLS = [
    ("post", {"message": "-5 flaky tests, fixed"}, {"message": ""}, "say what happened"),
    ("read", {"limit": 10, "grep": "flaky"}, {"since": "yesterday-ish"}, "yesterday-ish"),
    ("lock", {"paths": ["src/auth"], "intent": "refactor", "ttl": "30m"}, {"paths": ["src/auth/x.swift"], "intent": "edit", "ttl": "forever"}, "--ttl"),
    ("renew", {"paths": ["src/auth"], "ttl": "1h"}, {"paths": ["docs"]}, "docs"),
    ("locks", {"all": True, "limit": 5}, {"limit": "five"}, "whole number"),
    ("check", {"paths": ["README.md"]}, {"paths": "src"}, "list of strings"),
    ("unlock", {"paths": ["src/auth"]}, {"paths": ["src/auth"], "force": True}, "reason"),
    ("decide", {"decision": "Use JWT", "context": "auth tokens", "rationale": "stateless", "tags": ["auth"],
                "proposed": True, "quorum": 1, "voters": ["alice"]},
     {"decision": "Use JWT", "context": "auth tokens"}, "rationale"),
    ("decisions", {"unacked": True}, {"status": "pending-ish"}, "pending-ish"),
    ("ack", {"ids": ["ADR-001"]}, {"ids": ["ADR-999"]}, "ADR-999"),
    # alice is the one voter of ADR-001 (quorum 1): her vote closes it, and a second is refused.
    ("vote", {"id": "ADR-001", "vote": "yes", "reason": "stateless fits"}, {"id": "ADR-001", "vote": "no"}, "not counted"),
    ("worker_update", {"domain": "api", "completed": ["JWT signing"], "context": "35"}, {"domain": "nobody", "completed": ["x"]}, "nobody"),
    ("worker_handoff", {"domain": "api", "to": "ui", "artifacts": ["docs/api.md"], "note": "endpoints ready"},
     {"domain": "api", "to": "ui"}, "artifacts"),
    ("worker_done", {"domain": "ui", "report": "UI merged"}, {"domain": "ui", "report": "again", "extra": 1}, "extra"),
    ("status", {"entries": 3}, {"entries": 500}, "at most 50"),
    # The queue holds T-001 to T-003 (T-002 claimed by alice) before these run.
    ("task_add", {"title": "write the parser", "after": ["T-001"], "priority": 1, "quiet": True}, {"title": "x", "priority": 7},
     "at most 3"),
    ("tasks", {"ready": True}, {"status": "pending-ish"}, "pending-ish"),
    ("task_show", {"id": "T-001"}, {"id": "T-999"}, "T-999"),
    ("task_claim", {"id": "T-001", "ttl": "30m", "quiet": True}, {"next": True, "ttl": "forever"}, "--ttl"),
    ("task_renew", {"id": "T-001", "ttl": "1h"}, {"id": "T-003"}, "T-003"),
    ("task_done", {"id": "T-001", "note": "merged", "quiet": True}, {"id": "T-042"}, "T-042"),
    ("task_release", {"id": "T-002", "quiet": True}, {"id": "T-001"}, "T-001"),
    ("task_block", {"id": "T-003", "reason": "needs staging", "quiet": True}, {"id": "T-003"}, "reason"),
    ("task_unblock", {"id": "T-003", "quiet": True}, {"id": "T-003"}, "T-003"),
    ("task_cancel", {"id": "T-003", "reason": "dropped", "quiet": True}, {"id": "T-001", "reason": "again"}, "T-001"),
    # Messages: alice writes to her own inbox, so that she can then read and finish M-1.
    ("send", {"recipients": ["alice"], "message": "the API is live", "subject": "API", "urgent": True},
     {"recipients": ["alice"], "message": "x", "expires": "soon"}, "soon"),
    ("inbox", {"unread": True}, {"unread": True, "all": True}, "one of"),
    ("inbox_ack", {"ids": ["M-1"]}, {"ids": ["M-99"]}, "M-99"),
    ("sent", {"unacked": False}, {"unacked": "yes"}, "true or false"),
    ("inbox_done", {"ids": ["M-1"], "note": "merged"}, {"ids": ["M-77"]}, "M-77"),
]


def test_every_tool_is_listed_with_a_valid_json_schema(board):
    async def main():
        async with connect(board) as client:
            tools = (await client.list_tools()).tools
            assert [tool.name for tool in tools] == TOOLS
            for tool in tools:
                jsonschema.Draft202012Validator.check_schema(tool.input_schema)
                assert tool.input_schema["type"] == "object"
                assert tool.description and len(tool.description) > 40
                for name, prop in tool.input_schema["properties"].items():
                    assert prop.get("description"), f"{tool.name}.{name} has no description"
    asyncio.run(main())


def test_every_tool_with_valid_and_bad_input(board):
    graph = board / "workers.jsonl"
    graph.write_text(WORKERS)
    assert coord(board, "import", "--memory-graph", str(graph)).returncode == 0
    for title in ("schema", "endpoint", "load test"):
        assert coord(board, "task", "add", title, "--quiet", "--as", "lead").returncode == 0
    assert coord(board, "task", "claim", "T-002", "--quiet", "--as", "alice").returncode == 0
    assert sorted(name for name, *_ in CALLS) == sorted(TOOLS)

    async def main():
        async with connect(board, "--as", "alice") as client:
            schemas = {tool.name: tool.input_schema for tool in (await client.list_tools()).tools}
            wrong = []
            for name, valid, bad, says in CALLS:
                jsonschema.validate(valid, schemas[name])
                good = await client.call_tool(name, valid)
                assert not good.is_error, (name, good.content[0].text)
                assert isinstance(good.structured_content, dict), name
                assert good.structured_content.get("version") == 2, (name, good.structured_content)
                assert good.content[0].text, name
                assert json.loads(good.content[1].text) == good.structured_content
                failed = await client.call_tool(name, bad)
                if not failed.is_error or says not in failed.content[0].text:
                    wrong.append((name, failed.is_error, failed.content[0].text))
            assert wrong == []
    asyncio.run(main())


def test_results_carry_the_cli_json_and_the_cli_message(board):
    async def main():
        async with connect(board, "--as", "alice") as alice, connect(board, "--as", "bob") as bob:
            taken = await alice.call_tool("lock", {"paths": ["src"], "intent": "refactor auth"})
            cli = json.loads(coord(board, "locks", "--json").stdout)
            # The same lock object as the CLI's, apart from the seconds left, which move with the clock.
            timeless = lambda locks: [{k: v for k, v in lock.items() if k != "remaining_seconds"} for lock in locks]
            assert timeless(taken.structured_content["locks"]) == timeless(cli["locks"])
            refused = await bob.call_tool("lock", {"paths": ["src/a.swift"], "intent": "fix"})
            assert refused.is_error
            assert refused.structured_content["ok"] is False
            assert refused.structured_content["conflicts"][0]["holder"] == "alice"
            assert refused.structured_content["error"]["kind"] == "conflict"
            cli = coord(board, "lock", "--as", "bob", "--intent", "fix", "src/a.swift")
            assert cli.returncode == 3
            first_sentence = cli.stderr.splitlines()[0].removeprefix("coord: ")
            assert refused.content[0].text.startswith(first_sentence)
            not_yours = await bob.call_tool("unlock", {"paths": ["src"]})
            assert not_yours.is_error and not_yours.structured_content["error"]["exit_status"] == 4
    asyncio.run(main())


@pytest.mark.parametrize("how", ["flag", "environment", "client name"])
def test_identity_comes_from_as_then_coord_agent_then_the_client_name(board, how):
    async def main():
        if how == "flag":
            context = connect(board, "--as", "flagged", COORD_AGENT="from-env")
        elif how == "environment":
            context = connect(board, COORD_AGENT="from-env")
        else:
            context = connect(board)
        async with context as client:
            result = await client.call_tool("post", {"message": "who am I"})
            return result.structured_content["agent"]
    expected = {"flag": "flagged", "environment": "from-env", "client name": "mcp"}[how]
    assert asyncio.run(main()) == expected
