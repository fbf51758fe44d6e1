"""The one-pass JSON -> model parser of every response.

Parsing is strict first: one cached ``validate_json`` pass. Only when that fails (and the client
is not in strict mode) is the object rebuilt leniently (``_lenient``): known fields typed, the
rest kept as sent, each deviation recorded, logged once per operation and shape, and readable
from the object (``obj.model_deviations()``) and from the raw response (``raw.deviations``).
Invalid JSON is an error in both modes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from ._exceptions import APIResponseValidationError, format_validation_errors

if TYPE_CHECKING:
    from ._lenient import Deviation

__all__ = ["decode_body", "parse_response"]


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
    """The body as JSON if it parses, else as text (``None`` when empty or unread)."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
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


def _operation(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:
        return "(unknown operation)"
    return f"{request.method} {request.url.path}"


def parse_response(
    response: httpx.Response,
    cast_to: Any,
    *,
    strict: bool = False,
    deviations: list[Deviation] | None = None,
) -> Any:
    """Validate the body against ``cast_to`` in one ``validate_json`` pass.

    ``None`` -> nothing is parsed; ``str`` / ``bytes`` -> the text / the raw bytes. Invalid JSON
    raises ``APIResponseValidationError``; so does a body that does not match ``cast_to`` when
    ``strict``, else the object is rebuilt leniently and each deviation appended to
    ``deviations`` (and logged once per operation and shape).
    """
    if cast_to is None:
        return None
    if cast_to is str:
        try:
            return response.text
        except (UnicodeDecodeError, LookupError) as exc:
            raise APIResponseValidationError(
                f"Response to {_describe_request(response)} is not valid text: {exc}",
                response,
                None,
            ) from None
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
        invalid_json = bool(errors) and errors[0].get("type") == "json_invalid"
        if not invalid_json and not strict:
            rebuilt = _lenient_parse(response, cast_to, deviations)
            if rebuilt is not _FAILED:
                return rebuilt
        where = _describe_request(response)
        if invalid_json:
            message = f"Response to {where} is not valid JSON: {errors[0].get('msg', '')}"
        else:
            type_name = getattr(cast_to, "__name__", None) or repr(cast_to)
            message = (
                f"Response to {where} does not match {type_name}: "
                f"{format_validation_errors(errors)}"
            )
        raise APIResponseValidationError(message, response, decode_body(response), errors) from None
    except RecursionError:
        raise APIResponseValidationError(
            f"Response to {_describe_request(response)} is nested too deeply to validate",
            response,
            None,
        ) from None


def _lenient_parse(response: httpx.Response, cast_to: Any, sink: list[Deviation] | None) -> Any:
    from ._lenient import build_lenient
    from ._logging import log_deviations

    try:
        from pydantic_core import from_json

        data = from_json(response.content)
        value, found = build_lenient(cast_to, data, _operation(response))
    except (ValueError, RecursionError):
        return _FAILED
    log_deviations(_operation(response), cast_to, found)
    if sink is not None:
        sink.extend(found)
    return value


class _Failed:
    pass


_FAILED: Any = _Failed()
