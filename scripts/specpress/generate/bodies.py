"""Request bodies: an operation's ``requestBody`` as the keyword arguments of its method.

``request_body(doc, names, op, taken)`` is the one entry point (``endpoints`` calls it for every
method): it picks the media type the client sends (JSON, else multipart/form-data, else a urlencoded
form, else raw bytes) and returns a ``RequestBody`` with the body's keywords (their names added
to ``taken``), the typed overloads of a oneOf/anyOf body, and what the runtime needs to put the
body on the wire: its ``kind``, the multipart fields that carry files (typed with the runtime's
``FileTypes``, as in the official SDKs) and their part content types.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError
from specpress.openapi.pointer import child

from . import types
from .naming import parameter_name
from .params import Param, field_doc

if TYPE_CHECKING:
    from specpress.openapi.document import OpenAPIDocument, Operation

    from .naming import PackageNames

__all__ = ["BODY_KINDS", "ENCODED_KINDS", "RequestBody", "choose_media_type", "request_body"]

#: How a body goes on the wire: nothing, JSON, multipart/form-data, urlencoded form, raw bytes.
BODY_KINDS = ("none", "json", "multipart", "form", "binary")
#: The kinds the runtime's ``_files`` module encodes (``EncodedBody``).
ENCODED_KINDS = frozenset({"multipart", "form", "binary"})
_JSON = "application/json"
_MULTIPART = "multipart/form-data"
_FORM = "application/x-www-form-urlencoded"
_OCTET_STREAM = "application/octet-stream"
#: The keyword of a raw (binary) body, as in the official SDKs.
BINARY_KEYWORD = "body"
FILE_TYPES = types.TypeRef("FileTypes")
FILE_CONTENT = types.TypeRef("FileContent")


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

    @property
    def encoded(self) -> bool:
        """Whether the runtime's ``_files`` encodes it (multipart, form, binary)."""
        return self.kind in ENCODED_KINDS

    @property
    def encoder(self) -> str:
        """The ``_files`` function that builds it ("" for JSON and none)."""
        return {"multipart": "multipart_body", "form": "form_body", "binary": "binary_body"}.get(
            self.kind, ""
        )

    @property
    def annotation_imports(self) -> list[str]:
        """The ``_files`` type aliases its keywords' annotations name."""
        named = {n for p in self.params for n in _type_names(p.type)}
        return sorted(named & {FILE_TYPES.name, FILE_CONTENT.name})


def _type_names(node: types.TypeNode) -> set[str]:
    if isinstance(node, types.TypeRef):
        return {node.name}.union(*(_type_names(a) for a in node.args))
    if isinstance(node, types.Union):
        return set().union(*(_type_names(m) for m in node.members))
    return set()


def choose_media_type(content: dict[str, Any]) -> str | None:
    """The media type the client sends: JSON first (``application/json`` or any ``+json``), then
    multipart, then a urlencoded form, then any other type as raw bytes."""
    kinds = [str(k) for k in content]
    for wanted in (_JSON, _MULTIPART, _FORM):
        if wanted in kinds:
            return wanted
    json_like = [k for k in kinds if k.split(";")[0].strip().endswith("+json")]
    if json_like:
        return json_like[0]
    return kinds[0] if kinds else None


def _kind(media_type: str) -> str:
    base = media_type.split(";")[0].strip().lower()
    if base == _JSON or base.endswith("+json"):
        return "json"
    return {_MULTIPART: "multipart", _FORM: "form"}.get(base, "binary")


def request_body(
    doc: OpenAPIDocument, names: PackageNames, op: Operation, taken: set[str]
) -> RequestBody:
    """The body of ``op`` (kind ``none`` when it has none); its keywords are added to ``taken``."""
    where = child(op.pointer, "requestBody")
    body = doc.resolve(op.node.get("requestBody"), where)
    if not isinstance(body, dict):
        return RequestBody()
    content = body.get("content") or {}
    if not isinstance(content, dict) or not content:
        return RequestBody()
    media_type = choose_media_type(content)
    assert media_type is not None
    media = content.get(media_type)
    media = media if isinstance(media, dict) else {}
    kind = _kind(media_type)
    sw = child(where, "content", media_type, "schema")
    schema = media.get("schema") or {}
    required = bool(body.get("required"))
    if kind == "binary":
        return _binary(doc, media_type, schema, sw, taken)
    props, _ = doc.object_view(schema, sw)
    if kind != "json" and not props:
        raise SpecpressError(
            f"a {media_type} body must be an object schema with properties",
            file=doc.source,
            location=sw,
        )
    params, overloads = _object_fields(doc, names, schema, sw, taken)
    files: tuple[str, ...] = ()
    encoding: tuple[tuple[str, str], ...] = ()
    if kind == "multipart":
        params, files = _file_fields(doc, params, props, sw)
        overloads = [_file_fields(doc, variant, props, sw)[0] for variant in overloads]
        encoding = _encoding(media.get("encoding"), files)
    return RequestBody(
        kind=kind,
        media_type=media_type,
        params=params,
        overloads=overloads,
        required=required,
        files=files,
        encoding=encoding,
    )


def _is_file(doc: OpenAPIDocument, schema: Any, where: str) -> bool:
    """A string property carrying bytes: ``format: binary`` (3.0) or a ``contentMediaType``
    without ``contentEncoding`` (3.1)."""
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return False
    typ = resolved.get("type")
    strings = typ == "string" or (isinstance(typ, list) and "string" in typ)
    return strings and (
        resolved.get("format") == "binary"
        or ("contentMediaType" in resolved and "contentEncoding" not in resolved)
    )


def _file_fields(
    doc: OpenAPIDocument, params: list[Param], props: dict[str, Any], sw: str
) -> tuple[list[Param], tuple[str, ...]]:
    """The multipart keywords with file fields typed ``FileTypes`` (a list of files:
    ``list[FileTypes]``), and the wire names of the file fields."""
    files: list[str] = []
    typed: list[Param] = []
    for param in params:
        prop = props.get(param.wire)
        pw = child(sw, "properties", param.wire)
        resolved = doc.resolve(prop, pw) if prop is not None else None
        file_type: types.TypeNode | None = None
        if _is_file(doc, prop, pw):
            file_type = FILE_TYPES
        elif (
            isinstance(resolved, dict)
            and resolved.get("type") == "array"
            and _is_file(doc, resolved.get("items") or {}, child(pw, "items"))
        ):
            file_type = types.TypeRef("list", (FILE_TYPES,))
        if file_type is None:
            typed.append(param)
            continue
        files.append(param.wire)
        typed.append(replace(param, type=file_type, nullable=False))
    return typed, tuple(files)


def _encoding(encoding: Any, files: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The spec's part content types of file fields (``encoding.<name>.contentType``)."""
    if not isinstance(encoding, dict):
        return ()
    pairs = []
    for name in files:
        entry = encoding.get(name)
        value = entry.get("contentType") if isinstance(entry, dict) else None
        if isinstance(value, str) and value.strip():
            pairs.append((name, value.strip()))
    return tuple(pairs)


def _binary(
    doc: OpenAPIDocument, media_type: str, schema: Any, sw: str, taken: set[str]
) -> RequestBody:
    """A raw body: one keyword (``body``) taking bytes, a binary file or a path."""
    name = parameter_name(BINARY_KEYWORD, taken)
    taken.add(name)
    text, _ = field_doc(doc, schema, sw) if schema else ("", "")
    content_type = media_type if "*" not in media_type else _OCTET_STREAM
    param = Param(
        name=name,
        wire=BINARY_KEYWORD,
        location="body",
        required=True,
        type=FILE_CONTENT,
        doc=text or f"The {content_type} content: bytes, a binary file object or a path.",
    )
    return RequestBody(kind="binary", media_type=content_type, params=[param], required=True)


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
