"""Pagination detected for the common envelope shapes, overridden or turned off in sdk.yaml, and a
detected style that does not fit the runtime falls back to the plain response."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specpress.config.model import MethodSpec, Pagination
from specpress.errors import SpecpressError
from specpress.generate import generate_package
from specpress.generate.paging import detect, page_of
from specpress.generate.responses import success_response
from specpress.openapi.document import OpenAPIDocument
from support.mock_server import MockServer, json_reply
from support.zero import imported

ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}


def query(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]


def document(envelope: dict[str, Any], params: list[Any], method: str = "get") -> OpenAPIDocument:
    response = {"content": {"application/json": {"schema": envelope}}, "description": "ok"}
    node = {"operationId": "list-things", "parameters": params, "responses": {"200": response}}
    return OpenAPIDocument(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {method: node}},
            "components": {"schemas": {"Thing": ITEM}},
        },
        "spec.json",
    )


def envelope(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


THINGS = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
STRING = {"type": ["string", "null"]}


@pytest.mark.parametrize(
    ("schema", "params", "expected"),
    [
        (envelope(count={"type": "integer"}, next=STRING, results=THINGS), query("page"),
         Pagination("next_link", "results")),
        (envelope(data=THINGS, page_info=envelope(page={"type": "integer"},
                                                  total_page={"type": "integer"})),
         query("page"), Pagination("page_info", "data")),
        (envelope(items=THINGS, next_cursor=STRING, has_more={"type": "boolean"}),
         query("cursor", "limit"),
         Pagination("cursor", "items", cursor_field="next_cursor", cursor_param="cursor",
                    has_more_field="has_more")),
        (envelope(data=THINGS, meta=envelope(next_page_token=STRING)), query("page_token"),
         Pagination("cursor", "data", cursor_field="meta.next_page_token",
                    cursor_param="page_token")),
        (envelope(records=THINGS, total={"type": "integer"}), query("offset", "limit"),
         Pagination("offset", "records", offset_param="offset", limit_param="limit",
                    total_field="total")),
        # no pages: one array and nothing that says how to get the next part
        (envelope(data=THINGS, total={"type": "integer"}), query("limit"), None),
        # two arrays, neither with a usual items name
        (envelope(a=THINGS, b=THINGS, next_cursor=STRING), query("cursor"), None),
        (THINGS, query("offset"), None),  # a bare array
    ],
)  # fmt: skip
def test_detected_shapes(schema: Any, params: list[Any], expected: Pagination | None) -> None:
    doc = document(schema, params)
    op = next(doc.operations())
    assert detect(doc, op, success_response(doc, op)) == expected


def test_only_a_get_pages() -> None:
    doc = document(envelope(next=STRING, results=THINGS), [], method="post")
    op = next(doc.operations())
    assert detect(doc, op, success_response(doc, op)) is None


class _Names:
    def of(self, schema: str) -> str:
        return schema


def _page_of(doc: OpenAPIDocument, pagination: Pagination, configured: bool) -> Any:
    op = next(doc.operations())
    method = MethodSpec("list", "list-things", pagination if configured else None, "/m")
    return page_of(doc, _Names(), pagination, success_response(doc, op), method, Path("sdk.yaml"))


def test_a_detected_style_that_does_not_fit_is_the_plain_response() -> None:
    doc = document(envelope(next=STRING, items=THINGS), [])
    # next_link pages read `results`: `items` does not fit, so no page
    assert _page_of(doc, Pagination("next_link", "items"), configured=False) == (None, None)
    assert _page_of(doc, Pagination("no_such_style", "items"), configured=False) == (None, None)


@pytest.mark.parametrize(
    ("pagination", "key", "message"),
    [
        (Pagination("next_link", "items"), "items", "read their items from 'results'"),
        (Pagination("page_info", "nope"), "items", "no array under that key"),
        (Pagination("bogus", "items"), "style", "has no runtime module"),
    ],
)
def test_a_configured_style_that_does_not_fit_is_an_error(
    pagination: Pagination, key: str, message: str
) -> None:
    doc = document(envelope(next=STRING, items=THINGS), [])
    with pytest.raises(SpecpressError) as info:
        _page_of(doc, pagination, configured=True)
    assert info.value.location == f"/m/paginate/{key}" and message in info.value.message


SDK = """\
package: {dist: paging-pkg}
client: {default_base_url: https://x.io, auth: {kind: bearer}}
"""


def generate(tmp_path: Path, doc: OpenAPIDocument, sdk: str = SDK) -> Path:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(doc.data))
    (tmp_path / "sdk.yaml").write_text(sdk)
    return generate_package(spec, tmp_path / "sdk.yaml", tmp_path / "out")


def test_a_detected_cursor_style_pages_through_every_item(tmp_path: Path) -> None:
    doc = document(envelope(items=THINGS, next_cursor=STRING), query("cursor"))
    out = generate(tmp_path, doc)
    pages = {"": {"items": [{"id": "1"}, {"id": "2"}], "next_cursor": "c2"},
             "c2": {"items": [{"id": "3"}], "next_cursor": None}}  # fmt: skip
    with imported(out, "paging_pkg") as package, MockServer() as server:
        server.route("/things", lambda req: json_reply(pages[req.params.get("cursor", [""])[0]]))
        with package.PagingPkg(api_key="k", base_url=server.url, max_retries=0) as client:
            ids = [thing.id for thing in client.things.list()]
    assert ids == ["1", "2", "3"]
    assert [r.params.get("cursor") for r in server.requests] == [None, ["c2"]]


def test_paginate_false_turns_detection_off(tmp_path: Path) -> None:
    doc = document(envelope(items=THINGS, next_cursor=STRING), query("cursor"))
    listed = "{path: things, methods: {list: {operation: list-things, paginate: false}}}"
    sdk = SDK + f"resources:\n  - {listed}\n"
    out = generate(tmp_path, doc, sdk)
    with imported(out, "paging_pkg") as package, MockServer() as server:
        server.set_default("/things", json_reply({"items": [{"id": "1"}], "next_cursor": "c2"}))
        with package.PagingPkg(api_key="k", base_url=server.url, max_retries=0) as client:
            envelope_model = client.things.list()
    assert type(envelope_model).__name__ == "ListThingsResponse"
    assert envelope_model.next_cursor == "c2" and len(server.requests) == 1
