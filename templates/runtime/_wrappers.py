"""The response mode behind the raw and streaming views (the official SDKs' shape).

A view runs a resource method with a mode set in a context variable (``call_in_mode``); the
client reads it (``take_response_mode``) and returns an ``APIResponse`` instead of the parsed
model. The streaming views hand that response out through a context manager that closes it on
exit. The view functions themselves live in ``_response`` beside the classes they return, so this
module needs nothing from there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Generic, Literal, ParamSpec, Protocol, TypeVar

__all__ = [
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "ResponseMode",
    "acall_in_mode",
    "awaited",
    "call_in_mode",
    "take_response_mode",
]


class _Closes(Protocol):
    def close(self) -> None: ...


class _AsyncCloses(Protocol):
    async def close(self) -> None: ...


_T = TypeVar("_T")
_P = ParamSpec("_P")
_ResponseT = TypeVar("_ResponseT", bound=_Closes)
_AsyncResponseT = TypeVar("_AsyncResponseT", bound=_AsyncCloses)

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


def awaited(func: Callable[..., Awaitable[_T]]) -> Callable[..., Awaitable[_T]]:
    """A coroutine function awaiting whatever ``func`` returns (coroutines and paginators)."""

    async def call(*args: Any, **kwargs: Any) -> _T:
        return await func(*args, **kwargs)

    return call
