"""The generated gcore_streaming_ai package against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

gcore = pytest.importorskip("gcore_streaming_ai")

from support.mock_server import MockServer, Reply, json_reply  # noqa: E402

RECORDINGS = Path(__file__).parents[1] / "recordings" / "gcore-streaming"
TASK_ID = "aafe70c6-0000-0000-0000-327b65f7670f"
KEY = "gcore-test-key-123456"


@pytest.fixture
def server() -> Any:
    with MockServer() as s:
        yield s


def client(server: MockServer, **kw: Any) -> Any:
    return gcore.Gcore(api_key=KEY, base_url=server.url, max_retries=0, **kw)


def task(status: str = "SUCCESS", **extra: Any) -> dict[str, Any]:
    return {
        "task_id": TASK_ID,
        "status": status,
        "task_name": "transcription",
        "task_data": {"task_name": "transcription", "url": "https://x/v.mp4"},
        **extra,
    }


def recorded_body(operation: str, case: str) -> Any:
    data = json.loads((RECORDINGS / operation / f"{case}.json").read_text())
    return json.loads(data["response"]["body"])


def test_auth_header_and_user_agent(server: MockServer) -> None:
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task()))
    client(server).streaming.ai_tasks.get(TASK_ID)
    req = server.requests[0]
    assert req.header("Authorization") == f"APIKey {KEY}"
    assert req.header(
        "User-Agent",
    ).startswith("gcore-streaming-ai/")


def test_env_config_and_explicit_wins(server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GCORE_API_KEY", "env-key-abcdef")
    monkeypatch.setenv("GCORE_BASE_URL", server.url)
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task()), json_reply(task()))
    gcore.Gcore(max_retries=0).streaming.ai_tasks.get(TASK_ID)
    assert server.requests[0].header("Authorization") == "APIKey env-key-abcdef"
    gcore.Gcore(api_key="explicit-key-xyz", max_retries=0).streaming.ai_tasks.get(TASK_ID)
    assert server.requests[1].header("Authorization") == "APIKey explicit-key-xyz"
    monkeypatch.delenv("GCORE_API_KEY")
    with pytest.raises(gcore.MissingAPIKeyError):
        gcore.Gcore()


def test_list_call_shape_and_all_pages_n_requests(server: MockServer) -> None:
    pages = {
        "1": {"count": 5, "next": "page=2", "previous": None, "results": [task(), task()]},
        "2": {"count": 5, "next": "page=3", "previous": "page=1", "results": [task(), task()]},
        "3": {"count": 5, "next": None, "previous": "page=2", "results": [task()]},
    }
    server.route(
        "/streaming/ai/tasks",
        lambda req: json_reply(pages[req.params.get("page", ["1"])[0]]),
    )
    c = client(server)
    items = list(c.streaming.ai_tasks.list(status="SUCCESS", limit=2, task_name="transcription"))
    assert len(items) == 5
    assert server.count("/streaming/ai/tasks") == 3
    first = server.requests[0].params
    assert first == {"status": ["SUCCESS"], "limit": ["2"], "task_name": ["transcription"]}
    page = c.streaming.ai_tasks.list(limit=2)
    assert page.count == 5 and page.next == "page=2" and len(page.results) == 2
    assert page.has_next_page()
    assert [len(p.results) for p in page.iter_pages()] == [2, 2, 1]


def test_list_seed_recording_parses(server: MockServer) -> None:
    body = recorded_body("get_ai_tasks_list", "seed_001_first_page")
    body["next"] = None
    server.enqueue("/streaming/ai/tasks", json_reply(body))
    tasks = list(client(server).streaming.ai_tasks.list())
    assert [t.status for t in tasks] == ["SUCCESS", "STARTED"]
    assert tasks[0].task_data == {}


@pytest.mark.parametrize(
    "case",
    sorted(p.stem for p in (RECORDINGS / "get_ai_task").glob("*.json") if "error" not in p.stem),
)
def test_get_every_recorded_task_parses(server: MockServer, case: str) -> None:
    body = recorded_body("get_ai_task", case)
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(body))
    result = client(server).streaming.ai_tasks.get(TASK_ID)
    assert result.status == body["status"]
    assert not type(result.task_data).__name__.startswith("Unknown"), case
    if body.get("result"):
        assert not type(result.result).__name__.startswith("Unknown"), case


def test_result_classes_follow_the_category(server: MockServer) -> None:
    models = gcore.models
    for category, cls in (
        ("hard_nudity", models.AITaskGetResponseResultAIResultsContentmoderationHardnudity),
        ("soft_nudity", models.AITaskGetResponseResultAIResultsContentmoderationSoftnudity),
    ):
        body = task(
            task_name="content-moderation",
            task_data={"task_name": "content-moderation", "category": category, "url": "u"},
            result={"porn_detected": True, "detection_results": ["ANUS_EXPOSED"]},
        )
        server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(body))
        got = client(server).streaming.ai_tasks.get(TASK_ID)
        assert type(got.result) is cls


def test_unknown_values_kept(server: MockServer) -> None:
    body = task(
        status="QUEUED_SOMEWHERE",
        task_data={"task_name": "content-moderation", "category": "violence", "url": "u"},
        result={"violence_detected": True},
        brand_new_field={"x": 1},
    )
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(body))
    got = client(server).streaming.ai_tasks.get(TASK_ID)
    assert got.status == "QUEUED_SOMEWHERE"
    assert type(got.task_data) is gcore.models.UnknownTaskData
    assert got.task_data.model_extra == {
        "task_name": "content-moderation",
        "category": "violence",
        "url": "u",
    }
    assert type(got.result) is gcore.models.UnknownTaskResult
    assert got.model_extra == {"brand_new_field": {"x": 1}}


def test_wrong_type_names_the_field(server: MockServer) -> None:
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task(progress="lots")))
    with pytest.raises(gcore.APIResponseValidationError) as info:
        client(server, strict_response_validation=True).streaming.ai_tasks.get(TASK_ID)
    assert "progress" in str(info.value)
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task(progress="lots")))
    lenient = client(server).streaming.ai_tasks.get(TASK_ID)  # the default: kept, recorded
    assert lenient.progress == "lots" and lenient.status == "SUCCESS"
    assert [(d.path, d.expected) for d in lenient.model_deviations()] == [("progress", "int")]


def test_create_each_category_call_shape(server: MockServer) -> None:
    server.set_default("/streaming/ai/tasks", json_reply({"task_id": TASK_ID}, status=201))
    c = client(server)
    created = c.streaming.ai_tasks.create(
        task_name="transcription", url="https://x/v.mp4", audio_language="ger"
    )
    assert str(created.task_id) == TASK_ID
    for category in ("sport", "nsfw", "hard_nudity", "soft_nudity"):
        c.streaming.ai_tasks.create(
            task_name="content-moderation",
            url="https://x/v.mp4",
            category=category,
            client_user_id="u1",
        )
    c.streaming.ai_tasks.create(
        task_name="content-moderation",
        url="u",
        category="hard_nudity",
        stop_objects="ANUS_EXPOSED:0.5",
        client_entity_data="e",
    )
    bodies = [r.json() for r in server.requests]
    assert bodies[0] == {
        "task_name": "transcription",
        "url": "https://x/v.mp4",
        "audio_language": "ger",
    }
    assert [b["category"] for b in bodies[1:5]] == ["sport", "nsfw", "hard_nudity", "soft_nudity"]
    assert bodies[5]["stop_objects"] == "ANUS_EXPOSED:0.5"
    assert all(r.method == "POST" for r in server.requests)


def test_cancel_and_errors(server: MockServer) -> None:
    path = f"/streaming/ai/tasks/{TASK_ID}/cancel"
    server.enqueue(path, json_reply({"result": "cancelled"}, status=202))
    assert client(server).streaming.ai_tasks.cancel(TASK_ID).result == "cancelled"
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", json_reply({"error": "Not found"}, status=404))
    with pytest.raises(gcore.NotFoundError) as info:
        client(server).streaming.ai_tasks.get(TASK_ID)
    assert info.value.status_code == 404
    with pytest.raises(ValueError):
        client(server).streaming.ai_tasks.get("")


def test_path_param_is_escaped(server: MockServer) -> None:
    server.set_default("/streaming/ai/tasks/a%2Fb", json_reply(task()))
    client(server).streaming.ai_tasks.get("a/b")
    assert server.requests[0].path == "/streaming/ai/tasks/a%2Fb"


def test_wait_polls_until_terminal(server: MockServer) -> None:
    server.enqueue(
        f"/streaming/ai/tasks/{TASK_ID}",
        json_reply(task("PENDING")),
        json_reply(task("STARTED", progress=50)),
        json_reply(task("SUCCESS", progress=100)),
    )
    seen: list[str] = []
    done = client(server).streaming.ai_tasks.wait(
        TASK_ID, timeout=10, poll_interval=0.01, on_progress=lambda t: seen.append(t.status)
    )
    assert done.status == "SUCCESS" and seen == ["PENDING", "STARTED", "SUCCESS"]


def test_wait_timeout_carries_last_task(server: MockServer) -> None:
    server.set_default(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task("STARTED")))
    with pytest.raises(gcore.WaitTimeoutError) as info:
        client(server).streaming.ai_tasks.wait(TASK_ID, timeout=0.05, poll_interval=0.01)
    assert info.value.last.status == "STARTED"


def test_raw_response(server: MockServer) -> None:
    server.enqueue(
        f"/streaming/ai/tasks/{TASK_ID}", json_reply(task(), headers={"X-Request-Id": "r1"})
    )
    raw = client(server).streaming.ai_tasks.with_raw_response.get(TASK_ID)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r1"
    assert raw.parse().status == "SUCCESS"
    server.enqueue(
        "/streaming/ai/tasks", json_reply({"count": 1, "next": None, "results": [task()]})
    )
    page = client(server).streaming.ai_tasks.with_raw_response.list(limit=1).parse()
    assert len(list(page)) == 1


def test_async_client(server: MockServer) -> None:
    pages = {
        "1": {"count": 3, "next": "page=2", "results": [task(), task()]},
        "2": {"count": 3, "next": None, "results": [task()]},
    }
    server.route(
        "/streaming/ai/tasks",
        lambda req: json_reply(pages[req.params.get("page", ["1"])[0]]),
        method="GET",
    )
    server.set_default(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task()))

    async def main() -> None:
        async with gcore.AsyncGcore(api_key=KEY, base_url=server.url, max_retries=0) as c:
            items = [t async for t in c.streaming.ai_tasks.list(limit=2)]
            assert len(items) == 3
            first = await c.streaming.ai_tasks.list(limit=2)
            assert first.count == 3
            got = await c.streaming.ai_tasks.get(TASK_ID)
            assert got.status == "SUCCESS"
            done = await c.streaming.ai_tasks.wait(TASK_ID, timeout=5, poll_interval=0.01)
            assert done.status == "SUCCESS"
            raw = await c.streaming.ai_tasks.with_raw_response.get(TASK_ID)
            assert raw.status_code == 200

    asyncio.run(main())


def test_with_options_and_per_call_timeout(server: MockServer) -> None:
    server.enqueue(f"/streaming/ai/tasks/{TASK_ID}", Reply(200, body=task(), delay=0.5))
    c = client(server).with_options(timeout=0.1, max_retries=0)
    with pytest.raises(gcore.APITimeoutError):
        c.streaming.ai_tasks.get(TASK_ID)


OFFICIAL_SCRIPT = """
from gcore_streaming_ai import Gcore

client = Gcore(api_key=API_KEY, base_url=BASE_URL)
statuses = []
for t in client.streaming.ai_tasks.list(status="SUCCESS", limit=100):
    statuses.append(t.status)
task = client.streaming.ai_tasks.get(TASK_ID)
created = client.streaming.ai_tasks.create(
    task_name="transcription", url="https://x/v.mp4", audio_language="ger"
)
client.streaming.ai_tasks.create(
    task_name="content-moderation", url="https://x/v.mp4", category="nsfw"
)
client.streaming.ai_tasks.cancel(TASK_ID)
"""


def test_official_sdk_script_runs_with_only_the_import_changed(server: MockServer) -> None:
    server.set_default(
        "/streaming/ai/tasks",
        lambda req: (
            json_reply({"task_id": TASK_ID}, status=201)
            if req.method == "POST"
            else json_reply({"count": 1, "next": None, "results": [task()]})
        ),
    )
    server.set_default(f"/streaming/ai/tasks/{TASK_ID}", json_reply(task()))
    server.set_default(f"/streaming/ai/tasks/{TASK_ID}/cancel", json_reply({"result": "ok"}, 202))
    scope = {"API_KEY": KEY, "BASE_URL": server.url, "TASK_ID": TASK_ID}
    exec(compile(OFFICIAL_SCRIPT, "<official>", "exec"), scope)
    assert scope["statuses"] == ["SUCCESS"]
