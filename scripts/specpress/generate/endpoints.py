"""Endpoint data for the client templates: each sdk.yaml method as a typed ``Endpoint``.

The templates render what is decided here and decide nothing themselves: the keyword of every
parameter (``naming.parameter_name``), its type tree (``types``), whether it is required or
nullable, its one-line doc, the path template split into literal pieces and parameters, the
return model or the page style and item model, the typed overloads of a oneOf/anyOf body, and the
resource tree (``client.embed.v_2.tasks``) with each resource's waiter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError
from specpress.openapi.document import OpenAPIDocument, Operation
from specpress.openapi.pointer import child

from . import types
from .bodies import RequestBody, request_body
from .naming import PackageNames, parameter_name, pascal
from .pages import PageStyle, page_style
from .params import Param, field_doc, first_paragraph

if TYPE_CHECKING:
    from specpress.config.model import Example, MethodSpec, ResourceSpec, SdkConfig, WaiterSpec

__all__ = ["Endpoint", "Param", "Resource", "build_resources"]

_JSON = "application/json"


@dataclass
class Endpoint:
    """One method of a resource: an operation of the spec under its sdk.yaml name."""

    name: str
    operation_id: str
    http_method: str
    path: str
    path_parts: list[tuple[bool, str]]  # (is_param, literal text or python name)
    path_params: list[Param]
    query_params: list[Param]
    body_params: list[Param]
    has_body: bool
    return_type: str | None  # model class of the response, for an unpaginated method
    page: PageStyle | None
    page_item: str | None  # model class of the page items
    summary: str
    description: str
    examples: list[Example] = field(default_factory=list)
    # One keyword set per variant of a oneOf/anyOf request body (typed overloads), else empty.
    overloads: list[list[Param]] = field(default_factory=list)
    # How the body goes on the wire (``bodies.RequestBody``: kind, media type, files, encoding).
    request_body: RequestBody = field(default_factory=RequestBody)

    @property
    def params(self) -> list[Param]:
        return [*self.path_params, *self.query_params, *self.body_params]

    @property
    def required_params(self) -> list[Param]:
        return [p for p in self.params if p.required]

    @property
    def optional_params(self) -> list[Param]:
        return [p for p in self.params if not p.required]

    @property
    def model_imports(self) -> list[str]:
        """Every model class the method's signatures and body name."""
        names = {n for p in self.params for n in p.type.models()}
        names.update(n for variant in self.overloads for p in variant for n in p.type.models())
        names.update(n for n in (self.return_type, self.page_item) if n)
        return sorted(names)


@dataclass
class Resource:
    """One resource path of sdk.yaml (``streaming.ai_tasks``) with its methods and children."""

    path: tuple[str, ...]
    class_name: str
    module: str
    operations: list[Endpoint]
    waiter: WaiterSpec | None
    waiter_model: str | None  # what the waiter returns: the retrieve method's model
    children: list[Resource] = field(default_factory=list)

    @property
    def attr(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def model_imports(self) -> list[str]:
        return sorted({n for op in self.operations for n in op.model_imports})

    @property
    def page_styles(self) -> list[PageStyle]:
        """The page styles its methods use, once each."""
        return list(dict.fromkeys(op.page for op in self.operations if op.page))

    @property
    def list_operation(self) -> Endpoint | None:
        """The first paginated method (README examples), if any."""
        return next((op for op in self.operations if op.page), None)


def build_resources(doc: OpenAPIDocument, config: SdkConfig, names: PackageNames) -> list[Resource]:
    """Every resource of sdk.yaml, sorted by path, children attached to their parents."""
    ops = doc.operations_by_id()
    by_path: dict[tuple[str, ...], Resource] = {}
    for rs in config.resources:
        endpoints = [_endpoint(doc, names, m, ops, config.source) for m in rs.methods]
        by_path[rs.path] = Resource(
            path=rs.path,
            class_name=pascal(rs.path),
            module="_".join(rs.path),
            operations=endpoints,
            waiter=rs.waiter,
            waiter_model=_waiter_model(rs, endpoints, config),
        )
    for path in sorted(by_path):
        if len(path) == 1:
            continue
        parent = by_path.get(path[:-1])
        if parent is None:
            raise SpecpressError(
                f"resource {'.'.join(path)!r} has no parent resource {'.'.join(path[:-1])!r}",
                file=config.source,
                location="/resources",
            )
        parent.children.append(by_path[path])
    class_names = [r.class_name for r in by_path.values()]
    if len({n.lower() for n in class_names}) != len(class_names):
        raise SpecpressError("two resources give the same class name", file=config.source)
    return [by_path[p] for p in sorted(by_path)]


def _waiter_model(rs: ResourceSpec, endpoints: list[Endpoint], config: SdkConfig) -> str | None:
    w = rs.waiter
    if w is None:
        return None
    retrieve = next(op for op in endpoints if op.name == w.retrieve)
    if retrieve.return_type is None or [p.name for p in retrieve.required_params] != [w.id_param]:
        raise SpecpressError(
            f"waiter.retrieve {w.retrieve!r} must take exactly `{w.id_param}` and return a model",
            file=config.source,
            location="/resources",
        )
    return retrieve.return_type


def _endpoint(
    doc: OpenAPIDocument,
    names: PackageNames,
    method: MethodSpec,
    ops: dict[str, Operation],
    sdk_source: Path,
) -> Endpoint:
    if method.operation not in ops:
        raise SpecpressError(
            f"operation {method.operation!r} is not in the spec {Path(str(doc.source)).name}",
            file=sdk_source,
            location=f"{method.where}/operation",
        )
    op = ops[method.operation]
    taken: set[str] = set()
    path_params, query_params = _parameters(doc, names, op, taken)
    body = request_body(doc, names, op, taken)
    return_type, page_item = _returns(doc, names, method, op, sdk_source)
    params = [*path_params, *query_params, *body.params]
    return Endpoint(
        name=method.name,
        operation_id=method.operation,
        http_method=op.method.upper(),
        path=op.path,
        path_parts=_path_parts(doc, op, path_params),
        path_params=path_params,
        query_params=query_params,
        body_params=body.params,
        has_body=body.kind != "none",
        return_type=return_type,
        page=page_style(method.paginate) if method.paginate else None,
        page_item=page_item,
        summary=str(op.node.get("summary") or "").strip(),
        description=str(op.node.get("description") or "").strip(),
        examples=_checked_examples(method, params, sdk_source),
        overloads=body.overloads,
        request_body=body,
    )


def _parameters(
    doc: OpenAPIDocument, names: PackageNames, op: Operation, taken: set[str]
) -> tuple[list[Param], list[Param]]:
    """Path and query keywords (headers and cookies are the client's: auth lives there)."""
    path_params: list[Param] = []
    query_params: list[Param] = []
    for parameter in op.parameters:
        loc = parameter.location
        if loc in ("header", "cookie"):
            continue
        if loc not in ("path", "query"):
            raise SpecpressError(
                f"unknown parameter location {loc!r}", file=doc.source, location=parameter.pointer
            )
        pname = parameter_name(parameter.name, taken)
        taken.add(pname)
        schema = parameter.node.get("schema") or {}
        where = child(parameter.pointer, "schema")
        text, default = field_doc(doc, schema, where)
        if parameter.node.get("description"):
            text = first_paragraph(parameter.node["description"])
        (path_params if loc == "path" else query_params).append(
            Param(
                name=pname,
                wire=parameter.name,
                location=loc,
                required=bool(parameter.node.get("required")) or loc == "path",
                type=types.schema_type(doc, names, schema, where, for_input=True),
                doc=text,
                default_doc=default,
            )
        )
    return path_params, query_params


def _path_parts(
    doc: OpenAPIDocument, op: Operation, path_params: list[Param]
) -> list[tuple[bool, str]]:
    """The path template as literal pieces and parameter keywords."""
    parts: list[tuple[bool, str]] = []
    by_wire = {p.wire: p.name for p in path_params}
    for piece in re.split(r"(\{[^{}]*\})", op.path):
        if not piece:
            continue
        if piece.startswith("{") and piece.endswith("}"):
            wire = piece[1:-1]
            if wire not in by_wire:
                raise SpecpressError(
                    f"path parameter {wire!r} is not declared",
                    file=doc.source,
                    location=op.pointer,
                )
            parts.append((True, by_wire[wire]))
        else:
            parts.append((False, piece))
    return parts


def _success_schema(op: Operation) -> Any:
    """The JSON schema of the first 2xx response, if it has one."""
    responses = op.node.get("responses") or {}
    for code in sorted(str(c) for c in responses):
        if code.startswith("2"):
            response = responses[code] if code in responses else responses[int(code)]
            media = ((response or {}).get("content") or {}).get(_JSON)
            return media.get("schema") if isinstance(media, dict) else None
    return None


def _returns(
    doc: OpenAPIDocument, names: PackageNames, method: MethodSpec, op: Operation, sdk: Path
) -> tuple[str | None, str | None]:
    """(return model, page item model): a paginated method returns pages of a named schema."""
    success = _success_schema(op)
    where = child(op.pointer, "responses")
    if method.paginate is not None:
        props, _ = doc.object_view(success or {}, where)
        items = props.get(method.paginate.items)
        item_schema = (doc.resolve(items, op.pointer) or {}).get("items") if items else None
        item_ref = doc.ref_name(item_schema)
        if item_ref is None:
            raise SpecpressError(
                f"paginate.items {method.paginate.items!r}: the response has no array of a "
                "named schema under that key",
                file=sdk,
                location=f"{method.where}/paginate/items",
            )
        return None, names.of(item_ref)
    if success is None:
        return None, None
    ref = doc.ref_name(success)
    if ref is None:
        raise SpecpressError(
            "the success response schema must be a $ref (run specpress build to hoist it)",
            file=doc.source,
            location=where,
        )
    return names.of(ref), None


def _checked_examples(method: MethodSpec, params: list[Param], sdk_source: Path) -> list[Example]:
    """README examples may only use keyword names the generated method really has."""
    known = {p.name for p in params}
    for example in method.examples:
        for key, _ in example.kwargs:
            if key not in known:
                raise SpecpressError(
                    f"example uses {key!r}, which {method.name}() does not take "
                    f"(parameters: {', '.join(sorted(known)) or 'none'})",
                    file=sdk_source,
                    location=f"{example.where}/kwargs/{key}",
                )
    return list(method.examples)
