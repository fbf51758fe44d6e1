"""The rendered runtime's HTTP core against a real server on 127.0.0.1: config, auth, query
encoding, errors, retries, timeouts, validation, logging and key redaction (sync and async)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from support.mock_server import (
    MockServer,
    Reply,
    json_reply,
    mock_server_fixture,  # noqa: F401  (fixture "mock_server")
)
from support.runtime_packages import (
    Harness,
    RuntimePackage,
    harness_fixture,
    maybe_await,
    runtime_packages_fixture,  # noqa: F401  (fixture "runtime_packages")
)

KEY = "sk-test-SECRET-4242424242"
ITEM = {"_id": "i-1", "status": "ready", "progress": 100}


h = harness_fixture("gcore", KEY)


@pytest.fixture
def gcore(runtime_packages: dict[str, RuntimePackage]) -> RuntimePackage:
    return runtime_packages["gcore"]


@pytest.fixture
def tl(runtime_packages: dict[str, RuntimePackage]) -> RuntimePackage:
    return runtime_packages["twelvelabs"]


# -- configuration ------------------------------------------------------------------------------


def test_missing_key_names_env_var(gcore: RuntimePackage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RT_GCORE_API_KEY", raising=False)
    with pytest.raises(gcore.exceptions.MissingAPIKeyError, match="RT_GCORE_API_KEY") as info:
        gcore.client.Client()
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, gcore.exceptions.SDKError)
    monkeypatch.setenv("RT_GCORE_API_KEY", "")
    with pytest.raises(gcore.exceptions.MissingAPIKeyError):
        gcore.client.AsyncClient()


def test_env_and_explicit_precedence(
    gcore: RuntimePackage,
    mock_server: MockServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mock_server.set_default("/items/i-1", json_reply(ITEM))
    monkeypatch.setenv("RT_GCORE_API_KEY", "env-key-123456")
    monkeypatch.setenv("RT_GCORE_BASE_URL", mock_server.url + "/")
    with gcore.client.Client() as client:
        assert client.base_url == mock_server.url
        client.get_item("i-1")
    with gcore.client.Client(api_key="explicit-key-987", base_url=mock_server.url) as client:
        client.get_item("i-1")
    monkeypatch.delenv("RT_GCORE_BASE_URL")
    with gcore.client.Client() as client:
        assert client.base_url == "https://api.gcore.com"
    auths = [r.header("Authorization") for r in mock_server.requests]
    assert auths == ["APIKey env-key-123456", "APIKey explicit-key-987"]


def test_auth_header_forms_and_user_agent(
    runtime_packages: dict[str, RuntimePackage],
    mock_server: MockServer,
) -> None:
    mock_server.set_default("/items/i-1", json_reply(ITEM))
    for flavour in ("gcore", "twelvelabs"):
        pkg = runtime_packages[flavour]
        with pkg.client.Client(api_key=KEY, base_url=mock_server.url) as client:
            client.get_item("i-1")
    gcore_req, tl_req = mock_server.requests
    assert gcore_req.header("Authorization") == f"APIKey {KEY}"
    assert gcore_req.header("x-api-key") is None
    assert gcore_req.header("User-Agent") == "rt-gcore/1.2.3"
    assert tl_req.header("x-api-key") == KEY
    assert tl_req.header("Authorization") is None
    assert tl_req.header("User-Agent") == "rt-tl/0.0.1"
    assert gcore_req.header("Accept") == "application/json"


async def test_query_encoding_and_request_options(h: Harness) -> None:
    h.server.set_default("/pi", json_reply({"data": [], "page_info": None}))
    client = h.client(default_headers={"X-Team": "a"})
    await maybe_await(
        client.list_pi(
            status=["ready", "indexing"],
            dropped=None,
            flag=True,
            off=False,
            page_limit=50,
            options={
                "extra_query": {"trace": "1"},
                "extra_headers": {"X-Extra": "yes", "X-Team": "b"},
            },
        )
    )
    (req,) = h.server.requests
    assert req.query == "status=ready&status=indexing&flag=true&off=false&page_limit=50&trace=1"
    assert req.header("X-Extra") == "yes"
    assert req.header("X-Team") == "b"


async def test_json_body_and_with_options(h: Harness) -> None:
    h.server.set_default("/items", json_reply(ITEM), method="POST")
    client = h.client()
    item = await h.call(client, "create_item", name="clip")
    assert item.id == "i-1"
    assert h.server.requests[0].json() == {"name": "clip"}
    assert h.server.requests[0].header("Content-Type") == "application/json"
    quick = client.with_options(max_retries=0, timeout=1.5)
    assert quick.max_retries == 0 and client.max_retries == 2
    assert quick.timeout.read == 1.5 and quick.timeout.connect == 1.5
    assert quick._client is client._client  # shared pool
    await maybe_await(quick.close())  # a copy does not close the shared pool
    assert not client.is_closed
    assert KEY not in repr(client) and KEY not in repr(quick)


async def test_redirects_keep_key_on_same_origin_only(h: Harness) -> None:
    with MockServer() as other:
        other.set_default("/elsewhere", json_reply(ITEM))
        h.server.set_default("/items/same", json_reply(ITEM))
        h.server.set_default("/items/i-1", Reply(302, b"", {"Location": "/items/same"}))
        h.server.set_default("/items/i-2", Reply(307, b"", {"Location": other.url + "/elsewhere"}))
        client = h.client()
        assert (await h.call(client, "get_item", "i-1")).id == "i-1"
        assert (await h.call(client, "get_item", "i-2")).id == "i-1"
        assert h.server.requests_for("/items/same")[0].header("Authorization") == f"APIKey {KEY}"
        moved = other.requests_for("/elsewhere")[0]
        assert moved.header("Authorization") is None
        assert all(KEY not in value for _, value in moved.headers)


def test_caller_http_client_is_used_and_not_closed(
    gcore: RuntimePackage, mock_server: MockServer
) -> None:
    mock_server.set_default("/items/i-1", json_reply(ITEM))
    own = httpx.Client(headers={"X-Own": "1"}, timeout=7.0)
    with gcore.client.Client(api_key=KEY, base_url=mock_server.url, http_client=own) as client:
        assert client.timeout.read == 7.0
        client.get_item("i-1")
    assert not own.is_closed
    own.close()
    assert mock_server.requests[0].header("X-Own") == "1"


def test_default_http_clients_are_closed_with_the_client(
    gcore: RuntimePackage, mock_server: MockServer
) -> None:
    """As in the official SDKs: `with Client(http_client=DefaultHttpxClient())` closes it."""
    mock_server.set_default("/items/i-1", json_reply(ITEM))
    transport = gcore.module("_transport")
    given = transport.DefaultHttpxClient(timeout=7.0)
    with gcore.client.Client(api_key=KEY, base_url=mock_server.url, http_client=given) as client:
        client.get_item("i-1")
        copy = client.with_options(max_retries=0)
        copy.close()  # a copy never closes the shared pool
        assert not given.is_closed
    assert given.is_closed


async def test_default_async_http_clients_are_closed_with_the_client(
    gcore: RuntimePackage, mock_server: MockServer
) -> None:
    mock_server.set_default("/items/i-1", json_reply(ITEM))
    transport = gcore.module("_transport")
    for given in (transport.DefaultAsyncHttpxClient(), transport.DefaultAioHttpClient()):
        async with gcore.client.AsyncClient(
            api_key=KEY, base_url=mock_server.url, http_client=given
        ) as client:
            await client.get_item("i-1")
        assert given.is_closed
    own = httpx.AsyncClient()
    async with gcore.client.AsyncClient(api_key=KEY, base_url=mock_server.url, http_client=own):
        pass
    assert not own.is_closed
    await own.aclose()


# -- status errors --------------------------------------------------------------------------------

STATUS_CASES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize(("status", "name"), STATUS_CASES)
async def test_status_maps_to_exception(h: Harness, status: int, name: str) -> None:
    body = {"error": f"boom {status}", "code": "E1"}
    h.server.set_default("/items/i-1", json_reply(body, status=status, headers={"X-Req": "r1"}))
    client = h.client(max_retries=0)
    with pytest.raises(h.exc.APIStatusError) as info:
        await h.call(client, "get_item", "i-1")
    err = info.value
    assert type(err).__name__ == name
    assert err.status_code == status
    assert err.body == body
    assert err.headers["X-Req"] == "r1"
    assert err.response.status_code == status
    assert err.request.url.path == "/items/i-1"
    assert f"boom {status}" in str(err) and str(status) in str(err)
    assert h.server.count() == 1


async def test_malformed_json_200_is_validation_error(h: Harness) -> None:
    truncated = b'{"_id": "i-1", "status": '
    h.server.set_default("/items/i-1", Reply(200, truncated, {"Content-Type": "application/json"}))
    client = h.client()
    with pytest.raises(h.exc.APIResponseValidationError, match="not valid JSON") as info:
        await h.call(client, "get_item", "i-1")
    assert info.value.status_code == 200
    assert h.server.count() == 1


async def test_html_502_page_is_internal_server_error(h: Harness) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    h.server.set_default("/items/i-1", Reply(502, page, {"Content-Type": "text/html"}))
    client = h.client(max_retries=1)
    with pytest.raises(h.exc.InternalServerError) as info:
        await h.call(client, "get_item", "i-1")
    assert info.value.body == page
    assert "502 Bad Gateway" in str(info.value)
    assert h.server.count() == 2  # GET retried once


async def test_validation_error_names_field_path(h: Harness) -> None:
    bad = [ITEM, ITEM, ITEM, {"_id": "i-4", "status": "ready", "progress": "fifty"}]
    h.server.set_default("/items", json_reply(bad))
    client = h.client(strict_response_validation=True)
    with pytest.raises(h.exc.APIResponseValidationError) as info:
        await maybe_await(client.request("GET", "/items", cast_to=list[h.pkg.client.Item]))
    message = str(info.value)
    assert "3.progress: Input should be a valid integer" in message
    assert info.value.errors[0]["loc"] == "3.progress"
    assert info.value.body == bad
    assert "pydantic" not in type(info.value).__module__


async def test_unknown_enum_value_and_extra_fields_kept(h: Harness) -> None:
    h.server.set_default("/items/i-1", json_reply({**ITEM, "status": "archived", "new_field": [1]}))
    item = await h.call(h.client(), "get_item", "i-1")
    assert item.status == "archived"
    assert item.model_extra == {"new_field": [1]}


async def test_raw_response(h: Harness) -> None:
    h.server.set_default("/items/i-1", json_reply(ITEM, headers={"X-Request-Id": "abc"}))
    client = h.client()
    raw = await maybe_await(client.request_raw("GET", "/items/i-1", cast_to=h.pkg.client.Item))
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "abc"
    assert raw.is_closed is True
    assert await maybe_await(raw.json()) == ITEM
    parsed = await maybe_await(raw.parse())
    assert parsed.id == "i-1"
    assert await maybe_await(raw.parse()) is parsed
    assert isinstance(raw.http_response, httpx.Response)


# -- retries --------------------------------------------------------------------------------------


async def test_retry_after_one_second_is_honoured(h: Harness) -> None:
    h.server.enqueue("/items/i-1", json_reply({"error": "slow down"}, 429, {"Retry-After": "1"}))
    h.server.enqueue("/items/i-1", json_reply(ITEM))
    started = time.monotonic()
    item = await h.call(h.client(), "get_item", "i-1")
    elapsed = time.monotonic() - started
    assert item.id == "i-1"
    first, second = h.server.requests
    assert 0.95 <= second.time - first.time < 2.0
    assert elapsed < 2.5
    assert h.server.count() == 2


async def test_retry_after_ms_and_http_date(h: Harness) -> None:
    when = format_datetime(datetime.now(UTC) - timedelta(seconds=5), usegmt=True)
    h.server.enqueue(
        "/items/i-1",
        json_reply({}, 503, {"retry-after-ms": "50"}),
        json_reply({}, 503, {"Retry-After": when}),
        json_reply(ITEM),
    )
    item = await h.call(h.client(), "get_item", "i-1")
    assert item.id == "i-1"
    times = [r.time for r in h.server.requests]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.045


async def test_503_twice_then_success(h: Harness) -> None:
    h.server.enqueue("/items/i-1", json_reply({}, 503), json_reply({}, 503), json_reply(ITEM))
    item = await h.call(h.client(), "get_item", "i-1")
    assert item.id == "i-1"
    assert h.server.count() == 3


async def test_max_retries_means_retries(h: Harness) -> None:
    h.server.set_default("/items/i-1", json_reply({"error": "down"}, 500))
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(max_retries=0), "get_item", "i-1")
    assert h.server.count() == 1
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(max_retries=3), "get_item", "i-1")
    assert h.server.count() == 1 + 4
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(max_retries=3), "get_item", "i-1", options={"max_retries": 1})
    assert h.server.count() == 1 + 4 + 2


async def test_non_retried_statuses(h: Harness) -> None:
    h.server.set_default("/items/i-1", json_reply({"error": "nope"}, 404))
    with pytest.raises(h.exc.NotFoundError):
        await h.call(h.client(), "get_item", "i-1")
    assert h.server.count() == 1


async def test_x_should_retry_header_overrides(h: Harness) -> None:
    h.server.enqueue("/items/i-1", json_reply({}, 500, {"x-should-retry": "false"}))
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(), "get_item", "i-1")
    assert h.server.count() == 1


async def test_post_not_replayed_after_500_unless_opted_in(h: Harness) -> None:
    h.server.set_default("/items", json_reply({"error": "oops"}, 500), method="POST")
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(), "create_item", name="x")
    assert h.server.count() == 1
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(), "create_item", name="x", options={"idempotent": True})
    assert h.server.count() == 1 + 3
    with pytest.raises(h.exc.InternalServerError):
        await h.call(h.client(retry_non_idempotent=True, max_retries=1), "create_item", name="x")
    assert h.server.count() == 1 + 3 + 2


async def test_post_retried_on_429_and_503_with_retry_after(h: Harness) -> None:
    h.server.enqueue(
        "/items",
        json_reply({}, 429, {"Retry-After": "0"}),
        json_reply({}, 503, {"Retry-After": "0"}),
        json_reply(ITEM),
    )
    item = await h.call(h.client(), "create_item", name="x")
    assert item.id == "i-1"
    assert h.server.count() == 3


async def test_post_not_replayed_after_connection_reset(h: Harness) -> None:
    h.server.set_default("/items", Reply(reset_before_response=True), method="POST")
    with pytest.raises(h.exc.APIConnectionError) as info:
        await h.call(h.client(), "create_item", name="x")
    assert not isinstance(info.value, h.exc.APITimeoutError)
    assert h.server.count() == 1
    with pytest.raises(h.exc.APIConnectionError):
        await h.call(h.client(max_retries=2), "create_item", name="x", options={"idempotent": True})
    assert h.server.count() == 1 + 3


async def test_reset_mid_body_get_is_retried(h: Harness) -> None:
    h.server.enqueue("/items/i-1", Reply(200, ITEM, reset_mid_body=True), json_reply(ITEM))
    item = await h.call(h.client(), "get_item", "i-1")
    assert item.id == "i-1"
    assert h.server.count() == 2


async def test_reset_mid_body_post_surfaces(h: Harness) -> None:
    h.server.set_default("/items", Reply(200, ITEM, reset_mid_body=True), method="POST")
    with pytest.raises(h.exc.APIConnectionError, match="POST /items"):
        await h.call(h.client(), "create_item", name="x")
    assert h.server.count() == 1


async def test_connect_error_is_retried_and_typed(h: Harness) -> None:
    client = h.client(base_url="http://127.0.0.1:9", max_retries=2)  # discard port: refused
    started = time.monotonic()
    with pytest.raises(h.exc.APIConnectionError, match="after 3 attempts"):
        await h.call(client, "create_item", name="x")  # even POST: never reached a server
    assert time.monotonic() - started < 2


async def test_timeout_shorter_than_slow_response(h: Harness) -> None:
    h.server.set_default("/items/i-1", Reply(200, ITEM, delay=3.0))
    client = h.client(timeout=0.3, max_retries=0)
    started = time.monotonic()
    with pytest.raises(h.exc.APITimeoutError) as info:
        await h.call(client, "get_item", "i-1")
    elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 1.5
    assert isinstance(info.value, h.exc.APIConnectionError)
    assert "timed out" in str(info.value)


async def test_per_call_timeout_and_retry_on_timeout(h: Harness) -> None:
    h.server.enqueue("/items/i-1", Reply(200, ITEM, delay=2.0), json_reply(ITEM))
    client = h.client(timeout=10.0)
    started = time.monotonic()
    item = await h.call(client, "get_item", "i-1", options={"timeout": 0.2})
    assert item.id == "i-1"
    assert time.monotonic() - started < 1.5
    assert h.server.count() == 2


async def test_post_not_replayed_after_timeout(h: Harness) -> None:
    h.server.set_default("/items", Reply(200, ITEM, delay=2.0), method="POST")
    with pytest.raises(h.exc.APITimeoutError):
        await h.call(h.client(timeout=0.2), "create_item", name="x")
    assert h.server.count() == 1


# -- logging and secrets -----------------------------------------------------------------------


# Every form of the key in log lines, exception text and reprs, for each auth kind:
# tests/runtime/test_runtime_auth.py::test_no_form_of_the_key_in_logs_errors_or_reprs.


@pytest.mark.parametrize("flavour", ["gcore", "twelvelabs"])
def test_key_hidden_in_request_headers_repr(
    runtime_packages: dict[str, RuntimePackage], mock_server: MockServer, flavour: str
) -> None:
    pkg = runtime_packages[flavour]
    mock_server.set_default("/items/i-1", json_reply({"error": "no"}, 403))
    with (
        pkg.client.Client(api_key=KEY, base_url=mock_server.url) as client,
        pytest.raises(pkg.exceptions.PermissionDeniedError) as info,
    ):
        client.get_item("i-1")
    err = info.value
    for text in (repr(err.request.headers), repr(err.request), repr(err.response), str(err)):
        assert KEY not in text, text
    assert "[secure]" in repr(err.request.headers)
    assert mock_server.requests[0].header(pkg.settings["auth_header"]).endswith(KEY)


def test_env_log_enables_stderr_handler(gcore: RuntimePackage, tmp_path: Any) -> None:
    import subprocess
    import sys

    code = (
        f"import sys; sys.path.insert(0, {str(gcore.path.parent)!r})\n"
        "from rt_gcore_pkg._testclient import Client\n"
        "import logging\n"
        "c = Client(api_key='k-secret-123456', base_url='http://127.0.0.1:9', max_retries=0)\n"
        "print(logging.getLogger('rt_gcore_pkg').level)\n"
    )
    env = {"RT_GCORE_LOG": "debug", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == str(logging.DEBUG)


def test_sync_and_async_error_hierarchy(gcore: RuntimePackage) -> None:
    exc = gcore.exceptions
    assert issubclass(exc.APITimeoutError, exc.APIConnectionError)
    assert issubclass(exc.APIConnectionError, exc.APIError)
    assert issubclass(exc.RateLimitError, exc.APIStatusError)
    assert issubclass(exc.APIResponseValidationError, exc.APIError)
    assert issubclass(exc.WaitTimeoutError, TimeoutError)
