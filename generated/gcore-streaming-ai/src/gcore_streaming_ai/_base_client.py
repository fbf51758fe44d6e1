"""The HTTP core: configuration, request building, retries, deadlines, error mapping, parsing.

The generated client classes subclass ``SyncAPIClient`` / ``AsyncAPIClient`` and add the
resources.

Retry policy (``max_retries=N`` means up to N retries after the first attempt):

- retried statuses: 408, 409, 429 and 5xx; a ``x-should-retry: true|false`` header overrides;
  401 is never retried (a wrong key stays wrong);
- retried failures: connection errors and timeouts;
- a request that may have reached the server (read timeout, dropped connection, 408/409/5xx) is
  replayed only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), or when the client was
  built with ``retry_non_idempotent=True``, or the call passed ``idempotent=True``, or it carries an
  idempotency key header (sent automatically on non-GET requests when the API documents one).
  429, and 503 with ``Retry-After``, are retried for every method, and so are failures before the
  request was sent (connect errors, connect and pool timeouts);
- the wait is ``Retry-After`` / ``retry-after-ms`` when the server sends a usable one (capped at
  ``MAX_RETRY_AFTER``; NaN, negative or garbage values are ignored), else exponential backoff
  ``INITIAL_RETRY_DELAY * 2**n`` capped at ``MAX_RETRY_DELAY``, minus up to 25 % jitter.

Time and size bounds (see ``_transport``):

- each attempt must finish (connect, headers and the whole body) within the timeout: for a float
  ``timeout=T``, T seconds; for an ``httpx.Timeout``, its largest phase;
- the whole call (every attempt and every wait between them) must finish within the attempt
  budget times ``max_retries + 1``; a retry whose wait would pass that deadline is not made and
  the last error is raised at once (so ``Retry-After: 1e9`` never blocks);
- a decoded body larger than ``max_response_size`` (default 64 MiB) raises
  ``APIResponseTooLargeError`` (an error status with such a body keeps its status error, without
  the body).
"""

from __future__ import annotations

import json as _json
import logging
import math
import os
import random
import time
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, overload

import httpx

from ._constants import (
    AUTH_HEADER,
    AUTH_PREFIX,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_STRICT_RESPONSE_VALIDATION,
    ERROR_BODY_LIMIT,
    IDEMPOTENCY_HEADER,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    USER_AGENT,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseDecodeError,
    APIResponseTooLargeError,
    APIStatusError,
    APITimeoutError,
    InvalidAPIKeyError,
    MissingAPIKeyError,
    status_error_class,
)
from ._logging import REDACTED, logger, redact, register_secret, setup_logging
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    decode_body,
    parse_response,
    take_response_mode,
)
from ._transport import (
    ACCEPT_ENCODING,
    BodyDecodeError,
    BodyTooLargeError,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
    aiter_decoded,
    aread_body,
    call_deadline_cap,
    deadline_scope,
    iter_decoded,
    read_body,
)
from ._types import NOT_GIVEN, NotGiven, Omit, RequestOptions

if TYPE_CHECKING:
    from typing import Self

    from ._lenient import Deviation
    from ._pagination import AsyncPage, AsyncPaginator, SyncPage

__all__ = ["AsyncAPIClient", "SyncAPIClient"]

_T = TypeVar("_T")
_ItemT = TypeVar("_ItemT")
_SyncPageT = TypeVar("_SyncPageT", bound="SyncPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="AsyncPage[Any]")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


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


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if math.isnan(value) or value < 0:
        return None  # garbage: fall back to our own backoff
    return value  # may be inf: longer than any budget, so the call gives up at once


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date).

    ``None`` when absent or unusable (NaN, negative, garbage); ``inf`` for an infinite value.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        ms = _seconds(raw_ms)
        if ms is not None:
            return ms / 1000.0
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _seconds(raw)
    if seconds is not None:
        return seconds
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(raw)
        return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


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


def _env_flag(name: str) -> bool:
    if not name:
        return False
    value = os.environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}")


def _positive_int(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def attempt_seconds(timeout: httpx.Timeout) -> float | None:
    """The budget of one attempt: the largest phase of the timeout (``None``: unbounded)."""
    phases = [
        t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None
    ]
    return max(phases) if phases else None


class _Budget:
    """The deadlines of one call: each attempt, and the whole call across retries."""

    __slots__ = ("attempt", "call")

    def __init__(self, timeout: httpx.Timeout, max_retries: int) -> None:
        self.attempt = attempt_seconds(timeout)
        now = time.monotonic()
        call = None if self.attempt is None else now + self.attempt * (max_retries + 1)
        cap = call_deadline_cap()
        self.call = cap if call is None else (call if cap is None else min(call, cap))

    def attempt_deadline(self) -> float | None:
        if self.attempt is None:
            return self.call
        deadline = time.monotonic() + self.attempt
        return deadline if self.call is None else min(deadline, self.call)

    def allows_wait(self, delay: float) -> bool:
        return self.call is None or time.monotonic() + delay < self.call


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
    strict_response_validation: bool
    max_response_size: int
    max_pages: int
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
        strict_response_validation: bool | None,
        max_response_size: int,
        max_pages: int,
    ) -> None:
        if api_key is None:
            api_key = os.environ.get(ENV_API_KEY) or None
        api_key = clean_api_key(api_key) if api_key else api_key
        if not api_key:
            raise MissingAPIKeyError(ENV_API_KEY)
        if base_url is None:
            base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
            raise ValueError(f"max_retries must be a non-negative int, got {max_retries!r}")
        self._set_key(api_key)
        self.base_url = str(base_url).rstrip("/")
        if isinstance(timeout, NotGiven) and fallback_timeout is not None:
            self.timeout = fallback_timeout
        else:
            self.timeout = self._coerce_timeout(
                timeout, httpx.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
            )
        self.max_retries = max_retries
        self.retry_non_idempotent = retry_non_idempotent
        if strict_response_validation is None:
            strict_response_validation = _env_flag(ENV_STRICT_RESPONSE_VALIDATION)
        self.strict_response_validation = bool(strict_response_validation)
        self.max_response_size = _positive_int("max_response_size", max_response_size)
        self.max_pages = _positive_int("max_pages", max_pages)
        self._custom_headers = dict(default_headers or {})
        self._headers = self._build_headers()
        setup_logging()

    def _set_key(self, api_key: str) -> None:
        self.api_key = api_key
        register_secret(api_key, *self.auth_headers.values())

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
        if not math.isfinite(seconds) or seconds <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {value!r}")
        return httpx.Timeout(seconds, connect=min(seconds, DEFAULT_CONNECT_TIMEOUT))

    @property
    def auth_headers(self) -> dict[str, str]:
        value = f"{AUTH_PREFIX} {self.api_key}" if AUTH_PREFIX else self.api_key
        return {AUTH_HEADER: value}

    def _build_headers(self) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": USER_AGENT,
        }
        headers.update(self.auth_headers)
        headers.update(self._custom_headers)
        return headers

    @staticmethod
    def _redact(text: str) -> str:
        return redact(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={REDACTED!r})"

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
            cleaned = clean_api_key(api_key)
            if not cleaned:
                raise MissingAPIKeyError(ENV_API_KEY)
            new._set_key(cleaned)
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
        for flag in ("retry_non_idempotent", "strict_response_validation"):
            value = changes.get(flag, NOT_GIVEN)
            if not isinstance(value, NotGiven):
                setattr(new, flag, bool(value))
        for limit in ("max_response_size", "max_pages"):
            value = changes.get(limit, NOT_GIVEN)
            if not isinstance(value, NotGiven):
                setattr(new, limit, _positive_int(limit, value))
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
        if IDEMPOTENCY_HEADER and method not in ("GET", "HEAD", "OPTIONS"):
            wanted = IDEMPOTENCY_HEADER.lower()
            if not any(name.lower() == wanted for name in headers):
                import uuid

                # One fresh key per call, reused by every retry of it (the request is built once).
                headers = {**headers, IDEMPOTENCY_HEADER: str(uuid.uuid4())}
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

    def _budget(self, request: httpx.Request, max_retries: int) -> _Budget:
        timeout = request.extensions.get("timeout") or {}
        return _Budget(httpx.Timeout(**timeout) if timeout else self.timeout, max_retries)

    def _is_idempotent(self, request: httpx.Request, options: RequestOptions) -> bool:
        if request.method in IDEMPOTENT_METHODS or self.retry_non_idempotent:
            return True
        if options.get("idempotent"):
            return True
        if IDEMPOTENCY_HEADER and IDEMPOTENCY_HEADER in request.headers:
            return True
        return "idempotency-key" in request.headers

    def _size_limit(self, options: RequestOptions | None) -> int:
        if options and "max_response_size" in options:
            return _positive_int("max_response_size", options["max_response_size"])
        return self.max_response_size

    def _should_retry_status(self, response: httpx.Response, idempotent: bool) -> bool:
        status = response.status_code
        if status == 401:
            return False
        override = response.headers.get("x-should-retry")
        if override == "true":
            return True
        if override == "false":
            return False
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

    def _next_step(
        self,
        request: httpx.Request,
        response: httpx.Response,
        *,
        idempotent: bool,
        retries_taken: int,
        max_retries: int,
        redirects: int,
        budget: _Budget,
    ) -> tuple[Literal["redirect"], httpx.Request] | tuple[Literal["retry"], float] | None:
        """What to do with a non-2xx response: follow it, retry after a delay, or (None) raise."""
        if response.is_redirect and redirects < _MAX_REDIRECTS:
            follow = self._redirect_request(request, response)
            if follow is not None:
                return ("redirect", follow)
        if retries_taken < max_retries and self._should_retry_status(response, idempotent):
            delay = self._retry_delay(retries_taken, response)
            if budget.allows_wait(delay):
                self._log_retry(request, f"status {response.status_code}", delay, retries_taken)
                return ("retry", delay)
        return None

    def _transport_retry_delay(
        self,
        request: httpx.Request,
        exc: httpx.TransportError,
        *,
        idempotent: bool,
        retries_taken: int,
        max_retries: int,
        budget: _Budget,
    ) -> float | None:
        """The wait before retrying after a transport failure, or None to raise."""
        if not self._may_retry_transport(exc, idempotent, retries_taken, max_retries):
            return None
        delay = self._retry_delay(retries_taken, None)
        if not budget.allows_wait(delay):
            return None
        self._log_retry(request, f"{type(exc).__name__}: {exc}", delay, retries_taken)
        return delay

    def _redirect_request(
        self, request: httpx.Request, response: httpx.Response
    ) -> httpx.Request | None:
        """Follow a redirect by hand so the API key never goes to another origin."""
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

    def _status_error(self, response: httpx.Response, note: str = "") -> APIStatusError:
        body = decode_body(response)
        if _contains_secret(response):
            # The server echoed the key: the exception carries a scrubbed copy of the body (the
            # response itself stays as received, e.g. for the recorder's secret scan).
            clean = self._redact(response.text)
            try:
                body = _json.loads(clean)
            except (ValueError, RecursionError):
                body = clean
        request = response.request
        reason = response.reason_phrase or ""
        message = (
            f"Error code: {response.status_code}{f' {reason}' if reason else ''} "
            f"from {request.method} {request.url.path} - {note or _error_summary(body)}"
        )
        return status_error_class(response.status_code)(self._redact(message), response, body)

    def _transport_error(
        self, exc: httpx.TransportError, request: httpx.Request, attempts: int
    ) -> APIConnectionError:
        _scrub(exc)
        where = f"{request.method} {request.url.path}"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        if isinstance(exc, httpx.TimeoutException):
            if "deadline" in str(exc):
                kind = "call deadline"
            else:
                kind = type(exc).__name__.replace("Timeout", " timeout").strip().lower()
            return APITimeoutError(
                request, self._redact(f"Request timed out ({kind}) on {where}{tries}.")
            )
        detail = str(exc) or type(exc).__name__
        return APIConnectionError(
            self._redact(f"Connection error on {where}{tries}: {type(exc).__name__}: {detail}"),
            request,
        )

    def _body_error(
        self, exc: BodyTooLargeError | BodyDecodeError, response: httpx.Response
    ) -> APIResponseTooLargeError | APIResponseDecodeError:
        request = response.request
        where = f"{request.method} {request.url.path} ({response.status_code})"
        response._content = b""
        if isinstance(exc, BodyTooLargeError):
            return APIResponseTooLargeError(
                f"Response to {where} is larger than max_response_size={exc.limit} bytes "
                "(decoded); raise the limit per call or on the client if it is expected.",
                response,
                limit=exc.limit,
            )
        return APIResponseDecodeError(
            self._redact(f"Response to {where} cannot be decoded: {exc}"), response
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

    def _parse(
        self, response: httpx.Response, cast_to: Any, found: list[Deviation] | None = None
    ) -> Any:
        return parse_response(
            response, cast_to, strict=self.strict_response_validation, deviations=found
        )

    @staticmethod
    def _bind_page(page_cls: Any, item_model: Any) -> Any:
        """``page_cls[item_model]`` unless the class is bound already (``Page[Item]``, or a
        class a page style's ``of()`` built)."""
        if item_model is not None and page_cls.__pydantic_generic_metadata__["parameters"]:
            return page_cls[item_model]
        return page_cls


def _contains_secret(response: httpx.Response) -> bool:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError, httpx.ResponseNotRead):
        return False
    return redact(text) != text


def _scrub(exc: BaseException) -> None:
    """Redact secrets from the message of an exception we chain (``raise ... from exc``)."""
    exc.args = tuple(redact(a) if isinstance(a, str) else a for a in exc.args)


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
        strict_response_validation: bool | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        _strict_response_validation: bool | None = None,
    ) -> None:
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
            fallback_timeout=http_client.timeout if http_client is not None else None,
            strict_response_validation=(
                strict_response_validation
                if strict_response_validation is not None
                else _strict_response_validation
            ),
            max_response_size=max_response_size,
            max_pages=max_pages,
        )
        if http_client is None:
            self._client = DefaultHttpxClient(timeout=self.timeout)
            self._owns_client = True
        else:
            self._client = http_client
            # A Default*Client exists to be handed to this client (as in the official SDKs,
            # `with Client(http_client=DefaultHttpxClient())` closes it); any other httpx
            # client stays the caller's to close.
            self._owns_client = isinstance(http_client, DefaultHttpxClient)

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
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
        max_pages: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed, sharing this client's connection pool."""
        return self._copy_state(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
            strict_response_validation=strict_response_validation,
            max_response_size=max_response_size,
            max_pages=max_pages,
        )

    copy = with_options

    def close(self) -> None:
        """Close the connection pool (a no-op for copies and for a caller's own httpx client;
        a ``Default*Client`` passed as ``http_client`` is closed too)."""
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
        *,
        stream: bool = False,
    ) -> tuple[httpx.Response, int, float | None]:
        """Send with retries; the 2xx response (body read unless ``stream``), the retries taken
        and the deadline of the answering attempt (streamed bodies are read within it)."""
        opts: RequestOptions = options or {}
        request = self._build_request(method, path, params, json, opts)
        max_retries = opts.get("max_retries", self.max_retries)
        idempotent = self._is_idempotent(request, opts)
        limit = self._size_limit(opts)
        budget = self._budget(request, max_retries)
        retries_taken = 0
        redirects = 0
        while True:
            deadline = budget.attempt_deadline()
            started = time.monotonic()
            try:
                with deadline_scope(deadline):
                    response = self._client.send(request, stream=True, follow_redirects=False)
                self._log_response(response, started, retries_taken)
                if response.is_success:
                    if not stream:
                        self._read(response, limit, deadline)
                    return response, retries_taken, deadline
                step = self._next_step(
                    request,
                    response,
                    idempotent=idempotent,
                    retries_taken=retries_taken,
                    max_retries=max_retries,
                    redirects=redirects,
                    budget=budget,
                )
                if step is None:
                    raise self._read_status_error(response, limit, deadline)
                response.close()
                if step[0] == "redirect":
                    request = step[1]
                    redirects += 1
                    continue
                time.sleep(step[1])
                retries_taken += 1
            except httpx.TransportError as exc:
                delay = self._transport_retry_delay(
                    request,
                    exc,
                    idempotent=idempotent,
                    retries_taken=retries_taken,
                    max_retries=max_retries,
                    budget=budget,
                )
                if delay is None:
                    raise self._transport_error(exc, request, retries_taken + 1) from exc
                time.sleep(delay)
                retries_taken += 1

    def _read(self, response: httpx.Response, limit: int, deadline: float | None) -> bytes:
        """The whole decoded body; size and decoding failures become typed errors."""
        try:
            return read_body(response, limit, deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            raise self._body_error(exc, response) from None

    def _read_status_error(
        self, response: httpx.Response, limit: int, deadline: float | None
    ) -> APIStatusError:
        try:
            read_body(response, min(limit, ERROR_BODY_LIMIT), deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            response._content = b""
            return self._status_error(response, note=f"body not read: {exc}")
        return self._status_error(response)

    def _stream_reader(
        self, response: httpx.Response, options: RequestOptions | None, deadline: float | None
    ) -> tuple[Any, Any]:
        limit = self._size_limit(options)

        def read(resp: httpx.Response) -> bytes:
            try:
                return self._read(resp, limit, deadline)
            except httpx.TransportError as exc:
                raise self._transport_error(exc, resp.request, 1) from exc

        def chunks(resp: httpx.Response) -> Any:
            try:
                yield from iter_decoded(resp, limit, deadline)
            except (BodyTooLargeError, BodyDecodeError) as exc:
                raise self._body_error(exc, resp) from None
            except httpx.TransportError as exc:
                raise self._transport_error(exc, resp.request, 1) from exc

        return read, chunks

    def _respond(
        self,
        response: httpx.Response,
        retries_taken: int,
        deadline: float | None,
        options: RequestOptions | None,
        cast_to: Any,
        parser: Any,
    ) -> APIResponse[Any]:
        read, chunks = self._stream_reader(response, options, deadline)
        return APIResponse(
            response,
            cast_to=cast_to,
            retries_taken=retries_taken,
            parser=parser,
            reader=read,
            chunks=chunks,
        )

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
        """Send a request (with retries) and validate the JSON body as ``cast_to`` in one pass.

        Under ``with_raw_response`` / ``with_streaming_response`` it returns the response."""
        mode = take_response_mode()
        response, retries_taken, deadline = self._send(
            method, path, params, json, options, stream=mode == "stream"
        )
        if mode is None:
            return self._parse(response, cast_to)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

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
    ) -> APIResponse[_T]: ...

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
    ) -> APIResponse[Any]: ...

    def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> APIResponse[Any]:
        """Like ``request`` but returns the response (body read); ``.parse()`` validates later."""
        response, retries_taken, deadline = self._send(method, path, params, json, options)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

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
        """GET one page and return it bound to this client so it can fetch the next ones.

        Under ``with_raw_response`` / ``with_streaming_response`` it returns the response, whose
        ``parse()`` gives the bound page."""
        cls = self._bind_page(page_cls, item_model)
        query = dict(params or {})
        mode = take_response_mode()
        response, retries_taken, deadline = self._send(
            "GET", path, query, None, options, stream=mode == "stream"
        )

        def parser(resp: httpx.Response, found: list[Deviation] | None = None) -> _SyncPageT:
            page: _SyncPageT = self._parse(resp, cls, found)
            page._set_context(self, path, query, options)
            return page

        if mode is None:
            return parser(response)
        raw: Any = self._respond(response, retries_taken, deadline, options, cls, parser)
        return raw  # type: ignore[no-any-return]

    def _get_page_raw(
        self,
        path: str,
        page_cls: type[_SyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse[_SyncPageT]:
        """``with_raw_response`` for list methods: ``.parse()`` gives the bound page."""
        from ._response import _call_in_mode

        raw: APIResponse[_SyncPageT] = _call_in_mode(
            "raw", self._get_page, path, page_cls, item_model, params, options
        )
        return raw


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
        strict_response_validation: bool | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        _strict_response_validation: bool | None = None,
    ) -> None:
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
            fallback_timeout=http_client.timeout if http_client is not None else None,
            strict_response_validation=(
                strict_response_validation
                if strict_response_validation is not None
                else _strict_response_validation
            ),
            max_response_size=max_response_size,
            max_pages=max_pages,
        )
        if http_client is None:
            self._client = DefaultAsyncHttpxClient(timeout=self.timeout)
            self._owns_client = True
        else:
            self._client = http_client
            # DefaultAsyncHttpxClient / DefaultAioHttpClient are closed with this client (as in
            # the official SDKs); any other httpx client stays the caller's to close.
            self._owns_client = isinstance(
                http_client, (DefaultAsyncHttpxClient, DefaultAioHttpClient)
            )

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
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
        max_pages: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed, sharing this client's connection pool."""
        return self._copy_state(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            retry_non_idempotent=retry_non_idempotent,
            strict_response_validation=strict_response_validation,
            max_response_size=max_response_size,
            max_pages=max_pages,
        )

    copy = with_options

    async def close(self) -> None:
        """Close the connection pool (a no-op for copies and for a caller's own httpx client;
        a ``Default*Client`` passed as ``http_client`` is closed too)."""
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
        *,
        stream: bool = False,
    ) -> tuple[httpx.Response, int, float | None]:
        """Send with retries; each attempt runs under ``asyncio.timeout`` of its deadline."""
        import asyncio

        opts: RequestOptions = options or {}
        request = self._build_request(method, path, params, json, opts)
        max_retries = opts.get("max_retries", self.max_retries)
        idempotent = self._is_idempotent(request, opts)
        limit = self._size_limit(opts)
        budget = self._budget(request, max_retries)
        retries_taken = 0
        redirects = 0
        while True:
            deadline = budget.attempt_deadline()
            started = time.monotonic()
            left = None if deadline is None else max(deadline - started, 0.0)
            try:
                try:
                    async with asyncio.timeout(left):
                        response = await self._client.send(
                            request, stream=True, follow_redirects=False
                        )
                        self._log_response(response, started, retries_taken)
                        if response.is_success:
                            if not stream:
                                await self._read(response, limit, deadline)
                            return response, retries_taken, deadline
                        step = self._next_step(
                            request,
                            response,
                            idempotent=idempotent,
                            retries_taken=retries_taken,
                            max_retries=max_retries,
                            redirects=redirects,
                            budget=budget,
                        )
                        if step is None:
                            raise await self._read_status_error(response, limit, deadline)
                        await response.aclose()
                except TimeoutError:
                    raise httpx.ReadTimeout("call deadline exceeded", request=request) from None
                if step[0] == "redirect":
                    request = step[1]
                    redirects += 1
                    continue
                await asyncio.sleep(step[1])
                retries_taken += 1
            except httpx.TransportError as exc:
                delay = self._transport_retry_delay(
                    request,
                    exc,
                    idempotent=idempotent,
                    retries_taken=retries_taken,
                    max_retries=max_retries,
                    budget=budget,
                )
                if delay is None:
                    raise self._transport_error(exc, request, retries_taken + 1) from exc
                await asyncio.sleep(delay)
                retries_taken += 1

    async def _read(self, response: httpx.Response, limit: int, deadline: float | None) -> bytes:
        """The whole decoded body; size and decoding failures become typed errors."""
        try:
            return await aread_body(response, limit, deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            raise self._body_error(exc, response) from None

    async def _read_status_error(
        self, response: httpx.Response, limit: int, deadline: float | None
    ) -> APIStatusError:
        try:
            await aread_body(response, min(limit, ERROR_BODY_LIMIT), deadline)
        except (BodyTooLargeError, BodyDecodeError) as exc:
            response._content = b""
            return self._status_error(response, note=f"body not read: {exc}")
        return self._status_error(response)

    def _stream_reader(
        self, response: httpx.Response, options: RequestOptions | None, deadline: float | None
    ) -> tuple[Any, Any]:
        limit = self._size_limit(options)

        async def read(resp: httpx.Response) -> bytes:
            try:
                return await self._read(resp, limit, deadline)
            except httpx.TransportError as exc:
                raise self._transport_error(exc, resp.request, 1) from exc

        async def chunks(resp: httpx.Response) -> Any:
            try:
                async for piece in aiter_decoded(resp, limit, deadline):
                    yield piece
            except (BodyTooLargeError, BodyDecodeError) as exc:
                raise self._body_error(exc, resp) from None
            except httpx.TransportError as exc:
                raise self._transport_error(exc, resp.request, 1) from exc

        return read, chunks

    def _respond(
        self,
        response: httpx.Response,
        retries_taken: int,
        deadline: float | None,
        options: RequestOptions | None,
        cast_to: Any,
        parser: Any,
    ) -> AsyncAPIResponse[Any]:
        read, chunks = self._stream_reader(response, options, deadline)
        return AsyncAPIResponse(
            response,
            cast_to=cast_to,
            retries_taken=retries_taken,
            parser=parser,
            reader=read,
            chunks=chunks,
        )

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
        """Send a request (with retries) and validate the JSON body as ``cast_to`` in one pass.

        Under ``with_raw_response`` / ``with_streaming_response`` it returns the response."""
        mode = take_response_mode()
        response, retries_taken, deadline = await self._send(
            method, path, params, json, options, stream=mode == "stream"
        )
        if mode is None:
            return self._parse(response, cast_to)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

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
    ) -> AsyncAPIResponse[_T]: ...

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
    ) -> AsyncAPIResponse[Any]: ...

    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        json: object | None = None,
        cast_to: Any = None,
        options: RequestOptions | None = None,
    ) -> AsyncAPIResponse[Any]:
        """Like ``request`` but returns the response (body read); ``await .parse()`` validates."""
        response, retries_taken, deadline = await self._send(method, path, params, json, options)

        def parser(resp: httpx.Response, found: list[Deviation]) -> Any:
            return self._parse(resp, cast_to, found)

        return self._respond(response, retries_taken, deadline, options, cast_to, parser)

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
        """GET one page bound to this client (the response, under a raw/streaming wrapper)."""
        query = dict(params or {})
        mode = take_response_mode()
        response, retries_taken, deadline = await self._send(
            "GET", path, query, None, options, stream=mode == "stream"
        )

        def parser(resp: httpx.Response, found: list[Deviation] | None = None) -> _AsyncPageT:
            page: _AsyncPageT = self._parse(resp, page_cls, found)
            page._set_context(self, path, query, options)
            return page

        if mode is None:
            return parser(response)
        raw: Any = self._respond(response, retries_taken, deadline, options, page_cls, parser)
        return raw  # type: ignore[no-any-return]

    async def _get_page_raw(
        self,
        path: str,
        page_cls: type[_AsyncPageT],
        item_model: object = None,
        params: Mapping[str, object] | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncAPIResponse[_AsyncPageT]:
        """``with_raw_response`` for list methods: ``await .parse()`` gives the bound page."""
        from ._response import _acall_in_mode

        cls = self._bind_page(page_cls, item_model)
        raw: AsyncAPIResponse[_AsyncPageT] = await _acall_in_mode(
            "raw", self._fetch_page, path, cls, params, options
        )
        return raw
