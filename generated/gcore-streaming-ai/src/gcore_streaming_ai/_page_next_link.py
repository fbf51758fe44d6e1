"""The ``next_link`` page style: a DRF envelope ``{count, next, previous, results}`` (Gcore).

``next`` null ends the iteration. ``next`` may be a full URL, a query string (``page=2``) or an
opaque marker: its query parameters replace ours, and without a ``page`` that advances the next
request asks for page + 1. The shared iteration and loop guards are in ``_pagination``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qs

from ._pagination import AsyncPage, PageContext, SyncPage, page_number

__all__ = ["AsyncNextLinkPage", "NextLinkPage"]

_T = TypeVar("_T")


def _next_link_params(next_link: str | None, params: dict[str, object]) -> dict[str, object] | None:
    """The query of the next request from a ``next`` value (see the module docstring)."""
    if not next_link:
        return None
    current = page_number(params)
    new: dict[str, object] = dict(params)
    query = next_link.split("?", 1)[1] if "?" in next_link else next_link
    if "=" in query:
        for key, values in parse_qs(query, keep_blank_values=True).items():
            new[key] = values[0] if len(values) == 1 else values
    if page_number(new) <= current:
        new["page"] = current + 1
    return new


class _NextLinkEnvelope:
    """How both page classes of the style read their envelope (the fields are theirs)."""

    if TYPE_CHECKING:
        next: str | None
        results: list[Any]
        _context: PageContext | None

    def _get_page_items(self) -> list[Any]:
        return self.results

    def _position(self) -> object:
        if self.next is None:
            return ("last",)
        return self.next if "=" in self.next else None  # an opaque marker tells no position

    def _next_page_params(self) -> dict[str, object] | None:
        if not self.results or self._context is None:
            return None
        return _next_link_params(self.next, self._context.params)


class NextLinkPage(_NextLinkEnvelope, SyncPage[_T], Generic[_T]):
    """DRF envelope ``{count, next, previous, results}`` (Gcore)."""

    count: int | None = None
    next: str | None = None
    previous: str | None = None
    results: list[_T]


class AsyncNextLinkPage(_NextLinkEnvelope, AsyncPage[_T], Generic[_T]):
    """DRF envelope ``{count, next, previous, results}`` (Gcore), async."""

    count: int | None = None
    next: str | None = None
    previous: str | None = None
    results: list[_T]
