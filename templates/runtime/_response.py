"""Responses: the one-pass JSON -> model parser, and the raw and streaming response views.

Parsing is strict first: one cached ``validate_json`` pass. Only when that fails (and the client
is not in strict mode) is the object rebuilt leniently (``_lenient``): known fields typed, the
rest kept as sent, each deviation recorded, logged once per operation and shape, and readable
from the object (``obj.model_deviations()``) and from the raw response (``raw.deviations``).
Invalid JSON is an error in both modes.

Raw and streaming views (the official SDKs' shape) are thin wrappers over the resource methods:
``to_raw_response_wrapper(resource.get)`` runs ``resource.get`` with a response mode set in a
context variable, and the client returns an ``APIResponse`` instead of the parsed model.
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar, cast

import httpx

from ._exceptions import APIResponseValidationError, format_validation_errors

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


# cast_to -> bound ``validate_json``. Built once per type: building a pydantic validator costs
# milliseconds, validating a page costs microseconds.
_VALIDATORS: dict[Any, Callable[[bytes], Any]] = {}


def _validator(cast_to: Any) -> Callable[[bytes], Any]:
    try:
        return _VALIDATORS[cast_to]
    except KeyError:
        pass
    except TypeError:  # unhashable annotation: build a fresh adapter (rare)
        from pydantic import TypeAdapter

        return TypeAdapter(cast_to).validate_json
    from pydantic import BaseModel, TypeAdapter

    fn: Callable[[bytes], Any]
    if isinstance(cast_to, type) and issubclass(cast_to, BaseModel):
        fn = cast_to.model_validate_json
    else:
        fn = TypeAdapter(cast_to).validate_json
    _VALIDATORS[cast_to] = fn
    return fn


def decode_body(response: httpx.Response) -> object:
    """The body as JSON if it parses, else as text (``None`` when empty or unread)."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        try:
            return response.text
        except (UnicodeDecodeError, LookupError):
            return content.decode("utf-8", "replace")


def _describe_request(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:
        return f"response ({response.status_code})"
    return f"{request.method} {request.url.path} ({response.status_code})"


def _operation(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:
        return "(unknown operation)"
    return f"{request.method} {request.url.path}"


def parse_response(
    response: httpx.Response,
    cast_to: Any,
    *,
    strict: bool = False,
    deviations: list[Deviation] | None = None,
) -> Any:
    """Validate the body against ``cast_to`` in one ``validate_json`` pass.

    ``None`` -> nothing is parsed; ``str`` / ``bytes`` -> the text / the raw bytes. Invalid JSON
    raises ``APIResponseValidationError``; so does a body that does not match ``cast_to`` when
    ``strict``, else the object is rebuilt leniently and each deviation appended to
    ``deviations`` (and logged once per operation and shape).
    """
    if cast_to is None:
        return None
    if cast_to is str:
        try:
            return response.text
        except (UnicodeDecodeError, LookupError) as exc:
            raise APIResponseValidationError(
                f"Response to {_describe_request(response)} is not valid text: {exc}",
                response,
                None,
            ) from None
    if cast_to is bytes:
        return response.content
    validate = _validator(cast_to)
    try:
        return validate(response.content)
    except ValueError as exc:  # pydantic_core.ValidationError is a ValueError
        errors_fn = getattr(exc, "errors", None)
        if not callable(errors_fn):
            raise
        errors: list[dict[str, Any]] = list(errors_fn(include_url=False, include_input=False))
        invalid_json = bool(errors) and errors[0].get("type") == "json_invalid"
        if not invalid_json and not strict:
            rebuilt = _lenient_parse(response, cast_to, deviations)
            if rebuilt is not _FAILED:
                return rebuilt
        where = _describe_request(response)
        if invalid_json:
            message = f"Response to {where} is not valid JSON: {errors[0].get('msg', '')}"
        else:
            type_name = getattr(cast_to, "__name__", None) or repr(cast_to)
            message = (
                f"Response to {where} does not match {type_name}: "
                f"{format_validation_errors(errors)}"
            )
        raise APIResponseValidationError(message, response, decode_body(response), errors) from None
    except RecursionError:
        raise APIResponseValidationError(
            f"Response to {_describe_request(response)} is nested too deeply to validate",
            response,
            None,
        ) from None


def _lenient_parse(response: httpx.Response, cast_to: Any, sink: list[Deviation] | None) -> Any:
    from ._lenient import build_lenient
    from ._logging import log_deviations

    try:
        from pydantic_core import from_json

        data = from_json(response.content)
        value, found = build_lenient(cast_to, data, _operation(response))
    except (ValueError, RecursionError):
        return _FAILED
    log_deviations(_operation(response), cast_to, found)
    if sink is not None:
        sink.extend(found)
    return value


class _Failed:
    pass


_FAILED: Any = _Failed()


# -- raw and streaming responses --------------------------------------------------------------

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
            f"{self.method} {self.url}>"
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
        if chunk_size is None:
            yield from self._chunks(response)
            return
        buffer = b""
        for piece in self._chunks(response):
            buffer += piece
            while len(buffer) >= chunk_size:
                yield buffer[:chunk_size]
                buffer = buffer[chunk_size:]
        if buffer:
            yield buffer

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
        buffer = b""
        async for piece in self._chunks(response):
            if chunk_size is None:
                yield piece
                continue
            buffer += piece
            while len(buffer) >= chunk_size:
                yield buffer[:chunk_size]
                buffer = buffer[chunk_size:]
        if buffer:
            yield buffer

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


def _call_in_mode(mode: ResponseMode, func: Callable[_P, Any], *args: Any, **kwargs: Any) -> Any:
    token = _RESPONSE_MODE.set(mode)
    try:
        return func(*args, **kwargs)
    finally:
        _RESPONSE_MODE.reset(token)


async def _acall_in_mode(
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
        return cast("APIResponse[_R]", _call_in_mode("raw", func, *args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[AsyncAPIResponse[_R]]]:
    """Async ``to_raw_response_wrapper`` (``func`` may return any awaitable, e.g. a paginator)."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_R]:
        response = await _acall_in_mode("raw", _awaited(func), *args, **kwargs)
        return cast("AsyncAPIResponse[_R]", response)

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[APIResponse[_R]]]:
    """``func`` as a context manager yielding an unread ``APIResponse``."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_R]]:
        def request() -> APIResponse[_R]:
            return cast("APIResponse[_R]", _call_in_mode("stream", func, *args, **kwargs))

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
            response = await _acall_in_mode("stream", _awaited(func), *args, **kwargs)
            return cast("AsyncAPIResponse[_R]", response)

        return AsyncResponseContextManager(request())

    return wrapped


def _awaited(func: Callable[..., Awaitable[_T]]) -> Callable[..., Awaitable[_T]]:
    """A coroutine function awaiting whatever ``func`` returns (coroutines and paginators)."""

    async def call(*args: Any, **kwargs: Any) -> _T:
        return await func(*args, **kwargs)

    return call


class _Unset:
    pass


_UNSET: Any = _Unset()
