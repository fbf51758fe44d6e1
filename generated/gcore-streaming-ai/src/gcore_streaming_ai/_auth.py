"""How the API key is sent, and every place it must not show: the auth header or query
parameter of a request, the forms of the key the log filter and the exceptions redact, request
and header reprs that hide it, and what a redirect to another origin drops.

The kind comes from sdk.yaml (``client.auth``, or the spec's securitySchemes): ``header`` (a
header, with an optional prefix word), ``bearer`` (``Authorization: Bearer <key>``), ``basic``
(``Authorization: Basic <base64 of the key>``, the key being ``user:password``) or ``query``
(a query parameter on every request).
"""

from __future__ import annotations

import base64

import httpx

from ._constants import AUTH_HEADER, AUTH_KIND, AUTH_PREFIX, AUTH_QUERY
from ._exceptions import InvalidAPIKeyError
from ._logging import redact

__all__ = [
    "HIDE_AUTH_HEADER",
    "SecretHeaders",
    "SecretRequest",
    "auth_headers",
    "auth_query",
    "carry_auth",
    "check_key",
    "clean_api_key",
    "key_forms",
]

#: The header that carries the key ("" for the ``query`` kind).
_HEADER = (
    "" if AUTH_KIND == "query" else ("Authorization" if AUTH_KIND != "header" else AUTH_HEADER)
)
_PREFIX = {"bearer": "Bearer", "basic": "Basic"}.get(AUTH_KIND, AUTH_PREFIX)
#: Header names whose values a repr shows as ``[secure]``.
_SECRET_HEADERS = frozenset(
    n for n in (_HEADER.lower(), "authorization", "proxy-authorization") if n
)


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


def check_key(key: str) -> str:
    """``key`` cleaned and usable for this package's auth kind (basic: ``user:password``)."""
    key = clean_api_key(key)
    if AUTH_KIND == "basic" and key and ":" not in key:
        raise InvalidAPIKeyError(
            "no ':' between user and password (basic auth wants 'user:password')"
        )
    return key


def _header_value(key: str) -> str:
    if AUTH_KIND == "basic":
        key = base64.b64encode(key.encode("ascii")).decode("ascii")
    return f"{_PREFIX} {key}" if _PREFIX else key


def auth_headers(key: str) -> dict[str, str]:
    """The header(s) that carry ``key`` (none for the ``query`` kind)."""
    return {_HEADER: _header_value(key)} if _HEADER else {}


def auth_query(key: str) -> dict[str, str]:
    """The query parameter that carries ``key`` (none unless the kind is ``query``)."""
    return {AUTH_QUERY: key} if AUTH_KIND == "query" else {}


def key_forms(key: str) -> list[str]:
    """What to redact besides the key itself (whose escaped, percent-encoded and base64 forms
    ``_logging`` adds): the header value and a basic key's password alone."""
    forms = [*auth_headers(key).values()]
    if AUTH_KIND == "basic":
        forms.append(key.split(":", 1)[1])
    return forms


class SecretHeaders(httpx.Headers):
    """Request headers whose repr hides the auth header (httpx hides only ``Authorization``)."""

    def __repr__(self) -> str:
        items = [
            (key, "[secure]" if key.lower() in _SECRET_HEADERS else value)
            for key, value in self.multi_items()
        ]
        as_dict = dict(items)
        shown: object = as_dict if len(as_dict) == len(items) else items
        return f"Headers({shown!r})"


#: Whether requests need ``SecretHeaders`` (httpx's own repr already hides these two).
HIDE_AUTH_HEADER = bool(_HEADER) and _HEADER.lower() not in ("authorization", "proxy-authorization")


class SecretRequest(httpx.Request):
    """A request whose repr shows its URL without the key (a ``query`` key is in the URL)."""

    def __repr__(self) -> str:
        return redact(super().__repr__())


def hide(request: httpx.Request) -> httpx.Request:
    """``request`` with reprs that hide the key (same object, so httpx's state is kept)."""
    request.__class__ = SecretRequest
    if HIDE_AUTH_HEADER:
        request.headers = SecretHeaders(request.headers)
    return request


def carry_auth(origin: httpx.URL, url: httpx.URL, headers: httpx.Headers) -> httpx.URL:
    """Where a redirect from ``origin`` to ``url`` goes, and its ``headers``: the key goes along
    to the same origin (a ``query`` key is copied over) and never to another one."""
    same = (origin.scheme, origin.host, origin.port) == (url.scheme, url.host, url.port)
    if not same:
        for name in _SECRET_HEADERS:
            headers.pop(name, None)
    if AUTH_KIND != "query":
        return url
    key = origin.params.get(AUTH_QUERY)
    if same and key is not None:
        return url.copy_set_param(AUTH_QUERY, key)
    return url.copy_remove_param(AUTH_QUERY)
