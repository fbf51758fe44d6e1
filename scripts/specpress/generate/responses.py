"""What an operation returns: its success response, whatever shape the spec gives it.

Why a module: a success response may be a ``$ref`` to ``components/responses``, have no content
(``None``), a JSON body of any schema (a model, a bare array, a scalar, a union; an inline object
is hoisted first, see ``inline``), text (``str``) or anything else (``bytes``). Media types
count as JSON when they are ``application/json`` or ``*+json`` (parameters such as
``; version=1.2.3`` ignored); ``*/*`` counts as JSON unless its schema is binary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specpress.openapi import pointer
from specpress.openapi.document import OpenAPIDocument, Operation
from specpress.openapi.pointer import child

from . import types
from .naming import PackageNames

__all__ = ["Success", "follow", "is_json", "media_kind", "return_type", "success_response"]


@dataclass(frozen=True)
class Success:
    """The success response an operation's method returns.

    ``kind``: ``json`` (``schema`` at ``where``), ``text``, ``bytes`` or ``none``.
    """

    kind: str
    schema: Any = None
    where: str = ""
    media: str = ""
    code: str = ""


def is_json(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def media_kind(media: str, schema: Any) -> str:
    """``json``, ``text`` or ``bytes`` for a response media type and its schema."""
    base = media.split(";", 1)[0].strip().lower()
    binary = isinstance(schema, dict) and schema.get("format") in ("binary", "byte")
    if is_json(media) or (base in ("*/*", "application/*") and not binary):
        return "json"
    if base.startswith("text/"):
        return "text"
    return "bytes"


def _codes(responses: dict[Any, Any]) -> list[tuple[str, Any]]:
    """2xx responses in order: exact codes first (``200`` < ``201``), then ``2XX``."""
    found = [(str(code), value) for code, value in responses.items()]
    exact = sorted((c, v) for c, v in found if c.isdigit() and c.startswith("2"))
    ranges = [(c, v) for c, v in found if c.upper() == "2XX"]
    return exact + ranges


def success_response(doc: OpenAPIDocument, op: Operation) -> Success:
    """The first 2xx response (``$ref`` followed); JSON content first, then text, then other."""
    responses = op.node.get("responses")
    if not isinstance(responses, dict):
        return Success("none")
    for code, raw in _codes(responses):
        response, where = follow(doc, raw, child(op.pointer, "responses", code))
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not content:
            return Success("none", code=code)
        media_types = [str(m) for m in content]
        ranked = sorted(
            media_types,
            key=lambda m: {"json": 0, "text": 1, "bytes": 2}[
                media_kind(m, (content[m] or {}).get("schema"))
            ],
        )
        media = ranked[0]
        entry = content[media] if isinstance(content[media], dict) else {}
        schema = entry.get("schema")
        kind = media_kind(media, schema)
        return Success(kind, schema, child(where, "content", media, "schema"), media, code)
    return Success("none")


def follow(doc: OpenAPIDocument, node: Any, where: str) -> tuple[Any, str]:
    """``node`` with its local ``$ref`` chain followed, and the pointer where it really is (a
    ``components/responses`` entry, say), so that it can be rewritten where it is written."""
    resolved = doc.resolve(node, where)  # every error (a loop, nowhere, another file) at `where`
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        where = node["$ref"][1:]
        _, node = pointer.lookup(doc.data, where)
    return resolved, where


def return_type(
    doc: OpenAPIDocument, names: PackageNames, success: Success
) -> types.TypeNode | None:
    """The annotation of what the method returns (``None``: nothing)."""
    if success.kind == "none":
        return None
    if success.kind == "text":
        return types.TypeRef("str")
    if success.kind == "bytes":
        return types.TypeRef("bytes")
    if success.schema is None:
        return types.ANY
    node = types.schema_type(doc, names, success.schema, success.where, for_input=False)
    if types.is_nullable(doc, success.schema, success.where) and node != types.ANY:
        node = types.union([node, types.TypeRef("None")])
    return node
