"""The task queue's tools: a queue worked through MCP, with the CLI's exit statuses as tool errors."""

import asyncio

from conftest import connect


def error_status(result) -> int | None:
    return ((result.structured_content or {}).get("error") or {}).get("exit_status")


def test_a_queue_is_worked_through_the_task_tools(board):
    async def main():
        async with connect(board, "--as", "alice") as alice, connect(board, "--as", "bob") as bob:
            first = await alice.call_tool("task_add", {"title": "write the parser", "priority": 1, "quiet": True})
            assert not first.is_error, first.content[0].text
            assert first.structured_content["task"]["id"] == "T-001"
            second = await alice.call_tool("task_add", {"title": "wire it in", "after": ["T-001"], "quiet": True})
            assert second.structured_content["task"]["status"] == "waiting"

            cycle = await alice.call_tool("task_add", {"title": "loop", "after": ["T-003"]})
            assert cycle.is_error and error_status(cycle) == 4 and "T-003 → T-003" in cycle.content[0].text

            ready = await bob.call_tool("tasks", {"ready": True})
            assert [task["id"] for task in ready.structured_content["tasks"]] == ["T-001"]

            claimed = await bob.call_tool("task_claim", {"next": True, "ttl": "30m", "quiet": True})
            assert not claimed.is_error, claimed.content[0].text
            token = claimed.structured_content["task"]["claim"]["token"]
            assert claimed.structured_content["task"]["claim"]["holder"] == "bob"

            # Someone else's claim is a conflict (3); an empty ready list is "nothing ready" (6).
            taken = await alice.call_tool("task_claim", {"id": "T-001"})
            assert taken.is_error and error_status(taken) == 3 and "bob" in taken.content[0].text
            empty = await alice.call_tool("task_claim", {"next": True})
            assert empty.is_error and error_status(empty) == 6, empty.content[0].text

            # Only the claimant finishes, and only with the current token.
            stranger = await alice.call_tool("task_done", {"id": "T-001"})
            assert stranger.is_error and error_status(stranger) == 4
            stale = await bob.call_tool("task_done", {"id": "T-001", "fence": token + 100})
            assert stale.is_error and error_status(stale) == 4
            renewed = await bob.call_tool("task_renew", {"id": "T-001", "ttl": "1h", "fence": token})
            assert not renewed.is_error, renewed.content[0].text
            done = await bob.call_tool("task_done", {"id": "T-001", "fence": token, "note": "merged", "quiet": True})
            assert done.structured_content["task"]["status"] == "done"

            ready = await alice.call_tool("tasks", {"ready": True})
            assert [task["id"] for task in ready.structured_content["tasks"]] == ["T-002"]
            blocked = await alice.call_tool("task_block", {"id": "T-002", "reason": "needs staging", "quiet": True})
            assert blocked.structured_content["task"]["status"] == "blocked"
            unblocked = await alice.call_tool("task_unblock", {"id": "T-002", "quiet": True})
            assert unblocked.structured_content["task"]["status"] == "ready"
            mine = await alice.call_tool("task_claim", {"id": "T-002", "quiet": True})
            assert not mine.is_error
            released = await alice.call_tool("task_release", {"id": "T-002", "quiet": True})
            assert released.structured_content["task"]["status"] == "ready"
            cancelled = await alice.call_tool("task_cancel", {"id": "T-002", "reason": "dropped", "quiet": True})
            assert cancelled.structured_content["task"]["status"] == "cancelled"

            shown = await alice.call_tool("task_show", {"id": "T-001"})
            events = [record["event"] for record in shown.structured_content["history"]]
            assert events == ["add", "claim", "renew", "done"]
            unknown = await alice.call_tool("task_show", {"id": "T-042"})
            assert unknown.is_error and error_status(unknown) == 5
    asyncio.run(main())
