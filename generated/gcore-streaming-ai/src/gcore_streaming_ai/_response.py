"""Raw responses and the one-pass JSON -> model parser shared by the client and the pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

import httpx

from ._exceptions import APIResponseValidationError, format_validation_errors

__all__ = ["RawResponse", "decode_body", "parse_response"]

_T = TypeVar("_T")

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
    """The body as JSON if it parses, else as text (``None`` when empty)."""
    content = response.content
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
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


def parse_response(response: httpx.Response, cast_to: Any) -> Any:
    """Validate the body against ``cast_to`` in one ``validate_json`` pass.

    ``None`` -> nothing is parsed; ``str`` / ``bytes`` -> the text / the raw bytes. Any failure,
    including invalid JSON, raises ``APIResponseValidationError`` naming the field paths.
    """
    if cast_to is None:
        return None
    if cast_to is str:
        return response.text
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
        where = _describe_request(response)
        if errors and errors[0].get("type") == "json_invalid":
            message = f"Response to {where} is not valid JSON: {errors[0].get('msg', '')}"
        else:
            type_name = getattr(cast_to, "__name__", None) or repr(cast_to)
            message = (
                f"Response to {where} does not match {type_name}: "
                f"{format_validation_errors(errors)}"
            )
        raise APIResponseValidationError(message, response, decode_body(response), errors) from None


class RawResponse(Generic[_T]):
    """An undecoded response: status, headers and body, with ``parse()`` for the typed model."""

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        cast_to: Any = None,
        retries_taken: int = 0,
        parser: Callable[[httpx.Response], _T] | None = None,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._parser = parser
        self._parsed: Any = _UNSET

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
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    @property
    def elapsed(self) -> float:
        """Seconds from sending the request to reading the whole body (last attempt)."""
        return self.http_response.elapsed.total_seconds()

    def json(self) -> Any:
        return json.loads(self.http_response.content)

    def parse(self) -> _T:
        """The body validated as the method's return type (cached after the first call)."""
        if self._parsed is _UNSET:
            if self._parser is not None:
                self._parsed = self._parser(self.http_response)
            else:
                self._parsed = parse_response(self.http_response, self._cast_to)
        return cast(_T, self._parsed)

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] {self.http_request.method} {self.url}>"


class _Unset:
    pass


_UNSET: Any = _Unset()
