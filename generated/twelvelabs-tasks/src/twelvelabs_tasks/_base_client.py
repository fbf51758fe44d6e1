"""The HTTP core: configuration, request building, retries, error mapping, parsing, pages.

The generated client classes subclass ``SyncAPIClient`` / ``AsyncAPIClient`` and add the
resources.

Retry policy (``max_retries=N`` means up to N retries after the first attempt):

- retried statuses: 408, 409, 429 and 5xx; a ``x-should-retry: true|false`` header overrides;
- retried failures: connection errors and timeouts;
- a request that may have reached the server (read timeout, dropped connection, 408/409/5xx) is
  replayed only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), or when the client was
  built with ``retry_non_idempotent=True``, or the call passed ``idempotent=True``, or it carries an
  ``Idempotency-Key`` header. 429, and 503 with ``Retry-After``, are retried for every method, and
  so are failures before the request was sent (connect errors, connect and pool timeouts);
- the wait is ``Retry-After`` / ``retry-after-ms`` when the server sends one (capped at
  ``MAX_RETRY_AFTER``), else exponential backoff ``INITIAL_RETRY_DELAY * 2**n`` capped at
  ``MAX_RETRY_DELAY``, minus up to 25 % jitter.
"""

from __future__ import annotations

import json as _json
import logging
import os
import random
import time
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, overload

import httpx

from ._constants import (
    AUTH_HEADER,
    AUTH_PREFIX,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_KEEPALIVE_CONNECTIONS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_BASE_URL,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    USER_AGENT,
)
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MissingAPIKeyError,
    status_error_class,
)
from ._logging import logger, setup_logging
from ._response import RawResponse, decode_body, parse_response
from ._types import NOT_GIVEN, NotGiven, Omit, RequestOptions

if TYPE_CHECKING:
    from typing import Self

    from ._pagination import AsyncPage, AsyncPaginator, SyncPage

__all__ = ["AsyncAPIClient", "SyncAPIClient"]

_T = TypeVar("_T")
_ItemT = TypeVar("_ItemT")
_SyncPageT = TypeVar("_SyncPageT", bound="SyncPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="AsyncPage[Any]")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_REDACTED = "<redacted>"


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


def _jsonable(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {
            str(k): _jsonable(v) for k, v in value.items() if not isinstance(v, (NotGiven, Omit))
        }
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):  # pydantic model: wire names, only the fields that were set
        return dump(mode="json", by_alias=True, exclude_unset=True)
    enum_value = getattr(value, "value", None)
    if enum_value is not None:
        return _jsonable(enum_value)
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return value


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            return max(float(raw_ms) / 1000.0, 0.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _error_summary(body: object) -> str:
    if isinstance(body, dict):
        for key in ("message", "error", "detail", "msg", "title"):
            value = body.get(key)
            if isinstance(value, str) and value:
                code = body.get("code")
                return f"{value} (code {code})" if isinstance(code, (str, int)) else value
        text = _json.dumps(body, ensure_ascii=False, separators=(", ", ": "))
    elif body is None:
        return "(empty body)"
    else:
        text = " ".join(str(body).split())
    return text if len(text) <= 300 else text[:297] + "..."


class _SecretHeaders(httpx.Headers):
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


_HIDE_AUTH_HEADER = AUTH_HEADER.lower() not in ("authorization", "proxy-authorization")


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


class _BaseClient:
    """Configuration and the parts of a call that do no I/O, shared by sync and async clients."""

    # Retry timing; class attributes so a subclass (or a test) can tune them.
    initial_retry_delay: ClassVar[float] = INITIAL_RETRY_DELAY
    max_retry_delay: ClassVar[float] = MAX_RETRY_DELAY
    max_retry_after: ClassVar[float] = MAX_RETRY_AFTER

    api_key: str
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    retry_non_idempotent: bool
    _client: httpx.Client | httpx.AsyncClient
    _owns_client: bool
    _custom_headers: dict[str, str]
    _headers: dict[str, str]

    def _configure(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: float | httpx.Timeout | NotGiven | None,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        retry_non_idempotent: bool,
        fallback_timeout: httpx.Timeout | None,
    ) -> None:
        if api_key is None:
            api_key = os.environ.get(ENV_API_KEY) or None
        if not api_key:
            raise MissingAPIKeyError(ENV_API_KEY)
        if base_url is None:
            base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
            raise ValueError(f"max_retries must be a non-negative int, got {max_retries!r}")
        self.api_key = api_key
        self.base_url = str(base_url).rstrip("/")
        if isinstance(timeout, NotGiven) and fallback_timeout is not None:
            self.timeout = fallback_timeout
        else:
            self.timeout = self._coerce_timeout(
                timeout, httpx.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
            )
        self.max_retries = max_retries
        self.retry_non_idempotent = retry_non_idempotent
        self._custom_headers = dict(default_headers or {})
        self._headers = self._build_headers()
        setup_logging()

    # -- configuration ---------------------------------------------------------------------

    @staticmethod
    def _coerce_timeout(
        value: float | httpx.Timeout | NotGiven | None, default: httpx.Timeout
    ) -> httpx.Timeout:
        if isinstance(value, NotGiven):
            return default
        if isinstance(value, httpx.Timeout):
            return value
        if value is None:
            return httpx.Timeout(None)
        seconds = float(value)
        return httpx.Timeout(seconds, connect=min(seconds, DEFAULT_CONNECT_TIMEOUT))

    @property
    def auth_headers(self) -> dict[str, str]:
        value = f"{AUTH_PREFIX} {self.api_key}" if AUTH_PREFIX else self.api_key
        return {AUTH_HEADER: value}

    def _build_headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        headers.update(self.auth_headers)
        headers.update(self._custom_headers)
        return headers

    def _redact(self, text: str) -> str:
        key = self.api_key
        if key and len(key) >= 6 and key in text:
            text = text.replace(key, _REDACTED)
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={_REDACTED!r})"

    def _copy_state(self, **changes: Any) -> Self:
        """A shallow copy sharing the connection pool; cached resources are not carried over."""
        cls = type(self)
        new = object.__new__(cls)
        for name, value in self.__dict__.items():
            if isinstance(getattr(cls, name, None), cached_property):
                continue
            new.__dict__[name] = value
        new._owns_client = False
        api_key = changes.get("api_key")
        if api_key is not None:
            new.api_key = api_key
        base_url = changes.get("base_url")
        if base_url is not None:
            new.base_url = str(base_url).rstrip("/")
        timeout = changes.get("timeout", NOT_GIVEN)
        if not isinstance(timeout, NotGiven):
            new.timeout = self._coerce_timeout(timeout, self.timeout)
        max_retries = changes.get("max_retries", NOT_GIVEN)
        if not isinstance(max_retries, NotGiven):
            if not isinstance(max_retries, int) or max_retries < 0:
                raise ValueError(f"max_retries must be a non-negative int, got {max_retries!r}")
            new.max_retries = max_retries
        retry_non_idempotent = changes.get("retry_non_idempotent", NOT_GIVEN)
        if not isinstance(retry_non_idempotent, NotGiven):
            new.retry_non_idempotent = bool(retry_non_idempotent)
        default_headers = changes.get("default_headers")
        if default_headers is not None:
            new._custom_headers = {**self._custom_headers, **default_headers}
        new._headers = new._build_headers()
        return new

    # -- one call, no I/O ------------------------------------------------------------------

    def _build_request(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions,
    ) -> httpx.Request:
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        headers = self._headers
        extra_headers = options.get("extra_headers")
        if extra_headers:
            headers = dict(headers)
            for name, value in extra_headers.items():
                if isinstance(value, Omit):
                    for existing in [h for h in headers if h.lower() == name.lower()]:
                        del headers[existing]
                else:
                    headers[name] = value
        query = encode_query(params, options.get("extra_query"))
        extra_body = options.get("extra_body")
        content: bytes | None = None
        if json is not None or extra_body:
            body = _jsonable(json)
            if extra_body:
                extra = _jsonable(extra_body)
                if isinstance(extra, dict):
                    body = {**(body if isinstance(body, dict) else {}), **extra}
            content = _json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if headers is self._headers:
                headers = dict(headers)
            headers["Content-Type"] = "application/json"
        timeout = self._coerce_timeout(options.get("timeout", NOT_GIVEN), self.timeout)
        request = self._client.build_request(
            method,
            url,
            params=query or None,
            headers=headers,
            content=content,
            timeout=timeout,
        )
        if _HIDE_AUTH_HEADER:
            request.headers = _SecretHeaders(request.headers)
        return request

    def _is_idempotent(self, request: httpx.Request, options: RequestOptions) -> bool:
        if request.method in IDEMPOTENT_METHODS or self.retry_non_idempotent:
            return True
        if options.get("idempotent"):
            return True
        return "idempotency-key" in request.headers

    def _should_retry_status(self, response: httpx.Response, idempotent: bool) -> bool:
        override = response.headers.get("x-should-retry")
        if override == "true":
            return True
        if override == "false":
            return False
        status = response.status_code
        if status == 429:
            return True
        headers = response.headers
        if status == 503 and ("retry-after" in headers or "retry-after-ms" in headers):
            return True
        return idempotent and (status in (408, 409) or status >= 500)

    def _retry_delay(self, retries_taken: int, response: httpx.Response | None) -> float:
        if response is not None:
            retry_after = parse_retry_after(response.headers)
            if retry_after is not None:
                return min(retry_after, self.max_retry_after)
        delay = min(self.initial_retry_delay * (2.0**retries_taken), self.max_retry_delay)
        return delay * (1.0 - 0.25 * random.random())

    def _redirect_request(
        self, request: httpx.Request, response: httpx.Response
    ) -> httpx.Request | None:
        """Follow a redirect by hand so the API key never goes to another origin."""
        location = response.headers.get("location")
        if response.status_code not in _REDIRECT_STATUSES or not location:
            return None
        url = request.url.join(location)
        method = request.method
        content: bytes | None = request.content or None
        if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
            method = "GET" if method != "HEAD" else method
            content = None
        headers = httpx.Headers(request.headers)
        if content is None:
            for name in ("content-length", "content-type", "transfer-encoding"):
                headers.pop(name, None)
        if not _same_origin(url, request.url):
            headers.pop(AUTH_HEADER, None)
            headers.pop("authorization", None)
        headers.pop("host", None)
        return httpx.Request(
            method,
            url,
            headers=_SecretHeaders(headers),
            content=content,
            extensions=request.extensions,
        )

    def _status_error(self, response: httpx.Response) -> APIStatusError:
        body = decode_body(response)
        request = response.request
        reason = response.reason_phrase or ""
        message = (
            f"Error code: {response.status_code}{f' {reason}' if reason else ''} "
            f"from {request.method} {request.url.path} - {_error_summary(body)}"
        )
        return status_error_class(response.status_code)(self._redact(message), response, body)

    def _transport_error(
        self, exc: httpx.TransportError, request: httpx.Request, attempts: int
    ) -> APIConnectionError:
        where = f"{request.method} {request.url.path}"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        if isinstance(exc, httpx.TimeoutException):
            kind = type(exc).__name__.replace("Timeout", " timeout").strip().lower()
            return APITimeoutError(
                request, self._redact(f"Request timed out ({kind}) on {where}{tries}.")
            )
        detail = str(exc) or type(exc).__name__
        return APIConnectionError(
            self._redact(f"Connection error on {where}{tries}: {type(exc).__name__}: {detail}"),
            request,
        )

    def _may_retry_transport(
        self, exc: httpx.TransportError, idempotent: bool, retries_taken: int, max_retries: int
    ) -> bool:
        if retries_taken >= max_retries:
            return False
        never_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
        return idempotent or never_sent

    def _log_response(self, response: httpx.Response, started: float, retries_taken: int) -> None:
        if logger.isEnabledFor(logging.INFO):
            request = response.request
            logger.info(
                "%s %s -> %s in %.1f ms%s",
                request.method,
                self._redact(str(request.url)),
                response.status_code,
                (time.monotonic() - started) * 1000.0,
                f" (retry {retries_taken})" if retries_taken else "",
            )

    def _log_retry(
        self, request: httpx.Request, reason: str, delay: float, retries_taken: int
    ) -> None:
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s: %s; retry %d in %.2f s",
                request.method,
                self._redact(str(request.url)),
                self._redact(reason),
                retries_taken + 1,
                delay,
            )

    @staticmethod
    def _bind_page(page_cls: Any, item_model: Any) -> Any:
        if item_model is not None and not page_cls.__pydantic_generic_metadata__["args"]:
            return page_cls[item_model]
        return page_cls


class SyncAPIClient(_BaseClient):
    """Base of the generated synchronous client."""

    _client: httpx.Client

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        retry_non_idempotent: bool = False,
    ) -> None:
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
            fallback_timeout=http_client.timeout if http_client is not None else None,
        )
        if http_client is None:
            self._client = httpx.Client(
                timeout=self.timeout,
                limits=httpx.Limits(
                    max_connections=DEFAULT_MAX_CONNECTIONS,
                    max_keepalive_connections=DEFAULT_MAX_KEEPALIVE_CONNECTIONS,
                ),
                follow_redirects=False,
            )
            self._owns_client = True
        else:
            self._client = http_client
            self._owns_client = False

    # -- lifecycle -------------------------------------------------------------------------

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        retry_non_idempotent: bool | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed, sharing this client's connection pool."""
        return self._copy_state(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
        )

    copy = with_options

    def close(self) -> None:
        """Close the connection pool (a no-op for copies and for a caller's ``http_client``)."""
        if self._owns_client:
            self._client.close()

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions | None,
    ) -> tuple[httpx.Response, int]:
        opts: RequestOptions = options or {}
        request = self._build_request(method, path, params, json, opts)
        max_retries = opts.get("max_retries", self.max_retries)
        idempotent = self._is_idempotent(request, opts)
        retries_taken = 0
        redirects = 0
        while True:
            started = time.monotonic()
            try:
                response = self._client.send(request)
            except httpx.TransportError as exc:
                if self._may_retry_transport(exc, idempotent, retries_taken, max_retries):
                    delay = self._retry_delay(retries_taken, None)
                    self._log_retry(request, f"{type(exc).__name__}: {exc}", delay, retries_taken)
                    time.sleep(delay)
                    retries_taken += 1
                    continue
                raise self._transport_error(exc, request, retries_taken + 1) from exc
            self._log_response(response, started, retries_taken)
            if response.is_success:
                return response, retries_taken
            if response.is_redirect and redirects < _MAX_REDIRECTS:
                follow = self._redirect_request(request, response)
                if follow is not None:
                    response.close()
                    request = follow
                    redirects += 1
                    continue
            if retries_taken < max_retries and self._should_retry_status(response, idempotent):
                delay = self._retry_delay(retries_taken, response)
                self._log_retry(request, f"status {response.status_code}", delay, retries_taken)
                response.close()
                time.sleep(delay)
                retries_taken += 1
                continue
            raise self._status_error(response)

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> _T: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: None = None,
        options: RequestOptions | None = None,
    ) -> None: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any,
        options: RequestOptions | None = None,
    ) -> Any: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Send a request (with retries) and validate the JSON body as ``cast_to`` in one pass."""
        response, _ = self._send(method, path, params, json, options)
        return parse_response(response, cast_to)

    @overload
    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> RawResponse[_T]: ...

    @overload
    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> RawResponse[Any]: ...

    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> RawResponse[Any]:
        """Like ``request`` but returns the undecoded response; ``.parse()`` validates later."""
        response, retries_taken = self._send(method, path, params, json, options)
        return RawResponse(response, cast_to=cast_to, retries_taken=retries_taken)

    def get(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Escape hatch for endpoints the package does not cover."""
        return self.request("GET", path, params=params, cast_to=cast_to, options=options)

    def post(
        self,
        path: str,
        *,
        cast_to: Any = None,
        body: object | None = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return self.request(
            "POST", path, params=params, json=body, cast_to=cast_to, options=options
        )

    def delete(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return self.request("DELETE", path, params=params, cast_to=cast_to, options=options)

    # -- pages -----------------------------------------------------------------------------

    def _get_page(
        self,
        path: str,
        page_cls: type[_SyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> _SyncPageT:
        """GET one page and return it bound to this client so it can fetch the next ones."""
        cls = self._bind_page(page_cls, item_model)
        query = dict(params or {})
        response, _ = self._send("GET", path, query, None, options)
        page: _SyncPageT = parse_response(response, cls)
        page._set_context(self, path, query, options)
        return page

    def _get_page_raw(
        self,
        path: str,
        page_cls: type[_SyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> RawResponse[_SyncPageT]:
        """``with_raw_response`` for list methods: ``.parse()`` gives the bound page."""
        cls = self._bind_page(page_cls, item_model)
        query = dict(params or {})
        response, retries_taken = self._send("GET", path, query, None, options)

        def parser(http_response: httpx.Response) -> _SyncPageT:
            page: _SyncPageT = parse_response(http_response, cls)
            page._set_context(self, path, query, options)
            return page

        return RawResponse(response, cast_to=cls, retries_taken=retries_taken, parser=parser)


class AsyncAPIClient(_BaseClient):
    """Base of the generated asynchronous client."""

    _client: httpx.AsyncClient

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        retry_non_idempotent: bool = False,
    ) -> None:
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
            fallback_timeout=http_client.timeout if http_client is not None else None,
        )
        if http_client is None:
            self._client = httpx.AsyncClient(
                timeout=self.timeout,
                limits=httpx.Limits(
                    max_connections=DEFAULT_MAX_CONNECTIONS,
                    max_keepalive_connections=DEFAULT_MAX_KEEPALIVE_CONNECTIONS,
                ),
                follow_redirects=False,
            )
            self._owns_client = True
        else:
            self._client = http_client
            self._owns_client = False

    # -- lifecycle -------------------------------------------------------------------------

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        retry_non_idempotent: bool | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed, sharing this client's connection pool."""
        return self._copy_state(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
        )

    copy = with_options

    async def close(self) -> None:
        """Close the connection pool (a no-op for copies and for a caller's ``http_client``)."""
        if self._owns_client:
            await self._client.aclose()

    aclose = close

    @property
    def is_closed(self) -> bool:
        return self._client.is_closed

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- requests --------------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions | None,
    ) -> tuple[httpx.Response, int]:
        import asyncio

        opts: RequestOptions = options or {}
        request = self._build_request(method, path, params, json, opts)
        max_retries = opts.get("max_retries", self.max_retries)
        idempotent = self._is_idempotent(request, opts)
        retries_taken = 0
        redirects = 0
        while True:
            started = time.monotonic()
            try:
                response = await self._client.send(request)
            except httpx.TransportError as exc:
                if self._may_retry_transport(exc, idempotent, retries_taken, max_retries):
                    delay = self._retry_delay(retries_taken, None)
                    self._log_retry(request, f"{type(exc).__name__}: {exc}", delay, retries_taken)
                    await asyncio.sleep(delay)
                    retries_taken += 1
                    continue
                raise self._transport_error(exc, request, retries_taken + 1) from exc
            self._log_response(response, started, retries_taken)
            if response.is_success:
                return response, retries_taken
            if response.is_redirect and redirects < _MAX_REDIRECTS:
                follow = self._redirect_request(request, response)
                if follow is not None:
                    await response.aclose()
                    request = follow
                    redirects += 1
                    continue
            if retries_taken < max_retries and self._should_retry_status(response, idempotent):
                delay = self._retry_delay(retries_taken, response)
                self._log_retry(request, f"status {response.status_code}", delay, retries_taken)
                await response.aclose()
                await asyncio.sleep(delay)
                retries_taken += 1
                continue
            raise self._status_error(response)

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> _T: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: None = None,
        options: RequestOptions | None = None,
    ) -> None: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any,
        options: RequestOptions | None = None,
    ) -> Any: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Send a request (with retries) and validate the JSON body as ``cast_to`` in one pass."""
        response, _ = await self._send(method, path, params, json, options)
        return parse_response(response, cast_to)

    @overload
    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: type[_T],
        options: RequestOptions | None = None,
    ) -> RawResponse[_T]: ...

    @overload
    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> RawResponse[Any]: ...

    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> RawResponse[Any]:
        """Like ``request`` but returns the undecoded response; ``.parse()`` validates later."""
        response, retries_taken = await self._send(method, path, params, json, options)
        return RawResponse(response, cast_to=cast_to, retries_taken=retries_taken)

    async def get(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Escape hatch for endpoints the package does not cover."""
        return await self.request("GET", path, params=params, cast_to=cast_to, options=options)

    async def post(
        self,
        path: str,
        *,
        cast_to: Any = None,
        body: object | None = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return await self.request(
            "POST", path, params=params, json=body, cast_to=cast_to, options=options
        )

    async def delete(
        self,
        path: str,
        *,
        cast_to: Any = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        return await self.request("DELETE", path, params=params, cast_to=cast_to, options=options)

    # -- pages -----------------------------------------------------------------------------

    def _get_page(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        item_model: type[_ItemT],
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[_ItemT, _AsyncPageT]:
        """Not a coroutine: ``await`` the result for the first page, or ``async for`` the items."""
        from ._pagination import AsyncPaginator

        return AsyncPaginator(self, path, self._bind_page(page_cls, item_model), params, options)

    async def _fetch_page(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> _AsyncPageT:
        query = dict(params or {})
        response, _ = await self._send("GET", path, query, None, options)
        page: _AsyncPageT = parse_response(response, page_cls)
        page._set_context(self, path, query, options)
        return page

    async def _get_page_raw(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> RawResponse[_AsyncPageT]:
        """``with_raw_response`` for list methods: ``.parse()`` gives the bound page."""
        cls = self._bind_page(page_cls, item_model)
        query = dict(params or {})
        response, retries_taken = await self._send("GET", path, query, None, options)

        def parser(http_response: httpx.Response) -> _AsyncPageT:
            page: _AsyncPageT = parse_response(http_response, cls)
            page._set_context(self, path, query, options)
            return page

        return RawResponse(response, cast_to=cls, retries_taken=retries_taken, parser=parser)
