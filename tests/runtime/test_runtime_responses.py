"""Raw and streaming responses in the official SDKs' shape, on both generated packages, sync and
async (httpx and aiohttp transports), over real loopback HTTP: ``with_raw_response`` reads the
body (``is_closed``), ``with_streaming_response`` reads nothing until asked and closes on exit,
both on every resource, every container and the client, as thin wrappers over the methods."""

from __future__ import annotations

import asyncio
import gzip
import inspect
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.clients import API_PROFILES
from support.mock_server import MockServer, Reply, json_reply

gcore = pytest.importorskip("gcore_streaming_ai")
tl = pytest.importorskip("twelvelabs_tasks")

KEY = "responses-test-key-424242"
TASK_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
TASK_PATH = f"/streaming/ai/tasks/{TASK_ID}"
TASK = {"task_id": TASK_ID, "status": "SUCCESS", "task_name": "transcription", "progress": 100}


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer() as mock:
        yield mock


def sync_gcore(server: MockServer, **options: Any) -> Any:
    return gcore.Gcore(api_key=KEY, base_url=server.url, max_retries=0, **options)


def pages(server: MockServer, n: int = 3) -> None:
    def page(req: Any) -> Reply:
        number = int(req.params.get("page", ["1"])[0])
        item = {**TASK, "task_id": f"00000000-0000-0000-0000-{number:012d}"}
        nxt = f"page={number + 1}" if number < n else None
        return json_reply({"count": n, "next": nxt, "results": [item]})

    server.route("/streaming/ai/tasks", page)


def test_raw_response_shape(server: MockServer) -> None:
    server.set_default(TASK_PATH, json_reply(TASK, headers={"X-Request-Id": "r-1"}))
    c = sync_gcore(server)
    raw = c.streaming.ai_tasks.with_raw_response.get(TASK_ID)
    assert isinstance(raw, gcore.APIResponse) and gcore.RawResponse is gcore.APIResponse
    assert raw.is_closed is True  # the body was read
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r-1"
    assert isinstance(raw.http_request, httpx.Request) and raw.http_request.method == "GET"
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.http_request.headers["authorization"] == f"APIKey {KEY}"
    assert raw.retries_taken == 0 and raw.elapsed >= 0.0
    assert raw.json() == TASK and json.loads(raw.content) == TASK and json.loads(raw.text) == TASK
    task = raw.parse()
    assert type(task).__name__ == "AITaskGetResponse" and task.status == "SUCCESS"
    assert raw.parse() is task
    assert raw.deviations == []
    assert "200" in repr(raw) and KEY not in repr(raw)


def test_raw_views_are_thin_wrappers_on_every_level(server: MockServer) -> None:
    server.set_default(TASK_PATH, json_reply(TASK))
    pages(server)
    c = sync_gcore(server)
    resource = c.streaming.ai_tasks
    for view in (
        resource.with_raw_response,
        c.streaming.with_raw_response.ai_tasks,
        c.with_raw_response.streaming.ai_tasks,
    ):
        assert view.get.__wrapped__ == resource.get  # a wrapper, not a second implementation
        assert view.get(TASK_ID).parse().task_id == TASK_ID
        assert view.list().is_closed is True
    with c.with_streaming_response.streaming.ai_tasks.get(TASK_ID) as streamed:
        assert streamed.parse().task_id == TASK_ID
    with c.streaming.with_streaming_response.ai_tasks.get(TASK_ID) as streamed:
        assert streamed.parse().task_id == TASK_ID
    source = inspect.getsource(inspect.getmodule(resource))  # type: ignore[arg-type]
    assert source.count("    def get(") == 1 and source.count("    async def get(") == 1


def test_raw_list_parses_to_a_bound_page(server: MockServer) -> None:
    pages(server, 3)
    raw = sync_gcore(server).streaming.ai_tasks.with_raw_response.list(limit=1)
    page = raw.parse()
    assert server.count("/streaming/ai/tasks") == 1
    assert len(list(page)) == 3  # the page fetches the following ones itself
    assert server.count("/streaming/ai/tasks") == 3


def test_streaming_response_reads_only_when_asked(server: MockServer) -> None:
    body = json.dumps(TASK).encode()
    server.set_default(TASK_PATH, Reply(200, body, {"Content-Type": "application/json"}))
    c = sync_gcore(server)
    with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
        assert not response.is_closed
        assert not response.http_response.is_stream_consumed  # nothing read yet
        assert response.http_request.method == "GET" and response.status_code == 200
        task = response.parse()
        assert task.task_id == TASK_ID
    assert response.is_closed is True
    with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
        pass
    assert response.is_closed is True  # closed on exit even when never read
    with pytest.raises(RuntimeError, match="not been read"):
        _ = c.streaming.ai_tasks.with_streaming_response.get(TASK_ID).__enter__().content


def test_streaming_iterators_decode_gzip_and_lines(server: MockServer) -> None:
    text = "first line\nsecond ✓ line\r\nthird" * 1
    packed = gzip.compress(text.encode())
    headers = {"Content-Encoding": "gzip", "Content-Type": "text/plain; charset=utf-8"}
    server.set_default(TASK_PATH, Reply(200, packed, headers))
    c = sync_gcore(server)
    with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
        assert list(response.iter_lines()) == ["first line", "second ✓ line", "third"]
    with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
        chunks = list(response.iter_bytes(chunk_size=5))
        assert b"".join(chunks).decode() == text and {len(x) for x in chunks[:-1]} == {5}
    with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
        assert "".join(response.iter_text()) == text
    with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
        assert response.read() == text.encode()


def test_error_status_still_raises_in_both_views(server: MockServer) -> None:
    server.set_default(TASK_PATH, json_reply({"detail": "Not found."}, 404))
    c = sync_gcore(server)
    with pytest.raises(gcore.NotFoundError):
        c.streaming.ai_tasks.with_raw_response.get(TASK_ID)
    with (
        pytest.raises(gcore.NotFoundError),
        c.streaming.ai_tasks.with_streaming_response.get(TASK_ID),
    ):
        pass
    with pytest.raises(ValueError, match="Expected a non-empty value for `task_id`"):
        c.streaming.ai_tasks.with_raw_response.get("")


def test_raw_response_reports_deviations(server: MockServer) -> None:
    server.set_default(TASK_PATH, json_reply({**TASK, "progress": "most"}))
    raw = sync_gcore(server).streaming.ai_tasks.with_raw_response.get(TASK_ID)
    task = raw.parse()
    assert task.progress == "most"
    assert [(d.path, d.expected, d.got) for d in raw.deviations] == [
        ("progress", "int", "string 'most'")
    ]
    assert raw.deviations == task.model_deviations()
    assert raw.deviations[0].operation == f"GET {TASK_PATH}"


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_async_views(server: MockServer, transport: str) -> None:
    server.set_default(TASK_PATH, json_reply(TASK))
    pages(server, 2)

    async def scenario() -> None:
        http = gcore.DefaultAioHttpClient() if transport == "aiohttp" else None
        async with gcore.AsyncGcore(
            api_key=KEY, base_url=server.url, max_retries=0, http_client=http
        ) as c:
            raw = await c.streaming.ai_tasks.with_raw_response.get(TASK_ID)
            assert isinstance(raw, gcore.AsyncAPIResponse) and raw.is_closed is True
            assert (await raw.parse()).task_id == TASK_ID
            assert await raw.json() == TASK
            listing = await c.streaming.with_raw_response.ai_tasks.list()
            page = await listing.parse()
            assert [t.task_id async for t in page][-1].endswith("2")
            nested = await c.with_raw_response.streaming.ai_tasks.cancel(TASK_ID)
            assert nested.http_request.method == "POST"
            async with c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response:
                assert not response.is_closed
                assert (await response.parse()).status == "SUCCESS"
            assert response.is_closed is True
            async with c.with_streaming_response.streaming.ai_tasks.get(TASK_ID) as response:
                lines = [line async for line in response.iter_lines()]
                assert json.loads("".join(lines)) == TASK
        if http is not None:
            await http.aclose()

    server.set_default(f"{TASK_PATH}/cancel", json_reply({"result": "ok"}))
    asyncio.run(scenario())


def test_aiohttp_extra_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # as if the extra were not installed
    with pytest.raises(RuntimeError, match=r"pip install 'gcore-streaming-ai\[aiohttp\]'"):
        gcore.DefaultAioHttpClient()
    with pytest.raises(RuntimeError, match=r"twelvelabs-tasks\[aiohttp\]"):
        tl.DefaultAioHttpClient()


def test_twelvelabs_views(server: MockServer) -> None:
    task = {"_id": "t1", "status": "ready"}
    server.set_default("/tasks/t1", json_reply(task))
    server.set_default(
        "/tasks", json_reply({"data": [task], "page_info": {"page": 1, "total_page": 1}})
    )
    server.set_default("/embed-v2/tasks/e1", json_reply({"_id": "e1", "status": "ready"}))
    c = tl.TwelveLabs(api_key=KEY, base_url=server.url, max_retries=0)
    raw = c.tasks.with_raw_response.retrieve("t1")
    assert raw.is_closed and raw.parse().id == "t1"
    assert [t.id for t in c.with_raw_response.tasks.list().parse()] == ["t1"]
    nested = c.embed.with_raw_response.v_2.tasks.retrieve("e1")
    assert nested.parse().id == "e1"
    with c.embed.v_2.with_streaming_response.tasks.retrieve("e1") as response:
        assert not response.is_closed and response.json()["_id"] == "e1"
    assert response.is_closed

    async def scenario() -> None:
        async with tl.AsyncTwelveLabs(api_key=KEY, base_url=server.url, max_retries=0) as ac:
            raw = await ac.tasks.with_raw_response.list()
            assert (await raw.parse()).page_info.total_page == 1
            async with ac.with_streaming_response.embed.v_2.tasks.retrieve("e1") as response:
                assert (await response.parse()).id == "e1"

    asyncio.run(scenario())


@pytest.mark.parametrize("dist", [p.config.package.dist for p in API_PROFILES])
def test_aiohttp_is_an_optional_extra(dist: str) -> None:
    import re
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "generated" / dist / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text())["project"]
    names = {re.split(r"[<>=!~ ]", d, maxsplit=1)[0] for d in project["dependencies"]}
    assert names == {"httpx", "pydantic"}  # still the only required dependencies
    extra = project["optional-dependencies"]["aiohttp"]
    assert any(d.startswith("aiohttp>=3.10") for d in extra)
    assert any(d.startswith("httpx-aiohttp>=0.1.9") for d in extra)
