"""Rendered runtime packages with a tiny hand-written client (what the generator would emit).

``render_runtime_package(root, flavour)`` writes the runtime (every page style) plus a test client
into ``root/<package>/``; the ``runtime_packages`` fixture renders every flavour once per session
and puts them on ``sys.path``. Flavours mirror the shipped packages' auth styles.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from support.mock_server import MockServer

__all__ = [
    "FLAVOURS",
    "TEST_CLIENT_SOURCE",
    "Harness",
    "RuntimePackage",
    "harness_fixture",
    "maybe_await",
    "render_runtime_package",
    "runtime_packages_fixture",
]

TEST_CLIENT_SOURCE = '''\
"""A hand-written client in the shape the generator emits, for the runtime tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import Field

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._models import BaseModel, OpenEnum
from ._page_cursor import AsyncCursorPage, CursorPage
from ._page_info import AsyncPageInfoPage, PageInfoPage
from ._page_next_link import AsyncNextLinkPage, NextLinkPage
from ._page_offset import AsyncOffsetPage, OffsetPage
from ._pagination import AsyncPaginator
from ._response import RawResponse
from ._types import RequestOptions
from ._waiters import apoll_until, poll_until

TERMINAL = frozenset({"ready", "failed"})


class Item(BaseModel):
    id: str = Field(alias="_id")
    status: OpenEnum[Literal["pending", "ready", "failed"]]
    progress: int | None = None


class Client(SyncAPIClient):
    initial_retry_delay = 0.01
    max_retry_delay = 0.05

    def list_drf(
        self, options: RequestOptions | None = None, **params: object
    ) -> NextLinkPage[Item]:
        return self._get_page("/drf", NextLinkPage[Item], Item, params, options)

    def list_drf_raw(self, **params: object) -> RawResponse[NextLinkPage[Item]]:
        return self._get_page_raw("/drf", NextLinkPage[Item], Item, params)

    def list_pi(
        self, options: RequestOptions | None = None, **params: object
    ) -> PageInfoPage[Item]:
        return self._get_page("/pi", PageInfoPage[Item], Item, params, options)

    def list_cursor(
        self, options: RequestOptions | None = None, **params: object
    ) -> CursorPage[Item]:
        page_cls = CursorPage.of(
            Item, items="items", cursor_field="meta.next", cursor_param="after"
        )
        return self._get_page("/cursor", page_cls, None, params, options)

    def list_cursor_has_more(self, **params: object) -> CursorPage[Item]:
        page_cls = CursorPage.of(Item, cursor_field="last_id", has_more_field="has_more")
        return self._get_page("/cursor-more", page_cls, None, params)

    def list_offset(
        self, options: RequestOptions | None = None, **params: object
    ) -> OffsetPage[Item]:
        page_cls = OffsetPage.of(Item, items="rows", offset_param="skip", total_field="meta.total")
        return self._get_page("/offset", page_cls, None, params, options)

    def list_offset_no_total(self, **params: object) -> OffsetPage[Item]:
        return self._get_page(
            "/offset", OffsetPage.of(Item, items="rows", total_field=""), None, params
        )

    def get_item(self, item_id: str, *, options: RequestOptions | None = None) -> Item:
        return self.request("GET", f"/items/{item_id}", cast_to=Item, options=options)

    def get_items(self) -> list[Item]:
        return self.request("GET", "/items", cast_to=list[Item])

    def create_item(self, *, name: str, options: RequestOptions | None = None) -> Item:
        return self.request("POST", "/items", json={"name": name}, cast_to=Item, options=options)

    def delete_item(self, item_id: str) -> None:
        return self.request("DELETE", f"/items/{item_id}")

    def wait_item(
        self,
        item_id: str,
        *,
        timeout: float = 60.0,
        poll_interval: float = 0.01,
        max_interval: float = 0.05,
        on_progress: Callable[[Item], None] | None = None,
    ) -> Item:
        return poll_until(
            lambda: self.get_item(item_id),
            is_terminal=lambda item: item.status in TERMINAL,
            timeout=timeout,
            poll_interval=poll_interval,
            max_interval=max_interval,
            on_progress=on_progress,
        )


class AsyncClient(AsyncAPIClient):
    initial_retry_delay = 0.01
    max_retry_delay = 0.05

    def list_drf(
        self, options: RequestOptions | None = None, **params: object
    ) -> AsyncPaginator[Item, AsyncNextLinkPage[Item]]:
        return self._get_page("/drf", AsyncNextLinkPage[Item], Item, params, options)

    def list_pi(
        self, options: RequestOptions | None = None, **params: object
    ) -> AsyncPaginator[Item, AsyncPageInfoPage[Item]]:
        return self._get_page("/pi", AsyncPageInfoPage[Item], Item, params, options)

    def list_cursor(
        self, options: RequestOptions | None = None, **params: object
    ) -> AsyncPaginator[Item, AsyncCursorPage[Item]]:
        page_cls = AsyncCursorPage.of(
            Item, items="items", cursor_field="meta.next", cursor_param="after"
        )
        return self._get_page("/cursor", page_cls, Item, params, options)

    def list_cursor_has_more(self, **params: object) -> AsyncPaginator[Item, AsyncCursorPage[Item]]:
        page_cls = AsyncCursorPage.of(Item, cursor_field="last_id", has_more_field="has_more")
        return self._get_page("/cursor-more", page_cls, Item, params)

    def list_offset(
        self, options: RequestOptions | None = None, **params: object
    ) -> AsyncPaginator[Item, AsyncOffsetPage[Item]]:
        page_cls = AsyncOffsetPage.of(
            Item, items="rows", offset_param="skip", total_field="meta.total"
        )
        return self._get_page("/offset", page_cls, Item, params, options)

    def list_offset_no_total(self, **params: object) -> AsyncPaginator[Item, AsyncOffsetPage[Item]]:
        page_cls = AsyncOffsetPage.of(Item, items="rows", total_field="")
        return self._get_page("/offset", page_cls, Item, params)

    async def get_item(self, item_id: str, *, options: RequestOptions | None = None) -> Item:
        return await self.request("GET", f"/items/{item_id}", cast_to=Item, options=options)

    async def create_item(self, *, name: str, options: RequestOptions | None = None) -> Item:
        return await self.request(
            "POST", "/items", json={"name": name}, cast_to=Item, options=options
        )

    async def wait_item(
        self,
        item_id: str,
        *,
        timeout: float = 60.0,
        poll_interval: float = 0.01,
        max_interval: float = 0.05,
        on_progress: Callable[[Item], None] | None = None,
    ) -> Item:
        return await apoll_until(
            lambda: self.get_item(item_id),
            is_terminal=lambda item: item.status in TERMINAL,
            timeout=timeout,
            poll_interval=poll_interval,
            max_interval=max_interval,
            on_progress=on_progress,
        )
'''

#: Two flavours, one per auth style, like the two real packages.
FLAVOURS: dict[str, dict[str, Any]] = {
    "gcore": {
        "package_name": "rt_gcore_pkg",
        "client_class": "Gcore",
        "async_client_class": "AsyncGcore",
        "env_api_key": "RT_GCORE_API_KEY",
        "env_base_url": "RT_GCORE_BASE_URL",
        "env_log": "RT_GCORE_LOG",
        "default_base_url": "https://api.gcore.com",
        "auth_header": "Authorization",
        "auth_prefix": "APIKey",
        "user_agent_name": "rt-gcore",
        "version": "1.2.3",
        "spec_version": "spec-9",
        "default_timeout": 30.0,
        "default_connect_timeout": 2.0,
        "default_max_retries": 2,
    },
    "twelvelabs": {
        "package_name": "rt_tl_pkg",
        "client_class": "TwelveLabs",
        "async_client_class": "AsyncTwelveLabs",
        "env_api_key": "RT_TL_API_KEY",
        "env_base_url": "RT_TL_BASE_URL",
        "env_log": "RT_TL_LOG",
        "default_base_url": "https://api.twelvelabs.io/v1.3",
        "auth_header": "x-api-key",
        "auth_prefix": "",
        "user_agent_name": "rt-tl",
        "version": "0.0.1",
        "spec_version": "1.3",
        "default_timeout": 30.0,
        "default_connect_timeout": 2.0,
        "default_max_retries": 2,
    },
    # Not a shipped API: what a package for an API that documents an idempotency key looks like.
    "idempotent": {
        "package_name": "rt_idem_pkg",
        "client_class": "Idem",
        "async_client_class": "AsyncIdem",
        "env_api_key": "RT_IDEM_API_KEY",
        "env_base_url": "RT_IDEM_BASE_URL",
        "env_log": "RT_IDEM_LOG",
        "env_strict_response_validation": "RT_IDEM_STRICT_RESPONSE_VALIDATION",
        "idempotency_header": "Idempotency-Key",
        "default_base_url": "https://api.example.com",
        "auth_header": "Authorization",
        "auth_prefix": "Bearer",
        "user_agent_name": "rt-idem",
        "version": "0.0.1",
        "spec_version": "1",
        "default_timeout": 30.0,
        "default_connect_timeout": 2.0,
        "default_max_retries": 2,
    },
}


@dataclass
class RuntimePackage:
    """A rendered runtime package with the test client, imported."""

    name: str
    path: Path
    settings: dict[str, Any]

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.name}.{name}")

    @property
    def client(self) -> ModuleType:
        return self.module("_testclient")

    @property
    def exceptions(self) -> ModuleType:
        return self.module("_exceptions")


def render_runtime_package(root: Path, flavour: str) -> RuntimePackage:
    """Render the runtime into ``root/<package>/`` plus ``__init__.py``, ``py.typed`` and the
    test client; ``root`` must be on ``sys.path`` before importing."""
    from specpress.generate.runtime import RuntimeSettings, render_runtime

    values = FLAVOURS[flavour]
    package_dir = root / values["package_name"]
    render_runtime(package_dir, RuntimeSettings(**values))
    (package_dir / "__init__.py").write_text('"""Rendered runtime under test."""\n')
    (package_dir / "py.typed").write_text("")
    (package_dir / "_testclient.py").write_text(TEST_CLIENT_SOURCE)
    return RuntimePackage(values["package_name"], package_dir, values)


@pytest.fixture(scope="session", name="runtime_packages")
def runtime_packages_fixture(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, RuntimePackage]]:
    """Both flavours rendered once per session and importable."""
    root = tmp_path_factory.mktemp("runtime_pkgs")
    packages = {flavour: render_runtime_package(root, flavour) for flavour in FLAVOURS}
    sys.path.insert(0, str(root))
    try:
        yield packages
    finally:
        sys.path.remove(str(root))


# --------------------------------------------------------------------------------------------
# One rendered package, the server and a mode: the runtime suites run every case sync and async
# --------------------------------------------------------------------------------------------


async def maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class Harness:
    """One rendered package + the server + sync or async mode; closes its clients."""

    def __init__(self, pkg: RuntimePackage, server: MockServer, mode: str, key: str) -> None:
        self.pkg, self.server, self.mode, self.key = pkg, server, mode, key
        self.exc = pkg.exceptions
        self._clients: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        kwargs.setdefault("api_key", self.key)
        kwargs.setdefault("base_url", self.server.url)
        cls = self.pkg.client.Client if self.mode == "sync" else self.pkg.client.AsyncClient
        client = cls(**kwargs)
        self._clients.append(client)
        return client

    async def call(self, client: Any, method: str, /, *args: Any, **kwargs: Any) -> Any:
        return await maybe_await(getattr(client, method)(*args, **kwargs))

    async def first_page(self, listing: Any) -> Any:
        return await maybe_await(listing)

    async def items(self, listing: Any) -> list[Any]:
        if hasattr(listing, "__aiter__"):
            return [x async for x in listing]
        return list(listing)

    async def pages(self, page: Any) -> list[Any]:
        it = page.iter_pages()
        if hasattr(it, "__aiter__"):
            return [p async for p in it]
        return list(it)

    async def next_page(self, page: Any) -> Any:
        return await maybe_await(page.get_next_page())

    async def close(self) -> None:
        for client in self._clients:
            await maybe_await(client.close())


def harness_fixture(
    flavour: str, key: str, prepare: Callable[[Harness], None] | None = None
) -> Any:
    """The ``h`` fixture of a runtime suite: a ``Harness`` of ``flavour``, once per mode (the
    module must also import ``runtime_packages_fixture`` and ``mock_server_fixture``)."""

    @pytest.fixture(params=["sync", "async"], name="h")
    async def fixture(
        request: pytest.FixtureRequest,
        runtime_packages: dict[str, RuntimePackage],
        mock_server: MockServer,
    ) -> AsyncIterator[Harness]:
        harness = Harness(runtime_packages[flavour], mock_server, request.param, key)
        if prepare is not None:
            prepare(harness)
        yield harness
        await harness.close()

    return fixture
