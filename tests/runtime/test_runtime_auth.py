"""The auth kinds of the runtime against a real server on 127.0.0.1 (sync and async): a header
with or without a prefix, bearer, basic and a query-parameter key; each one on the wire, cleaned,
kept on a same-origin redirect and dropped on another origin's, and never in a log line, an
exception's text or a repr (in any of the forms it is written in)."""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from specpress.errors import SpecpressError
from specpress.generate.runtime import RuntimeSettings, render_runtime, runtime_settings
from support.mock_server import (
    MockServer,
    Reply,
    json_reply,
    mock_server_fixture,  # noqa: F401  (fixture "mock_server")
)
from support.runtime_packages import (
    FLAVOURS,
    Harness,
    RuntimePackage,
    maybe_await,
    runtime_packages_fixture,  # noqa: F401  (fixture "runtime_packages")
)

ITEM = {"_id": "i-1", "status": "ready"}
#: One key per kind; the query key holds characters a query string must escape.
KEYS = {
    "gcore": "sk-header-SECRET-4242",
    "twelvelabs": "tl-plain-SECRET-4242",
    "bearer": "sk-bearer-SECRET-4242",
    "basic": "alice-user:pa$$-SECRET-4242",
    "query": "q+k/SECRET=42&x~4242",
}
KINDS = list(KEYS)


def wire_auth(flavour: str, key: str) -> tuple[str, str]:
    """(where, value) the server must see: a header name, or ``?`` plus the query name."""
    return {
        "gcore": ("Authorization", f"APIKey {key}"),
        "twelvelabs": ("x-api-key", key),
        "bearer": ("Authorization", f"Bearer {key}"),
        "basic": ("Authorization", "Basic " + base64.b64encode(key.encode()).decode()),
        "query": ("?api_key", key),
    }[flavour]


def sent_auth(flavour: str, request: Any) -> str | None:
    where, _ = wire_auth(flavour, "")
    if where.startswith("?"):
        values = request.params.get(where[1:])
        return values[0] if values else None
    return request.header(where)


def key_forms(flavour: str, key: str) -> list[str]:
    """Every form of the credential that must never show."""
    forms = [key, quote(key, safe=""), quote_plus(key), wire_auth(flavour, key)[1]]
    if flavour == "basic":
        forms += [key.split(":", 1)[1], base64.b64encode(key.encode()).decode()]
    if flavour == "query":
        forms.append(str(httpx.QueryParams({"api_key": key})).split("=", 1)[1])
    return forms


def assert_hidden(flavour: str, key: str, texts: list[str]) -> None:
    for text in texts:
        for form in key_forms(flavour, key):
            assert form not in text, (form, text)


@pytest.fixture(
    params=[(k, m) for k in KINDS for m in ("sync", "async")], ids=lambda p: "-".join(p)
)
async def h(
    request: pytest.FixtureRequest,
    runtime_packages: dict[str, RuntimePackage],
    mock_server: MockServer,
) -> AsyncIterator[Harness]:
    flavour, mode = request.param
    harness = Harness(runtime_packages[flavour], mock_server, mode, KEYS[flavour])
    harness.flavour = flavour  # type: ignore[attr-defined]
    yield harness
    await harness.close()


def flavour_of(h: Harness) -> str:
    return str(h.flavour)  # type: ignore[attr-defined]


# -- on the wire -----------------------------------------------------------------------------


async def test_each_kind_sends_the_key_its_way(h: Harness) -> None:
    flavour = flavour_of(h)
    h.server.set_default("/items/i-1", json_reply(ITEM))
    h.server.set_default("/pi", json_reply({"data": [], "page_info": None}))
    client = h.client()
    await h.call(client, "get_item", "i-1")
    await h.first_page(client.list_pi(status=["a", "b"], options={"extra_query": {"t": "1"}}))
    get, listing = h.server.requests
    where, value = wire_auth(flavour, h.key)
    for req in (get, listing):
        assert sent_auth(flavour, req) == value
        carriers = [
            n.lower() for n, _ in req.headers if n.lower() in ("authorization", "x-api-key")
        ]
        assert carriers == ([] if where.startswith("?") else [where.lower()])
    # the API's own parameters are kept beside a query key, in order
    assert listing.params["status"] == ["a", "b"] and listing.params["t"] == ["1"]
    if flavour == "query":
        assert listing.query.startswith("api_key=")
        assert client.auth_headers == {}
    else:
        assert client.auth_headers == {where: value}


async def test_keys_are_cleaned_for_every_kind(h: Harness) -> None:
    h.server.set_default("/items/i-1", json_reply(ITEM))
    client = h.client(api_key=f"  {h.key}\n")
    await h.call(client, "get_item", "i-1")
    assert sent_auth(flavour_of(h), h.server.requests[0]) == wire_auth(flavour_of(h), h.key)[1]
    with pytest.raises(h.exc.InvalidAPIKeyError) as info:
        h.client(api_key=h.key[:4] + "\r\nX-Evil: 1")
    assert_hidden(flavour_of(h), h.key, [str(info.value)])


async def test_with_options_swaps_the_key(h: Harness) -> None:
    flavour = flavour_of(h)
    h.server.set_default("/items/i-1", json_reply(ITEM))
    other_key = "zz-other:SECRET-999999" if flavour == "basic" else "zz-other-SECRET-999999"
    client = h.client()
    await h.call(client.with_options(api_key=other_key), "get_item", "i-1")
    await h.call(client, "get_item", "i-1")
    assert [sent_auth(flavour, r) for r in h.server.requests] == [
        wire_auth(flavour, other_key)[1],
        wire_auth(flavour, h.key)[1],
    ]


def test_basic_key_must_be_user_and_password(runtime_packages: dict[str, RuntimePackage]) -> None:
    pkg = runtime_packages["basic"]
    for cls in (pkg.client.Client, pkg.client.AsyncClient):
        with pytest.raises(pkg.exceptions.InvalidAPIKeyError, match="user:password") as info:
            cls(api_key="no-colon-SECRET-4242", base_url="http://127.0.0.1:9")
        assert "no-colon-SECRET" not in str(info.value)
    # a header kind takes a key with a colon as it is
    with runtime_packages["bearer"].client.Client(api_key="a:b-SECRET-1") as client:
        assert client.auth_headers == {"Authorization": "Bearer a:b-SECRET-1"}


# -- redirects -------------------------------------------------------------------------------


async def test_redirect_keeps_the_key_on_the_same_origin_and_drops_it_elsewhere(
    h: Harness,
) -> None:
    flavour = flavour_of(h)
    with MockServer() as other:
        other.set_default("/elsewhere", json_reply(ITEM))
        h.server.set_default("/items/same", json_reply(ITEM))
        h.server.set_default("/items/i-1", Reply(302, b"", {"Location": "/items/same?keep=1"}))
        # a hostile server even writes a query key into the other origin's URL
        echo = f"api_key={quote(h.key, safe='')}&" if flavour == "query" else ""
        echoed = f"{other.url}/elsewhere?{echo}keep=2"
        h.server.set_default("/items/i-2", Reply(307, b"", {"Location": echoed}))
        client = h.client()
        assert (await h.call(client, "get_item", "i-1")).id == "i-1"
        assert (await h.call(client, "get_item", "i-2")).id == "i-1"
        same = h.server.requests_for("/items/same")[0]
        assert sent_auth(flavour, same) == wire_auth(flavour, h.key)[1]
        assert same.params["keep"] == ["1"]
        moved = other.requests_for("/elsewhere")[0]
        assert moved.header("Authorization") is None and moved.header("x-api-key") is None
        assert "api_key" not in moved.params and moved.params["keep"] == ["2"]
        assert_hidden(flavour, h.key, [v for _, v in moved.headers] + [moved.query])


async def test_redirect_back_after_another_origin_stays_keyless(h: Harness) -> None:
    """Once the key is dropped it is not brought back by a redirect home."""
    flavour = flavour_of(h)
    with MockServer() as other:
        other.set_default("/hop", Reply(302, b"", {"Location": h.server.url + "/items/back"}))
        h.server.set_default("/items/i-3", Reply(302, b"", {"Location": other.url + "/hop"}))
        h.server.set_default("/items/back", json_reply(ITEM))
        await h.call(h.client(), "get_item", "i-3")
        back = h.server.requests_for("/items/back")[0]
        assert sent_auth(flavour, back) is None


# -- redaction -------------------------------------------------------------------------------


async def test_no_form_of_the_key_in_logs_errors_or_reprs(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    flavour = flavour_of(h)
    caplog.set_level(logging.DEBUG, logger=h.pkg.name)
    caplog.set_level(logging.DEBUG, logger="httpx")
    wire = str(httpx.QueryParams({"api_key": h.key}))
    echo = {"error": f"invalid key {h.key}", "url": f"/items/i-1?{wire}",
            "auth": wire_auth(flavour, h.key)[1], "password": h.key.split(":")[-1]}  # fmt: skip
    h.server.enqueue("/items/i-1", json_reply({}, 503), json_reply(echo, 401))
    client = h.client()
    errors: list[Any] = []
    with pytest.raises(h.exc.AuthenticationError) as auth:
        await h.call(client, "get_item", "i-1")
    errors.append(auth.value)
    with pytest.raises(h.exc.APIConnectionError) as conn:
        await h.call(h.client(base_url="http://127.0.0.1:9", max_retries=0), "get_item", "i-1")
    errors.append(conn.value)
    h.server.set_default("/items/i-2", json_reply({"_id": 1, "status": None}))
    with pytest.raises(h.exc.APIResponseValidationError) as val:
        await h.call(client.with_options(strict_response_validation=True), "get_item", "i-2")
    errors.append(val.value)
    h.server.set_default("/items/i-3", json_reply(ITEM))
    raw = await maybe_await(client.request_raw("GET", "/items/i-3", cast_to=dict))
    lines = [r.getMessage() for r in caplog.records]
    assert any("503" in line and "retry" in line.lower() for line in lines), lines
    assert any("/items/i-3" in line for line in lines), lines  # URLs are logged, scrubbed
    texts = [*lines, repr(client), repr(raw), repr(raw.http_request)]
    for err in errors:
        texts += [str(err), repr(err), repr(err.body)]
        if err.request is not None:
            texts += [repr(err.request), repr(err.request.headers)]
        cause = err.__cause__
        texts += [str(cause), repr(cause)] if cause is not None else []
    assert_hidden(flavour, h.key, texts)
    assert "<redacted>" in str(errors[0])
    # the request really carried the key (the test can fail)
    assert (
        sent_auth(flavour, h.server.requests_for("/items/i-3")[0]) == wire_auth(flavour, h.key)[1]
    )


# -- settings --------------------------------------------------------------------------------


def _settings(**changes: Any) -> RuntimeSettings:
    return RuntimeSettings(**{**FLAVOURS["twelvelabs"], **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"auth_kind": "cookie"}, "auth_kind must be one of header, bearer, basic, query"),
        ({"auth_kind": "query", "auth_query": ""}, "auth_query must be a non-empty"),
        ({"auth_kind": "query", "auth_query": "api key"}, "auth_query must be a non-empty"),
        ({"auth_kind": "header", "auth_header": ""}, "auth_header must be a non-empty"),
        ({"auth_header": "x-api-key:\r\nEvil"}, "auth_header must be"),
    ],
)
def test_unusable_auth_settings_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecpressError, match=message):
        _settings(**changes).validate()


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ({"type": "http", "scheme": "bearer"}, ("bearer", "Authorization", "Bearer", "")),
        ({"type": "http", "scheme": "basic"}, ("basic", "Authorization", "Basic", "")),
        ({"type": "apiKey", "in": "query", "name": "key"}, ("query", "", "", "key")),
        ({"type": "apiKey", "in": "header", "name": "X-Key"}, ("header", "X-Key", "", "")),
    ],
    ids=["bearer", "basic", "query", "header"],
)
def test_securityschemes_reach_the_rendered_runtime(
    tmp_path: Path, scheme: dict[str, Any], expected: tuple[str, str, str, str]
) -> None:
    """securitySchemes -> config's client.auth kinds -> RuntimeSettings -> _constants."""
    import json

    from specpress.config.sdk import load_sdk_config

    document = {
        "openapi": "3.1.0",
        "info": {"title": "Auth", "version": "7"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
        "components": {"securitySchemes": {"s": scheme}},
        "security": [{"s": []}],
    }
    (tmp_path / "openapi.yaml").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "sdk.yaml").write_text("package: {dist: auth-kinds}\n", encoding="utf-8")
    settings = runtime_settings(load_sdk_config(tmp_path / "sdk.yaml"), "7")
    got = (settings.auth_kind, settings.auth_header, settings.auth_prefix, settings.auth_query)
    assert got == expected
    render_runtime(tmp_path / "pkg", settings, page_styles=[])
    constants = (tmp_path / "pkg" / "_constants.py").read_text(encoding="utf-8")
    assert f'AUTH_KIND: Final[str] = "{expected[0]}"' in constants
    assert f'AUTH_QUERY: Final[str] = "{expected[3]}"' in constants


# -- a generated package, per kind -----------------------------------------------------------


def _auth_document(scheme: dict[str, Any]) -> dict[str, Any]:
    """One GET whose spec also lists the query key as a parameter (as many documents do)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Auth", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "components": {
            "securitySchemes": {"s": scheme},
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                }
            },
        },
        "security": [{"s": []}],
        "paths": {
            "/things/{thing_id}": {
                "get": {
                    "operationId": "getThing",
                    "tags": ["things"],
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": "api_key", "in": "query", "schema": {"type": "string"}},
                        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
    }


@pytest.mark.parametrize(
    ("flavour", "scheme"),
    [
        ("gcore", {"type": "apiKey", "in": "header", "name": "Authorization",
                   "description": "Prefix the key with 'APIKey'."}),
        ("bearer", {"type": "http", "scheme": "bearer"}),
        ("basic", {"type": "http", "scheme": "basic"}),
        ("query", {"type": "apiKey", "in": "query", "name": "api_key"}),
    ],
    ids=["header-prefix", "bearer", "basic", "query"],
)  # fmt: skip
def test_a_generated_package_sends_each_kind(
    tmp_path: Path, mock_server: MockServer, flavour: str, scheme: dict[str, Any]
) -> None:
    """securitySchemes alone (one line of sdk.yaml) -> a package whose call carries the key."""
    import inspect
    import json

    from specpress.generate import generate_package
    from support.zero import imported, mypy_errors

    (tmp_path / "openapi.yaml").write_text(json.dumps(_auth_document(scheme)), encoding="utf-8")
    (tmp_path / "sdk.yaml").write_text("package: {dist: auth-kind-demo}\n", encoding="utf-8")
    out = generate_package(tmp_path / "openapi.yaml", tmp_path / "sdk.yaml", tmp_path / "out")
    mock_server.set_default("/things/t-1", json_reply({"id": "t-1"}))
    key = KEYS[flavour]
    with imported(out, "auth_kind_demo") as package:
        with package.AuthKindDemo(api_key=key, base_url=mock_server.url) as client:
            method = client.things.retrieve
            thing = method("t-1", verbose=True)
        assert thing.id == "t-1"
        # the query key is the client's, never a method keyword
        assert ("api_key" in inspect.signature(method).parameters) is (flavour != "query")
    (req,) = mock_server.requests
    assert sent_auth(flavour, req) == wire_auth(flavour, key)[1]
    assert req.params["verbose"] == ["true"]
    if flavour == "query":
        assert mypy_errors(out) == ""
