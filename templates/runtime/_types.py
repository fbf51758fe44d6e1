"""Sentinels and option types shared by the client, resources and pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, TypeAlias, TypedDict, TypeVar

import httpx

__all__ = [
    "NOT_GIVEN",
    "Body",
    "Headers",
    "NoneType",
    "NotGiven",
    "NotGivenOr",
    "Omit",
    "Query",
    "RequestOptions",
    "Timeout",
    "is_given",
    "omit",
]

_T = TypeVar("_T")


class NotGiven:
    """Marks an argument the caller did not pass (distinct from an explicit ``None``).

    >>> client.with_options(timeout=None)  # no timeout at all
    >>> client.with_options(timeout=NOT_GIVEN)  # keep the current timeout
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final[NotGiven] = NotGiven()


class Omit:
    """Removes a default: ``extra_headers={"User-Agent": omit}`` sends no User-Agent."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


omit: Final[Omit] = Omit()

NoneType: type[None] = type(None)

Timeout: TypeAlias = float | httpx.Timeout | None
Headers: TypeAlias = Mapping[str, str | Omit]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object
NotGivenOr: TypeAlias = _T | NotGiven


class RequestOptions(TypedDict, total=False):
    """Per-call options; every generated method accepts them as keyword arguments too.

    - ``timeout``: seconds (float) or an ``httpx.Timeout``; ``None`` disables the timeout.
    - ``max_retries``: retries after the first attempt (0 = a single attempt).
    - ``extra_headers`` / ``extra_query``: merged over the defaults (``omit`` removes one).
    - ``extra_body``: merged into a JSON object body.
    - ``idempotent``: ``True`` lets a POST/PATCH be replayed after a timeout, a dropped
      connection or a 5xx (only pass it when the server de-duplicates the request).
    - ``max_response_size``: the largest decoded body this call reads (bytes).
    - ``max_pages``: the most pages iterating a list fetches (list calls only).
    """

    timeout: Timeout
    max_retries: int
    extra_headers: Headers
    extra_query: Query
    extra_body: Mapping[str, object]
    idempotent: bool
    max_response_size: int
    max_pages: int


def is_given(value: Any) -> bool:
    return not isinstance(value, (NotGiven, Omit))
