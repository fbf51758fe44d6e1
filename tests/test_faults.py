"""Fault injection against the generated clients over real loopback HTTP: each fault gives the
documented typed error or a bounded retry, never a hang, never the API key in a message or log."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from runtime_support import MockServer, Reply, json_reply

gcore = pytest.importorskip("gcore_streaming_ai")
twelvelabs = pytest.importorskip("twelvelabs_tasks")

API_KEY = "fault-test-key-9f8e7d6c5b4a"
TASK_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
TASK_PATH = f"/streaming/ai/tasks/{TASK_ID}"
TASK = {"task_id": TASK_ID, "status": "SUCCESS", "progress": 100, "task_name": "transcription"}


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer() as mock:
        yield mock


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("GCORE_LOG", "debug")
    monkeypatch.setenv("TWELVELABS_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    return caplog


def client(server: MockServer, **options: Any) -> Any:
    return gcore.Gcore(api_key=API_KEY, base_url=server.url, **options)


def assert_no_key(exc: BaseException | None, logs: pytest.LogCaptureFixture) -> None:
    if exc is not None:
        assert API_KEY not in str(exc) and API_KEY not in repr(exc)
    for record in logs.records:
        assert API_KEY not in record.getMessage()


def test_429_retry_after_is_honoured(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.enqueue(TASK_PATH, Reply(429, b'{"error":"slow down"}', {"Retry-After": "1"}))
    server.enqueue(TASK_PATH, json_reply(TASK))
    started = time.monotonic()
    task = client(server).streaming.ai_tasks.get(TASK_ID)
    elapsed = time.monotonic() - started
    assert task.task_id == TASK_ID
    assert server.count(TASK_PATH) == 2
    assert 0.9 <= elapsed < 5, elapsed
    assert_no_key(None, logs)


def test_503_twice_then_200(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    for _ in range(2):
        server.enqueue(TASK_PATH, Reply(503, b'{"error":"busy"}', {"Retry-After": "0"}))
    server.enqueue(TASK_PATH, json_reply(TASK))
    task = client(server, max_retries=2).streaming.ai_tasks.get(TASK_ID)
    assert task.status == "SUCCESS"
    assert server.count(TASK_PATH) == 3


def test_retries_are_bounded(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.set_default(TASK_PATH, Reply(503, b'{"error":"busy"}', {"Retry-After": "0"}))
    with pytest.raises(gcore.InternalServerError) as exc:
        client(server, max_retries=2).streaming.ai_tasks.get(TASK_ID)
    assert server.count(TASK_PATH) == 3  # one try + max_retries
    assert exc.value.status_code == 503
    assert_no_key(exc.value, logs)


def test_500_on_post_is_not_replayed(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.set_default("/streaming/ai/tasks", Reply(500, b'{"error":"boom"}'), method="POST")
    with pytest.raises(gcore.InternalServerError) as exc:
        client(server, max_retries=2).streaming.ai_tasks.create(
            task_name="transcription", url="https://example.com/v.mp4"
        )
    assert server.count("/streaming/ai/tasks", method="POST") == 1
    assert server.requests_for("/streaming/ai/tasks")[0].json()["task_name"] == "transcription"
    assert_no_key(exc.value, logs)


def test_connection_reset_mid_body(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.set_default(TASK_PATH, Reply(200, b'{"task_id": "' + b"x" * 4000, reset_mid_body=True))
    started = time.monotonic()
    with pytest.raises(gcore.APIConnectionError) as exc:
        client(server, max_retries=1).streaming.ai_tasks.get(TASK_ID)
    assert server.count(TASK_PATH) == 2  # GET is idempotent: retried once, then gives up
    assert time.monotonic() - started < 10
    assert_no_key(exc.value, logs)


def test_slow_response_times_out(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.set_default(TASK_PATH, Reply(200, b"{}", delay=3.0))
    started = time.monotonic()
    with pytest.raises(gcore.APITimeoutError) as exc:
        client(server, max_retries=0, timeout=0.5).streaming.ai_tasks.get(TASK_ID)
    assert time.monotonic() - started < 2.5
    assert server.count(TASK_PATH) == 1
    assert_no_key(exc.value, logs)


def test_malformed_json_with_200(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.set_default(
        TASK_PATH, Reply(200, b'{"task_id": "abc", ', {"Content-Type": "application/json"})
    )
    with pytest.raises(gcore.APIResponseValidationError) as exc:
        client(server).streaming.ai_tasks.get(TASK_ID)
    assert server.count(TASK_PATH) == 1
    assert_no_key(exc.value, logs)


def test_html_502_page(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    server.set_default(TASK_PATH, Reply(502, page, {"Content-Type": "text/html"}))
    with pytest.raises(gcore.InternalServerError) as exc:
        client(server, max_retries=1).streaming.ai_tasks.get(TASK_ID)
    assert exc.value.status_code == 502
    assert "502 Bad Gateway" in str(exc.value.body)
    assert server.count(TASK_PATH) == 2
    assert_no_key(exc.value, logs)


def test_401_is_not_retried(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.set_default(
        "/v1.3/tasks", Reply(401, b'{"code":"api_key_invalid","message":"The API key is invalid."}')
    )
    tl = twelvelabs.TwelveLabs(api_key=API_KEY, base_url=server.url + "/v1.3", max_retries=2)
    with pytest.raises(twelvelabs.AuthenticationError) as exc:
        tl.tasks.list()
    assert server.count("/v1.3/tasks") == 1
    assert exc.value.body == {"code": "api_key_invalid", "message": "The API key is invalid."}
    assert server.requests_for("/v1.3/tasks")[0].header("x-api-key") == API_KEY
    assert_no_key(exc.value, logs)


def test_async_client_faults(server: MockServer, logs: pytest.LogCaptureFixture) -> None:
    server.enqueue(TASK_PATH, Reply(429, b"{}", {"Retry-After": "0"}))
    server.enqueue(TASK_PATH, json_reply(TASK))
    server.set_default("/slow", Reply(200, b"{}", delay=3.0))

    async def scenario() -> None:
        async with gcore.AsyncGcore(api_key=API_KEY, base_url=server.url) as aclient:
            task = await aclient.streaming.ai_tasks.get(TASK_ID)
            assert task.task_id == TASK_ID
        slow = gcore.AsyncGcore(
            api_key=API_KEY, base_url=server.url + "/slow-base", timeout=0.5, max_retries=0
        )
        server.set_default(f"/slow-base{TASK_PATH}", Reply(200, b"{}", delay=3.0))
        with pytest.raises(gcore.APITimeoutError):
            await slow.streaming.ai_tasks.get(TASK_ID)
        await slow.close()

    started = time.monotonic()
    asyncio.run(scenario())
    assert time.monotonic() - started < 5
    assert server.count(TASK_PATH) == 2
    assert_no_key(None, logs)
