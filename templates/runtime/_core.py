"""What the sync and async clients share, all without I/O: configuration, the request of a call,
error mapping, logging, parsing. ``_sync_client`` and ``_async_client`` add the I/O."""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._auth import auth_headers, auth_query, check_key, hide, key_forms
from ._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_STRICT_RESPONSE_VALIDATION,
    IDEMPOTENCY_HEADER,
    USER_AGENT,
)
from ._exceptions import (
    MissingAPIKeyError,
)
from ._logging import REDACTED, logger, redact, register_secret, setup_logging
from ._parse import parse_response
from ._request import ONE_SHOT, EncodedBody, encode_json, encode_query, merge_headers
from ._retry import Budget, Call, RetryPolicy
from ._transport import ACCEPT_ENCODING
from ._types import NOT_GIVEN, NotGiven, RequestOptions

if TYPE_CHECKING:
    from typing import Self

    from ._lenient import Deviation

__all__ = ["BaseClient"]

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _env_flag(name: str) -> bool:
    if not name:
        return False
    value = os.environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}")


def positive_int(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


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


def _max_retries(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"max_retries must be a non-negative int, got {value!r}")
    return value


class BaseClient(RetryPolicy, Generic[_HttpT]):
    """Configuration and the parts of a call that do no I/O, shared by sync and async clients
    (``_HttpT``: their httpx client class)."""

    api_key: str
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    retry_non_idempotent: bool
    strict_response_validation: bool
    max_response_size: int
    max_pages: int
    _client: _HttpT
    _owns_client: bool
    _custom_headers: dict[str, str]
    _headers: dict[str, str]

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: _HttpT | None = None,
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
            self._client = self._default_http_client(self.timeout)
            self._owns_client = True
        else:
            self._client = http_client
            self._owns_client = self._closes_with_us(http_client)

    @staticmethod
    def _default_http_client(timeout: httpx.Timeout) -> _HttpT:
        raise NotImplementedError

    @staticmethod
    def _closes_with_us(http_client: _HttpT) -> bool:
        """Whether closing this client closes a ``http_client`` it was given."""
        raise NotImplementedError

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
        api_key = check_key(api_key) if api_key else api_key
        if not api_key:
            raise MissingAPIKeyError(ENV_API_KEY)
        if base_url is None:
            base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self.max_retries = _max_retries(max_retries)
        self._set_key(api_key)
        self.base_url = str(base_url).rstrip("/")
        if isinstance(timeout, NotGiven) and fallback_timeout is not None:
            self.timeout = fallback_timeout
        else:
            self.timeout = _coerce_timeout(
                timeout, httpx.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
            )
        self.retry_non_idempotent = retry_non_idempotent
        if strict_response_validation is None:
            strict_response_validation = _env_flag(ENV_STRICT_RESPONSE_VALIDATION)
        self.strict_response_validation = bool(strict_response_validation)
        self.max_response_size = positive_int("max_response_size", max_response_size)
        self.max_pages = positive_int("max_pages", max_pages)
        self._custom_headers = dict(default_headers or {})
        self._headers = self._build_headers()
        setup_logging()

    def _set_key(self, api_key: str) -> None:
        self.api_key = api_key
        register_secret(api_key, *key_forms(api_key))

    @property
    def auth_headers(self) -> dict[str, str]:
        """The header that carries the key (empty when the key goes in the query)."""
        return auth_headers(self.api_key)

    def _build_headers(self) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": USER_AGENT,
        }
        headers.update(self.auth_headers)
        headers.update(self._custom_headers)
        return headers

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
            cleaned = check_key(api_key)
            if not cleaned:
                raise MissingAPIKeyError(ENV_API_KEY)
            new._set_key(cleaned)
        base_url = changes.get("base_url")
        if base_url is not None:
            new.base_url = str(base_url).rstrip("/")
        timeout = changes.get("timeout", NOT_GIVEN)
        if not isinstance(timeout, NotGiven):
            new.timeout = _coerce_timeout(timeout, self.timeout)
        max_retries = changes.get("max_retries", NOT_GIVEN)
        if not isinstance(max_retries, NotGiven):
            new.max_retries = _max_retries(max_retries)
        for flag in ("retry_non_idempotent", "strict_response_validation"):
            value = changes.get(flag, NOT_GIVEN)
            if not isinstance(value, NotGiven):
                setattr(new, flag, bool(value))
        for limit in ("max_response_size", "max_pages"):
            value = changes.get(limit, NOT_GIVEN)
            if not isinstance(value, NotGiven):
                setattr(new, limit, positive_int(limit, value))
        default_headers = changes.get("default_headers")
        if default_headers is not None:
            new._custom_headers = {**self._custom_headers, **default_headers}
        new._headers = new._build_headers()
        return new

    # -- one call, no I/O ------------------------------------------------------------------

    def _start_call(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions,
    ) -> Call:
        """The request of a call and its retry state (deadlines start now). ``json`` may be an
        ``EncodedBody`` (multipart, form, raw bytes); one that cannot be replayed is sent once."""
        request = self._build_request(method, path, params, json, options)
        timeout = request.extensions.get("timeout") or {}
        max_retries = options.get("max_retries", self.max_retries)
        if request.extensions.get(ONE_SHOT):
            max_retries = 0
        budget = Budget(httpx.Timeout(**timeout) if timeout else self.timeout, max_retries)
        return Call(
            self,
            request,
            max_retries=max_retries,
            idempotent=self._is_idempotent(request, options),
            budget=budget,
        )

    def _build_request(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        json: object | None,
        options: RequestOptions,
    ) -> httpx.Request:
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        headers = merge_headers(self._headers, options.get("extra_headers"))
        if IDEMPOTENCY_HEADER and method not in ("GET", "HEAD", "OPTIONS"):
            wanted = IDEMPOTENCY_HEADER.lower()
            if not any(name.lower() == wanted for name in headers):
                import uuid

                # One fresh key per call, reused by every retry of it (the request is built once).
                headers = {**headers, IDEMPOTENCY_HEADER: str(uuid.uuid4())}
        query = encode_query(
            {**auth_query(self.api_key), **(params or {})}, options.get("extra_query")
        )
        extra_body = options.get("extra_body")
        content: Any = None
        body_headers: dict[str, str] = {}
        if isinstance(json, EncodedBody):  # encoded by _files, extra_body included
            content = json.stream(asynchronous=isinstance(self._client, httpx.AsyncClient))
            body_headers["Content-Type"] = json.content_type
            if json.length is not None:
                body_headers["Content-Length"] = str(json.length)
        elif json is not None or extra_body:
            content = encode_json(json, extra_body)
            body_headers["Content-Type"] = "application/json"
        if body_headers:
            headers = {**headers, **body_headers}
        timeout = _coerce_timeout(options.get("timeout", NOT_GIVEN), self.timeout)
        request = self._client.build_request(
            method,
            url,
            params=query or None,
            headers=headers,
            content=content,
            timeout=timeout,
        )
        if isinstance(json, EncodedBody) and not json.replayable:
            request.extensions = {**request.extensions, ONE_SHOT: True}
        return hide(request)

    def _size_limit(self, options: RequestOptions | None) -> int:
        if options and "max_response_size" in options:
            return positive_int("max_response_size", options["max_response_size"])
        return self.max_response_size

    # -- logging and parsing ---------------------------------------------------------------

    @staticmethod
    def _log_response(response: httpx.Response, started: float, retries_taken: int) -> None:
        if logger.isEnabledFor(logging.INFO):
            request = response.request
            logger.info(
                "%s %s -> %s in %.1f ms%s",
                request.method,
                redact(str(request.url)),
                response.status_code,
                (time.monotonic() - started) * 1000.0,
                f" (retry {retries_taken})" if retries_taken else "",
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
