"""The generated twelvelabs_tasks package against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

tl = pytest.importorskip("twelvelabs_tasks")

from support.mock_server import MockServer, json_reply  # noqa: E402

KEY = "tlk_test_key_123456"


@pytest.fixture
def server() -> Any:
    with MockServer() as s:
        yield s


def client(server: MockServer, **options: Any) -> Any:
    return tl.TwelveLabs(api_key=KEY, base_url=server.url, max_retries=0, **options)


def video_task(i: int = 0, status: str = "ready", **extra: Any) -> dict[str, Any]:
    return {"_id": f"t{i}", "video_id": f"v{i}", "status": status, "index_id": "idx", **extra}


def embed_task(i: int = 0, status: str = "ready") -> dict[str, Any]:
    return {"_id": f"e{i}", "model_name": "marengo3.0", "status": status}


def page_info(page: int, total_page: int) -> dict[str, int]:
    return {"page": page, "total_page": total_page, "limit_per_page": 2, "total_results": 5}


def test_auth_header(server: MockServer) -> None:
    server.enqueue("/tasks/t1", json_reply(video_task(1)))
    client(server).tasks.retrieve("t1")
    assert server.requests[0].header("x-api-key") == KEY
    assert server.requests[0].header("Authorization") is None


def test_env_names(server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWELVE_LABS_API_KEY", "env-key-abcdef")
    monkeypatch.setenv("TWELVELABS_BASE_URL", server.url)
    server.enqueue("/tasks/t1", json_reply(video_task(1)))
    tl.TwelveLabs(max_retries=0).tasks.retrieve("t1")
    assert server.requests[0].header("x-api-key") == "env-key-abcdef"


def test_tasks_list_status_repeated_and_pages(server: MockServer) -> None:
    pages = {
        "1": {"data": [video_task(0), video_task(1)], "page_info": page_info(1, 3)},
        "2": {"data": [video_task(2), video_task(3)], "page_info": page_info(2, 3)},
        "3": {"data": [video_task(4)], "page_info": page_info(3, 3)},
    }
    server.route("/tasks", lambda req: json_reply(pages[req.params.get("page", ["1"])[0]]))
    items = list(
        client(server).tasks.list(
            status=["ready", "indexing"], page_limit=2, sort_option="asc", sort_by="created_at"
        )
    )
    assert [t.id for t in items] == ["t0", "t1", "t2", "t3", "t4"]
    assert server.count("/tasks") == 3
    first = server.requests[0]
    assert "status=ready&status=indexing" in first.query
    assert first.params["page_limit"] == ["2"] and first.params["sort_option"] == ["asc"]


def test_tasks_retrieve_delete_wait(server: MockServer) -> None:
    server.enqueue("/tasks/t1", json_reply(video_task(1, hls={"status": "COMPLETE"}, extra=1)))
    got = client(server).tasks.retrieve("t1")
    assert got.id == "t1" and got.model_extra == {"extra": 1}
    server.enqueue("/tasks/t1", json_reply(None, status=204), method="DELETE")
    assert client(server).tasks.delete("t1") is None
    assert server.requests[-1].method == "DELETE"
    server.enqueue(
        "/tasks/t2",
        json_reply(video_task(2, "indexing")),
        json_reply(video_task(2, "some_new_state")),
        json_reply(video_task(2, "ready")),
    )
    done = client(server).tasks.wait("t2", timeout=5, poll_interval=0.01)
    assert done.status == "ready"


def test_unknown_enum_kept_and_wrong_type(server: MockServer) -> None:
    server.enqueue("/tasks/t1", json_reply(video_task(1, "archived")))
    assert client(server).tasks.retrieve("t1").status == "archived"
    server.enqueue("/tasks/t1", json_reply({"_id": ["not", "a", "string"]}))
    with pytest.raises(tl.APIResponseValidationError) as info:
        client(server, strict_response_validation=True).tasks.retrieve("t1")
    assert "_id" in str(info.value) or "id" in str(info.value)


def test_wait_for_done_has_the_official_name_and_keywords(server: MockServer) -> None:
    server.enqueue(
        "/tasks/t3",
        json_reply(video_task(3, "indexing")),
        json_reply(video_task(3, "ready")),
    )
    seen: list[str] = []
    done = client(server).tasks.wait_for_done(
        "t3", sleep_interval=0.01, callback=lambda task: seen.append(str(task.status))
    )
    assert done.status == "ready" and seen == ["indexing", "ready"]
    assert server.count("/tasks/t3") == 2
    with pytest.raises(ValueError, match="sleep_interval must be greater than 0"):
        client(server).tasks.wait_for_done("t3", sleep_interval=0)
    assert server.count("/tasks/t3") == 2  # refused before any request


async def test_async_wait_for_done(server: MockServer) -> None:
    server.enqueue("/tasks/t4", json_reply(video_task(4, "failed")))
    async with tl.AsyncTwelveLabs(api_key=KEY, base_url=server.url, max_retries=0) as async_client:
        done = await async_client.tasks.wait_for_done("t4", sleep_interval=0.01)
    assert done.status == "failed"


def test_wait_stops_on_4xx(server: MockServer) -> None:
    server.set_default("/tasks/gone", json_reply({"code": "not_found", "message": "x"}, 400))
    with pytest.raises(tl.BadRequestError):
        client(server).tasks.wait("gone", timeout=5, poll_interval=0.01)
    assert server.count("/tasks/gone") == 1


def test_embed_v2_tasks(server: MockServer) -> None:
    server.route(
        "/embed-v2/tasks",
        lambda req: (
            json_reply({"_id": "e9", "status": "processing"}, status=202)
            if req.method == "POST"
            else json_reply({"data": [embed_task(0)], "page_info": page_info(1, 1)})
        ),
    )
    server.enqueue(
        "/embed-v2/tasks/e9",
        json_reply({"_id": "e9", "status": "processing", "data": None}),
        json_reply({"_id": "e9", "status": "ready", "data": [{"embedding": [0.1, 0.2]}]}),
        json_reply({"_id": "e9", "status": "ready", "data": []}),
    )
    c = client(server)
    assert [t.id for t in c.embed.v_2.tasks.list(status="ready")] == ["e0"]
    created = c.embed.v_2.tasks.create(
        input_type="video",
        model_name="marengo3.0",
        video={"media_source": {"url": "https://x/v.mp4"}},
    )
    assert created.id == "e9"
    post = next(r for r in server.requests if r.method == "POST")
    assert post.json() == {
        "input_type": "video",
        "model_name": "marengo3.0",
        "video": {"media_source": {"url": "https://x/v.mp4"}},
    }
    done = c.embed.v_2.tasks.wait("e9", timeout=5, poll_interval=0.01)
    assert done.status == "ready" and done.data is not None
    raw = c.embed.v_2.tasks.with_raw_response.retrieve("e9")
    assert raw.status_code == 200 and raw.parse().data == []


def test_create_accepts_models(server: MockServer) -> None:
    server.enqueue("/embed-v2/tasks", json_reply({"_id": "e1", "status": "processing"}, 202))
    m = tl.models
    client(server).embed.v_2.tasks.create(
        input_type="audio",
        model_name="marengo3.0",
        audio=m.AudioInputRequest(media_source=m.MediaSource(url="https://x/a.mp3")),
    )
    assert server.requests[0].json()["audio"] == {"media_source": {"url": "https://x/a.mp3"}}


def test_async(server: MockServer) -> None:
    server.route(
        "/tasks",
        lambda req: json_reply({"data": [video_task(0)], "page_info": page_info(1, 1)}),
    )
    server.set_default("/tasks/t0", json_reply(video_task(0)))

    async def main() -> None:
        async with tl.AsyncTwelveLabs(api_key=KEY, base_url=server.url, max_retries=0) as c:
            assert [t.id async for t in c.tasks.list(status=["ready"])] == ["t0"]
            assert (await c.tasks.retrieve("t0")).id == "t0"
            raw = await c.tasks.with_raw_response.list()
            assert (await raw.parse()).page_info.total_page == 1

    asyncio.run(main())


OFFICIAL_SCRIPT = """
from twelvelabs_tasks import TwelveLabs

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
ids = [t.id for t in client.tasks.list(status=["ready", "indexing"], page_limit=50)]
task = client.tasks.retrieve(ids[0])
embeds = [e.id for e in client.embed.v_2.tasks.list()]
"""


def test_official_sdk_script_runs(server: MockServer) -> None:
    server.set_default(
        "/tasks", json_reply({"data": [video_task(0)], "page_info": page_info(1, 1)})
    )
    server.set_default("/tasks/t0", json_reply(video_task(0)))
    server.set_default(
        "/embed-v2/tasks", json_reply({"data": [embed_task(1)], "page_info": page_info(1, 1)})
    )
    scope = {"API_KEY": KEY, "BASE_URL": server.url}
    exec(compile(OFFICIAL_SCRIPT, "<official>", "exec"), scope)
    assert scope["ids"] == ["t0"] and scope["embeds"] == ["e1"]
