"""Small OpenAPI documents for the diff tests: a document, an operation, a body, a schema at
any position of the rule table."""

from __future__ import annotations

import copy
from typing import Any

from specpress.diff.rules import POSITIONS

Doc = dict[str, Any]


def doc(paths: dict[str, Any] | None = None, **top: Any) -> Doc:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths or {}, **top}


def op(**fields: Any) -> dict[str, Any]:
    return {"responses": {"200": {"description": "ok"}}, **fields}


def json_body(schema: Any, media: str = "application/json", **fields: Any) -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}, **fields}


def with_response(schema: Any, status: str = "200", media: str = "application/json",
                  **fields: Any) -> dict[str, Any]:  # fmt: skip
    return {"responses": {status: {"description": "ok", **json_body(schema, media), **fields}}}


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


S, I, N = {"type": "string"}, {"type": "integer"}, {"type": "number"}  # noqa: E741


def embed(position: str, schema: Any, media: str = "application/json") -> Doc:
    """A one-operation document with `schema` at `position` (a key of `rules.POSITIONS`, or a
    rule-id prefix such as `request-body`)."""
    position = {prefix: key for key, (prefix, *_) in POSITIONS.items()}.get(position, position)
    schema = copy.deepcopy(schema)
    if position in ("pa", "pp"):
        if position == "pp":
            schema = {"type": "object", "properties": {"x": schema}}
        param = {"name": "p", "in": "query", "schema": schema}
        return doc({"/t": {"get": op(parameters=[param])}})
    if position == "hd":
        return doc({"/t": {"get": op(responses={"200": {"description": "ok", "headers": {
            "X-H": {"schema": schema}}}})}})  # fmt: skip
    if position in ("rp", "sp"):
        schema = {"type": "object", "properties": {"x": schema}}
    if position in ("rb", "rp"):
        return doc({"/t": {"post": op(requestBody=json_body(schema, media))}})
    return doc({"/t": {"get": with_response(schema, media=media)}})
