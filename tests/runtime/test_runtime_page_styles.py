"""The configurable page styles, sync and async, against the real 127.0.0.1 server: ``cursor``
(the envelope names the next cursor, sent back as a query parameter) and ``offset`` (the next
offset is the items received so far), each with the API's own names (``Page.of(...)``) and the
shared loop guards (repeated cursor, repeated items, ``max_pages``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from support.mock_server import (
    RecordedRequest,
    Reply,
    json_reply,
    mock_server_fixture,  # noqa: F401  (fixture "mock_server")
)
from support.runtime_packages import (
    Harness,
    RuntimePackage,
    harness_fixture,
    runtime_packages_fixture,  # noqa: F401  (fixture "runtime_packages")
)

KEY = "sk-test-SECRET-5151515151"

h = harness_fixture("twelvelabs", KEY)


def item(n: int) -> dict[str, Any]:
    return {"_id": f"i-{n}", "status": "ready"}


def cursor_pages(pages: int, per_page: int = 2) -> Callable[[RecordedRequest], Reply]:
    """``{items, meta: {next}}``; the cursor of page n is ``c<n>`` (page 1 has none)."""

    def respond(req: RecordedRequest) -> Reply:
        after = req.params.get("after", [""])[0]
        page = int(after[1:]) if after.startswith("c") else 1
        nxt = f"c{page + 1}" if page < pages else None
        items = [item((page - 1) * per_page + i) for i in range(per_page)]
        return json_reply({"items": items, "meta": {"next": nxt, "count": per_page}})

    return respond


def offset_rows(total: int, cap: int = 3, state_total: bool = True, param: str = "skip") -> Any:
    """``{rows, meta: {total}}``: the rows from ``param``, at most ``cap`` whatever was asked."""

    def respond(req: RecordedRequest) -> Reply:
        skip = int(req.params.get(param, ["0"])[0])
        limit = int(req.params.get("limit", ["100"])[0])
        rows = [item(n) for n in range(skip, min(skip + min(limit, cap), total))]
        body: dict[str, Any] = {"rows": rows}
        if state_total:
            body["meta"] = {"total": total}
        return json_reply(body)

    return respond


# -- cursor -------------------------------------------------------------------------------------


async def test_cursor_n_pages_n_requests_with_the_filters(h: Harness) -> None:
    h.server.route("/cursor", cursor_pages(4))
    items = await h.items(h.client().list_cursor(status=["ready", "failed"], limit=2))
    assert [i.id for i in items] == [f"i-{n}" for n in range(8)]
    reqs = h.server.requests_for("/cursor")
    assert [r.params.get("after") for r in reqs] == [None, ["c2"], ["c3"], ["c4"]]
    for req in reqs:  # the original query travels with every page
        assert req.params["status"] == ["ready", "failed"] and req.params["limit"] == ["2"]


async def test_cursor_page_is_the_envelope_under_the_apis_names(h: Harness) -> None:
    h.server.route("/cursor", cursor_pages(2))
    page = await h.first_page(h.client().list_cursor())
    assert [i.id for i in page.items] == ["i-0", "i-1"]  # the items field has the API's name
    assert page.meta == {"next": "c2", "count": 2}  # the rest as sent
    assert page.next_page_cursor() == "c2"
    assert page.next_page_params() == {"after": "c2"}
    last = await h.next_page(page)
    assert last.next_page_cursor() is None and not last.has_next_page()
    assert h.server.count("/cursor") == 2


@pytest.mark.parametrize("last", [None, "", False, {"x": 1}, [1]], ids=repr)
async def test_cursor_ends_on_a_missing_or_unusable_cursor(h: Harness, last: object) -> None:
    h.server.enqueue(
        "/cursor",
        json_reply({"items": [item(0)], "meta": {"next": "c2"}}),
        json_reply({"items": [item(1)], "meta": {"next": last}}),
    )
    items = await h.items(h.client().list_cursor())
    assert [i.id for i in items] == ["i-0", "i-1"]
    assert h.server.count("/cursor") == 2


async def test_cursor_ends_on_an_empty_page(h: Harness) -> None:
    h.server.enqueue(
        "/cursor",
        json_reply({"items": [item(0)], "meta": {"next": "c2"}}),
        json_reply({"items": [], "meta": {"next": "c3"}}),
    )
    assert len(await h.items(h.client().list_cursor())) == 1
    assert h.server.count("/cursor") == 2


async def test_cursor_has_more_false_ends_even_with_a_cursor(h: Harness) -> None:
    h.server.enqueue(
        "/cursor-more",
        json_reply({"data": [item(0)], "last_id": "i-0", "has_more": True}),
        json_reply({"data": [item(1)], "last_id": "i-1", "has_more": False}),
    )
    items = await h.items(h.client().list_cursor_has_more())
    assert [i.id for i in items] == ["i-0", "i-1"]
    reqs = h.server.requests_for("/cursor-more")
    assert [r.params.get("cursor") for r in reqs] == [None, ["i-0"]]  # the default param name


async def test_cursor_a_server_repeating_its_cursor_is_stopped(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    page = 0

    def respond(req: RecordedRequest) -> Reply:
        nonlocal page
        page += 1  # new items every time, but always the same next cursor
        return json_reply({"items": [item(page)], "meta": {"next": "stuck"}})

    h.server.route("/cursor", respond)
    with caplog.at_level(logging.WARNING):
        items = await h.items(h.client().list_cursor())
    assert len(items) == 2  # page 1, then page 2 says "stuck" again: stop
    assert h.server.count("/cursor") == 2
    assert any("Stopped paging /cursor" in r.getMessage() for r in caplog.records)


async def test_cursor_the_same_page_again_is_not_yielded_twice(h: Harness) -> None:
    h.server.set_default("/cursor", json_reply({"items": [item(0)], "meta": {"next": "c2"}}))
    items = await h.items(h.client().list_cursor())
    assert [i.id for i in items] == ["i-0"]
    assert h.server.count("/cursor") == 2


async def test_cursor_max_pages_bounds_an_endless_honest_listing(h: Harness) -> None:
    def respond(req: RecordedRequest) -> Reply:
        n = int((req.params.get("after", ["c0"])[0])[1:])
        return json_reply({"items": [item(n)], "meta": {"next": f"c{n + 1}"}})

    h.server.route("/cursor", respond)
    items = await h.items(h.client(max_pages=5).list_cursor())
    assert len(items) == 5 and h.server.count("/cursor") == 5
    items = await h.items(h.client().list_cursor(options={"max_pages": 3}))
    assert len(items) == 3


# -- offset -------------------------------------------------------------------------------------


async def test_offset_stops_at_the_total_without_an_extra_request(h: Harness) -> None:
    h.server.route("/offset", offset_rows(total=7))
    items = await h.items(h.client().list_offset(limit=3, status="ready"))
    assert [i.id for i in items] == [f"i-{n}" for n in range(7)]
    reqs = h.server.requests_for("/offset")
    assert [r.params.get("skip") for r in reqs] == [None, ["3"], ["6"]]
    assert all(r.params["limit"] == ["3"] and r.params["status"] == ["ready"] for r in reqs)


async def test_offset_a_server_capping_the_limit_loses_no_items(h: Harness) -> None:
    h.server.route("/offset", offset_rows(total=8, cap=3))
    items = await h.items(h.client().list_offset(limit=50))  # asks 50, gets 3 at a time
    assert [i.id for i in items] == [f"i-{n}" for n in range(8)]
    reqs = h.server.requests_for("/offset")
    assert [r.params.get("skip") for r in reqs] == [None, ["3"], ["6"]]


async def test_offset_starts_where_the_caller_asked(h: Harness) -> None:
    h.server.route("/offset", offset_rows(total=8))
    items = await h.items(h.client().list_offset(skip=5))
    assert [i.id for i in items] == ["i-5", "i-6", "i-7"]
    assert h.server.count("/offset") == 1


async def test_offset_without_a_total_ends_on_an_empty_page(h: Harness) -> None:
    h.server.route("/offset", offset_rows(total=5, state_total=False, param="offset"))
    items = await h.items(h.client().list_offset_no_total())
    assert len(items) == 5
    reqs = h.server.requests_for("/offset")
    assert [r.params.get("offset") for r in reqs] == [None, ["3"], ["5"]]  # default param name


@pytest.mark.parametrize("total", ["many", None, True, 1e400], ids=repr)
async def test_offset_an_unusable_total_falls_back_to_the_empty_page(
    h: Harness, total: object
) -> None:
    h.server.enqueue(
        "/offset",
        json_reply({"rows": [item(0)], "meta": {"total": total}}),
        json_reply({"rows": [], "meta": {"total": total}}),
    )
    assert len(await h.items(h.client().list_offset())) == 1
    assert h.server.count("/offset") == 2


async def test_offset_a_server_ignoring_the_offset_is_stopped(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h.server.set_default("/offset", json_reply({"rows": [item(0), item(1)], "meta": {}}))
    with caplog.at_level(logging.WARNING):
        items = await h.items(h.client().list_offset())
    assert [i.id for i in items] == ["i-0", "i-1"]
    assert h.server.count("/offset") == 2
    assert any("same page again" in r.getMessage() for r in caplog.records)


async def test_offset_page_navigation(h: Harness) -> None:
    h.server.route("/offset", offset_rows(total=4, cap=2))
    page = await h.first_page(h.client().list_offset())
    assert page.total_count() == 4 and page.meta == {"total": 4}
    assert [i.id for i in page.rows] == ["i-0", "i-1"]
    assert page.next_page_params() == {"skip": 2}
    last = await h.next_page(page)
    assert [i.id for i in last.rows] == ["i-2", "i-3"] and not last.has_next_page()
    assert len(await h.pages(page)) == 2


# -- the configured classes ---------------------------------------------------------------------


def test_of_builds_one_class_per_configuration(runtime_packages: dict[str, RuntimePackage]) -> None:
    pkg = runtime_packages["gcore"]
    cursor, item_cls = pkg.module("_page_cursor"), pkg.client.Item
    first = cursor.CursorPage.of(item_cls, items="items", cursor_field="meta.next")
    assert cursor.CursorPage.of(item_cls, items="items", cursor_field="meta.next") is first
    other = cursor.CursorPage.of(item_cls, items="items", cursor_field="next")
    assert other is not first and issubclass(other, cursor.CursorPage)
    assert first.cursor_field == "meta.next" and other.cursor_field == "next"
    assert cursor.CursorPage.cursor_field == "next_cursor"  # the base keeps its defaults
    with pytest.raises(ValueError, match="non-empty"):
        cursor.CursorPage.of(item_cls, cursor_param="")


def test_an_items_key_that_cannot_be_an_attribute_is_aliased(
    runtime_packages: dict[str, RuntimePackage],
) -> None:
    pkg = runtime_packages["gcore"]
    offset = pkg.module("_page_offset")
    for key in ("copy", "class", "@items", "has_next_page"):
        cls = offset.OffsetPage.of(pkg.client.Item, items=key)
        page = cls.model_validate_json(f'{{"{key}": [{{"_id": "a", "status": "ready"}}]}}')
        assert [i.id for i in page._get_page_items()] == ["a"], key
        assert page.page_items == page._get_page_items()


def test_a_page_class_without_of_says_how_to_build_it(
    runtime_packages: dict[str, RuntimePackage],
) -> None:
    pkg = runtime_packages["gcore"]
    page = pkg.module("_page_cursor").CursorPage[pkg.client.Item].model_validate({"data": []})
    with pytest.raises(TypeError, match=r"\.of\(Item"):
        page._get_page_items()
