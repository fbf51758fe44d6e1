"""Documents no one here wrote, generated with at most ten lines of sdk.yaml (issue 13): every
operation is a method or is left out with a reason, the package imports, passes ruff and mypy
--strict, and every method reaches a loopback server with its operation's method and path."""

from __future__ import annotations

import asyncio
import importlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from specpress.generate.endpoints import Endpoint
from specpress.generate.responses import success_response
from specpress.generate.types import TypeRef
from support.mock_server import MockServer, Reply, json_reply
from support.zero import (
    DOCUMENTS,
    GeneratedDocument,
    acall_every_method,
    call_every_method,
    example_of,
    generate_document,
    imported,
    mypy_errors,
)


@pytest.fixture(scope="module", params=DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def generated(
    request: pytest.FixtureRequest, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> GeneratedDocument:
    document = request.param
    return generate_document(document, shared_dir, tmp_path_factory.mktemp(document.name))


def test_at_most_ten_lines_of_sdk_yaml(generated: GeneratedDocument) -> None:
    assert generated.document.sdk_lines <= 10


def _operations(generated: GeneratedDocument) -> set[str]:
    return {f"{op.method.upper()} {op.path.split('#')[0]}" for op in generated.doc.operations()}


def test_every_operation_is_a_method_or_left_out_with_a_reason(
    generated: GeneratedDocument,
) -> None:
    api = (generated.out / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^`([A-Z]+ /[^`]*)` \(operation", api, flags=re.M))
    left = {s.operation.split(" (")[0] for s in generated.left_out}
    assert documented | left == _operations(generated)
    assert not documented & left
    for skipped in generated.left_out:
        assert skipped.reason and f"- `{skipped.operation}`: " in api
    assert ("## Not generated" in api) == bool(generated.left_out)


def test_the_package_passes_ruff_and_mypy_strict(generated: GeneratedDocument) -> None:
    out = generated.out
    config = str(out / "pyproject.toml")
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", config, str(out)]
    assert subprocess.run(ruff, capture_output=True, text=True).returncode == 0
    assert mypy_errors(out) == ""


def test_every_method_is_callable(generated: GeneratedDocument) -> None:
    with (
        imported(generated.out, generated.import_name) as package,
        MockServer() as server,
        generated.client(package, server) as client,
    ):
        called = call_every_method(generated, client, server)
    every = list(generated.doc.operations())
    assert len(called) == len(set(called)) == len(every) - len(generated.left_out)


def test_every_method_is_callable_on_the_async_client(generated: GeneratedDocument) -> None:
    async def every(package: ModuleType, server: MockServer) -> list[str]:
        async with generated.client(package, server, is_async=True) as client:
            return await acall_every_method(generated, client, server)

    with imported(generated.out, generated.import_name) as package, MockServer() as server:
        called = asyncio.run(every(package, server))
    assert (
        len(called)
        == len(set(called))
        == len(list(generated.doc.operations())) - len(generated.left_out)
    )


# --- a list, a get and a create of each document, as a user would call them ---------------------


@dataclass(frozen=True)
class Call:
    method: str  # dotted from the client
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    path: str  # what the server must see
    returns: str  # class name of the result (or of each item of a list / page)


_TWELVELABS = (
    Call("tasks.list", (), {"page_limit": 2}, "/tasks", "VideoIndexingTask"),
    Call("indexes.retrieve", ("idx 1/2",), {}, "/indexes/idx%201%2F2", "Index"),
    Call("indexes.create", (), {"index_name": "films", "models": [{"model_name": "marengo3.0"}]},
         "/indexes", "CreateIndexResponse"),
)  # fmt: skip
_BASELINE = (
    Call("tests.list", (), {"an_enum_value": ["FIRST_VALUE"], "an_enum_value_with_null": [],
         "an_enum_value_with_only_null": [], "some_date": "2026-01-02"}, "/tests/", "AModel"),
    Call("naming.retrieve", ("a/b c",), {}, "/naming/a%2Fb%20c", "NoneType"),
    Call("tests.json_body.string", (), {"body": "text"}, "/tests/json_body/string", "str"),
)  # fmt: skip
CALLS: dict[str, tuple[Call, ...]] = {
    "gcore-streaming-full": (
        Call("streaming.ai_tasks.list", (), {"status": "SUCCESS"}, "/streaming/ai/tasks",
             "AiTaskBase"),
        Call("streaming.broadcasts.retrieve", (7,), {}, "/streaming/broadcasts/7", "Broadcast"),
        Call("streaming.directories.create", (), {"name": "clips"}, "/streaming/directories",
             "DirectoryBase"),
    ),
    "twelvelabs-2026-02-17": _TWELVELABS,
    "twelvelabs-2025-08-28": _TWELVELABS,
    "twelvelabs-2025-02-25": _TWELVELABS,
    "opc-baseline-3.0": _BASELINE,
    "opc-baseline-3.1": _BASELINE,
}  # fmt: skip


def test_every_document_has_a_list_a_get_and_a_create_here() -> None:
    assert set(CALLS) == {d.name for d in DOCUMENTS}


def _endpoint(generated: GeneratedDocument, dotted: str) -> Endpoint:
    path, name = tuple(dotted.split(".")[:-1]), dotted.split(".")[-1]
    resource = next(r for r in generated.layout.resources if r.path == path)
    return next(op for op in resource.operations if op.name == name)


def _bound(client: Any, dotted: str) -> Any:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def test_a_list_a_get_and_a_create(generated: GeneratedDocument) -> None:
    listing, getting, creating = CALLS[generated.document.name]
    with imported(generated.out, generated.import_name) as package, MockServer() as server:
        models = importlib.import_module(f"{generated.import_name}.models")
        with generated.client(package, server) as client:
            # list: a page style pages through two pages, a plain list returns its items
            endpoint = _endpoint(generated, listing.method)
            item = example_of(generated.doc, _item_schema(generated, endpoint))
            if endpoint.page is not None:
                _serve_pages(server, listing.path, endpoint, item)
                items = list(_bound(client, listing.method)(*listing.args, **listing.kwargs))
                assert len(items) == 3 and len(server.requests) == 2
                assert server.requests[1].params.get("page") == ["2"]
            else:
                server.enqueue(listing.path, json_reply([item, item]))
                items = _bound(client, listing.method)(*listing.args, **listing.kwargs)
                assert len(items) == 2
            assert {type(i).__name__ for i in items} == {listing.returns}
            first = server.requests[0]
            for key, value in listing.kwargs.items():
                if value == []:
                    continue  # an empty list sends nothing
                wire = next(p.wire for p in endpoint.params if p.name == key)
                values = value if isinstance(value, list) else [value]
                assert first.params.get(wire) == [str(v) for v in values]
            # get: the id is percent-encoded into the path, the result is the typed model
            server.requests.clear()
            endpoint = _endpoint(generated, getting.method)
            server.enqueue(getting.path, _json_reply(generated, endpoint))
            got = _bound(client, getting.method)(*getting.args, **getting.kwargs)
            assert server.requests[0].method == "GET" and server.requests[0].path == getting.path
            assert type(got).__name__ == getting.returns
            if getting.returns not in ("NoneType", "str"):
                assert isinstance(got, getattr(models, getting.returns))
            # create: a POST whose JSON body holds the keywords under their wire names
            server.requests.clear()
            endpoint = _endpoint(generated, creating.method)
            server.enqueue(creating.path, _json_reply(generated, endpoint))
            made = _bound(client, creating.method)(*creating.args, **creating.kwargs)
            sent = server.requests[0]
            assert (sent.method, sent.path) == ("POST", creating.path)
            expected = (
                creating.kwargs["body"] if endpoint.body_param else
                {next(p.wire for p in endpoint.params if p.name == k): v
                 for k, v in creating.kwargs.items()}
            )  # fmt: skip
            assert sent.json() == expected
            assert type(made).__name__ == creating.returns
            if creating.returns == "str":  # a JSON string comes back decoded, not as sent
                assert made == "made"


def _item_schema(generated: GeneratedDocument, endpoint: Endpoint) -> Any:
    op = _operation(generated, endpoint)
    success = success_response(generated.doc, op)
    schema = generated.doc.resolve(success.schema)
    if endpoint.page is not None:
        props, _ = generated.doc.object_view(schema)
        schema = generated.doc.resolve(props[endpoint.page.items_field])
    return schema.get("items") or {}


def _operation(generated: GeneratedDocument, endpoint: Endpoint) -> Any:
    return next(
        op
        for op in generated.doc.operations()
        if op.method.upper() == endpoint.http_method and op.path.split("#")[0] == endpoint.path
    )


def _json_reply(generated: GeneratedDocument, endpoint: Endpoint) -> Any:
    success = success_response(generated.doc, _operation(generated, endpoint))
    if success.kind == "none":
        return Reply(int(success.code) if success.code.isdigit() else 200)
    if success.kind == "text":
        return Reply(200, b"made", {"Content-Type": "text/plain"})
    if endpoint.returns == TypeRef("str"):  # a JSON string: quoted on the wire
        return Reply(int(success.code), b'"made"', {"Content-Type": "application/json"})
    return json_reply(example_of(generated.doc, success.schema), int(success.code))


def _serve_pages(server: MockServer, path: str, endpoint: Endpoint, item: Any) -> None:
    """Two pages, two items and one, in the envelope of the method's page style."""
    field = endpoint.page.items_field if endpoint.page else "data"
    pages = {"1": [item, item], "2": [item]}
    if endpoint.page and endpoint.page.name == "next_link":
        envelopes = {n: {"count": 3, "next": "?page=2" if n == "1" else None, field: items}
                     for n, items in pages.items()}  # fmt: skip
    else:
        envelopes = {n: {field: items, "page_info": {"page": int(n), "total_page": 2}}
                     for n, items in pages.items()}  # fmt: skip
    server.route(path, lambda req: json_reply(envelopes[req.params.get("page", ["1"])[0]]))
