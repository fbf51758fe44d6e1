"""Request bodies: an operation's ``requestBody`` as the keyword arguments of its method.

``request_body(doc, names, op, taken)`` is the one entry point (``endpoints`` calls it for every
method): it picks the media type the client sends and returns a ``RequestBody`` with the body's
keywords (their names added to ``taken``), the typed overloads of a oneOf/anyOf body, and what
the runtime needs to put the body on the wire (its ``kind``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError
from specpress.openapi.pointer import child

from . import types
from .naming import parameter_name
from .params import Param, field_doc

if TYPE_CHECKING:
    from specpress.openapi.document import OpenAPIDocument, Operation

    from .naming import PackageNames

__all__ = ["BODY_KINDS", "RequestBody", "request_body"]

#: How a body goes on the wire: nothing, JSON, multipart/form-data, urlencoded form, raw bytes.
BODY_KINDS = ("none", "json", "multipart", "form", "binary")
_JSON = "application/json"


@dataclass
class RequestBody:
    """The request body of one method."""

    kind: str = "none"  # one of BODY_KINDS
    media_type: str = ""  # the Content-Type sent (multipart: without the boundary)
    params: list[Param] = field(default_factory=list)  # its keywords, every variant's fields
    # One keyword set per variant of a oneOf/anyOf body (rendered as typed overloads), else empty.
    overloads: list[list[Param]] = field(default_factory=list)
    required: bool = False  # requestBody.required
    files: tuple[str, ...] = ()  # wire names of the fields that carry files (multipart)
    encoding: tuple[tuple[str, str], ...] = ()  # wire name -> part Content-Type (multipart)


def request_body(
    doc: OpenAPIDocument, names: PackageNames, op: Operation, taken: set[str]
) -> RequestBody:
    """The body of ``op`` (kind ``none`` when it has none); its keywords are added to ``taken``."""
    body = op.node.get("requestBody")
    if not isinstance(body, dict):
        return RequestBody()
    content = body.get("content") or {}
    media = content.get(_JSON)
    if not isinstance(media, dict):
        if content:
            raise SpecpressError(
                "only application/json request bodies are supported",
                file=doc.source,
                location=child(op.pointer, "requestBody"),
            )
        return RequestBody()
    sw = child(op.pointer, "requestBody", "content", _JSON, "schema")
    params, overloads = _object_fields(doc, names, media.get("schema") or {}, sw, taken)
    return RequestBody(
        kind="json",
        media_type=_JSON,
        params=params,
        overloads=overloads,
        required=bool(body.get("required")),
    )


def _object_fields(
    doc: OpenAPIDocument, names: PackageNames, schema: Any, sw: str, taken: set[str]
) -> tuple[list[Param], list[list[Param]]]:
    """Keyword arguments of an object body (every variant's fields), and one keyword set per
    variant of a oneOf/anyOf body (rendered as typed overloads)."""
    resolved = doc.resolve(schema, sw)
    combiner = next(
        (c for c in ("oneOf", "anyOf") if isinstance(resolved, dict) and resolved.get(c)), None
    )
    variants = resolved[combiner] if combiner else None
    views = (
        [doc.object_view(v, child(sw, combiner, i)) for i, v in enumerate(variants)]
        if variants and combiner
        else [doc.object_view(schema, sw)]
    )
    order: dict[str, list[types.TypeNode]] = {}  # wire name -> its type in each variant
    first: dict[str, Any] = {}
    required_in: dict[str, int] = {}
    nullable: dict[str, bool] = {}
    for props, required in views:
        for name, prop in props.items():
            pw = child(sw, "properties", name)
            order.setdefault(name, []).append(
                types.schema_type(doc, names, prop, pw, for_input=True)
            )
            first.setdefault(name, prop)
            nullable[name] = nullable.get(name, False) or types.is_nullable(doc, prop, pw)
            required_in[name] = required_in.get(name, 0) + (name in required)
    by_wire: dict[str, Param] = {}
    for name, variant_types in order.items():
        pname = parameter_name(name, taken)
        taken.add(pname)
        text, default = field_doc(doc, first[name], child(sw, "properties", name))
        by_wire[name] = Param(
            name=pname,
            wire=name,
            location="body",
            required=required_in[name] == len(views),
            type=types.merge(variant_types),
            nullable=nullable[name],
            doc=text,
            default_doc=default,
        )
    overloads: list[list[Param]] = []
    if variants and combiner and len(views) > 1 and all(props for props, _ in views):
        for i, (props, required) in enumerate(views):
            keyword_set = []
            for name, prop in props.items():
                pw = child(sw, combiner, i, "properties", name)
                base = by_wire[name]
                typed = types.closed_literal(doc, prop, pw) or types.schema_type(
                    doc, names, prop, pw, for_input=True
                )
                keyword_set.append(
                    Param(
                        name=base.name,
                        wire=name,
                        location="body",
                        required=name in required,
                        type=typed,
                        nullable=types.is_nullable(doc, prop, pw),
                        doc=base.doc,
                        default_doc=base.default_doc,
                    )
                )
            keyword_set.sort(key=lambda p: not p.required)
            overloads.append(keyword_set)
    return list(by_wire.values()), overloads
