"""The ``offset`` page style: the next request asks for the items after the ones received
(``?offset=0&limit=50`` -> ``?offset=50&limit=50``), until the envelope's total is reached or a
page comes back empty.

The names are the API's: ``OffsetPage.of(Item, items="data", offset_param="offset",
total_field="total")`` gives the page class of one list method (``total_field`` may be a dotted
path, ``""`` when the envelope has no total). The next offset is the request's offset plus the
items received, so a server that sends fewer items than asked for loses none. A server that
ignores the offset (the same items again) is stopped by the shared loop guards, and so is
``max_pages``, in ``_pagination``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from ._pagination import (
    AsyncPage,
    ConfiguredItems,
    PageContext,
    SyncPage,
    configured_page,
    envelope_value,
    int_param,
)

__all__ = ["AsyncOffsetPage", "OffsetPage"]

_T = TypeVar("_T")
_I = TypeVar("_I")


class _OffsetEnvelope(ConfiguredItems):
    """How both page classes of the style read their envelope (set by ``of()``)."""

    offset_param: ClassVar[str] = "offset"
    total_field: ClassVar[str] = "total"

    if TYPE_CHECKING:
        _context: PageContext | None

    def total_count(self) -> int | None:
        """The envelope's total number of items (``None`` when it states none usable)."""
        if not self.total_field:
            return None
        value = envelope_value(self, self.total_field)  # type: ignore[arg-type]
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return None
        try:
            return int(value)
        except (ValueError, OverflowError):
            return None

    def _position(self) -> object:
        return None  # the server tells no position: repeated items are compared instead

    def _next_page_params(self) -> dict[str, object] | None:
        items = self._get_page_items()
        if self._context is None or not items:
            return None
        offset = max(int_param(self._context.params, self.offset_param, 0), 0) + len(items)
        total = self.total_count()
        if total is not None and offset >= total:
            return None
        return {**self._context.params, self.offset_param: offset}


def _settings(offset_param: str, total_field: str) -> dict[str, str]:
    if not offset_param:
        raise ValueError("offset_param must be non-empty")
    return {"offset_param": offset_param, "total_field": total_field}


class OffsetPage(_OffsetEnvelope, SyncPage[_T], Generic[_T]):
    """``{<items>: [...], <total_field>: N}``: the next page starts after the items received."""

    @classmethod
    def of(
        cls,
        item: type[_I],
        *,
        items: str = "data",
        offset_param: str = "offset",
        total_field: str = "total",
    ) -> type[OffsetPage[_I]]:
        """The page class of one list method: its item model and the API's names."""
        page: type[OffsetPage[_I]] = configured_page(
            cls, item, items, _settings(offset_param, total_field)
        )
        return page


class AsyncOffsetPage(_OffsetEnvelope, AsyncPage[_T], Generic[_T]):
    """``OffsetPage``, async."""

    @classmethod
    def of(
        cls,
        item: type[_I],
        *,
        items: str = "data",
        offset_param: str = "offset",
        total_field: str = "total",
    ) -> type[AsyncOffsetPage[_I]]:
        """The page class of one list method: its item model and the API's names."""
        page: type[AsyncOffsetPage[_I]] = configured_page(
            cls, item, items, _settings(offset_param, total_field)
        )
        return page
