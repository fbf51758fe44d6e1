"""Fault injection against the generated clients over real loopback HTTP: each fault gives the
documented typed error or a bounded retry, never a hang, never the API key in a message or log."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from support.mock_server import MockServer, Reply, gzip_bomb, json_reply

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


# -- secrets ----------------------------------------------------------------------------------

GCORE_KEY = "4321$0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # the Gcore key shape: <id>$<hex>


def test_key_file_newline_is_stripped(server: MockServer) -> None:
    server.set_default(TASK_PATH, json_reply(TASK))
    c = gcore.Gcore(api_key=f"  {GCORE_KEY}\n", base_url=server.url)
    assert c.api_key == GCORE_KEY
    c.streaming.ai_tasks.get(TASK_ID)
    assert server.requests[0].header("Authorization") == f"APIKey {GCORE_KEY}"


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("abc\r\ndef-123456", "control character at position 3"),
        ("abc\x00def-123456", "control character at position 3"),
        ("abcdéf-123456", "non-ASCII character at position 4"),
        ("abc\u2028def-123456", "non-ASCII character at position 3"),
    ],
)
def test_bad_key_refused_at_construction(
    server: MockServer, key: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for make in (
        lambda: gcore.Gcore(api_key=key, base_url=server.url),
        lambda: gcore.AsyncGcore(api_key=key, base_url=server.url),
        lambda: gcore.Gcore(api_key="good-key-123456", base_url=server.url).with_options(
            api_key=key
        ),
    ):
        with pytest.raises(gcore.InvalidAPIKeyError) as info:
            make()
        assert isinstance(info.value, gcore.SDKError) and isinstance(info.value, ValueError)
        assert problem in str(info.value)
        for text in (str(info.value), repr(info.value)):
            assert key not in text and key.strip()[:6] not in text and "def-123456" not in text
    if "\x00" not in key:  # the environment cannot hold a NUL
        monkeypatch.setenv("TWELVE_LABS_API_KEY", key)
        with pytest.raises(twelvelabs.InvalidAPIKeyError):
            twelvelabs.TwelveLabs(base_url=server.url)
    assert server.count() == 0  # refused before any request


def _forms(key: str) -> list[str]:
    import base64
    from urllib.parse import quote, quote_plus

    return [
        key,
        quote(key, safe=""),
        quote_plus(key),
        repr(key)[1:-1],
        base64.b64encode(key.encode()).decode(),
    ]


def test_key_redacted_in_every_form_from_every_logger(
    server: MockServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server echoing the key (raw, percent-encoded, base64) in a redirect URL, a retried
    503 and a 401 body: no exception, repr or record of any logger (ours, httpx, httpcore at
    DEBUG) contains any form of it, and the 401 is not retried even when told to."""
    import base64
    from urllib.parse import quote

    monkeypatch.setenv("GCORE_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    key = GCORE_KEY
    b64 = base64.b64encode(key.encode()).decode()
    server.enqueue(TASK_PATH, Reply(302, b"", {"Location": f"/moved?k={quote(key, safe='')}"}))
    server.enqueue("/moved", Reply(503, f"busy {key}".encode(), {"Retry-After": "0"}))
    body = {"message": f"bad key {key} / {quote(key, safe='')} / {b64}"}
    server.enqueue("/moved", json_reply(body, 401, headers={"x-should-retry": "true"}))
    c = gcore.Gcore(api_key=key, base_url=server.url, max_retries=3)
    with pytest.raises(gcore.AuthenticationError) as info:
        c.streaming.ai_tasks.get(TASK_ID)
    assert server.count("/moved") == 2  # 503 retried once, 401 never
    exc = info.value
    texts = [str(exc), repr(exc), repr(c), repr(exc.request.headers), str(exc.body)]
    texts += [r.getMessage() for r in caplog.records]
    assert any(r.name.startswith("httpcore") for r in caplog.records)  # DEBUG lines were seen
    assert any(r.name == "httpx" for r in caplog.records)
    for text in texts:
        for form in _forms(key):
            assert form not in text, (form, text)
    assert "<redacted>" in str(exc) and "<redacted>" in str(exc.body)


# -- bounded resources ------------------------------------------------------------------------


def test_gzip_bomb_never_inflates_past_the_limit(server: MockServer) -> None:
    """0.5 MB of gzip inflating to 512 MiB: a typed error, and peak memory stays near the limit."""
    import tracemalloc

    bomb = gzip_bomb(512 << 20)
    assert len(bomb) < 1 << 20
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    server.set_default(TASK_PATH, Reply(200, bomb, headers))
    c = client(server, max_response_size=4 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(gcore.APIResponseTooLargeError) as info:
            c.streaming.ai_tasks.get(TASK_ID)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(info.value, gcore.APIError) and info.value.limit == 4 << 20
    assert peak < 12 << 20, peak  # the limit, one inflate step and the raw chunks
    assert server.count(TASK_PATH) == 1  # too large is not retried
    # The per-call option wins over the client's: a small limit refuses an ordinary body.
    server.set_default(TASK_PATH, json_reply(TASK))
    with pytest.raises(gcore.APIResponseTooLargeError):
        c.streaming.ai_tasks.get(TASK_ID, request_options={"max_response_size": 10})


def test_default_limit_and_endless_body(server: MockServer) -> None:
    server.set_default(TASK_PATH, Reply(200, b"x" * 65536, endless=True))
    started = time.monotonic()
    with pytest.raises(gcore.APIResponseTooLargeError, match="max_response_size=67108864"):
        client(server).streaming.ai_tasks.get(TASK_ID)  # the 64 MiB default
    assert time.monotonic() - started < 20

    async def scenario() -> None:
        async with gcore.AsyncGcore(
            api_key=API_KEY, base_url=server.url, max_response_size=1 << 20
        ) as aclient:
            with pytest.raises(gcore.APIResponseTooLargeError):
                await aclient.streaming.ai_tasks.get(TASK_ID)

    asyncio.run(scenario())


def test_streamed_body_is_bounded_too(server: MockServer) -> None:
    server.set_default(TASK_PATH, Reply(200, b"y" * 65536, endless=True))
    c = client(server, max_response_size=1 << 20)
    seen = 0
    with (
        pytest.raises(gcore.APIResponseTooLargeError),
        c.streaming.ai_tasks.with_streaming_response.get(TASK_ID) as response,
    ):
        for chunk in response.iter_bytes():
            seen += len(chunk)
    assert (1 << 20) - 65536 <= seen <= (1 << 20) + (256 << 10)


TRICKLE = json_reply(TASK).encoded_body()[0] + b" " * 400


def _trickle_cases() -> list[Any]:
    return [
        pytest.param(Reply(200, TRICKLE, trickle_headers=0.05), id="headers"),
        pytest.param(Reply(200, TRICKLE, trickle_body=0.05), id="body"),
        pytest.param(Reply(200, TRICKLE, trickle_body=0.05, chunked=True), id="chunked-body"),
    ]


@pytest.mark.parametrize("reply", _trickle_cases())
@pytest.mark.parametrize("transport", ["sync", "async", "aiohttp", "sync-own-http-client"])
def test_trickling_server_is_cut_at_the_timeout(
    server: MockServer, reply: Reply, transport: str
) -> None:
    """1 byte / 50 ms (~25 s for the whole answer): timeout=1 ends the attempt after ~1 s."""
    server.set_default(TASK_PATH, reply)
    started = time.monotonic()
    if transport.startswith("sync"):
        http_client = gcore.DefaultHttpxClient() if transport == "sync-own-http-client" else None
        with pytest.raises(gcore.APITimeoutError):
            client(
                server, timeout=1.0, max_retries=0, http_client=http_client
            ).streaming.ai_tasks.get(TASK_ID)
    else:

        async def scenario() -> None:
            http = gcore.DefaultAioHttpClient() if transport == "aiohttp" else None
            aclient = gcore.AsyncGcore(
                api_key=API_KEY, base_url=server.url, timeout=1.0, max_retries=0, http_client=http
            )
            try:
                with pytest.raises(gcore.APITimeoutError):
                    await aclient.streaming.ai_tasks.get(TASK_ID)
            finally:
                await aclient.close()
                if http is not None:
                    await http.aclose()

        asyncio.run(scenario())
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 2.0, elapsed
    assert server.count(TASK_PATH) == 1


def test_deadline_spans_retries(server: MockServer) -> None:
    """Each attempt is cut at the timeout, and the whole call (attempts and the backoff between
    them) stops within timeout * (retries + 1) = 3 s, so the backoff leaves room for fewer than
    the six attempts that max_retries=5 would allow."""
    server.set_default(TASK_PATH, Reply(200, TRICKLE, trickle_body=0.05))
    started = time.monotonic()
    with pytest.raises(gcore.APITimeoutError, match=r"after [234] attempts"):
        client(server, timeout=0.5, max_retries=5).streaming.ai_tasks.get(TASK_ID)
    elapsed = time.monotonic() - started
    assert elapsed < 0.5 * 6 + 0.3, elapsed
    assert 2 <= server.count(TASK_PATH) <= 4


@pytest.mark.parametrize("value", ["1e9", "inf", "86400"])
def test_retry_after_beyond_the_call_budget_raises_at_once(server: MockServer, value: str) -> None:
    server.set_default(TASK_PATH, Reply(429, b'{"error":"later"}', {"Retry-After": value}))
    started = time.monotonic()
    with pytest.raises(gcore.RateLimitError):
        client(server, timeout=3, max_retries=2).streaming.ai_tasks.get(TASK_ID)
    assert time.monotonic() - started < 1.0
    assert server.count(TASK_PATH) == 1


def test_retry_after_is_cut_to_fit_or_skipped(server: MockServer) -> None:
    """A wait that fits in the call budget is honoured; one that does not ends the call."""
    server.enqueue(TASK_PATH, Reply(503, b"{}", {"Retry-After": "1"}), json_reply(TASK))
    started = time.monotonic()
    assert client(server, timeout=1, max_retries=1).streaming.ai_tasks.get(TASK_ID).status
    assert 0.9 <= time.monotonic() - started < 2.0
    server.reset()
    server.enqueue(TASK_PATH, Reply(503, b"{}", {"Retry-After": "3"}), json_reply(TASK))
    with pytest.raises(gcore.InternalServerError):
        client(server, timeout=1, max_retries=1).streaming.ai_tasks.get(TASK_ID)
    assert server.count(TASK_PATH) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "nan"},
        {"Retry-After": "-5"},
        {"Retry-After": "soon"},
        {"Retry-After": "Mon, 99 Foo 99999 99:99:99 GMT"},
        {"retry-after-ms": "NaN"},
        {"retry-after-ms": "-1", "Retry-After": "garbage"},
    ],
)
def test_garbage_retry_after_falls_back_to_backoff(
    server: MockServer, headers: dict[str, str]
) -> None:
    server.enqueue(TASK_PATH, Reply(429, b"{}", headers), json_reply(TASK))
    started = time.monotonic()
    task = client(server, max_retries=1).streaming.ai_tasks.get(TASK_ID)
    assert task.task_id == TASK_ID
    assert server.count(TASK_PATH) == 2
    assert time.monotonic() - started < 2.0  # backoff: 0.5 s minus jitter


def test_wait_returns_within_its_timeout_against_a_stalled_server(server: MockServer) -> None:
    """wait(timeout=1) on a server that never answers: within 1 s + one poll's grace, sync and
    async, although the client's own timeout (120 s) and retries would take minutes."""
    from gcore_streaming_ai._constants import WAIT_POLL_GRACE

    server.set_default(TASK_PATH, Reply(200, b"{}", delay=30.0))
    started = time.monotonic()
    with pytest.raises(gcore.WaitTimeoutError) as info:
        client(server).streaming.ai_tasks.wait(TASK_ID, timeout=1.0, poll_interval=0.2)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + WAIT_POLL_GRACE + 0.5, elapsed
    assert isinstance(info.value.__cause__, gcore.APITimeoutError)

    async def scenario() -> None:
        async with gcore.AsyncGcore(api_key=API_KEY, base_url=server.url) as aclient:
            with pytest.raises(gcore.WaitTimeoutError):
                await aclient.streaming.ai_tasks.wait(TASK_ID, timeout=1.0, poll_interval=0.2)

    started = time.monotonic()
    asyncio.run(scenario())
    assert time.monotonic() - started < 1.0 + WAIT_POLL_GRACE + 0.5


# -- pagination that loops --------------------------------------------------------------------


def _gcore_item(n: int) -> dict[str, Any]:
    return {**TASK, "task_id": f"00000000-0000-0000-0000-{n:012d}"}


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_gcore_server_repeating_next_page_1_stops(
    server: MockServer, use_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """``next=...page=1`` on every page: two requests, a warning, a clean end."""
    body = {"count": 10**6, "next": f"{server.url}/streaming/ai/tasks?page=1", "results": [TASK]}
    server.set_default("/streaming/ai/tasks", json_reply(body))
    started = time.monotonic()
    if use_async:

        async def scenario() -> list[Any]:
            async with gcore.AsyncGcore(api_key=API_KEY, base_url=server.url) as aclient:
                return [t async for t in aclient.streaming.ai_tasks.list()]

        items = asyncio.run(scenario())
    else:
        items = list(client(server).streaming.ai_tasks.list())
    assert time.monotonic() - started < 3
    assert server.count("/streaming/ai/tasks") == 2
    assert len(items) == 1  # the repeated page is not yielded twice
    assert any("Stopped paging" in r.getMessage() for r in caplog.records)


def test_twelvelabs_page_1_of_a_million_stops(server: MockServer) -> None:
    body = {"data": [{"_id": "t1"}], "page_info": {"page": 1, "total_page": 10**6}}
    server.set_default("/tasks", json_reply(body))
    tl = twelvelabs.TwelveLabs(api_key=API_KEY, base_url=server.url)
    assert [t.id for t in tl.tasks.list()] == ["t1"]
    assert server.count("/tasks") == 2


def test_opaque_next_with_repeated_items_stops(server: MockServer) -> None:
    server.set_default("/streaming/ai/tasks", json_reply({"next": "more", "results": [TASK]}))
    assert len(list(client(server).streaming.ai_tasks.list())) == 1
    assert server.count("/streaming/ai/tasks") == 2


def test_max_pages_bounds_an_honest_endless_listing(server: MockServer) -> None:
    def page(req: Any) -> Reply:
        n = int(req.params.get("page", ["1"])[0])
        return json_reply({"next": f"page={n + 1}", "results": [_gcore_item(n)]})

    server.route("/streaming/ai/tasks", page)
    assert len(list(client(server, max_pages=7).streaming.ai_tasks.list())) == 7
    assert server.count("/streaming/ai/tasks") == 7
    server.reset()
    server.route("/streaming/ai/tasks", page)
    listing = client(server).streaming.ai_tasks.list(request_options={"max_pages": 3})
    assert len(list(listing)) == 3
    assert server.count("/streaming/ai/tasks") == 3


# -- only the package's own exceptions --------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("status", "body", "headers", "expected"),
    [
        (200, DEEP, {}, "APIResponseValidationError"),
        (400, DEEP, {}, "BadRequestError"),
        (200, b'{"task_id": "\xff\xfe", "status": "SUCCESS"}', {}, "APIResponseValidationError"),
        (200, b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"}, "APIResponseDecodeError"),
        (200, b"compressed?", {"Content-Encoding": "br"}, "APIResponseDecodeError"),
        (200, gzip_bomb(4096)[:-12], {"Content-Encoding": "gzip"}, "APIResponseDecodeError"),
        (500, b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"}, "InternalServerError"),
        (200, b'{"a": ' + b"1" * 5000 + b"}", {}, "APIResponseValidationError"),
        (400, b'{"a": ' + b"1" * 5000 + b"}", {}, "BadRequestError"),
    ],
    ids=[
        "deep-200",
        "deep-400",
        "bad-utf8",
        "bad-gzip",
        "unsupported-coding",
        "truncated-gzip",
        "bad-gzip-500",
        "huge-int-200",
        "huge-int-400",
    ],
)
@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_hostile_bodies_give_documented_types(
    server: MockServer,
    status: int,
    body: bytes,
    headers: dict[str, str],
    expected: str,
    strict: bool,
    use_async: bool,
) -> None:
    server.set_default(
        TASK_PATH, Reply(status, body, {"Content-Type": "application/json", **headers})
    )
    options: dict[str, Any] = {"max_retries": 0, "strict_response_validation": strict}
    try:
        if use_async:

            async def scenario() -> None:
                async with gcore.AsyncGcore(api_key=API_KEY, base_url=server.url, **options) as c:
                    await c.streaming.ai_tasks.get(TASK_ID)

            asyncio.run(scenario())
        else:
            client(server, **options).streaming.ai_tasks.get(TASK_ID)
    except gcore.SDKError as exc:
        assert type(exc).__name__ == expected, f"{type(exc).__name__}: {exc}"
        assert len(str(exc)) < 2000
    else:
        pytest.fail(f"no error for {expected}")
