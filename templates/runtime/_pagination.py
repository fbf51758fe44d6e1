"""Typed pages that read the API's page metadata, so N pages cost N requests: the base classes.

A page *is* the parsed envelope (``page.results``, ``page.count`` ...) and iterating it yields
every item of this page and the following ones, fetching lazily:

    for task in client.tasks.list(limit=100):  # all pages
        ...
    for page in client.tasks.list().iter_pages():  # page by page
        ...

Iteration stops when the metadata says there is no next page (each page style reads its own
envelope in a module of its own; a package ships only the styles it uses), when a page comes
back empty, or when a page after the first answers 404.

It also stops, with a WARNING on the package logger (a clean end, no exception), when the server
loops: a page whose position (``next`` link, ``page_info.page``) repeats the previous page's
ends the iteration (after its items, unless they repeat the previous page's too), and so do a
next request that was already sent and, where the position is opaque, a page that repeats the
previous page's items; and after ``max_pages`` pages (per call
``request_options={"max_pages": N}``, else the client's ``max_pages``, default 10,000).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from pydantic import BaseModel as PydanticModel
from pydantic import ConfigDict

from ._exceptions import NotFoundError
from ._logging import logger
from ._models import BaseModel
from ._types import RequestOptions

__all__ = [
    "AsyncPage",
    "AsyncPageSource",
    "AsyncPaginator",
    "ConfiguredItems",
    "PageContext",
    "SyncPage",
    "SyncPageSource",
    "configured_page",
    "envelope_value",
    "int_param",
    "page_number",
]

_T = TypeVar("_T")
_SyncPageT = TypeVar("_SyncPageT", bound="SyncPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="AsyncPage[Any]")


class SyncPageSource(Protocol):
    """What a page needs of its client to fetch the next one (``SyncAPIClient`` is one): the
    pages know the client by this shape only, so they never import it."""

    def _get_page(
        self,
        path: str,
        page_cls: type[_SyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> _SyncPageT: ...


class AsyncPageSource(Protocol):
    """What an async page needs of its client (``AsyncAPIClient`` is one)."""

    async def _fetch_page(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> _AsyncPageT: ...


class PageContext:
    """What a page needs to fetch its successor: the client and the request that produced it."""

    __slots__ = ("client", "options", "params", "path")

    def __init__(
        self,
        client: Any,
        path: str,
        params: dict[str, object],
        options: RequestOptions | None,
    ) -> None:
        self.client = client
        self.path = path
        self.params = params
        self.options = options


def _params_key(params: Mapping[str, object]) -> str:
    return repr(sorted((str(k), repr(v)) for k, v in params.items()))


class _Walk:
    """The loop guards of one iteration over pages (see the module docstring)."""

    def __init__(self, first: Any) -> None:
        context: PageContext | None = first._context
        self.seen: set[str] = set()
        self.limit = 0
        self.path = "?"
        if context is not None:
            self.seen.add(_params_key(context.params))
            self.path = context.path
            per_call = (context.options or {}).get("max_pages")
            self.limit = per_call if per_call else int(getattr(context.client, "max_pages", 0))
        self.count = 1

    def may_follow(self, page: Any, previous: Any | None) -> bool:
        """Whether to fetch the page after ``page`` (``previous`` came before it)."""
        params = page.next_page_params()
        if params is None:
            return False
        if self.limit and self.count >= self.limit:
            return self._stop(f"reached max_pages={self.limit}")
        marker = page._position()
        if previous is not None and marker is not None and marker == previous._position():
            return self._stop(f"the server repeated the page position {marker!r}")
        key = _params_key(params)
        if key in self.seen:
            return self._stop("the next page's request was already sent")
        self.seen.add(key)
        return True

    def accept(self, page: Any, following: Any) -> bool:
        """Whether to yield ``following``: not when it is ``page`` again (same position, same
        items), which ends the iteration."""
        marker = following._position()
        same_place = marker is None or marker == page._position()  # None: position unknown
        items = following._get_page_items()
        if same_place and items and items == page._get_page_items():
            return self._stop("the server sent the same page again")
        self.count += 1
        return True

    def _stop(self, reason: str) -> bool:
        logger.warning("Stopped paging %s after %d pages: %s.", self.path, self.count, reason)
        return False


def int_param(params: Mapping[str, object], name: str, default: int) -> int:
    """An integer query parameter of a request (``default`` when absent or not a number)."""
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(str(value))
    except ValueError:
        return default


def page_number(params: Mapping[str, object]) -> int:
    """The ``page`` query parameter of a request (1 when absent or not a number)."""
    return int_param(params, "page", 1)


def envelope_value(envelope: PydanticModel, path: str) -> object:
    """The value at a dotted ``path`` of a parsed envelope (``meta.next_cursor``): declared
    fields, then the fields kept as sent; ``None`` where any step is missing."""
    current: object = envelope
    for step in path.split("."):
        if isinstance(current, PydanticModel):
            if step in type(current).model_fields:
                current = getattr(current, step)
            else:
                current = (current.__pydantic_extra__ or {}).get(step)
        elif isinstance(current, Mapping):
            current = current.get(step)
        else:
            return None
        if current is None:
            return None
    return current


class ConfiguredItems:
    """The items of a page style that takes the API's names: the field ``configured_page``
    declared (``items_attr``)."""

    items_attr: ClassVar[str] = ""

    def _get_page_items(self) -> list[Any]:
        if not self.items_attr:
            raise TypeError(
                f"{type(self).__name__} has no items field: build the class with .of(Item, ...)"
            )
        items: list[Any] = getattr(self, self.items_attr)
        return items


# (page class, item type, items key, settings) -> the configured class, built once.
_CONFIGURED: dict[tuple[Any, ...], Any] = {}


def configured_page(base: Any, item: Any, items: str, settings: Mapping[str, str]) -> Any:
    """``base[item]`` reading its items from the envelope key ``items``, with the style's
    ``settings`` (its ``ClassVar``s: field paths, parameter names) set on the class.

    One class per combination, so pydantic builds its validator once. The items are a field
    named like the key (``page.data``), or ``page_items`` when the key cannot be an attribute."""
    key = (base, item, items, tuple(sorted(settings.items())))
    cached = _CONFIGURED.get(key)
    if cached is not None:
        return cached
    import keyword

    from pydantic import Field

    usable = (
        items.isidentifier()
        and not keyword.iskeyword(items)
        and not items.startswith("_")
        and not hasattr(base, items)
    )
    attr = items if usable else "page_items"
    bound = base[item]
    namespace: dict[str, Any] = {
        "__annotations__": {attr: list[item]},
        "__module__": base.__module__,
        "items_attr": attr,
        **settings,
    }
    if not usable:
        namespace[attr] = Field(alias=items)
    name = f"{base.__name__}[{getattr(item, '__name__', repr(item))}]"
    cls = type(bound)(name, (bound,), namespace)
    _CONFIGURED[key] = cls
    return cls


class SyncPage(BaseModel, Generic[_T]):
    """Base of synchronous pages: iterate for items across pages, ``iter_pages()`` for pages."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    _context: PageContext | None = None

    def _set_context(
        self,
        client: SyncPageSource,
        path: str,
        params: dict[str, object],
        options: RequestOptions | None,
    ) -> None:
        self._context = PageContext(client, path, params, options)

    def _get_page_items(self) -> list[_T]:
        raise NotImplementedError

    def _next_page_params(self) -> dict[str, object] | None:
        raise NotImplementedError

    def has_next_page(self) -> bool:
        """True when the metadata announces another page (no request is made)."""
        return self._context is not None and self._next_page_params() is not None

    def next_page_params(self) -> dict[str, object] | None:
        """The query parameters of the next page request, or ``None`` on the last page."""
        return self._next_page_params() if self._context is not None else None

    def get_next_page(self) -> Self:
        """Fetch the next page; ``RuntimeError`` if there is none (check ``has_next_page()``)."""
        context = self._context
        params = self._next_page_params() if context is not None else None
        if context is None or params is None:
            raise RuntimeError("No next page: check has_next_page() before get_next_page().")
        client: SyncPageSource = context.client
        return client._get_page(context.path, type(self), None, params, context.options)

    def _position(self) -> object:
        """Where the server says this page is (compared between pages to catch loops)."""
        return None

    def iter_pages(self) -> Iterator[Self]:
        """This page, then each following page (a 404 past the last page ends quietly)."""
        walk = _Walk(self)
        page, previous = self, None
        while True:
            yield page
            if not walk.may_follow(page, previous):
                return
            try:
                following = page.get_next_page()
            except NotFoundError:
                return
            if not walk.accept(page, following):
                return
            page, previous = following, page

    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]
        for page in self.iter_pages():
            yield from page._get_page_items()


class AsyncPage(BaseModel, Generic[_T]):
    """Base of asynchronous pages: ``async for`` items across pages, ``iter_pages()`` for pages."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    _context: PageContext | None = None

    def _set_context(
        self,
        client: AsyncPageSource,
        path: str,
        params: dict[str, object],
        options: RequestOptions | None,
    ) -> None:
        self._context = PageContext(client, path, params, options)

    def _get_page_items(self) -> list[_T]:
        raise NotImplementedError

    def _next_page_params(self) -> dict[str, object] | None:
        raise NotImplementedError

    def has_next_page(self) -> bool:
        """True when the metadata announces another page (no request is made)."""
        return self._context is not None and self._next_page_params() is not None

    def next_page_params(self) -> dict[str, object] | None:
        """The query parameters of the next page request, or ``None`` on the last page."""
        return self._next_page_params() if self._context is not None else None

    async def get_next_page(self) -> Self:
        """Fetch the next page; ``RuntimeError`` if there is none (check ``has_next_page()``)."""
        context = self._context
        params = self._next_page_params() if context is not None else None
        if context is None or params is None:
            raise RuntimeError("No next page: check has_next_page() before get_next_page().")
        client: AsyncPageSource = context.client
        return await client._fetch_page(context.path, type(self), params, context.options)

    def _position(self) -> object:
        """Where the server says this page is (compared between pages to catch loops)."""
        return None

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then each following page (a 404 past the last page ends quietly)."""
        walk = _Walk(self)
        page, previous = self, None
        while True:
            yield page
            if not walk.may_follow(page, previous):
                return
            try:
                following = await page.get_next_page()
            except NotFoundError:
                return
            if not walk.accept(page, following):
                return
            page, previous = following, page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page._get_page_items():
                yield item


class AsyncPaginator(Generic[_T, _AsyncPageT]):
    """What an async ``list()`` returns, so both official call shapes work:

    ``page = await client.tasks.list()`` (the first page) and
    ``async for task in client.tasks.list(): ...`` (every item of every page).
    """

    def __init__(
        self,
        client: AsyncPageSource,
        path: str,
        page_cls: type[_AsyncPageT],
        params: Mapping[str, object] | None,
        options: RequestOptions | None,
    ) -> None:
        self._client = client
        self._path = path
        self._page_cls = page_cls
        self._params = params
        self._options = options

    async def _first_page(self) -> _AsyncPageT:
        return await self._client._fetch_page(
            self._path, self._page_cls, self._params, self._options
        )

    def __await__(self) -> Generator[Any, None, _AsyncPageT]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._first_page()
        async for item in page:
            yield item

    async def iter_pages(self) -> AsyncIterator[_AsyncPageT]:
        page = await self._first_page()
        async for each in page.iter_pages():
            yield each
