"""Request building without I/O: query and JSON encoding, the key, headers that hide it, and
the request a redirect leads to (never carrying the key to another origin)."""

from __future__ import annotations

import json as _json
from collections.abc import Mapping

import httpx

from ._constants import AUTH_HEADER
from ._exceptions import InvalidAPIKeyError
from ._types import NotGiven, Omit

__all__ = [
    "SecretHeaders",
    "clean_api_key",
    "encode_json",
    "encode_query",
    "merge_headers",
    "redirect_request",
    "same_origin",
]

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


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


def clean_api_key(value: str) -> str:
    """The key without surrounding whitespace (a key file's newline); refuse anything that is not
    printable ASCII, which no HTTP header can carry and which would only leak into errors."""
    key = value.strip()
    for position, char in enumerate(key):
        code = ord(char)
        if code < 0x20 or code == 0x7F:
            raise InvalidAPIKeyError(f"a control character at position {position}")
        if code > 0x7E:
            raise InvalidAPIKeyError(f"a non-ASCII character at position {position}")
    return key


class SecretHeaders(httpx.Headers):
    """Request headers whose repr hides the auth header (httpx hides only ``Authorization``)."""

    def __repr__(self) -> str:
        secret = AUTH_HEADER.lower()
        items = [
            (key, "[secure]" if key.lower() in (secret, "authorization") else value)
            for key, value in self.multi_items()
        ]
        as_dict = dict(items)
        shown: object = as_dict if len(as_dict) == len(items) else items
        return f"Headers({shown!r})"


#: Whether requests need ``SecretHeaders`` (httpx's own repr already hides these two).
HIDE_AUTH_HEADER = AUTH_HEADER.lower() not in ("authorization", "proxy-authorization")


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


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
    content: bytes | None = request.content or None
    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
        method = "GET" if method != "HEAD" else method
        content = None
    headers = httpx.Headers(request.headers)
    if content is None:
        for name in ("content-length", "content-type", "transfer-encoding"):
            headers.pop(name, None)
    if not same_origin(url, request.url):
        headers.pop(AUTH_HEADER, None)
        headers.pop("authorization", None)
    headers.pop("host", None)
    return httpx.Request(
        method,
        url,
        headers=SecretHeaders(headers),
        content=content,
        extensions=request.extensions,
    )
