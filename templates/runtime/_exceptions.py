"""Exceptions raised by the client. Names match the official SDKs so ``except`` clauses port as-is.

Hierarchy::

    SDKError
    ├── MissingAPIKeyError (also a ValueError)
    ├── InvalidAPIKeyError (also a ValueError)
    ├── WaitTimeoutError (also a TimeoutError)
    └── APIError
        ├── APIConnectionError
        │   └── APITimeoutError
        ├── APIResponseTooLargeError
        ├── APIResponseValidationError
        │   └── APIResponseDecodeError
        └── APIStatusError
            ├── BadRequestError (400)
            ├── AuthenticationError (401)
            ├── PermissionDeniedError (403)
            ├── NotFoundError (404)
            ├── ConflictError (409)
            ├── UnprocessableEntityError (422)
            ├── RateLimitError (429)
            └── InternalServerError (>= 500)

No message or repr contains the API key: the client scrubs it before raising, and `.body` is a
scrubbed copy of an error body that echoes it (`.response` stays as received).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseDecodeError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidAPIKeyError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SDKError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "format_validation_errors",
]


class SDKError(Exception):
    """Root of every exception this package raises on purpose."""


class MissingAPIKeyError(SDKError, ValueError):
    """No API key was passed and the environment variable is unset or empty."""

    def __init__(self, env_var: str) -> None:
        self.env_var = env_var
        super().__init__(
            f"No API key: pass api_key=... to the client or set the {env_var} environment variable."
        )


class InvalidAPIKeyError(SDKError, ValueError):
    """The API key contains a control or non-ASCII character (the message never shows the key)."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"The API key contains {problem}; keys are printable ASCII (surrounding whitespace, "
            "such as a key file's trailing newline, is stripped)."
        )


class APIError(SDKError):
    """An API call failed. ``request`` is the last request sent (None if none was built)."""

    message: str
    request: httpx.Request | None
    body: object | None

    def __init__(
        self, message: str, request: httpx.Request | None = None, body: object | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body

    def __str__(self) -> str:
        return self.message


class APIStatusError(APIError):
    """The server answered with a 4xx/5xx status. ``body`` is the decoded JSON (or the text)."""

    response: httpx.Response
    status_code: int

    def __init__(self, message: str, response: httpx.Response, body: object | None = None) -> None:
        super().__init__(message, response.request, body)
        self.response = response
        self.status_code = response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422 (Gcore also uses it for "feature disabled")."""


class RateLimitError(APIStatusError):
    """429."""


class InternalServerError(APIStatusError):
    """Any 5xx."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for a status code (``APIStatusError`` for unmapped ones)."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


class APIConnectionError(APIError):
    """The request did not get a complete response: DNS, refused, reset, protocol error."""

    def __init__(
        self, message: str = "Connection error.", request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request, None)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, write, read or pool timeout)."""

    def __init__(
        self, request: httpx.Request | None = None, message: str = "Request timed out."
    ) -> None:
        super().__init__(message, request)


class APIResponseValidationError(APIError):
    """A 2xx response body is not valid JSON or does not match the declared model.

    ``errors`` lists one dict per problem: ``{"loc": "results.3.status", "msg": ..., "type": ...}``.
    """

    response: httpx.Response
    status_code: int
    errors: list[dict[str, str]]

    def __init__(
        self,
        message: str,
        response: httpx.Response,
        body: object | None = None,
        errors: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(message, response.request, body)
        self.response = response
        self.status_code = response.status_code
        self.errors = [
            {
                "loc": _loc(e.get("loc", ())),
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in errors
        ]


class APIResponseDecodeError(APIResponseValidationError):
    """A 2xx body that cannot be decoded (bad gzip/deflate data, unsupported Content-Encoding)."""

    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message, response, None, ())


class APIResponseTooLargeError(APIError):
    """The decoded body passed ``max_response_size``; nothing past the limit was read."""

    response: httpx.Response
    status_code: int
    limit: int

    def __init__(self, message: str, response: httpx.Response, *, limit: int) -> None:
        super().__init__(message, response.request, None)
        self.response = response
        self.status_code = response.status_code
        self.limit = limit


class WaitTimeoutError(SDKError, TimeoutError):
    """A waiter gave up before a terminal state; ``last`` is the last object seen (or None)."""

    def __init__(
        self,
        last: Any,
        *,
        timeout: float | None = None,
        elapsed: float | None = None,
        message: str | None = None,
    ) -> None:
        self.last = last
        self.timeout = timeout
        self.elapsed = elapsed
        if message is None:
            state = _describe(last)
            waited = f" after {elapsed:.1f} s" if elapsed is not None else ""
            limit = f" (timeout {timeout:g} s)" if timeout is not None else ""
            message = f"Gave up waiting{waited}{limit}; last state: {state}"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def _describe(obj: Any) -> str:
    for attr in ("status", "state"):
        value = getattr(obj, attr, None)
        if value is not None:
            return f"{attr}={value!r}"
    return type(obj).__name__


def _loc(loc: object) -> str:
    if isinstance(loc, (tuple, list)):
        return ".".join(str(part) for part in loc)
    return str(loc)


def format_validation_errors(errors: Sequence[Mapping[str, Any]], *, limit: int = 5) -> str:
    """``results.3.status: Input should be 'a' or 'b'; ...`` from pydantic error dicts."""
    parts: list[str] = []
    for error in errors[:limit]:
        loc = _loc(error.get("loc", ()))
        msg = str(error.get("msg", "invalid"))
        parts.append(f"{loc}: {msg}" if loc else msg)
    if len(errors) > limit:
        parts.append(f"and {len(errors) - limit} more")
    return "; ".join(parts)
