"""Resources of the board profile, and the memory profile against the memory server's JSONL."""

import asyncio
import json

import pytest
from mcp.shared.exceptions import MCPError

from conftest import coord, connect

# A graph as the MCP memory server writes memory.jsonl, including the
# from_entity/to_entity spelling found in the wild.
MEMORY_JSONL = [
    {"type": "entity", "name": "Worker Session: backend-api", "entityType": "worker",
     "observations": ["Completed: JWT signing", "Blockers: need the users table", "Context: 35%"]},
    {"type": "entity", "name": "Auth API", "entityType": "component", "observations": ["Uses RS256", "Owned by backend"]},
    {"type": "entity", "name": "Users table", "entityType": "schema", "observations": []},
    {"type": "relation", "from": "Worker Session: backend-api", "to": "Auth API", "relationType": "implements"},
    {"type": "relation", "from_entity": "Auth API", "to_entity": "Users table", "relationType": "reads"},
]


def graph_of(lines):
    entities = [{k: line[k] for k in ("name", "entityType", "observations")} for line in lines if line["type"] == "entity"]
    relations = [{"from": line.get("from", line.get("from_entity")), "to": line.get("to", line.get("to_entity")),
                  "relationType": line["relationType"]} for line in lines if line["type"] == "relation"]
    return entities, relations


def canonical(graph):
    entities = sorted((e["name"], e["entityType"], tuple(e["observations"])) for e in graph["entities"])
    relations = sorted((r["from"], r["to"], r["relationType"]) for r in graph["relations"])
    return entities, relations


def test_resources_are_listed_and_read(board):
    (board / "w.jsonl").write_text(json.dumps(MEMORY_JSONL[0]) + "\n")
    assert coord(board, "import", "--memory-graph", "w.jsonl").returncode == 0

    async def main():
        async with connect(board, "--as", "alice") as client:
            await client.call_tool("post", {"message": "resource check"})
            await client.call_tool("lock", {"paths": ["src"], "intent": "resources"})
            uris = [str(resource.uri) for resource in (await client.list_resources()).resources]
            assert uris == ["coord://bulletin/recent", "coord://locks", "coord://decisions", "coord://status",
                            "coord://workers/backend-api"]
            templates = (await client.list_resource_templates()).resource_templates
            assert [t.uri_template for t in templates] == ["coord://workers/{domain}"]
            documents = {}
            for uri in uris:
                [contents] = (await client.read_resource(uri)).contents
                assert contents.mime_type == "application/json"
                documents[uri] = json.loads(contents.text)
            assert "resource check" in [e["message"] for e in documents["coord://bulletin/recent"]["entries"]]
            assert documents["coord://locks"]["locks"][0]["holder"] == "alice"
            assert documents["coord://decisions"]["decisions"] == []
            status = documents["coord://status"]
            assert [w["domain"] for w in status["workers"]] == ["backend-api"]
            assert [lock["path"] for lock in status["locks"]] == ["src"]
            assert documents["coord://workers/backend-api"]["name"] == "Worker Session: backend-api"
            for missing in ["coord://workers/nobody", "coord://nothing", "file:///etc/passwd"]:
                with pytest.raises(MCPError):
                    await client.read_resource(missing)
    asyncio.run(main())


def test_memory_profile_round_trip(board):
    entities, relations = graph_of(MEMORY_JSONL)

    async def main():
        async with connect(board, "--profile", "memory", "--as", "observer") as client:
            names = [tool.name for tool in (await client.list_tools()).tools]
            assert names == ["create_entities", "create_relations", "add_observations", "delete_entities",
                             "delete_observations", "delete_relations", "read_graph", "search_nodes", "open_nodes"]
            created = await client.call_tool("create_entities", {"entities": entities})
            assert created.structured_content["entities"] == entities
            again = await client.call_tool("create_entities", {"entities": entities[:1]})
            assert again.structured_content["entities"] == []
            made = await client.call_tool("create_relations", {"relations": relations + relations[:1]})
            assert made.structured_content["relations"] == relations
            graph = (await client.call_tool("read_graph", {})).structured_content
            assert canonical(graph) == canonical({"entities": entities, "relations": relations})
            assert json.loads((await client.call_tool("read_graph", {})).content[0].text) == graph

            added = await client.call_tool("add_observations", {"observations": [
                {"entityName": "Auth API", "contents": ["Uses RS256", "Tokens last 1h"]},
                {"entityName": "Worker Session: backend-api", "contents": ["Completed: refresh tokens"]}]})
            assert added.structured_content["results"] == [
                {"entityName": "Auth API", "addedObservations": ["Tokens last 1h"]},
                {"entityName": "Worker Session: backend-api", "addedObservations": ["Completed: refresh tokens"]}]
            missing = await client.call_tool("add_observations", {"observations": [{"entityName": "Nope", "contents": ["x"]}]})
            assert missing.is_error and "Nope" in missing.content[0].text

            found = (await client.call_tool("search_nodes", {"query": "rs256"})).structured_content
            assert [e["name"] for e in found["entities"]] == ["Auth API"]
            opened = (await client.call_tool("open_nodes", {"names": ["Auth API", "Users table"]})).structured_content
            assert [r["relationType"] for r in opened["relations"]] == ["reads"]

            await client.call_tool("delete_observations", {"deletions": [{"entityName": "Auth API", "observations": ["Owned by backend"]}]})
            await client.call_tool("delete_relations", {"relations": relations[1:]})
            await client.call_tool("delete_entities", {"entityNames": ["Users table"]})
            refused = await client.call_tool("delete_entities", {"entityNames": ["Worker Session: backend-api"]})
            assert refused.is_error and "worker" in refused.content[0].text
            bad = await client.call_tool("create_entities", {"entities": [{"name": "x"}]})
            assert bad.is_error and "entityType" in bad.content[0].text
            return (await client.call_tool("read_graph", {})).structured_content

    graph = asyncio.run(main())
    expected_entities = [
        {**entities[0], "observations": entities[0]["observations"] + ["Completed: refresh tokens"]},
        {**entities[1], "observations": ["Uses RS256", "Tokens last 1h"]},
    ]
    assert canonical(graph) == canonical({"entities": expected_entities, "relations": relations[:1]})
    # The same graph, in the memory server's own file format, from the CLI.
    assert coord(board, "export", "--memory-graph", "out.jsonl").returncode == 0
    exported = [json.loads(line) for line in (board / "out.jsonl").read_text().splitlines()]
    assert canonical({"entities": [e for e in exported if e["type"] == "entity"],
                      "relations": [r for r in exported if r["type"] == "relation"]}) == canonical(graph)
    # The worker is a real coord worker, blocked by the imported blocker.
    worker = json.loads(coord(board, "worker", "show", "backend-api", "--json").stdout)
    assert worker["status"] == "blocked" and worker["context"] == 35


def test_memory_profile_reads_a_graph_imported_from_the_memory_servers_file(board):
    (board / "memory.jsonl").write_text("".join(json.dumps(line) + "\n" for line in MEMORY_JSONL))
    assert coord(board, "import", "--memory-graph", "memory.jsonl").returncode == 0

    async def main():
        async with connect(board, "--profile", "memory") as client:
            return (await client.call_tool("read_graph", {})).structured_content
    entities, relations = graph_of(MEMORY_JSONL)
    assert canonical(asyncio.run(main())) == canonical({"entities": entities, "relations": relations})
