"""Request building without I/O: query and JSON encoding, headers, and the request a redirect
leads to (the key goes along only to the same origin: ``_auth.carry_auth``). Bodies that are not
JSON arrive already encoded (``EncodedBody``, built by ``_files``)."""

from __future__ import annotations

import json as _json
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ._auth import SecretHeaders, SecretRequest, carry_auth
from ._types import NotGiven, Omit

__all__ = [
    "EncodedBody",
    "encode_json",
    "encode_query",
    "merge_headers",
    "redirect_request",
]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Request extension marking a body that can be sent only once (a stream that cannot rewind).
ONE_SHOT = "specpress_one_shot_body"


@dataclass(frozen=True)
class EncodedBody:
    """A body that is not JSON, encoded already (by ``_files``: ``multipart_body``,
    ``form_body``, ``binary_body``): ``content`` bytes, or ``chunks``, a factory of a fresh
    iterator over the body for each send (files are read chunk by chunk, never held whole).

    ``length`` is the size when known (sent as ``Content-Length``; otherwise chunked).
    ``replayable`` is false when the body is a stream that cannot be rewound: such a request is
    neither retried nor redirected with its body, since a second send would be truncated.
    """

    content_type: str
    content: bytes | None = None
    chunks: Callable[[], Iterator[bytes]] | None = None
    length: int | None = None
    replayable: bool = True

    def stream(self, *, asynchronous: bool) -> bytes | Iterable[bytes] | AsyncIterable[bytes]:
        """What httpx sends: the bytes, or a re-iterable (async) view of ``chunks``."""
        if self.chunks is None:
            return self.content or b""
        return _AsyncChunks(self.chunks) if asynchronous else _Chunks(self.chunks)


class _Chunks:
    """A sync body httpx may iterate once per send (a new iterator each time)."""

    def __init__(self, factory: Callable[[], Iterator[bytes]]) -> None:
        self._factory = factory

    def __iter__(self) -> Iterator[bytes]:
        return self._factory()


class _AsyncChunks:
    """The async view of the same chunks (file reads stay blocking, as in httpx's multipart)."""

    def __init__(self, factory: Callable[[], Iterator[bytes]]) -> None:
        self._factory = factory

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._factory():
            yield chunk


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    enum_value = getattr(value, "value", None)
    if enum_value is not None and type(value).__module__ != "builtins":
        return _query_value(enum_value)
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return str(isoformat())
    return str(value)


def encode_query(
    params: Mapping[str, object] | None, extra: Mapping[str, object] | None = None
) -> list[tuple[str, str | int | float | bool | None]]:
    """Query pairs: ``None``/``NOT_GIVEN``/``omit`` dropped, lists as repeated keys.

    Booleans are sent lowercase (``true``/``false``), enums by value, dates in ISO 8601.
    """
    items: list[tuple[str, str | int | float | bool | None]] = []
    merged: dict[str, object] = {}
    if params:
        merged.update(params)
    if extra:
        merged.update(extra)
    for key, value in merged.items():
        if value is None or isinstance(value, (NotGiven, Omit)):
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            values = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            items.extend((key, _query_value(v)) for v in values if v is not None)
        else:
            items.append((key, _query_value(value)))
    return items


def jsonable(value: object) -> object:
    """``value`` as plain JSON data: models by wire name (set fields only), enums by value,
    dates in ISO 8601, ``NOT_GIVEN``/``omit`` entries of mappings dropped."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {
            str(k): jsonable(v) for k, v in value.items() if not isinstance(v, (NotGiven, Omit))
        }
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):  # pydantic model: wire names, only the fields that were set
        return dump(mode="json", by_alias=True, exclude_unset=True)
    enum_value = getattr(value, "value", None)
    if enum_value is not None:
        return jsonable(enum_value)
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return value


def encode_json(json: object | None, extra_body: Mapping[str, object] | None) -> bytes:
    """The JSON body (compact, UTF-8), ``extra_body`` merged into an object body."""
    body = jsonable(json)
    if extra_body:
        extra = jsonable(extra_body)
        if isinstance(extra, dict):
            body = {**(body if isinstance(body, dict) else {}), **extra}
    return _json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def merge_headers(
    headers: dict[str, str], extra: Mapping[str, str | Omit] | None
) -> dict[str, str]:
    """``headers`` with ``extra`` over them (``omit`` removes one, any case); a new dict only
    when something changes."""
    if not extra:
        return headers
    merged = dict(headers)
    for name, value in extra.items():
        if isinstance(value, Omit):
            for existing in [h for h in merged if h.lower() == name.lower()]:
                del merged[existing]
        else:
            merged[name] = value
    return merged


def redirect_request(request: httpx.Request, response: httpx.Response) -> httpx.Request | None:
    """The request a redirect asks for, or ``None`` when it cannot be followed; on another
    origin it carries no key."""
    location = response.headers.get("location")
    if response.status_code not in _REDIRECT_STATUSES or not location:
        return None
    try:
        url = request.url.join(location)
    except httpx.InvalidURL:
        return None
    method = request.method
    drop_body = response.status_code == 303 or (
        response.status_code in (301, 302) and method == "POST"
    )
    content: bytes | None = None
    stream: Any = None  # the sent stream, re-iterable (an httpx byte stream of EncodedBody chunks)
    if drop_body:
        method = "GET" if method != "HEAD" else method
    else:
        try:
            content = request.content or None
        except httpx.RequestNotRead:  # a streamed body (multipart with files, a file upload)
            if request.extensions.get(ONE_SHOT):
                return None  # already consumed: following would send it truncated
            stream = request.stream
    headers = httpx.Headers(request.headers)
    if content is None and stream is None:
        for name in ("content-length", "content-type", "transfer-encoding"):
            headers.pop(name, None)
    url = carry_auth(request.url, url, headers)
    headers.pop("host", None)
    return SecretRequest(
        method,
        url,
        headers=SecretHeaders(headers),
        content=content if stream is None else stream,
        extensions=request.extensions,
    )
