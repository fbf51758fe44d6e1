"""The ``page_info`` page style: ``{data, page_info: {page, total_page, limit_per_page,
total_results}}`` (TwelveLabs).

``page >= total_page`` ends the iteration; without the metadata the next page is asked for until
one comes back empty. The shared iteration and loop guards are in ``_pagination``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._models import BaseModel
from ._pagination import AsyncPage, PageContext, SyncPage, page_number

__all__ = ["AsyncPageInfoPage", "PageInfo", "PageInfoPage"]

_T = TypeVar("_T")


class PageInfo(BaseModel):
    """TwelveLabs page metadata."""

    page: int | None = None
    total_page: int | None = None
    limit_per_page: int | None = None
    total_results: int | None = None


def _page_info_params(info: PageInfo | None, params: dict[str, object]) -> dict[str, object] | None:
    if info is None or info.page is None or info.total_page is None:
        # No metadata: fall back to "next page until an empty one".
        return {**params, "page": page_number(params) + 1}
    if info.page >= info.total_page:
        return None
    return {**params, "page": info.page + 1}


class _PageInfoEnvelope:
    """How both page classes of the style read their envelope (the fields are theirs)."""

    if TYPE_CHECKING:
        data: list[Any]
        page_info: PageInfo | None
        _context: PageContext | None

    def _get_page_items(self) -> list[Any]:
        return self.data

    def _position(self) -> object:
        return self.page_info.page if self.page_info is not None else None

    def _next_page_params(self) -> dict[str, object] | None:
        if not self.data or self._context is None:
            return None
        return _page_info_params(self.page_info, self._context.params)


class PageInfoPage(_PageInfoEnvelope, SyncPage[_T], Generic[_T]):
    """``{data, page_info: {page, total_page, limit_per_page, total_results}}`` (TwelveLabs)."""

    data: list[_T]
    page_info: PageInfo | None = None


class AsyncPageInfoPage(_PageInfoEnvelope, AsyncPage[_T], Generic[_T]):
    """``{data, page_info: {page, total_page, ...}}`` (TwelveLabs), async."""

    data: list[_T]
    page_info: PageInfo | None = None
