"""HTTP failures as the package's exceptions, every message scrubbed of the key: a non-2xx
response, a transport failure, a body too large or undecodable."""

from __future__ import annotations

import json as _json

import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseDecodeError,
    APIResponseTooLargeError,
    APIStatusError,
    APITimeoutError,
    status_error_class,
)
from ._logging import redact
from ._parse import decode_body
from ._transport import BodyDecodeError, BodyTooLargeError

__all__ = ["body_error", "status_error", "transport_error", "unread_status_error"]


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


def _contains_secret(response: httpx.Response) -> bool:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError, httpx.ResponseNotRead):
        return False
    return redact(text) != text


def _scrub(exc: BaseException) -> None:
    """Redact secrets from the message of an exception we chain (``raise ... from exc``)."""
    exc.args = tuple(redact(a) if isinstance(a, str) else a for a in exc.args)


def status_error(response: httpx.Response, note: str = "") -> APIStatusError:
    """The typed error of a non-2xx response (its body read, a key echo scrubbed)."""
    body = decode_body(response)
    if _contains_secret(response):
        # The server echoed the key: the exception carries a scrubbed copy of the body (the
        # response itself stays as received, e.g. for the recorder's secret scan).
        clean = redact(response.text)
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
    return status_error_class(response.status_code)(redact(message), response, body)


def unread_status_error(response: httpx.Response, exc: Exception) -> APIStatusError:
    """The status error of a response whose (error) body could not be read."""
    response._content = b""
    return status_error(response, note=f"body not read: {exc}")


def transport_error(
    exc: httpx.TransportError, request: httpx.Request, attempts: int
) -> APIConnectionError:
    _scrub(exc)
    where = f"{request.method} {request.url.path}"
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    if isinstance(exc, httpx.TimeoutException):
        if "deadline" in str(exc):
            kind = "call deadline"
        else:
            kind = type(exc).__name__.replace("Timeout", " timeout").strip().lower()
        return APITimeoutError(request, redact(f"Request timed out ({kind}) on {where}{tries}."))
    detail = str(exc) or type(exc).__name__
    return APIConnectionError(
        redact(f"Connection error on {where}{tries}: {type(exc).__name__}: {detail}"),
        request,
    )


def body_error(
    exc: BodyTooLargeError | BodyDecodeError, response: httpx.Response
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
    return APIResponseDecodeError(redact(f"Response to {where} cannot be decoded: {exc}"), response)
