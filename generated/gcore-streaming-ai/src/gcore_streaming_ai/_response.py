"""Raw and streamed responses: ``APIResponse`` / ``AsyncAPIResponse``, what ``with_raw_response``
(body read) and ``with_streaming_response`` (nothing read until asked) return, and the view
functions that make them (``to_raw_response_wrapper`` and its kin, at the end). The parser is in
``_parse`` and the response mode in ``_wrappers``; the names used from both are re-exported here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._logging import redact
from ._parse import decode_body, parse_response
from ._wrappers import (
    AsyncResponseContextManager,
    ResponseContextManager,
    acall_in_mode,
    awaited,
    call_in_mode,
    take_response_mode,
)

if TYPE_CHECKING:
    from ._lenient import Deviation

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "RawResponse",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "decode_body",
    "parse_response",
    "take_response_mode",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_R = TypeVar("_R")
_P = ParamSpec("_P")

Reader = Callable[[httpx.Response], bytes]
AsyncReader = Callable[[httpx.Response], Awaitable[bytes]]
Parser = Callable[[httpx.Response, "list[Deviation]"], Any]
Chunks = Callable[[httpx.Response], Iterator[bytes]]
AsyncChunks = Callable[[httpx.Response], AsyncIterator[bytes]]


class _Text:
    """Incremental bytes -> text (a character split across chunks is kept for the next one)."""

    def __init__(self, encoding: str | None) -> None:
        import codecs

        self._decoder = codecs.getincrementaldecoder(encoding or "utf-8")("replace")

    def feed(self, chunk: bytes) -> list[str]:
        text = self._decoder.decode(chunk)
        return [text] if text else []

    def close(self) -> list[str]:
        tail = self._decoder.decode(b"", final=True)
        return [tail] if tail else []


class _Lines:
    """Incremental text -> lines without their line endings (``\\n``, ``\\r\\n``, ``\\r``)."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, text: str) -> list[str]:
        lines = (self._pending + text).splitlines(keepends=True)
        self._pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
        return [line.rstrip("\r\n") for line in lines]

    def close(self) -> list[str]:
        pending, self._pending = self._pending, ""
        return [pending] if pending else []


class _Chunks:
    """Incremental pieces -> chunks of ``size`` bytes (the last may be shorter); ``None``:
    the pieces as they come."""

    def __init__(self, size: int | None) -> None:
        self._size = size
        self._buffer = b""

    def feed(self, piece: bytes) -> list[bytes]:
        if self._size is None:
            return [piece] if piece else []
        buffer = self._buffer + piece
        size = self._size
        cut = len(buffer) - len(buffer) % size
        self._buffer = buffer[cut:]
        return [buffer[i : i + size] for i in range(0, cut, size)]

    def close(self) -> list[bytes]:
        rest, self._buffer = self._buffer, b""
        return [rest] if rest else []


class _BaseAPIResponse(Generic[_R]):
    """What raw and streaming responses share: status, headers, request, timing."""

    http_response: httpx.Response
    retries_taken: int
    """How many retries the call took (0: the first attempt answered)."""

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        cast_to: Any = None,
        retries_taken: int = 0,
        parser: Parser | None = None,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._parser = parser
        self._parsed: Any = _UNSET
        self._deviations: list[Deviation] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def is_closed(self) -> bool:
        """True once the body has been read (or the response closed)."""
        return self.http_response.is_closed

    @property
    def content(self) -> bytes:
        """The decoded body (read it first with ``read()`` on a streaming response)."""
        try:
            return self.http_response.content
        except httpx.ResponseNotRead:
            raise RuntimeError("The body has not been read: call read() first.") from None

    @property
    def text(self) -> str:
        self.content  # noqa: B018 - raises the clear error when unread
        return self.http_response.text

    @property
    def elapsed(self) -> float:
        """Seconds from sending the request to reading the whole body (last attempt)."""
        return self.http_response.elapsed.total_seconds()

    @property
    def deviations(self) -> list[Deviation]:
        """How the body deviated from the model (after ``parse()``; empty when it matched)."""
        return list(self._deviations)

    def _parse_read(self) -> _R:
        if self._parsed is _UNSET:
            found: list[Deviation] = []
            if self._parser is not None:
                self._parsed = self._parser(self.http_response, found)
            else:
                self._parsed = parse_response(self.http_response, self._cast_to, deviations=found)
            self._deviations = found
        return cast(_R, self._parsed)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] "
            f"{self.method} {redact(str(self.url))}>"
        )


class APIResponse(_BaseAPIResponse[_R]):
    """A synchronous response: ``parse()`` gives the method's return value.

    From ``with_raw_response`` the body is already read (``is_closed`` is True); from
    ``with_streaming_response`` nothing is read until ``read()``, ``iter_*`` or ``parse()``.
    """

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        cast_to: Any = None,
        retries_taken: int = 0,
        parser: Parser | None = None,
        reader: Reader | None = None,
        chunks: Chunks | None = None,
    ) -> None:
        super().__init__(http_response, cast_to=cast_to, retries_taken=retries_taken, parser=parser)
        self._reader = reader
        self._chunks = chunks

    def read(self) -> bytes:
        """Read (bounded in size and time) and return the whole decoded body."""
        response = self.http_response
        if hasattr(response, "_content"):
            return response.content
        if self._reader is not None:
            return self._reader(response)
        return response.read()

    def parse(self) -> _R:
        """The body as the method's return type (read first if needed; cached)."""
        self.read()
        return self._parse_read()

    def json(self) -> Any:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The decoded body in chunks, without reading it all into memory."""
        response = self.http_response
        if hasattr(response, "_content") or self._chunks is None:
            yield from response.iter_bytes(chunk_size)
            return
        chunks = _Chunks(chunk_size)
        for piece in self._chunks(response):
            yield from chunks.feed(piece)
        yield from chunks.close()

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        text = _Text(self.http_response.encoding)
        for chunk in self.iter_bytes(chunk_size):
            yield from text.feed(chunk)
        yield from text.close()

    def iter_lines(self) -> Iterator[str]:
        lines = _Lines()
        for text in self.iter_text():
            yield from lines.feed(text)
        yield from lines.close()

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(_BaseAPIResponse[_R]):
    """An asynchronous response: ``await parse()`` gives the method's return value."""

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        cast_to: Any = None,
        retries_taken: int = 0,
        parser: Parser | None = None,
        reader: AsyncReader | None = None,
        chunks: AsyncChunks | None = None,
    ) -> None:
        super().__init__(http_response, cast_to=cast_to, retries_taken=retries_taken, parser=parser)
        self._reader = reader
        self._chunks = chunks

    async def read(self) -> bytes:
        response = self.http_response
        if hasattr(response, "_content"):
            return response.content
        if self._reader is not None:
            return await self._reader(response)
        return await response.aread()

    async def parse(self) -> _R:
        await self.read()
        return self._parse_read()

    async def json(self) -> Any:
        return json.loads(await self.read())

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        response = self.http_response
        if hasattr(response, "_content") or self._chunks is None:
            async for chunk in response.aiter_bytes(chunk_size):
                yield chunk
            return
        chunks = _Chunks(chunk_size)
        async for piece in self._chunks(response):
            for chunk in chunks.feed(piece):
                yield chunk
        for chunk in chunks.close():
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        text = _Text(self.http_response.encoding)
        async for chunk in self.iter_bytes(chunk_size):
            for piece in text.feed(chunk):
                yield piece
        for piece in text.close():
            yield piece

    async def iter_lines(self) -> AsyncIterator[str]:
        lines = _Lines()
        async for text in self.iter_text():
            for line in lines.feed(text):
                yield line
        for line in lines.close():
            yield line

    async def close(self) -> None:
        await self.http_response.aclose()


RawResponse = APIResponse
"""The name of the raw response before 0.2 (same class)."""


class _Unset:
    pass


_UNSET: Any = _Unset()


# --- the raw and streaming views: thin wrappers over a resource method ---------------------------


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
        response = await acall_in_mode("raw", awaited(func), *args, **kwargs)
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
            response = await acall_in_mode("stream", awaited(func), *args, **kwargs)
            return cast("AsyncAPIResponse[_R]", response)

        return AsyncResponseContextManager(request())

    return wrapped
