"""Who runs in the benchmark and how each one is called (one place for every call shape).

Every contender exposes, per list operation (``kind``):

- ``list_one(size)``: fetch page 1 with ``size`` items and touch the last item's id
- ``iterate_all(limit)``: iterate every item of every page (the SDK's auto-pagination; the
  floors stop on the page metadata: Gcore ``next``, TwelveLabs ``page_info.total_page``)

Async contenders return coroutines; the harness awaits them inside one event loop.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from bench import floor_models
from bench.payloads import KINDS

ROOT = Path(__file__).resolve().parent.parent

API_KEY = "bench-key"
GCORE_HEADERS = {"Authorization": f"APIKey {API_KEY}"}
TL_HEADERS = {"x-api-key": API_KEY}
HEADERS = {"gcore": GCORE_HEADERS, "tl_tasks": TL_HEADERS, "tl_embed": TL_HEADERS}
ITEMS_KEY = {"gcore": "results", "tl_tasks": "data", "tl_embed": "data"}
ID_KEY = {"gcore": ("task_id", "task_id"), "tl_tasks": ("_id", "id"), "tl_embed": ("_id", "id")}
FLOOR_MODEL: dict[str, type[Any]] = {
    "gcore": floor_models.GcorePage,
    "tl_tasks": floor_models.TlTasksPage,
    "tl_embed": floor_models.TlEmbedPage,
}

# our package / official package per API: (import name, dist folder under generated/)
OURS = {
    "gcore": ("gcore_streaming_ai", "gcore-streaming-ai"),
    "tl": ("twelvelabs_tasks", "twelvelabs-tasks"),
}
OFFICIAL = {"gcore": "gcore", "tl": "twelvelabs"}
API_OF = {"gcore": "gcore", "tl_tasks": "tl", "tl_embed": "tl"}

# Order in tables and charts.
CONTENDERS = (
    "ours_sync",
    "ours_async",
    "official_sync",
    "official_async",
    "floor_json",
    "floor_pydantic",
    "floor_pydantic_async",
)
LABELS = {
    "ours_sync": "ours (sync)",
    "ours_async": "ours (async)",
    "official_sync": "official (sync)",
    "official_async": "official (async)",
    "floor_json": "httpx+json.loads",
    "floor_pydantic": "httpx+pydantic",
    "floor_pydantic_async": "httpx async+pydantic",
}


@dataclass
class Contender:
    name: str
    is_async: bool
    available: bool
    reason: str = ""
    list_one: Callable[[int], Any] | None = None
    iterate_all: Callable[[int], Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return LABELS[self.name]


def generated_src_dirs() -> list[Path]:
    """``generated/<dist>/src`` (or ``generated/<dist>``) of every generated package on disk."""
    out = []
    for import_name, dist in OURS.values():
        base = ROOT / "generated" / dist
        for cand in (base / "src", base):
            if (cand / import_name / "__init__.py").is_file():
                out.append(cand)
                break
    return out


def import_ours(api: str) -> tuple[ModuleType | None, str]:
    """Import our package; when it is not installed, fall back to the working tree's copy."""
    import_name, dist = OURS[api]
    try:
        return importlib.import_module(import_name), ""
    except ImportError as exc:
        first_error = exc
    for src in generated_src_dirs():
        if (src / import_name).is_dir():
            if str(src) not in sys.path:
                sys.path.insert(0, str(src))
            try:
                return importlib.import_module(import_name), ""
            except ImportError as exc:  # present but broken: say so
                return None, f"not available ({type(exc).__name__}: {exc})"
    if (ROOT / "generated" / dist / "pyproject.toml").is_file():
        return None, f"not available ({first_error})"
    return None, f"not available (generated/{dist} not generated yet)"


def import_official(api: str) -> tuple[ModuleType | None, str]:
    try:
        return importlib.import_module(OFFICIAL[api]), ""
    except ImportError:
        return None, "not installed"


def _last_id(kind: str, page: Any, attr_items: str) -> Any:
    items = getattr(page, attr_items)
    return getattr(items[-1], ID_KEY[kind][1])


class Clients:
    """Every client of one run, built against one server base URL."""

    def __init__(self, base: str, *, official: bool = True) -> None:
        self.base = base
        self.modules: dict[str, ModuleType | None] = {}
        self.reasons: dict[str, str] = {}
        for api in OURS:
            self.modules[f"ours:{api}"], self.reasons[f"ours:{api}"] = import_ours(api)
            if official:
                self.modules[f"official:{api}"], self.reasons[f"official:{api}"] = import_official(
                    api
                )
            else:
                self.modules[f"official:{api}"], self.reasons[f"official:{api}"] = None, "skipped"
        self.hx = httpx.Client(base_url=base)
        self.sync: dict[str, Any] = {}
        self.async_: dict[str, Any] = {}
        self.ahx: httpx.AsyncClient | None = None
        g, t = self.modules["ours:gcore"], self.modules["ours:tl"]
        if g is not None:
            self.sync["ours:gcore"] = g.Gcore(api_key=API_KEY, base_url=base)
        if t is not None:
            self.sync["ours:tl"] = t.TwelveLabs(api_key=API_KEY, base_url=base + "/v1.3")
        og, ot = self.modules["official:gcore"], self.modules["official:tl"]
        if og is not None:
            self.sync["official:gcore"] = og.Gcore(api_key=API_KEY, base_url=base)
        if ot is not None:
            self.sync["official:tl"] = ot.TwelveLabs(api_key=API_KEY, base_url=base + "/v1.3")

    async def open_async(self) -> None:
        """Build the async clients inside the event loop that will run them."""
        base = self.base
        self.ahx = httpx.AsyncClient(base_url=base)
        g, t = self.modules["ours:gcore"], self.modules["ours:tl"]
        og, ot = self.modules["official:gcore"], self.modules["official:tl"]
        if g is not None:
            self.async_["ours:gcore"] = g.AsyncGcore(api_key=API_KEY, base_url=base)
        if t is not None:
            self.async_["ours:tl"] = t.AsyncTwelveLabs(api_key=API_KEY, base_url=base + "/v1.3")
        if og is not None:
            self.async_["official:gcore"] = og.AsyncGcore(api_key=API_KEY, base_url=base)
        if ot is not None:
            self.async_["official:tl"] = ot.AsyncTwelveLabs(
                api_key=API_KEY, base_url=base + "/v1.3"
            )

    async def aclose(self) -> None:
        for client in self.async_.values():
            close = getattr(client, "close", None) or getattr(client, "aclose", None)
            if close is not None:
                try:
                    res = close()
                    if hasattr(res, "__await__"):
                        await res
                except Exception:
                    pass
        if self.ahx is not None:
            await self.ahx.aclose()

    def close(self) -> None:
        for client in self.sync.values():
            close = getattr(client, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):  # closing is best effort
                    close()
        self.hx.close()

    # ------------------------------------------------------------------ contenders per kind

    def contenders(self, kind: str) -> list[Contender]:
        api = API_OF[kind]
        return [
            self._ours_sync(kind, api),
            self._ours_async(kind, api),
            self._official_sync(kind, api),
            self._official_async(kind, api),
            self._floor_json(kind),
            self._floor_pydantic(kind),
            self._floor_pydantic_async(kind),
        ]

    @staticmethod
    def _resource(client: Any, kind: str) -> Any:
        if kind == "gcore":
            return client.streaming.ai_tasks
        if kind == "tl_tasks":
            return client.tasks
        return client.embed.v_2.tasks

    @staticmethod
    def _size_kw(kind: str) -> str:
        return KINDS[kind][1]

    def _ours_sync(self, kind: str, api: str) -> Contender:
        client = self.sync.get(f"ours:{api}")
        if client is None:
            return Contender("ours_sync", False, False, self.reasons[f"ours:{api}"])
        res, kw, items = self._resource(client, kind), self._size_kw(kind), ITEMS_KEY[kind]

        def list_one(size: int) -> Any:
            return _last_id(kind, res.list(page=1, **{kw: size}), items)

        def iterate_all(limit: int) -> int:
            return sum(1 for _ in res.list(**{kw: limit}))

        return Contender("ours_sync", False, True, "", list_one, iterate_all)

    def _ours_async(self, kind: str, api: str) -> Contender:
        if self.modules[f"ours:{api}"] is None:
            return Contender("ours_async", True, False, self.reasons[f"ours:{api}"])
        kw, items = self._size_kw(kind), ITEMS_KEY[kind]
        contender = Contender("ours_async", True, True)

        # The documented shapes: ``await client.x.list()`` is the first page and
        # ``async for item in client.x.list()`` every item. If the package breaks them (e.g. an
        # ``async def list`` that returns the paginator un-awaited), the bench still measures the
        # runtime by awaiting once more, and says so in the report.
        def workaround(note: str) -> None:
            contender.extra.setdefault("workarounds", set()).add(note)

        async def list_one(size: int) -> Any:
            res = self._resource(self.async_[f"ours:{api}"], kind)
            page = await res.list(page=1, **{kw: size})
            if not hasattr(page, items) and hasattr(page, "__await__"):
                workaround(
                    "`await x.list()` returned the paginator, not the first page: awaited twice"
                )
                page = await page
            return _last_id(kind, page, items)

        async def iterate_all(limit: int) -> int:
            res = self._resource(self.async_[f"ours:{api}"], kind)
            pager = res.list(**{kw: limit})
            if not hasattr(pager, "__aiter__") and hasattr(pager, "__await__"):
                workaround(
                    "`async for item in x.list()` fails (list() is a coroutine): awaited first"
                )
                pager = await pager
            n = 0
            async for _ in pager:
                n += 1
            return n

        contender.list_one, contender.iterate_all = list_one, iterate_all
        return contender

    def _official_sync(self, kind: str, api: str) -> Contender:
        client = self.sync.get(f"official:{api}")
        if client is None:
            return Contender("official_sync", False, False, self.reasons[f"official:{api}"])
        res, kw = self._resource(client, kind), self._size_kw(kind)
        items = "results" if kind == "gcore" else "items"  # Stainless page / Fern SyncPager

        def list_one(size: int) -> Any:
            return _last_id(kind, res.list(page=1, **{kw: size}), items)

        def iterate_all(limit: int) -> int:
            return sum(1 for _ in res.list(**{kw: limit}))

        return Contender("official_sync", False, True, "", list_one, iterate_all)

    def _official_async(self, kind: str, api: str) -> Contender:
        if self.modules[f"official:{api}"] is None:
            return Contender("official_async", True, False, self.reasons[f"official:{api}"])
        kw = self._size_kw(kind)
        items = "results" if kind == "gcore" else "items"

        async def list_one(size: int) -> Any:
            res = self._resource(self.async_[f"official:{api}"], kind)
            return _last_id(kind, await res.list(page=1, **{kw: size}), items)

        async def iterate_all(limit: int) -> int:
            res = self._resource(self.async_[f"official:{api}"], kind)
            pager = res.list(**{kw: limit})
            if kind != "gcore":  # Fern: ``list`` is a coroutine returning an AsyncPager
                pager = await pager
            n = 0
            async for _ in pager:
                n += 1
            return n

        return Contender("official_async", True, True, "", list_one, iterate_all)

    def _floor_json(self, kind: str) -> Contender:
        path, kw = KINDS[kind]
        headers, items, wire_id = HEADERS[kind], ITEMS_KEY[kind], ID_KEY[kind][0]
        hx = self.hx

        def list_one(size: int) -> Any:
            data = json.loads(hx.get(path, params={"page": 1, kw: size}, headers=headers).content)
            return data[items][-1][wire_id]

        def iterate_all(limit: int) -> int:
            n, page = 0, 1
            while True:
                resp = hx.get(path, params={"page": page, kw: limit}, headers=headers)
                data = json.loads(resp.content)
                n += len(data[items])
                if kind == "gcore":
                    if not data.get("next"):
                        return n
                elif page >= data["page_info"]["total_page"]:
                    return n
                page += 1

        return Contender("floor_json", False, True, "", list_one, iterate_all)

    def _floor_pydantic(self, kind: str) -> Contender:
        path, kw = KINDS[kind]
        headers, items, model = HEADERS[kind], ITEMS_KEY[kind], FLOOR_MODEL[kind]
        hx = self.hx

        def list_one(size: int) -> Any:
            resp = hx.get(path, params={"page": 1, kw: size}, headers=headers)
            return _last_id(kind, model.model_validate_json(resp.content), items)

        def iterate_all(limit: int) -> int:
            n, page = 0, 1
            while True:
                resp = hx.get(path, params={"page": page, kw: limit}, headers=headers)
                parsed = model.model_validate_json(resp.content)
                n += len(getattr(parsed, items))
                if kind == "gcore":
                    if not parsed.next:
                        return n
                elif page >= parsed.page_info.total_page:
                    return n
                page += 1

        return Contender("floor_pydantic", False, True, "", list_one, iterate_all)

    def _floor_pydantic_async(self, kind: str) -> Contender:
        path, kw = KINDS[kind]
        headers, items, model = HEADERS[kind], ITEMS_KEY[kind], FLOOR_MODEL[kind]

        async def list_one(size: int) -> Any:
            assert self.ahx is not None
            resp = await self.ahx.get(path, params={"page": 1, kw: size}, headers=headers)
            return _last_id(kind, model.model_validate_json(resp.content), items)

        async def iterate_all(limit: int) -> int:
            assert self.ahx is not None
            n, page = 0, 1
            while True:
                resp = await self.ahx.get(path, params={"page": page, kw: limit}, headers=headers)
                parsed = model.model_validate_json(resp.content)
                n += len(getattr(parsed, items))
                if kind == "gcore":
                    if not parsed.next:
                        return n
                elif page >= parsed.page_info.total_page:
                    return n
                page += 1

        return Contender("floor_pydantic_async", True, True, "", list_one, iterate_all)
