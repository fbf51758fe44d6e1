"""Endpoint data for the client templates: each method of the package as a typed ``Endpoint``.

The templates render what is decided here and decide nothing themselves: the keyword of every
parameter (``naming.parameter_name``), its type tree (``types``), whether it is required or
nullable, its one-line doc, the path template split into literal pieces and parameters, what
the method returns (``responses``) or the page style and item type (``paging``), the typed
overloads of a oneOf/anyOf body, and the resource tree (``client.embed.v_2.tasks``) with each
resource's waiter. The methods come from ``layout.resource_specs`` (the hand map of sdk.yaml, or
derived from tags and paths).

An operation that cannot be generated (a request body of a kind the package cannot send yet, a
parameter in an unknown place) is left out with a ``Skipped`` entry naming it and why; the rest of
the package is generated. Mistakes in sdk.yaml itself stay errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError
from specpress.openapi.document import OpenAPIDocument, Operation
from specpress.openapi.pointer import child

from . import paging, types
from .bodies import RequestBody, request_body
from .layout import operation_key, operations_by_key, request_path
from .naming import PackageNames, parameter_name, pascal
from .pages import PageStyle
from .params import Param, field_doc, first_paragraph
from .responses import Success, return_type, success_response

if TYPE_CHECKING:
    from specpress.config.model import Example, MethodSpec, ResourceSpec, SdkConfig, WaiterSpec

__all__ = ["Endpoint", "Layout", "Param", "Resource", "Skipped", "Unsupported", "build_resources"]

#: Headers the client sets itself: a parameter of that name is not a keyword.
_CLIENT_HEADERS = frozenset({"accept", "content-type", "content-length", "user-agent", "host"})


class Unsupported(Exception):
    """An operation that cannot be generated: ``reason`` says why, ``where`` is the pointer."""

    def __init__(self, reason: str, where: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where


@dataclass(frozen=True)
class Skipped:
    """An operation left out of the package (a one-line warning, and a line in api.md)."""

    operation: str  # "<METHOD> <path> (<operationId>)"
    reason: str
    where: str

    @property
    def line(self) -> str:
        return f"skipped {self.operation}: {self.reason}"


@dataclass
class Endpoint:
    """One method of a resource: an operation of the spec under its method name."""

    name: str
    operation_id: str
    http_method: str
    path: str
    path_parts: list[tuple[bool, str]]  # (is_param, literal text or python name)
    path_params: list[Param]
    query_params: list[Param]
    body_params: list[Param]
    has_body: bool
    returns: types.TypeNode | None  # what an unpaginated method returns (None: nothing)
    page: PageStyle | None
    page_item: types.TypeNode | None  # the type of the page items
    summary: str
    description: str
    examples: list[Example] = field(default_factory=list)
    # One keyword set per variant of a oneOf/anyOf request body (typed overloads), else empty.
    overloads: list[list[Param]] = field(default_factory=list)
    header_params: list[Param] = field(default_factory=list)  # headers and cookies
    body_param: Param | None = None  # a body that is not an object: one keyword, sent whole
    # How the body goes on the wire (``bodies.RequestBody``: kind, media type, files, encoding).
    request_body: RequestBody = field(default_factory=RequestBody)
    # A JSON string body (`"x"`): decoded, where `cast_to=str` would return the text as sent.
    json_string: bool = False

    @property
    def params(self) -> list[Param]:
        whole = [self.body_param] if self.body_param else []
        return [*self.path_params, *self.query_params, *self.header_params, *self.body_params,
                *whole]  # fmt: skip

    @property
    def keyword_params(self) -> list[Param]:
        """Every keyword after ``*`` (all but the path parameters)."""
        return [p for p in self.params if p.location != "path"]

    @property
    def required_params(self) -> list[Param]:
        return [p for p in self.params if p.required]

    @property
    def optional_params(self) -> list[Param]:
        return [p for p in self.params if not p.required]

    @property
    def headers(self) -> list[Param]:
        return [p for p in self.header_params if p.location == "header"]

    @property
    def cookies(self) -> list[Param]:
        return [p for p in self.header_params if p.location == "cookie"]

    @property
    def model_imports(self) -> list[str]:
        """Every model class the method's signatures and body name."""
        names = {n for p in self.params for n in p.type.models()}
        names.update(n for variant in self.overloads for p in variant for n in p.type.models())
        return sorted(names.union(self.runtime_models))

    @property
    def runtime_models(self) -> list[str]:
        """The model classes the method's body names at run time (``cast_to``, page classes)."""
        found: set[str] = set()
        for node in (self.returns, self.page_item):
            if node is not None:
                found.update(node.models())
        return sorted(found)

    @property
    def sample_args(self) -> list[str]:
        """Placeholder arguments for a README call: one per path parameter, upper-cased."""
        return [p.name.upper() for p in self.path_params]


@dataclass
class Resource:
    """One resource path (``streaming.ai_tasks``) with its methods and children."""

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

    def shadowed_at(self, op: Endpoint | None = None) -> frozenset[str]:
        """Builtin type names shadowed where ``op`` is defined (None: after every method): a
        method defined earlier in the class (``list()``), or a child resource, hides the builtin
        from the annotations that follow, so they write ``builtins.list``."""
        names = {c.attr for c in self.children}
        for earlier in self.operations:
            if earlier is op:
                break
            names.add(earlier.name)
        if op is None and self.waiter:
            names |= {self.waiter.method, self.waiter.official_alias or ""}
        return frozenset(names & types.BUILTIN_TYPES)

    @property
    def list_operation(self) -> Endpoint | None:
        """The first paginated method (README examples), if any."""
        return next((op for op in self.operations if op.page), None)

    @property
    def get_operation(self) -> Endpoint | None:
        """The first method that fetches one thing by its path parameters alone (README)."""
        return next(
            (
                op
                for op in self.operations
                if op.path_params
                and op.returns is not None
                and not any(p.required for p in op.keyword_params)
            ),
            None,
        )

    @property
    def bare_operation(self) -> Endpoint | None:
        """The first method that needs no argument at all (README)."""
        return next((op for op in self.operations if not op.required_params), None)


@dataclass
class Layout:
    """The resources of a package, and the operations left out (with why)."""

    resources: list[Resource]
    skipped: list[Skipped]


def build_resources(
    doc: OpenAPIDocument,
    config: SdkConfig,
    names: PackageNames,
    specs: tuple[ResourceSpec, ...],
) -> Layout:
    """Every resource of ``specs``, sorted by path, children attached to their parents."""
    ops = operations_by_key(doc)
    by_path: dict[tuple[str, ...], Resource] = {}
    skipped: list[Skipped] = []
    for rs in specs:
        endpoints = []
        for method in rs.methods:
            op = _operation(doc, method, ops, config.source)
            try:
                endpoints.append(_endpoint(doc, config, names, method, op))
            except Unsupported as why:
                described = f"{op.method.upper()} {request_path(op)}"
                if op.operation_id:
                    described += f" ({op.operation_id})"
                skipped.append(Skipped(described, why.reason, why.where))
        by_path[rs.path] = Resource(
            path=rs.path,
            class_name=pascal(rs.path),
            module="_".join(rs.path),
            operations=endpoints,
            waiter=rs.waiter,
            waiter_model=_waiter_model(doc, rs, endpoints, config),
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
    return Layout([by_path[p] for p in sorted(by_path)], skipped)


def _operation(
    doc: OpenAPIDocument, method: MethodSpec, ops: dict[str, Operation], sdk_source: Path
) -> Operation:
    if method.operation not in ops:
        raise SpecpressError(
            f"operation {method.operation!r} is not in the spec {Path(str(doc.source)).name}",
            file=sdk_source,
            location=f"{method.where}/operation",
        )
    return ops[method.operation]


def _waiter_model(
    doc: OpenAPIDocument, rs: ResourceSpec, endpoints: list[Endpoint], config: SdkConfig
) -> str | None:
    """The model the waiter returns; its status field must hold the terminal values."""
    w = rs.waiter
    if w is None:
        return None
    where = f"/resources/{config.resources.index(rs)}/waiter" if rs in config.resources else ""
    retrieve = next((op for op in endpoints if op.name == w.retrieve), None)
    model = retrieve.returns if retrieve else None
    if (
        retrieve is None
        or not isinstance(model, types.TypeRef)
        or not model.model
        or [p.name for p in retrieve.required_params] != [w.id_param]
    ):
        raise SpecpressError(
            f"waiter.retrieve {w.retrieve!r} must take exactly `{w.id_param}` and return a model",
            file=config.source,
            location=f"{where}/retrieve" if where else "/resources",
        )
    status = _status_values(doc, retrieve, w.status_field)
    if status is None:
        raise SpecpressError(
            f"waiter.status_field {w.status_field!r} is not a field of {model.name}",
            file=config.source,
            location=f"{where}/status_field" if where else "/resources",
        )
    unknown = [value for value in w.terminal if status and value not in status]
    if unknown:
        raise SpecpressError(
            f"waiter.terminal {unknown} are not values of {model.name}.{w.status_field} "
            f"(one of {', '.join(map(str, status))})",
            file=config.source,
            location=f"{where}/terminal" if where else "/resources",
        )
    return model.name


def _status_values(doc: OpenAPIDocument, retrieve: Endpoint, field_name: str) -> list[Any] | None:
    """The enum values of the retrieve model's status field ([] when it has no enum), or None
    when the model has no such field."""
    op = _op_by_id(doc, retrieve.operation_id)
    success = success_response(doc, op)
    props, _ = doc.object_view(success.schema or {}, success.where)
    wire = next((k for k in props if field_name in (k, snake_case(k))), None)
    if wire is None:
        return None
    return _enum_values(doc, props[wire], child(success.where, "properties", wire))


def _enum_values(doc: OpenAPIDocument, schema: Any, where: str) -> list[Any]:
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return []
    if isinstance(resolved.get("enum"), list):
        return [v for v in resolved["enum"] if v is not None]
    if "const" in resolved:
        return [resolved["const"]]
    values: list[Any] = []
    for combiner in ("allOf", "oneOf", "anyOf"):
        for i, member in enumerate(resolved.get(combiner) or []):
            values.extend(_enum_values(doc, member, child(where, combiner, i)))
    return values


def _op_by_id(doc: OpenAPIDocument, key: str) -> Operation:
    return operations_by_key(doc)[key]


def snake_case(name: str) -> str:
    from openapi_python_client.strings import snake_case as opc_snake_case

    return str(opc_snake_case(name))


def _endpoint(
    doc: OpenAPIDocument, config: SdkConfig, names: PackageNames, method: MethodSpec, op: Operation
) -> Endpoint:
    taken: set[str] = set()
    path_params, query_params, header_params = _parameters(doc, config, names, op, taken)
    body, body_param = _body(doc, names, op, taken)
    success = success_response(doc, op)
    page, page_item, returns = _returns(doc, names, method, op, success, config.source)
    params = [*path_params, *query_params, *header_params, *body.params]
    if body_param is not None:
        params.append(body_param)
    return Endpoint(
        name=method.name,
        operation_id=operation_key(op),
        http_method=op.method.upper(),
        path=request_path(op),
        path_parts=_path_parts(op, path_params),
        path_params=path_params,
        query_params=query_params,
        body_params=body.params,
        has_body=body.kind != "none",
        returns=returns,
        page=page,
        page_item=page_item,
        summary=str(op.node.get("summary") or "").strip(),
        description=str(op.node.get("description") or "").strip(),
        examples=_checked_examples(method, params, config.source),
        overloads=_distinct_overloads(body.overloads),
        header_params=header_params,
        body_param=body_param,
        request_body=body,
        json_string=success.kind == "json" and returns == types.TypeRef("str"),
    )


def _parameters(
    doc: OpenAPIDocument, config: SdkConfig, names: PackageNames, op: Operation, taken: set[str]
) -> tuple[list[Param], list[Param], list[Param]]:
    """Path, query and header/cookie keywords (the auth header and the headers the client sets
    itself are the client's)."""
    found: dict[str, list[Param]] = {"path": [], "query": [], "header": []}
    auth_header = config.client.auth_header.lower()
    auth_query = config.client.auth_query
    # path parameters first: the positional arguments keep the plain names on a clash
    for parameter in sorted(op.parameters, key=lambda p: p.location != "path"):
        loc = parameter.location
        if loc not in ("path", "query", "header", "cookie"):
            raise Unsupported(f"a parameter in {loc!r} (not path, query, header or cookie)",
                              parameter.pointer)  # fmt: skip
        if loc == "header" and parameter.name.lower() in {auth_header, *_CLIENT_HEADERS}:
            continue
        if loc == "query" and auth_query and parameter.name == auth_query:
            continue
        if not parameter.name:
            raise Unsupported("a parameter without a name", parameter.pointer)
        pname = parameter_name(parameter.name, taken)
        taken.add(pname)
        schema = parameter.node.get("schema")
        if schema is None and isinstance(parameter.node.get("content"), dict):
            media = next(iter(parameter.node["content"].values()), None)
            schema = media.get("schema") if isinstance(media, dict) else None
        schema = schema if schema is not None else {}
        where = child(parameter.pointer, "schema")
        text, default = field_doc(doc, schema, where)
        if parameter.node.get("description"):
            text = first_paragraph(parameter.node["description"])
        typed = types.schema_type(doc, names, schema, where, for_input=True)
        if loc in ("header", "cookie"):
            typed = types.scalar_only(typed)
        found["header" if loc == "cookie" else loc].append(
            Param(
                name=pname,
                wire=parameter.name,
                location=loc,
                required=bool(parameter.node.get("required")) or loc == "path",
                type=typed,
                doc=text,
                default_doc=default,
            )
        )
    return found["path"], found["query"], found["header"]


def _body(
    doc: OpenAPIDocument, names: PackageNames, op: Operation, taken: set[str]
) -> tuple[RequestBody, Param | None]:
    """The request body (``bodies.request_body``); a JSON body that is not an object with
    properties (a bare array, a string, a free-form mapping) is one ``body`` keyword, sent whole.
    A body the package cannot send yet makes the operation ``Unsupported``."""
    where = child(op.pointer, "requestBody")
    try:
        body = request_body(doc, names, op, taken)
    except SpecpressError as exc:
        raise Unsupported(exc.message, exc.location or where) from None
    if body.kind != "json" or body.params:
        return body, None
    raw = doc.resolve(op.node.get("requestBody"), where)
    content = raw.get("content") if isinstance(raw, dict) else None
    media = content.get(body.media_type) if isinstance(content, dict) else None
    schema = media.get("schema") if isinstance(media, dict) else None
    sw = child(where, "content", body.media_type, "schema")
    if schema is None:
        schema = {}
    pname = parameter_name("body", taken)
    taken.add(pname)
    text, default = field_doc(doc, schema, sw)
    whole = Param(
        name=pname,
        wire="body",
        location="body",
        required=body.required,
        type=types.schema_type(doc, names, schema, sw, for_input=True),
        nullable=types.is_nullable(doc, schema, sw),
        doc=text or first_paragraph(raw.get("description") if isinstance(raw, dict) else ""),
        default_doc=default,
    )
    return body, whole


def _literals(variant: list[Param]) -> dict[str, set[str | int]]:
    return {p.name: set(p.type.values) for p in variant
            if p.required and isinstance(p.type, types.Literal)}  # fmt: skip


def _distinct_overloads(overloads: list[list[Param]]) -> list[list[Param]]:
    """Typed overloads only when a type checker can tell every two variants apart: by a
    required keyword with disjoint literal values in both. Otherwise one overload would hide
    another (mypy: "will never be matched"), and the merged signature is the honest one."""
    tags = [_literals(variant) for variant in overloads]
    for i, left in enumerate(tags):
        for right in tags[i + 1 :]:
            if not any(k in right and not (v & right[k]) for k, v in left.items()):
                return []
    return overloads


def _path_parts(op: Operation, path_params: list[Param]) -> list[tuple[bool, str]]:
    """The path template as literal pieces and parameter keywords."""
    parts: list[tuple[bool, str]] = []
    by_wire = {p.wire: p.name for p in path_params}
    for piece in re.split(r"(\{[^{}]*\})", request_path(op)):
        if not piece:
            continue
        if piece.startswith("{") and piece.endswith("}"):
            wire = piece[1:-1]
            if wire not in by_wire:
                raise Unsupported(f"path parameter {wire!r} is not declared", op.pointer)
            parts.append((True, by_wire[wire]))
        else:
            parts.append((False, piece))
    return parts


def _returns(
    doc: OpenAPIDocument,
    names: PackageNames,
    method: MethodSpec,
    op: Operation,
    success: Success,
    sdk: Path,
) -> tuple[PageStyle | None, types.TypeNode | None, types.TypeNode | None]:
    """(page style, page item type, return type): a paginated method returns pages."""
    pagination = method.paginate
    if pagination is None and method.detect:
        pagination = paging.detect(doc, op, success)
    if pagination is not None:
        style, item = paging.page_of(doc, names, pagination, success, method, sdk)
        if style is not None:
            return style, item, None
    return None, None, return_type(doc, names, success)


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
