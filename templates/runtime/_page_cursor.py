"""The ``cursor`` page style: the envelope names the next page's cursor, the next request sends
it as a query parameter (``{data: [...], next_cursor: "abc"}`` -> ``?cursor=abc``).

The names are the API's: ``CursorPage.of(Item, items="data", cursor_field="meta.next_cursor",
cursor_param="cursor", has_more_field="has_more")`` gives the page class of one list method
(``cursor_field`` and ``has_more_field`` may be dotted paths into the envelope). A missing, null
or empty cursor ends the iteration, and so do an empty page and ``has_more: false``. The shared
iteration and loop guards (a repeated cursor, a repeated request, ``max_pages``) are in
``_pagination``.
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
)

__all__ = ["AsyncCursorPage", "CursorPage"]

_T = TypeVar("_T")
_I = TypeVar("_I")


class _CursorEnvelope(ConfiguredItems):
    """How both page classes of the style read their envelope (set by ``of()``)."""

    cursor_field: ClassVar[str] = "next_cursor"
    cursor_param: ClassVar[str] = "cursor"
    has_more_field: ClassVar[str] = ""

    if TYPE_CHECKING:
        _context: PageContext | None

    def next_page_cursor(self) -> str | None:
        """The cursor of the next page as sent (``None`` when the envelope names none)."""
        value = envelope_value(self, self.cursor_field)  # type: ignore[arg-type]
        if value is None or isinstance(value, (bool, dict, list)) or value == "":
            return None
        return str(value)

    def _position(self) -> object:
        return self.next_page_cursor()

    def _next_page_params(self) -> dict[str, object] | None:
        if self._context is None or not self._get_page_items():
            return None
        if self.has_more_field and envelope_value(self, self.has_more_field) is False:  # type: ignore[arg-type]
            return None
        cursor = self.next_page_cursor()
        if cursor is None:
            return None
        return {**self._context.params, self.cursor_param: cursor}


def _settings(cursor_field: str, cursor_param: str, has_more_field: str) -> dict[str, str]:
    if not cursor_field or not cursor_param:
        raise ValueError("cursor_field and cursor_param must be non-empty")
    return {
        "cursor_field": cursor_field,
        "cursor_param": cursor_param,
        "has_more_field": has_more_field,
    }


class CursorPage(_CursorEnvelope, SyncPage[_T], Generic[_T]):
    """``{<items>: [...], <cursor_field>: "..."}``: the cursor goes into ``<cursor_param>``."""

    @classmethod
    def of(
        cls,
        item: type[_I],
        *,
        items: str = "data",
        cursor_field: str = "next_cursor",
        cursor_param: str = "cursor",
        has_more_field: str = "",
    ) -> type[CursorPage[_I]]:
        """The page class of one list method: its item model and the API's names."""
        settings = _settings(cursor_field, cursor_param, has_more_field)
        page: type[CursorPage[_I]] = configured_page(cls, item, items, settings)
        return page


class AsyncCursorPage(_CursorEnvelope, AsyncPage[_T], Generic[_T]):
    """``CursorPage``, async."""

    @classmethod
    def of(
        cls,
        item: type[_I],
        *,
        items: str = "data",
        cursor_field: str = "next_cursor",
        cursor_param: str = "cursor",
        has_more_field: str = "",
    ) -> type[AsyncCursorPage[_I]]:
        """The page class of one list method: its item model and the API's names."""
        settings = _settings(cursor_field, cursor_param, has_more_field)
        page: type[AsyncCursorPage[_I]] = configured_page(cls, item, items, settings)
        return page
