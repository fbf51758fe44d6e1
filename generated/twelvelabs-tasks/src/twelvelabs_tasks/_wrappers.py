"""Raw and streaming views (the official SDKs' shape) as thin wrappers over resource methods.

``to_raw_response_wrapper(resource.get)`` runs ``resource.get`` with a response mode set in a
context variable, and the client returns an ``APIResponse`` instead of the parsed model; the
streaming wrappers return a context manager over an unread response, closed on exit.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar, cast

if TYPE_CHECKING:
    from ._response import APIResponse, AsyncAPIResponse

__all__ = [
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "ResponseMode",
    "acall_in_mode",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "call_in_mode",
    "take_response_mode",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_P = ParamSpec("_P")
_ResponseT = TypeVar("_ResponseT", bound="APIResponse[Any]")
_AsyncResponseT = TypeVar("_AsyncResponseT", bound="AsyncAPIResponse[Any]")

ResponseMode = Literal["raw", "stream"]

# Set by the raw/streaming wrappers around one method call; read (and cleared) by the client.
_RESPONSE_MODE: ContextVar[ResponseMode | None] = ContextVar(
    "specpress_response_mode", default=None
)


def take_response_mode() -> ResponseMode | None:
    """The response mode a wrapper asked for, cleared so that nested calls parse normally."""
    mode = _RESPONSE_MODE.get()
    if mode is not None:
        _RESPONSE_MODE.set(None)
    return mode


class ResponseContextManager(Generic[_ResponseT]):
    """``with resource.with_streaming_response.get(...) as response:``; closed on exit."""

    def __init__(self, request: Callable[[], _ResponseT]) -> None:
        self._request = request
        self._response: _ResponseT | None = None

    def __enter__(self) -> _ResponseT:
        self._response = self._request()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_AsyncResponseT]):
    """``async with resource.with_streaming_response.get(...) as response:``; closed on exit."""

    def __init__(self, request: Awaitable[_AsyncResponseT]) -> None:
        self._request = request
        self._response: _AsyncResponseT | None = None

    async def __aenter__(self) -> _AsyncResponseT:
        self._response = await self._request
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.close()


def call_in_mode(mode: ResponseMode, func: Callable[_P, Any], *args: Any, **kwargs: Any) -> Any:
    token = _RESPONSE_MODE.set(mode)
    try:
        return func(*args, **kwargs)
    finally:
        _RESPONSE_MODE.reset(token)


async def acall_in_mode(
    mode: ResponseMode, func: Callable[_P, Awaitable[Any]], *args: Any, **kwargs: Any
) -> Any:
    token = _RESPONSE_MODE.set(mode)
    try:
        return await func(*args, **kwargs)
    finally:
        _RESPONSE_MODE.reset(token)


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """``func`` returning an ``APIResponse`` (body read) instead of its parsed value."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        return cast("APIResponse[_R]", call_in_mode("raw", func, *args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[AsyncAPIResponse[_R]]]:
    """Async ``to_raw_response_wrapper`` (``func`` may return any awaitable, e.g. a paginator)."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_R]:
        response = await acall_in_mode("raw", _awaited(func), *args, **kwargs)
        return cast("AsyncAPIResponse[_R]", response)

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[APIResponse[_R]]]:
    """``func`` as a context manager yielding an unread ``APIResponse``."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_R]]:
        def request() -> APIResponse[_R]:
            return cast("APIResponse[_R]", call_in_mode("stream", func, *args, **kwargs))

        return ResponseContextManager(request)

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_R]]]:
    """Async ``to_streamed_response_wrapper``: ``async with`` yields an unread response."""

    @functools.wraps(func)
    def wrapped(
        *args: _P.args, **kwargs: _P.kwargs
    ) -> AsyncResponseContextManager[AsyncAPIResponse[_R]]:
        async def request() -> AsyncAPIResponse[_R]:
            response = await acall_in_mode("stream", _awaited(func), *args, **kwargs)
            return cast("AsyncAPIResponse[_R]", response)

        return AsyncResponseContextManager(request())

    return wrapped


def _awaited(func: Callable[..., Awaitable[_T]]) -> Callable[..., Awaitable[_T]]:
    """A coroutine function awaiting whatever ``func`` returns (coroutines and paginators)."""

    async def call(*args: Any, **kwargs: Any) -> _T:
        return await func(*args, **kwargs)

    return call
