"""Bounded I/O: a whole-attempt deadline, a decoded-size limit, and the default HTTP clients.

httpx's timeouts apply to each socket read, so a server trickling one byte per second never
trips them. Every attempt therefore gets a deadline (``time.monotonic()`` seconds):

- sync, client-owned transport (``DefaultHttpxClient``): the httpcore network backend is wrapped
  so each socket connect/read/write waits at most ``min(its timeout, time left)``; the deadline
  is read from a context variable that the client sets around each attempt and each body chunk;
- async: the client wraps each attempt in ``asyncio.timeout(time left)`` (any transport,
  aiohttp included);
- any transport: the body reader checks the deadline between chunks.

Bodies are read with ``iter_raw()`` and inflated here (only ``gzip``, ``deflate`` and
``identity`` are advertised) in bounded steps with ``zlib``, so a small gzip bomb never allocates
more than the limit plus one step.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from typing import Any

import httpx

from ._constants import DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_KEEPALIVE_CONNECTIONS, DIST_NAME

__all__ = [
    "ACCEPT_ENCODING",
    "BodyDecodeError",
    "BodyTooLargeError",
    "DeadlineExceeded",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "aiter_decoded",
    "aread_body",
    "call_deadline_cap",
    "capped_call_deadline",
    "deadline_scope",
    "iter_decoded",
    "read_body",
]

#: The only content codings we decode ourselves (and so the only ones we advertise).
ACCEPT_ENCODING = "gzip, deflate"
_STEP = 256 * 1024  # the most a single inflate step may produce

# The deadline of the attempt running in this context (sync transports read it per socket call).
_DEADLINE: ContextVar[float | None] = ContextVar("specpress_attempt_deadline", default=None)
# A cap on the deadline of every call made in this context (waiters bound each poll with it).
_CALL_CAP: ContextVar[float | None] = ContextVar("specpress_call_deadline_cap", default=None)


class BodyTooLargeError(Exception):
    """Internal: the decoded body passed the size limit (the client maps it to a typed error)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"decoded body larger than {limit} bytes")
        self.limit = limit


class BodyDecodeError(Exception):
    """Internal: the body cannot be decoded (bad gzip/deflate data, unsupported coding)."""


class DeadlineExceeded(httpx.ReadTimeout):
    """The attempt's deadline passed between two body chunks (a ``ReadTimeout`` for httpx)."""

    def __init__(self) -> None:
        super().__init__("call deadline exceeded")


class deadline_scope:
    """Set the attempt deadline for the sync network backend within a ``with`` block."""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: float | None) -> None:
        self._deadline = deadline
        self._token: Any = None

    def __enter__(self) -> None:
        self._token = _DEADLINE.set(self._deadline)

    def __exit__(self, *exc_info: object) -> None:
        _DEADLINE.reset(self._token)


def call_deadline_cap() -> float | None:
    """The latest time a call made now may finish at (``None``: no cap)."""
    return _CALL_CAP.get()


class capped_call_deadline:
    """Within the block, every call must finish by ``deadline`` (the earlier cap wins)."""

    __slots__ = ("_deadline", "_token")

    def __init__(self, deadline: float) -> None:
        current = _CALL_CAP.get()
        self._deadline = deadline if current is None else min(current, deadline)
        self._token: Any = None

    def __enter__(self) -> None:
        self._token = _CALL_CAP.set(self._deadline)

    def __exit__(self, *exc_info: object) -> None:
        _CALL_CAP.reset(self._token)


def check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlineExceeded()


# -- content decoding ------------------------------------------------------------------------


class _Inflater:
    """Bounded zlib inflation for one coding (``gzip`` or ``deflate``, zlib-wrapped or raw)."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding in ("gzip", "x-gzip")
        self._first = True
        self._obj = self._new()

    def _new(self) -> Any:
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        """Inflate ``data`` in steps of at most ``_STEP`` bytes; stop past ``room`` bytes."""
        produced = 0
        while data:
            try:
                piece = self._obj.decompress(data, max(1, min(_STEP, room - produced + 1)))
            except zlib.error as exc:
                if self._first and not self._gzip:  # "deflate" sent as raw deflate
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise BodyDecodeError(f"invalid {self.name} data: {exc}") from None
            self._first = False
            produced += len(piece)
            if piece:
                yield piece
            if produced > room:
                return
            if self._obj.eof:
                rest = self._obj.unused_data
                if not rest.strip(b"\x00"):
                    return
                self._obj = self._new()  # a second gzip member
                data = rest
            else:
                data = self._obj.unconsumed_tail

    def finish(self) -> bytes:
        if not self._first and not self._obj.eof:
            raise BodyDecodeError(f"truncated {self.name} data")
        return self._obj.flush() if not self._obj.eof else b""

    @property
    def name(self) -> str:
        return "gzip" if self._gzip else "deflate"


class _Decoder:
    """All codings of one response, applied in reverse order of the header."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._steps: list[_Inflater] = []
        for coding in reversed(codings):
            if coding == "identity":
                continue
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise BodyDecodeError(f"unsupported Content-Encoding {coding!r}")
            self._steps.append(_Inflater(coding))
        self.limit = limit
        self.size = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        pieces = [chunk]
        for step in self._steps:
            room = self.limit - self.size
            pieces = [out for piece in pieces for out in step.feed(piece, room)]
        for piece in pieces:
            self.size += len(piece)
        if self.size > self.limit:
            raise BodyTooLargeError(self.limit)
        return pieces

    def finish(self) -> list[bytes]:
        pieces: list[bytes] = []
        for index, step in enumerate(self._steps):
            tail = step.finish()
            for later in self._steps[index + 1 :]:
                tail = b"".join(later.feed(tail, self.limit - self.size)) if tail else b""
            if tail:
                pieces.append(tail)
                self.size += len(tail)
        if self.size > self.limit:
            raise BodyTooLargeError(self.limit)
        return pieces


def _already_read(response: httpx.Response, limit: int) -> bytes | None:
    """The content of a response a custom transport built already read (httpx decoded it)."""
    if not response.is_stream_consumed:
        return None
    content = response.content
    if len(content) > limit:
        raise BodyTooLargeError(limit)
    return content


def iter_decoded(response: httpx.Response, limit: int, deadline: float | None) -> Iterator[bytes]:
    """The decoded body, chunk by chunk, never more than ``limit`` bytes and within ``deadline``."""
    done = _already_read(response, limit)
    if done is not None:
        if done:
            yield done
        return
    decoder = _Decoder(response.headers.get("content-encoding"), limit)
    raw = response.iter_raw()
    try:
        while True:
            check_deadline(deadline)
            with deadline_scope(deadline):
                chunk = next(raw, None)
            if chunk is None:
                break
            yield from decoder.feed(chunk)
        yield from decoder.finish()
    finally:
        response.close()


async def aiter_decoded(
    response: httpx.Response, limit: int, deadline: float | None
) -> AsyncIterator[bytes]:
    """Async ``iter_decoded``: each chunk is awaited under ``asyncio.timeout(time left)``."""
    import asyncio

    done = _already_read(response, limit)
    if done is not None:
        if done:
            yield done
        return
    decoder = _Decoder(response.headers.get("content-encoding"), limit)
    raw = response.aiter_raw()
    try:
        while True:
            check_deadline(deadline)
            left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            try:
                async with asyncio.timeout(left):
                    chunk = await anext(raw, None)
            except TimeoutError:
                raise DeadlineExceeded() from None
            if chunk is None:
                break
            for piece in decoder.feed(chunk):
                yield piece
        for piece in decoder.finish():
            yield piece
    finally:
        await response.aclose()


def _store(response: httpx.Response, pieces: list[bytes]) -> bytes:
    content = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    # httpx keeps a read body in ``_content``; ``.content``/``.text``/``.json()`` use it.
    response._content = content
    return content


def read_body(response: httpx.Response, limit: int, deadline: float | None) -> bytes:
    """Read and decode the whole body into ``response.content`` (bounded in size and time)."""
    return _store(response, list(iter_decoded(response, limit, deadline)))


async def aread_body(response: httpx.Response, limit: int, deadline: float | None) -> bytes:
    return _store(response, [piece async for piece in aiter_decoded(response, limit, deadline)])


# -- the sync network backend with a deadline -------------------------------------------------


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("call deadline exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """An httpcore network stream whose every read/write honours the attempt deadline."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        data: bytes = self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        import httpcore

        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend:
    """Wraps httpcore's sync network backend so connects and socket calls see the deadline."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> Any:
        import httpcore

        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> Any:
        import httpcore

        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _limits() -> httpx.Limits:
    return httpx.Limits(
        max_connections=DEFAULT_MAX_CONNECTIONS,
        max_keepalive_connections=DEFAULT_MAX_KEEPALIVE_CONNECTIONS,
    )


class DeadlineHTTPTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose connections honour the client's per-attempt deadline."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("limits", _limits())
        super().__init__(**kwargs)
        pool = getattr(self, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None and not isinstance(backend, _DeadlineBackend):
            pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]


class DefaultHttpxClient(httpx.Client):
    """The ``httpx.Client`` the client builds for itself: pool limits, deadline-aware transport.

    Pass one (with your own options) as ``http_client=`` to keep the whole-call deadline."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("limits", _limits())
        kwargs.setdefault("follow_redirects", False)
        if "transport" not in kwargs:
            transport_options = {
                k: kwargs[k]
                for k in ("verify", "cert", "trust_env", "http1", "http2", "limits")
                if k in kwargs
            }
            kwargs["transport"] = DeadlineHTTPTransport(**transport_options)
        super().__init__(**kwargs)


class DefaultAsyncHttpxClient(httpx.AsyncClient):
    """The ``httpx.AsyncClient`` the async client builds for itself (pool limits)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("limits", _limits())
        kwargs.setdefault("follow_redirects", False)
        super().__init__(**kwargs)


class DefaultAioHttpClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` over aiohttp (needs the package's ``aiohttp`` extra).

    ``AsyncClient(http_client=DefaultAioHttpClient())``; the deadline and size limits hold as
    with the default transport (they are enforced above the transport)."""

    def __init__(self, **kwargs: Any) -> None:
        import importlib

        try:  # imported by name: an optional dependency, absent unless the extra is installed
            transport_module = importlib.import_module("httpx_aiohttp")
        except ImportError as exc:
            raise RuntimeError(
                "DefaultAioHttpClient needs the optional aiohttp dependencies: install the "
                f"package with the `aiohttp` extra: pip install '{DIST_NAME}[aiohttp]'"
            ) from exc
        kwargs.setdefault("limits", _limits())
        kwargs.setdefault("follow_redirects", False)
        if "transport" not in kwargs:
            kwargs["transport"] = transport_module.AiohttpTransport(limits=kwargs["limits"])
        super().__init__(**kwargs)
