"""Pages that read their metadata (N pages = N requests) and waiters, sync and async, against
the real 127.0.0.1 server."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import pytest

from support.mock_server import (
    MockServer,
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

KEY = "sk-test-SECRET-4242424242"


def item(n: int, status: str = "ready") -> dict[str, Any]:
    return {"_id": f"i-{n}", "status": status}


def page_number(req: RecordedRequest) -> int:
    return int(req.params.get("page", ["1"])[0])


def drf_pages(
    pages: int, per_page: int = 3, next_style: str = "query", lie_on_last: bool = False
) -> Callable[[RecordedRequest], Reply]:
    def respond(req: RecordedRequest) -> Reply:
        page = page_number(req)
        if page > pages:
            return json_reply({"status": 404, "error": "Invalid page."}, 404)
        results = [item((page - 1) * per_page + i) for i in range(per_page)]
        more = page < pages or lie_on_last
        nxt: str | None = None
        if more:
            nxt = {
                "query": f"page={page + 1}",
                "url": f"https://api.example/drf?limit={per_page}&page={page + 1}",
                "opaque": "more",
            }[next_style]
        return json_reply(
            {
                "count": pages * per_page,
                "next": nxt,
                "previous": None if page == 1 else f"page={page - 1}",
                "results": results,
            }
        )

    return respond


def pi_pages(pages: int, per_page: int = 2, total_page: int | None = None) -> Any:
    def respond(req: RecordedRequest) -> Reply:
        page = page_number(req)
        if page > pages:
            return json_reply({"code": "not_found", "message": "no such page"}, 404)
        return json_reply(
            {
                "data": [item((page - 1) * per_page + i) for i in range(per_page)],
                "page_info": {
                    "page": page,
                    "total_page": total_page if total_page is not None else pages,
                    "limit_per_page": per_page,
                    "total_results": pages * per_page,
                },
            }
        )

    return respond


h = harness_fixture("twelvelabs", KEY)


# -- Gcore DRF envelope ---------------------------------------------------------------------------


@pytest.mark.parametrize("next_style", ["query", "url", "opaque"])
async def test_next_link_n_pages_n_requests(h: Harness, next_style: str) -> None:
    h.server.route("/drf", drf_pages(5, next_style=next_style))
    client = h.client()
    items = await h.items(client.list_drf(limit=3, status=["ready", "failed"]))
    assert [i.id for i in items] == [f"i-{n}" for n in range(15)]
    reqs = h.server.requests_for("/drf")
    assert len(reqs) == 5
    assert [page_number(r) for r in reqs] == [1, 2, 3, 4, 5]
    for req in reqs:  # the original filters travel with every page
        assert req.params["limit"] == ["3"]
        assert req.params["status"] == ["ready", "failed"]


async def test_next_link_page_is_the_envelope(h: Harness) -> None:
    h.server.route("/drf", drf_pages(2))
    page = await h.first_page(h.client().list_drf())
    assert page.count == 6
    assert page.next == "page=2" and page.previous is None
    assert [i.id for i in page.results] == ["i-0", "i-1", "i-2"]
    assert page.has_next_page()
    second = await h.next_page(page)
    assert second.next is None and second.previous == "page=1"
    assert not second.has_next_page()
    assert second.next_page_params() is None
    with pytest.raises(RuntimeError, match="No next page"):
        await h.next_page(second)
    assert h.server.count("/drf") == 2
    pages = await h.pages(page)
    assert [len(p.results) for p in pages] == [3, 3]
    assert h.server.count("/drf") == 3  # iter_pages re-fetches page 2 only


async def test_next_link_404_past_the_end_ends_quietly(h: Harness) -> None:
    h.server.route("/drf", drf_pages(3, lie_on_last=True))
    items = await h.items(h.client().list_drf())
    assert len(items) == 9
    assert h.server.count("/drf") == 4


async def test_first_page_404_raises(h: Harness) -> None:
    h.server.set_default("/drf", json_reply({"error": "gone"}, 404))
    with pytest.raises(h.exc.NotFoundError):
        await h.items(h.client().list_drf())


async def test_empty_page_ends_quietly(h: Harness) -> None:
    h.server.enqueue(
        "/drf",
        json_reply({"count": 9, "next": "page=2", "previous": None, "results": [item(1)]}),
        json_reply({"count": 9, "next": "page=3", "previous": "page=1", "results": []}),
    )
    items = await h.items(h.client().list_drf())
    assert [i.id for i in items] == ["i-1"]
    assert h.server.count("/drf") == 2


async def test_page_retry_counts(h: Harness) -> None:
    respond = drf_pages(3)
    h.server.enqueue("/drf", respond, json_reply({}, 503), respond, respond)
    items = await h.items(h.client().list_drf())
    assert len(items) == 9
    assert h.server.count("/drf") == 4  # 3 pages + one retried 503


async def test_page_validation_error_names_item_path(h: Harness) -> None:
    bad = {"count": 2, "next": None, "previous": None, "results": [item(0), {"status": "x"}]}
    h.server.set_default("/drf", json_reply(bad))
    strict = h.client(strict_response_validation=True)
    with pytest.raises(h.exc.APIResponseValidationError, match=r"results\.1\._id: Field required"):
        await h.items(strict.list_drf())
    items = await h.items(h.client().list_drf())  # lenient default: the item, its field missing
    assert [i.status for i in items] == ["ready", "x"]
    assert [(d.path, d.got) for d in items[1].model_deviations()] == [("results.1._id", "missing")]


# -- TwelveLabs page_info envelope ---------------------------------------------------------------


async def test_page_info_n_pages_n_requests(h: Harness) -> None:
    h.server.route("/pi", pi_pages(4))
    items = await h.items(h.client().list_pi(page_limit=2, status=["ready", "indexing"]))
    assert len(items) == 8
    reqs = h.server.requests_for("/pi")
    assert [page_number(r) for r in reqs] == [1, 2, 3, 4]
    assert all(r.query.startswith("page_limit=2&status=ready&status=indexing") for r in reqs)


async def test_page_info_fields_and_navigation(h: Harness) -> None:
    h.server.route("/pi", pi_pages(2))
    page = await h.first_page(h.client().list_pi())
    assert page.page_info.total_page == 2 and page.page_info.total_results == 4
    assert [i.id for i in page.data] == ["i-0", "i-1"]
    assert page.has_next_page()
    last = await h.next_page(page)
    assert last.page_info.page == 2 and not last.has_next_page()
    assert h.server.count("/pi") == 2


async def test_page_info_single_page_is_one_request(h: Harness) -> None:
    h.server.route("/pi", pi_pages(1))
    assert len(await h.items(h.client().list_pi())) == 2
    assert h.server.count("/pi") == 1


async def test_page_info_404_past_the_end_ends_quietly(h: Harness) -> None:
    h.server.route("/pi", pi_pages(2, total_page=5))  # metadata promises more than exists
    assert len(await h.items(h.client().list_pi())) == 4
    assert h.server.count("/pi") == 3


def test_raw_page_parse_is_bound(runtime_packages: dict[str, RuntimePackage]) -> None:
    pkg = runtime_packages["gcore"]
    with MockServer() as server:
        server.route("/drf", drf_pages(2))
        with pkg.client.Client(api_key=KEY, base_url=server.url) as client:
            raw = client.list_drf_raw(limit=3)
            assert raw.status_code == 200
            assert len(list(raw.parse())) == 6
        assert server.count("/drf") == 2


async def test_async_paginator_shapes(runtime_packages: dict[str, RuntimePackage]) -> None:
    pkg = runtime_packages["gcore"]
    with MockServer() as server:
        server.route("/drf", drf_pages(3))
        async with pkg.client.AsyncClient(api_key=KEY, base_url=server.url) as client:
            listing = client.list_drf()
            ids = [i.id async for i in listing]  # official Gcore shape: no await
            assert len(ids) == 9
            page = await client.list_drf()  # official TwelveLabs shape: await, then iterate
            assert [i.id async for i in page] == ids
            pages = [p async for p in client.list_drf().iter_pages()]
            assert len(pages) == 3
        assert server.count("/drf") == 9


# -- waiters ---------------------------------------------------------------------------------


async def test_wait_until_terminal_with_progress(h: Harness) -> None:
    h.server.enqueue(
        "/items/t1",
        json_reply({**item(1, "pending"), "progress": 10}),
        json_reply({**item(1, "pending"), "progress": 60}),
        json_reply({**item(1, "ready"), "progress": 100}),
    )
    seen: list[int | None] = []
    done = await h.call(
        h.client(), "wait_item", "t1", on_progress=lambda t: seen.append(t.progress)
    )
    assert done.status == "ready"
    assert seen == [10, 60, 100]
    assert h.server.count("/items/t1") == 3


async def test_wait_timeout_carries_last_seen(h: Harness) -> None:
    h.server.set_default("/items/t1", json_reply({**item(1, "pending"), "progress": 5}))
    started = time.monotonic()
    with pytest.raises(h.exc.WaitTimeoutError) as info:
        await h.call(h.client(), "wait_item", "t1", timeout=0.3, poll_interval=0.05)
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.0
    assert info.value.last.status == "pending"
    assert "status='pending'" in str(info.value)
    assert isinstance(info.value, TimeoutError)


async def test_wait_stops_at_once_on_4xx(h: Harness) -> None:
    h.server.enqueue("/items/t1", json_reply(item(1, "pending")))
    h.server.set_default("/items/t1", json_reply({"error": "deleted"}, 404))
    with pytest.raises(h.exc.NotFoundError):
        await h.call(h.client(), "wait_item", "t1")
    assert h.server.count("/items/t1") == 2


async def test_wait_survives_transient_5xx(h: Harness) -> None:
    h.server.enqueue(
        "/items/t1",
        json_reply(item(1, "pending")),
        json_reply({}, 502),
        json_reply(item(1, "failed")),
    )
    done = await h.call(h.client(max_retries=0), "wait_item", "t1")
    assert done.status == "failed"
    assert h.server.count("/items/t1") == 3


async def test_wait_interval_backs_off(h: Harness) -> None:
    h.server.enqueue("/items/t1", *[json_reply(item(1, "pending")) for _ in range(4)])
    h.server.enqueue("/items/t1", json_reply(item(1, "ready")))
    await h.call(h.client(), "wait_item", "t1", poll_interval=0.1, max_interval=0.15)
    times = [r.time for r in h.server.requests_for("/items/t1")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[0] >= 0.09
    assert gaps[1] >= 0.14 and gaps[2] >= 0.14  # 0.1 -> 0.15 (capped)
    assert all(g < 0.5 for g in gaps)
