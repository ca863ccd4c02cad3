"""Shared fixtures: the coord binary under test, a fresh board, and clients.

The tests drive `coord mcp` with the official Python MCP SDK (`mcp` 2.3.0)
over stdio, exactly as an agent runtime does. COORD_BIN names the binary
(.ci/run passes the release build); otherwise the newest local build is used.
"""

import json
import os
import subprocess
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

ROOT = Path(__file__).resolve().parents[2]


def coord_binary() -> str:
    if os.environ.get("COORD_BIN"):
        return os.environ["COORD_BIN"]
    builds = [ROOT / ".build" / kind / "coord" for kind in ("release", "debug")]
    existing = [path for path in builds if path.exists()]
    if not existing:
        pytest.exit("no coord binary: run swift build, or set COORD_BIN", returncode=4)
    return str(max(existing, key=lambda path: path.stat().st_mtime))


COORD = coord_binary()


def coord(board: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Runs the coord CLI against `board`."""
    return subprocess.run([COORD, *args], cwd=board, input=stdin, capture_output=True, text=True,
                          env=environment(), check=False)


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("COORD_")}
    env.update(extra)
    return env


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """A fresh workspace with an initialised board (pytest removes tmp_path)."""
    result = coord(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    return tmp_path


def server(board: Path, *args: str, **env: str) -> StdioServerParameters:
    return StdioServerParameters(command=COORD, args=["mcp", *args], cwd=str(board), env=env or None)


@asynccontextmanager
async def connect(board: Path, *args: str, mode: str | None = None, **env: str):
    """An MCP client connected to `coord mcp` in `board`, with the SDK's defaults unless `mode` is given."""
    options = {} if mode is None else {"mode": mode}
    async with Client(server(board, *args, **env), **options) as client:
        yield client


def read_bulletin(board: Path) -> list[dict]:
    result = coord(board, "read", "--json", "--limit", "0")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
