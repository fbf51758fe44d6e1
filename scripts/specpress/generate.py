"""``specpress generate``: typed client packages from the patched specs into ``generated/<dist>/``.

Per API (``specs/<api>/openapi.yaml`` + ``specs/<api>/sdk.yaml``):

1. the runtime (HTTP core, errors, pages, waiters, model bases) from ``templates/runtime/``
   (``specpress.runtime.render_runtime``);
2. pydantic v2 models with datamodel-code-generator (pinned) on a *derived, in-memory* copy of the
   spec (open enums, union aliases with an explicit unknown model), using the template overrides
   in ``templates/datamodel/`` (see ``templates/datamodel/README.md``);
3. the client, resources, package files and docs from ``templates/client/`` rendered with
   endpoint data from openapi-python-client's parser (pinned; see ``templates/client/README.md``
   for why its own fixed output set is not used);
4. pinned ruff (``check --fix`` + ``format``) on the staged tree, then an atomic swap into place.

``.specpress-fingerprint`` in each package holds a sha256 over everything that feeds it; when it is
unchanged the package is skipped. ``--check`` regenerates into a temporary directory and compares.
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import SpecpressError
from .fsutil import replace_dir_atomic, staging_dir
from .naming import ClassNames, default_class_name, parameter_name
from .paths import api_names, display, generated_dir, repo_root, specs_dir, templates_dir
from .runtime import RuntimeSettings, pyrepr, render_runtime
from .sdkconfig import Example, MethodSpec, ResourceSpec, SdkConfig, load_sdk_config

__all__ = [
    "FINGERPRINT_NAME",
    "PINNED_TOOLS",
    "GeneratedPackage",
    "fingerprint",
    "generate_api",
    "generate_package",
    "package_names",
    "register",
    "run",
]

FINGERPRINT_NAME = ".specpress-fingerprint"
PINNED_TOOLS = {
    "openapi-python-client": "0.29.1",
    "datamodel-code-generator": "0.89.0",
    "ruff": "0.17.5",
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
SCHEMA_REF = "#/components/schemas/"
_MODULE_SOURCES = (
    "generate.py",
    "naming.py",
    "runtime.py",
    "config/model.py",
    "config/names.py",
    "config/reader.py",
    "config/sdk.py",
)
#: The component key of the one date-time schema every ``format: date-time`` node is pointed at in
#: the derived model spec; ``--type-overrides`` turns it into the runtime ``WireDatetime``.
DATETIME_SCHEMA = "SpecpressWireDatetime"
#: The deepest chain of nested named models a package may have. pydantic builds a model's
#: validator recursively on first use, and JSON nested much deeper than this is refused by the
#: parser anyway; past the limit the generator refuses with the chain, instead of a package whose
#: first call raises RecursionError.
MAX_MODEL_DEPTH = 64
#: Page classes of the runtime a `names.modules` entry may export (e.g. official pager names).
RUNTIME_PAGE_CLASSES = (
    "AsyncNextLinkPage",
    "AsyncPageInfoPage",
    "AsyncPaginator",
    "NextLinkPage",
    "PageInfo",
    "PageInfoPage",
)


@dataclass(frozen=True)
class GeneratedPackage:
    api: str
    dist: str
    out_dir: Path
    skipped: bool


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def pascal(words: tuple[str, ...] | list[str]) -> str:
    return "".join(default_class_name(w) for w in words)


def docstring_text(value: object) -> str:
    """Spec text made safe inside a regular triple-quoted docstring (no code can escape)."""
    text = str(value or "").strip()
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return text.replace("\t", "    ")


def markdown_text(value: object) -> str:
    """Spec text as one markdown table cell / paragraph line."""
    text = " ".join(str(value or "").split())
    return text.replace("|", "\\|")


def _pointer(*tokens: str) -> str:
    """load.pointer, imported here so a no-op run (fingerprint only) never loads ruamel.yaml."""
    from .load import pointer

    return pointer(*tokens)


# --------------------------------------------------------------------------------------------
# the spec
# --------------------------------------------------------------------------------------------


class Spec:
    """The patched spec as plain data, with $ref resolution for schemas."""

    def __init__(self, path: Path) -> None:
        from .load import load_document, to_plain

        self.path = path
        self.raw_bytes = path.read_bytes()
        data = to_plain(load_document(path).data)
        if not isinstance(data, dict) or "paths" not in data:
            raise SpecpressError("not an OpenAPI document (no `paths`)", file=path)
        self.data: dict[str, Any] = data
        self.schemas: dict[str, Any] = (data.get("components") or {}).get("schemas") or {}

    @property
    def version(self) -> str:
        return str((self.data.get("info") or {}).get("version", ""))

    def resolve(self, schema: Any, where: str) -> Any:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF):
                raise SpecpressError(f"unsupported $ref {ref!r}", file=self.path, location=where)
            name = ref[len(SCHEMA_REF) :]
            if name not in self.schemas:
                raise SpecpressError(f"unresolvable $ref {ref!r}", file=self.path, location=where)
            schema = self.schemas[name]
            seen += 1
            if seen > 50:
                raise SpecpressError(f"$ref cycle at {ref!r}", file=self.path, location=where)
        return schema

    def resolve_parameter(self, parameter: Any, where: str) -> dict[str, Any]:
        """A parameter object, following one ``#/components/parameters/...`` $ref."""
        prefix = "#/components/parameters/"
        if isinstance(parameter, dict) and isinstance(parameter.get("$ref"), str):
            ref = parameter["$ref"]
            target = ((self.data.get("components") or {}).get("parameters") or {}).get(
                ref[len(prefix) :]
            )
            if not ref.startswith(prefix) or not isinstance(target, dict):
                raise SpecpressError(f"unresolvable $ref {ref!r}", file=self.path, location=where)
            parameter = target
        if not isinstance(parameter, dict):
            raise SpecpressError("a parameter must be an object", file=self.path, location=where)
        return parameter

    def ref_name(self, schema: Any) -> str | None:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref.startswith(SCHEMA_REF):
                return str(ref[len(SCHEMA_REF) :])
        return None

    def object_view(self, schema: Any, where: str) -> tuple[dict[str, Any], list[str]]:
        """Properties and required names of an object schema, following $ref and allOf."""
        schema = self.resolve(schema, where)
        props: dict[str, Any] = {}
        required: list[str] = []
        if not isinstance(schema, dict):
            return props, required
        for i, member in enumerate(schema.get("allOf") or []):
            p, r = self.object_view(member, f"{where}/allOf/{i}")
            props.update(p)
            required.extend(x for x in r if x not in required)
        for name, prop in (schema.get("properties") or {}).items():
            props[str(name)] = prop
        required.extend(str(x) for x in schema.get("required") or [] if x not in required)
        return props, required

    def operations(self) -> dict[str, tuple[str, str, dict[str, Any]]]:
        """operationId -> (path, method, operation)."""
        out: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for path, item in (self.data.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict) and op.get("operationId"):
                    op_id = str(op["operationId"])
                    if op_id in out:
                        raise SpecpressError(
                            f"duplicate operationId {op_id!r}",
                            file=self.path,
                            location=_pointer("paths", str(path), method, "operationId"),
                        )
                    out[op_id] = (str(path), method, op)
        return out


# --------------------------------------------------------------------------------------------
# names: class names of schemas, public modules, deprecated aliases
# --------------------------------------------------------------------------------------------


@dataclass
class PublicModule:
    """One module of the ``names.modules`` map: ``exports`` are (public, source module, name)."""

    dotted: str
    exports: list[tuple[str, str, str]]
    is_package: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.dotted.split("."))


@dataclass
class PackageNames:
    """Every name the package's modules agree on, decided before anything is rendered."""

    classes: ClassNames
    union_names: list[str]
    deprecated: list[tuple[str, str]]  # (old name, final class name) in models
    modules: list[PublicModule]

    def of(self, schema: str) -> str:
        """The final class name of a component schema."""
        return self.classes[schema]

    @property
    def example_imports(self) -> list[tuple[str, list[str]]]:
        """README imports: the top ``types`` module's first names, and the page classes."""
        typed = [m for m in self.modules if m.exports and "types" in m.path]
        pages = [
            m
            for m in self.modules
            if m.exports and all(s == "_pagination" for _, s, _ in m.exports)
        ]
        chosen = sorted(typed, key=lambda m: (len(m.path), -len(m.exports)))[:1] + pages[:1]
        return [(m.dotted, [p for p, _, _ in m.exports][:3]) for m in chosen]

    @property
    def top_modules(self) -> list[str]:
        """Top-level public modules of the name map (imported lazily by ``__init__``)."""
        return [m.dotted for m in self.modules if len(m.path) == 1]

    @property
    def model_names(self) -> list[str]:
        """Every public name of the models module: classes and union aliases, sorted."""
        names = {n for k, n in self.classes.by_schema.items() if k != DATETIME_SCHEMA}
        return sorted(names)


def _resource_class_names(config: SdkConfig) -> list[str]:
    names: list[str] = [config.package.client_class, config.package.async_client_class]
    for rs in config.resources:
        base = pascal(list(rs.path))
        for prefix in ("", "Async"):
            for suffix in ("Resource", "ResourceWithRawResponse", "ResourceWithStreamingResponse"):
                names.append(f"{prefix}{base}{suffix}")
    return names


def package_names(spec: Spec, config: SdkConfig) -> PackageNames:
    """Final class names (unique case-insensitively, none reserved), public modules, aliases."""
    where = config.names.where
    explicit = dict(config.names.schemas)
    for schema in explicit:
        if schema not in spec.schemas and schema not in {u.name for u in config.unions}:
            raise SpecpressError(
                f"names.schemas: {schema!r} is not a component schema of {spec.path.name}",
                file=config.source,
                location=f"{where}/schemas/{schema}",
            )
    unions = [u.name for u in config.unions]
    extra = [n for u in unions for n in (u, f"Unknown{u}")] + [DATETIME_SCHEMA]
    explicit_schemas = {k: v for k, v in explicit.items() if k in spec.schemas}
    classes = ClassNames(
        list(spec.schemas), explicit_schemas, extra, reserved=_resource_class_names(config)
    )
    if classes.problems:
        owner, message = classes.problems[0]
        schema = owner.split("'")[1] if "'" in owner else owner
        if schema in explicit:
            raise SpecpressError(message, file=config.source, location=f"{where}/schemas/{schema}")
        if schema in unions or schema.startswith("Unknown"):
            raise SpecpressError(
                f"union name {schema!r}: {message}", file=config.source, location="/unions"
            )
        raise SpecpressError(
            message, file=spec.path, location=_pointer("components", "schemas", schema)
        )
    known = set(classes.by_schema.values()) - {DATETIME_SCHEMA}
    deprecated: list[tuple[str, str]] = []
    for old, new in config.names.deprecated:
        if new not in known:
            raise SpecpressError(
                f"names.deprecated: {new!r} is not a class of this package",
                file=config.source,
                location=f"{where}/deprecated/{old}",
            )
        if old in known:
            raise SpecpressError(
                f"names.deprecated: {old!r} is still a class of this package",
                file=config.source,
                location=f"{where}/deprecated/{old}",
            )
        deprecated.append((old, new))
    modules: list[PublicModule] = []
    for dotted, pairs in config.names.modules:
        exports = []
        for public, target in pairs:
            if target in known:
                exports.append((public, "models", target))
            elif target in RUNTIME_PAGE_CLASSES:
                exports.append((public, "_pagination", target))
            else:
                raise SpecpressError(
                    f"names.modules: {target!r} is neither a class of this package nor a "
                    f"runtime page class ({', '.join(RUNTIME_PAGE_CLASSES)})",
                    file=config.source,
                    location=f"{where}/modules/{dotted}",
                )
        modules.append(PublicModule(dotted, exports))
    declared = {m.path for m in modules}
    for module in list(modules):
        for depth in range(1, len(module.path)):
            parent = module.path[:depth]
            if parent not in declared:
                declared.add(parent)
                modules.append(PublicModule(".".join(parent), []))
    for module in modules:
        module.is_package = any(
            other.path[: len(module.path)] == module.path and other.path != module.path
            for other in modules
        )
    modules.sort(key=lambda m: m.path)
    return PackageNames(classes, unions, deprecated, modules)


# --------------------------------------------------------------------------------------------
# endpoint data for the client templates
# --------------------------------------------------------------------------------------------


@dataclass
class Param:
    name: str  # python keyword
    wire: str  # name on the wire (python literal via pyrepr in templates)
    location: str  # path | query | body
    required: bool
    type: str  # python annotation (without the optional part)
    nullable: bool = False
    doc: str = ""
    default_doc: str = ""


@dataclass
class Operation:
    name: str
    operation_id: str
    http_method: str
    path: str
    path_parts: list[tuple[bool, str]]  # (is_param, literal text or python name)
    path_params: list[Param]
    query_params: list[Param]
    body_params: list[Param]
    has_body: bool
    return_type: str | None
    page_style: str | None
    page_item: str | None
    summary: str
    description: str
    model_imports: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    # One keyword set per variant of a oneOf/anyOf request body (typed overloads), else empty.
    overloads: list[list[Param]] = field(default_factory=list)

    @property
    def params(self) -> list[Param]:
        return [*self.path_params, *self.query_params, *self.body_params]

    @property
    def required_params(self) -> list[Param]:
        return [p for p in self.params if p.required]

    @property
    def optional_params(self) -> list[Param]:
        return [p for p in self.params if not p.required]


@dataclass
class Waiter:
    method: str
    retrieve: str
    id_param: str
    status_field: str
    terminal: list[str]
    default_timeout: float
    poll_interval: float
    max_interval: float
    return_type: str
    official_alias: str | None = None


@dataclass
class Resource:
    path: tuple[str, ...]
    class_name: str
    module: str
    operations: list[Operation]
    waiter: Waiter | None
    children: list[Resource] = field(default_factory=list)

    @property
    def attr(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def model_imports(self) -> list[str]:
        names: set[str] = set()
        for op in self.operations:
            names.update(op.model_imports)
        return sorted(names)

    @property
    def list_operation(self) -> Operation | None:
        """The first paginated method (README examples), if any."""
        return next((op for op in self.operations if op.page_style), None)


def _literal(values: list[Any]) -> str:
    return "Literal[" + ", ".join(pyrepr(v) for v in values) + "]"


def _enum_type(values: list[Any], *, closed: bool = False) -> str | None:
    """``Literal[...] | str`` for a string enum (open), ``Literal[...] | int`` for ints; ``None``
    for anything a ``Literal`` cannot hold (floats, bools mixed in, nulls only): the caller then
    types the value by its JSON type."""
    values = [v for v in values if v is not None]
    if values and all(isinstance(v, str) for v in values):
        return _literal(values) + ("" if closed else " | str")
    if values and all(
        isinstance(v, int) and not isinstance(v, bool) and -_INT64 <= v < _INT64 for v in values
    ):  # mypy refuses a Literal of an int wider than 64 bits
        return _literal(values) + ("" if closed else " | int")
    return None


def _schema_type(
    spec: Spec,
    names: PackageNames,
    schema: Any,
    where: str,
    imports: set[str],
    *,
    for_input: bool,
) -> str:
    """A Python annotation for a parameter or body field schema."""
    ref = spec.ref_name(schema)
    resolved = spec.resolve(schema, where)
    if not isinstance(resolved, dict):
        return "Any"
    if "const" in resolved and _enum_type([resolved["const"]]) is not None:
        return str(_enum_type([resolved["const"]]))
    if "enum" in resolved and isinstance(resolved["enum"], list):
        typed = _enum_type(resolved["enum"])
        if typed is not None:
            return typed
        kinds = sorted({type(v).__name__ for v in resolved["enum"] if v is not None})
        if kinds and all(k in ("str", "int", "float", "bool") for k in kinds):
            return " | ".join(kinds)
        return "Any"
    for combiner in ("oneOf", "anyOf"):
        if combiner in resolved:
            members = [
                _schema_type(
                    spec, names, m, f"{where}/{combiner}/{i}", imports, for_input=for_input
                )
                for i, m in enumerate(resolved[combiner])
                if not (isinstance(m, dict) and m.get("type") == "null")
            ]
            unique = list(dict.fromkeys(members))
            return " | ".join(unique) if unique else "Any"
    typ = resolved.get("type")
    if isinstance(typ, list):
        non_null = [t for t in typ if t != "null"]
        typ = non_null[0] if len(non_null) == 1 else None
    if typ == "array":
        item = _schema_type(
            spec, names, resolved.get("items") or {}, f"{where}/items", imports, for_input=for_input
        )
        return f"list[{item}]"
    if typ == "object" or "properties" in resolved or "allOf" in resolved:
        if ref is not None:
            cls = names.of(ref)
            imports.add(cls)
            return f"{cls} | Mapping[str, Any]" if for_input else cls
        return "Mapping[str, Any]" if for_input else "dict[str, Any]"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
        str(typ), "Any"
    )


def _nullable(spec: Spec, schema: Any, where: str) -> bool:
    resolved = spec.resolve(schema, where)
    if not isinstance(resolved, dict):
        return False
    typ = resolved.get("type")
    if isinstance(typ, list) and "null" in typ:
        return True
    if resolved.get("nullable") is True:
        return True
    return any(
        isinstance(m, dict) and m.get("type") == "null"
        for c in ("oneOf", "anyOf")
        for m in resolved.get(c) or []
    )


def _merge_types(types: list[str]) -> str:
    """One annotation accepting every variant's type: literal sets joined, others unioned."""
    literals: list[str] = []
    rest: list[str] = []
    for t in types:
        for part in _split_union(t):
            if part.startswith("Literal[") and part.endswith("]"):
                literals.extend(_split_literal(part[len("Literal[") : -1]))
            else:
                rest.append(part)
    parts = [_literal_text(list(dict.fromkeys(literals)))] if literals else []
    return " | ".join([*parts, *dict.fromkeys(rest)])


def _literal_text(values: list[str]) -> str:
    return "Literal[" + ", ".join(values) + "]"


def _split_union(annotation: str) -> list[str]:
    """Top-level ``|`` members of an annotation we built (brackets respected)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(annotation):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(annotation[start:i].strip())
            start = i + 1
    parts.append(annotation[start:].strip())
    return [p for p in parts if p]


def _split_literal(inner: str) -> list[str]:
    import ast

    values = ast.literal_eval("[" + inner + "]")
    return [pyrepr(v) for v in values]


def _doc_of(schema: Any, spec: Spec, where: str) -> tuple[str, str]:
    resolved = spec.resolve(schema, where) if isinstance(schema, dict) else {}
    desc = ""
    if isinstance(schema, dict):
        desc = str(schema.get("description") or "")
    if not desc and isinstance(resolved, dict):
        desc = str(resolved.get("description") or "")
    default = ""
    if isinstance(resolved, dict) and "default" in resolved and resolved["default"] is not None:
        default = json.dumps(resolved["default"], ensure_ascii=False)
    first = desc.strip().split("\n\n")[0].strip()
    return first, default


def _closed_literal(spec: Spec, schema: Any, where: str) -> str | None:
    """``Literal["x"]`` for a single-valued enum or a const: the field that tells variants apart."""
    resolved = spec.resolve(schema, where)
    if not isinstance(resolved, dict):
        return None
    if "const" in resolved:
        values = [resolved["const"]]
    elif isinstance(resolved.get("enum"), list):
        values = [v for v in resolved["enum"] if v is not None]
    else:
        return None
    return _enum_type(values, closed=True) if len(values) == 1 else None


def _body_params(
    spec: Spec,
    names: PackageNames,
    op: dict[str, Any],
    where: str,
    imports: set[str],
    taken: set[str],
) -> tuple[list[Param], bool, list[list[Param]]]:
    """Keyword arguments of the JSON body (every variant's fields), and one keyword set per
    variant of a oneOf/anyOf body (rendered as typed overloads)."""
    body = op.get("requestBody")
    if not isinstance(body, dict):
        return [], False, []
    content = body.get("content") or {}
    media = content.get("application/json")
    if not isinstance(media, dict):
        if content:
            raise SpecpressError(
                "only application/json request bodies are supported",
                file=spec.path,
                location=f"{where}/requestBody",
            )
        return [], False, []
    schema = media.get("schema") or {}
    sw = f"{where}/requestBody/content/application~1json/schema"
    resolved = spec.resolve(schema, sw)
    combiner = next(
        (c for c in ("oneOf", "anyOf") if isinstance(resolved, dict) and resolved.get(c)), None
    )
    variants = resolved[combiner] if combiner else None
    views = (
        [spec.object_view(v, f"{sw}/{combiner}/{i}") for i, v in enumerate(variants)]
        if variants
        else [spec.object_view(schema, sw)]
    )
    order: list[str] = []
    types: dict[str, list[str]] = {}
    schemas: dict[str, Any] = {}
    required_in: dict[str, int] = {}
    nullable: dict[str, bool] = {}
    for props, required in views:
        for name, prop in props.items():
            pw = f"{sw}/properties/{name}"
            t = _schema_type(spec, names, prop, pw, imports, for_input=True)
            if name not in types:
                order.append(name)
                types[name] = []
                schemas[name] = prop
            types[name].append(t)
            nullable[name] = nullable.get(name, False) or _nullable(spec, prop, pw)
            if name in required:
                required_in[name] = required_in.get(name, 0) + 1
    params = []
    by_wire: dict[str, Param] = {}
    for name in order:
        pname = parameter_name(name, taken)
        taken.add(pname)
        doc, default = _doc_of(schemas[name], spec, f"{sw}/properties/{name}")
        param = Param(
            name=pname,
            wire=name,
            location="body",
            required=required_in.get(name, 0) == len(views),
            type=_merge_types(types[name]),
            nullable=nullable[name],
            doc=doc,
            default_doc=default,
        )
        params.append(param)
        by_wire[name] = param
    overloads: list[list[Param]] = []
    if variants and len(views) > 1 and all(props for props, _ in views):
        for i, (props, required) in enumerate(views):
            vw = f"{sw}/{combiner}/{i}"
            keyword_set = []
            for name, prop in props.items():
                pw = f"{vw}/properties/{name}"
                base = by_wire[name]
                typed = _closed_literal(spec, prop, pw) or _schema_type(
                    spec, names, prop, pw, imports, for_input=True
                )
                keyword_set.append(
                    Param(
                        name=base.name,
                        wire=name,
                        location="body",
                        required=name in required,
                        type=typed,
                        nullable=_nullable(spec, prop, pw),
                        doc=base.doc,
                        default_doc=base.default_doc,
                    )
                )
            keyword_set.sort(key=lambda p: not p.required)
            overloads.append(keyword_set)
    return params, True, overloads


def _success_schema(spec: Spec, op: dict[str, Any]) -> Any:
    for code in sorted(str(c) for c in (op.get("responses") or {})):
        if code.startswith("2"):
            response = (
                op["responses"][code] if code in op["responses"] else op["responses"][int(code)]
            )
            media = ((response or {}).get("content") or {}).get("application/json")
            if isinstance(media, dict):
                return media.get("schema")
            return None
    return None


def build_operation(
    spec: Spec,
    names: PackageNames,
    method_spec: MethodSpec,
    ops: dict[str, tuple[str, str, dict[str, Any]]],
    sdk_source: Path,
) -> Operation:
    if method_spec.operation not in ops:
        raise SpecpressError(
            f"operation {method_spec.operation!r} is not in the spec {spec.path.name}",
            file=sdk_source,
            location=f"{method_spec.where}/operation",
        )
    path, method, op = ops[method_spec.operation]
    where = _pointer("paths", path, method)
    imports: set[str] = set()
    path_params: list[Param] = []
    query_params: list[Param] = []
    taken: set[str] = set()
    raw_params = [
        *(spec.data["paths"][path].get("parameters") or []),
        *(op.get("parameters") or []),
    ]
    seen_wire: set[tuple[str, str]] = set()
    for i, raw in enumerate(raw_params):
        pw0 = f"{where}/parameters/{i}"
        raw = spec.resolve_parameter(raw, pw0)
        loc = str(raw.get("in"))
        wire = str(raw.get("name"))
        if loc in ("header", "cookie"):
            continue  # auth lives on the client
        if loc not in ("path", "query"):
            raise SpecpressError(
                f"unknown parameter location {loc!r}", file=spec.path, location=pw0
            )
        if (loc, wire) in seen_wire:
            continue  # an operation parameter overrides the path item's one of the same name
        seen_wire.add((loc, wire))
        pname = parameter_name(wire, taken)
        taken.add(pname)
        schema = raw.get("schema") or {}
        pw = f"{pw0}/schema"
        doc, default = _doc_of(schema, spec, pw)
        if raw.get("description"):
            doc = str(raw["description"]).strip().split("\n\n")[0].strip()
        param = Param(
            name=pname,
            wire=wire,
            location=loc,
            required=bool(raw.get("required")) or loc == "path",
            type=_schema_type(spec, names, schema, pw, imports, for_input=True),
            doc=doc,
            default_doc=default,
        )
        (path_params if loc == "path" else query_params).append(param)
    body_params, has_body, overloads = _body_params(spec, names, op, where, imports, taken)
    # path template -> literal pieces and parameter names
    parts: list[tuple[bool, str]] = []
    by_wire = {p.wire: p.name for p in path_params}
    for piece in re.split(r"(\{[^{}]*\})", path):
        if not piece:
            continue
        if piece.startswith("{") and piece.endswith("}"):
            wire = piece[1:-1]
            if wire not in by_wire:
                raise SpecpressError(
                    f"path parameter {wire!r} is not declared", file=spec.path, location=where
                )
            parts.append((True, by_wire[wire]))
        else:
            parts.append((False, piece))
    success = _success_schema(spec, op)
    return_type: str | None = None
    page_item: str | None = None
    model_imports: set[str] = set(imports)
    if method_spec.paginate is not None:
        props, _ = spec.object_view(success or {}, f"{where}/responses")
        items = props.get(method_spec.paginate.items)
        item_schema = (spec.resolve(items, where) or {}).get("items") if items else None
        item_ref = spec.ref_name(item_schema)
        if item_ref is None:
            raise SpecpressError(
                f"paginate.items {method_spec.paginate.items!r}: the response has no array of a "
                "named schema under that key",
                file=sdk_source,
                location=f"{method_spec.where}/paginate/items",
            )
        page_item = names.of(item_ref)
        model_imports.add(page_item)
    elif success is not None:
        ref = spec.ref_name(success)
        if ref is None:
            raise SpecpressError(
                "the success response schema must be a $ref (run specpress build to hoist it)",
                file=spec.path,
                location=f"{where}/responses",
            )
        return_type = names.of(ref)
        model_imports.add(return_type)
    return Operation(
        name=method_spec.name,
        operation_id=method_spec.operation,
        http_method=method.upper(),
        path=path,
        path_parts=parts,
        path_params=path_params,
        query_params=query_params,
        body_params=body_params,
        has_body=has_body,
        return_type=return_type,
        page_style=method_spec.paginate.style if method_spec.paginate else None,
        page_item=page_item,
        summary=str(op.get("summary") or "").strip(),
        description=str(op.get("description") or "").strip(),
        model_imports=sorted(model_imports),
        examples=_checked_examples(
            method_spec, [*path_params, *query_params, *body_params], sdk_source
        ),
        overloads=overloads,
    )


def _checked_examples(
    method_spec: MethodSpec, params: list[Param], sdk_source: Path
) -> list[Example]:
    """README examples may only use keyword names the generated method really has."""
    names = {p.name for p in params}
    for example in method_spec.examples:
        for key, _ in example.kwargs:
            if key not in names:
                raise SpecpressError(
                    f"example uses {key!r}, which {method_spec.name}() does not take "
                    f"(parameters: {', '.join(sorted(names)) or 'none'})",
                    file=sdk_source,
                    location=f"{example.where}/kwargs/{key}",
                )
    return list(method_spec.examples)


def build_resources(spec: Spec, config: SdkConfig, names: PackageNames) -> list[Resource]:
    ops = spec.operations()
    by_path: dict[tuple[str, ...], Resource] = {}
    for rs in config.resources:
        operations = [build_operation(spec, names, m, ops, config.source) for m in rs.methods]
        res = Resource(
            path=rs.path,
            class_name=pascal(list(rs.path)),
            module="_".join(rs.path),
            operations=operations,
            waiter=_waiter(rs, operations, config),
        )
        by_path[rs.path] = res
    roots: list[Resource] = []
    for path in sorted(by_path):
        res = by_path[path]
        if len(path) == 1:
            roots.append(res)
            continue
        parent = by_path.get(path[:-1])
        if parent is None:
            raise SpecpressError(
                f"resource {'.'.join(path)!r} has no parent resource {'.'.join(path[:-1])!r}",
                file=config.source,
                location="/resources",
            )
        parent.children.append(res)
    class_names = [r.class_name for r in by_path.values()]
    if len({n.lower() for n in class_names}) != len(class_names):
        raise SpecpressError("two resources give the same class name", file=config.source)
    return [by_path[p] for p in sorted(by_path)]


def _waiter(rs: ResourceSpec, operations: list[Operation], config: SdkConfig) -> Waiter | None:
    w = rs.waiter
    if w is None:
        return None
    retrieve = next(op for op in operations if op.name == w.retrieve)
    if retrieve.return_type is None or [p.name for p in retrieve.required_params] != [w.id_param]:
        raise SpecpressError(
            f"waiter.retrieve {w.retrieve!r} must take exactly `{w.id_param}` and return a model",
            file=config.source,
            location="/resources",
        )
    return Waiter(
        method=w.method,
        retrieve=w.retrieve,
        id_param=w.id_param,
        status_field=w.status_field,
        terminal=list(w.terminal),
        default_timeout=w.default_timeout,
        poll_interval=w.poll_interval,
        max_interval=w.max_interval,
        return_type=retrieve.return_type,
        official_alias=w.official_alias,
    )


# --------------------------------------------------------------------------------------------
# models: datamodel-code-generator on a derived copy of the spec
# --------------------------------------------------------------------------------------------


@dataclass
class DerivedModels:
    """What datamodel-code-generator gets: the derived spec and the data beside it."""

    data: dict[str, Any]
    extra: dict[str, Any]
    base_map: dict[str, str]
    type_overrides: dict[str, str]


def derive_model_spec(spec: Spec, config: SdkConfig, names: PackageNames) -> DerivedModels:
    """The spec as datamodel-code-generator should see it, its extra template data, base classes.

    Why a derived copy (documented in templates/datamodel/README.md): dmcg renders an enum as a
    closed ``Literal``; forward compatibility needs ``Literal[...] | str``, which it renders for
    ``anyOf: [enum, string]``. A response union needs an explicit unknown member and a callable
    discriminator; it gets a named schema (rendered as a type alias by our template) whose last
    member is an ``Unknown<Name>`` object schema subclassing the runtime ``UnknownVariant``.
    Every component is keyed by its final class name (so dmcg's names are ours), and every
    ``format: date-time`` node points at one schema that ``--type-overrides`` maps to the runtime
    ``WireDatetime`` (a ``datetime`` that dumps back to its wire text).
    """
    source_schemas = (spec.data.get("components") or {}).get("schemas") or {}
    schemas: dict[str, Any] = copy.deepcopy(source_schemas)
    extra: dict[str, Any] = {}
    base_map: dict[str, str] = {}
    pkg = config.package.import_name
    for i, union in enumerate(config.unions):
        where = f"/unions/{i}"
        holder = _property_holder(schemas, union.schema, union.property)
        if holder is None:
            raise SpecpressError(
                f"schema {union.schema!r} has no property {union.property!r}",
                file=config.source,
                location=where,
            )
        prop = holder[union.property]
        members = prop.get("oneOf") or prop.get("anyOf") or []
        refs = [
            m["$ref"][len(SCHEMA_REF) :] for m in members if isinstance(m, dict) and "$ref" in m
        ]
        nullable = any(isinstance(m, dict) and m.get("type") == "null" for m in members)
        configured = [v.ref for v in union.variants]
        if sorted(refs) != sorted(configured) or len(refs) + int(nullable) != len(members):
            raise SpecpressError(
                f"union variants {configured} do not match the spec's {refs}",
                file=config.source,
                location=f"{where}/variants",
            )
        if union.name in schemas or f"Unknown{union.name}" in schemas:
            raise SpecpressError(
                f"union name {union.name!r} collides with a component schema",
                file=config.source,
                location=f"{where}/name",
            )
        unknown = f"Unknown{union.name}"
        schemas[unknown] = {
            "type": "object",
            "description": f"A `{union.property}` variant this package does not know "
            "(from a newer API version); every field is kept.",
        }
        schemas[union.name] = {
            "oneOf": [{"$ref": SCHEMA_REF + v} for v in configured]
            + [{"$ref": SCHEMA_REF + unknown}],
            "description": prop.get("description") or f"The `{union.property}` union.",
        }
        replacement: dict[str, Any] = {"$ref": SCHEMA_REF + union.name}
        if nullable:
            replacement = {"anyOf": [replacement, {"type": "null"}]}
        for key in ("description", "default", "title"):
            if key in prop:
                replacement[key] = prop[key]
        holder[union.property] = replacement
        base_map[unknown] = f"{pkg}._models.UnknownVariant"
        extra[union.name] = {
            "specpress_union": {
                "func": f"_{_snake(union.name)}_tag",
                "variants": [
                    {
                        "tag": str(n),
                        "when": [list(kv) for kv in v.when],
                        "has_any": list(v.has_any),
                        "empty": v.empty,
                    }
                    for n, v in enumerate(union.variants)
                ],
                "unknown_tag": "unknown",
            }
        }
    for i, refine in enumerate(config.refine):
        where = f"/refine/{i}"
        if _property_holder(schemas, refine.schema, refine.property) is None:
            raise SpecpressError(
                f"schema {refine.schema!r} has no property {refine.property!r}",
                file=config.source,
                location=where,
            )
        for _, ref in refine.classes:
            if ref not in source_schemas:
                raise SpecpressError(f"unknown schema {ref!r}", file=config.source, location=where)
        extra.setdefault(names.of(refine.schema), {}).setdefault("specpress_refine", []).append(
            {
                "field": refine.property,
                "by": list(refine.by),
                "classes": [[value, names.of(ref)] for value, ref in refine.classes],
            }
        )
    _check_depth(spec, schemas)
    uses_datetime = False
    renamed: dict[str, Any] = {}
    for key, schema in schemas.items():
        opened, found = _derive_node(schema)
        uses_datetime = uses_datetime or found
        renamed[names.of(key)] = _rename_refs(opened, names)
    overrides: dict[str, str] = {}
    if uses_datetime:
        renamed[DATETIME_SCHEMA] = {"type": "string", "format": "date-time"}
        overrides[DATETIME_SCHEMA] = f"{pkg}._datetime.WireDatetime"
    data = {
        "openapi": spec.data.get("openapi", "3.1.0"),
        "info": spec.data.get("info") or {"title": "", "version": ""},
        "paths": {},
        "components": {"schemas": renamed},
    }
    return DerivedModels(data, extra, base_map, overrides)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _property_holder(schemas: dict[str, Any], schema: str, prop: str) -> dict[str, Any] | None:
    node = schemas.get(schema)
    if not isinstance(node, dict):
        return None
    candidates = [node, *[m for m in node.get("allOf") or [] if isinstance(m, dict)]]
    for c in candidates:
        props = c.get("properties")
        if isinstance(props, dict) and prop in props:
            return props
    return None


_DOC_KEYS = (
    "description",
    "title",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
)
_INT64 = 2**63


def _types_of(node: dict[str, Any]) -> list[str]:
    typ = node.get("type")
    return [str(t) for t in typ] if isinstance(typ, list) else [str(typ)] if typ else []


def _with_docs(node: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    for key in _DOC_KEYS:
        if key in node:
            new[key] = node[key]
    return new


def _derive_node(node: Any) -> tuple[Any, bool]:
    """One schema node as dmcg should see it (open enums, typed odd enums, date-time -> the
    runtime type); returns it and whether a date-time was found. Depth was checked before."""
    if isinstance(node, list):
        items = [_derive_node(v) for v in node]
        return [v for v, _ in items], any(f for _, f in items)
    if not isinstance(node, dict):
        return node, False
    found = False
    derived: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("enum", "const", "example", "examples", "default"):
            derived[key] = value  # values, not schemas
            continue
        derived[key], sub = _derive_node(value)
        found = found or sub
    node = derived
    types = _types_of(node)
    if (
        node.get("format") == "date-time"
        and set(types) <= {"string", "null"}
        and "$ref" not in node
    ):
        target: dict[str, Any] = {"$ref": SCHEMA_REF + DATETIME_SCHEMA}
        if "null" in types:
            target = {"anyOf": [target, {"type": "null"}]}
        return _with_docs(node, target), True
    enum = node.get("enum")
    if not isinstance(enum, list):
        return node, found
    values = [v for v in enum if v is not None]
    nullable = "null" in types or None in enum
    strings = bool(values) and all(isinstance(v, str) for v in values)
    ints = bool(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    if strings and (not types or set(types) <= {"string", "null"}):
        closed, base = {"type": "string", "enum": values}, {"type": "string"}
    elif (
        ints
        and all(-_INT64 <= v < _INT64 for v in values)
        and set(types)
        <= {
            "integer",
            "number",
            "null",
        }
    ):
        closed, base = {"type": "integer", "enum": values}, {"type": "integer"}
    else:
        # Values a Literal cannot hold (floats, bools mixed with others, huge ints, mixed
        # types): typed by their JSON types, so the model accepts every listed value.
        kinds = types or sorted({_json_type(v) for v in enum})
        typed = {k: v for k, v in node.items() if k not in ("enum", "type")}
        typed["type"] = kinds[0] if len(kinds) == 1 else kinds
        return typed, found
    members: list[Any] = [closed, base]
    if nullable:
        members.append({"type": "null"})
    return _with_docs(node, {"anyOf": members}), found


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _rename_refs(node: Any, names: PackageNames) -> Any:
    """Every component $ref pointed at the schema's final class name."""
    if isinstance(node, list):
        return [_rename_refs(v, names) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_REF):
            target = value[len(SCHEMA_REF) :]
            out[key] = SCHEMA_REF + (target if target == DATETIME_SCHEMA else names.of(target))
        elif key in ("enum", "const", "example", "examples", "default"):
            out[key] = value
        else:
            out[key] = _rename_refs(value, names)
    return out


def _check_depth(spec: Spec, schemas: dict[str, Any]) -> None:
    """Refuse a chain of nested models deeper than MAX_MODEL_DEPTH (cycles are fine: pydantic
    builds a recursive model by reference).

    Counted: each object schema (a named component or an inline object with properties) met
    when walking down properties, items and combiners. The walk stops at the limit, so a hostile
    spec cannot make the generator itself hit the recursion limit.
    """
    memo: dict[str, int] = {}
    active: set[str] = set()
    skip = ("enum", "const", "example", "examples", "default", "$ref")

    def fail(chain: list[str]) -> None:
        shown = chain if len(chain) <= 6 else [*chain[:3], "...", *chain[-2:]]
        raise SpecpressError(
            f"models nest more than {MAX_MODEL_DEPTH} levels deep ({' > '.join(shown)}): "
            "pydantic would hit the recursion limit on the first call; flatten it with a patch",
            file=spec.path,
            location=_pointer("components", "schemas", chain[0]),
        )

    def depth(node: Any, level: int, chain: list[str]) -> int:
        if isinstance(node, list):
            return max((depth(v, level, chain) for v in node), default=0)
        if not isinstance(node, dict):
            return 0
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            name = ref[len(SCHEMA_REF) :]
            if name in active or name not in schemas:
                return 0
            if name not in memo:
                active.add(name)
                memo[name] = depth(schemas[name], level, [*chain, name])
                active.discard(name)
            if level + memo[name] > MAX_MODEL_DEPTH:
                fail([*chain, name])
            return memo[name]
        own = 1 if node.get("type") == "object" or isinstance(node.get("properties"), dict) else 0
        if level + own > MAX_MODEL_DEPTH:
            fail(chain)
        below = 0
        for key, value in node.items():
            if key not in skip and isinstance(value, dict | list):
                below = max(below, depth(value, level + own, chain))
        return own + below

    for name in schemas:
        if name not in memo:
            active.add(name)
            memo[name] = depth(schemas[name], 0, [name])
            active.discard(name)


def render_models(
    spec: Spec,
    config: SdkConfig,
    names: PackageNames,
    derived: DerivedModels,
    target: Path,
    templates: Path,
    work: Path,
) -> None:
    """Run datamodel-code-generator on the derived spec into ``target`` (``_schemas.py``), then
    check that every class name the other modules will import is really there."""
    pkg = config.package.import_name
    work.mkdir(parents=True, exist_ok=True)
    input_path = work / "openapi.json"
    input_path.write_text(json.dumps(derived.data, ensure_ascii=False, indent=1, sort_keys=False))
    extra_path = work / "extra-template-data.json"
    extra_path.write_text(json.dumps(derived.extra, sort_keys=True, indent=1))
    header = (
        "# Generated by specpress with datamodel-code-generator "
        f"{PINNED_TOOLS['datamodel-code-generator']} from the patched spec. Do not edit."
    )
    cmd = [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(input_path),
        "--input-file-type",
        "openapi",
        "--output",
        str(target),
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--target-python-version",
        "3.11",
        "--target-pydantic-version",
        "2.14",
        "--disable-timestamp",
        "--custom-file-header",
        header,
        "--naming-strategy",
        "parent-prefixed",
        "--use-annotated",
        "--field-constraints",
        "--snake-case-field",
        "--remove-special-field-name-prefix",
        "--enum-field-as-literal",
        "all",
        "--use-type-alias",
        "--use-union-operator",
        "--use-standard-collections",
        "--use-double-quotes",
        "--use-schema-description",
        "--use-field-description",
        "--base-class",
        f"{pkg}._models.BaseModel",
        "--base-class-map",
        json.dumps(derived.base_map, sort_keys=True),
        "--custom-template-dir",
        str((templates / "datamodel").resolve()),
        "--extra-template-data",
        str(extra_path),
        "--additional-imports",
        "typing.Any,typing.Self,pydantic.Discriminator,pydantic.Tag,pydantic.model_validator",
        "--no-formatters",
        # Wire values must round-trip unchanged and match the official SDKs' types: a uuid or uri
        # stays the string the server sent (pydantic's UUID/AnyUrl re-render it), and a
        # `format: decimal` number stays a JSON number (Decimal dumps as a string).
        "--type-mappings",
        "string+uuid=string",
        "string+uri=string",
        "number+decimal=number",
    ]
    if derived.type_overrides:
        cmd += ["--type-overrides", json.dumps(derived.type_overrides, sort_keys=True)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, cwd=work)
    if proc.returncode != 0 or not target.exists():
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise SpecpressError(
            "datamodel-code-generator failed: "
            + (detail[-1] if detail else f"exit {proc.returncode}"),
            file=spec.path,
        )
    defined = _defined_names(target)
    missing = [n for n in names.model_names if n not in defined]
    if missing:
        raise SpecpressError(
            "datamodel-code-generator did not produce the classes "
            + ", ".join(repr(n) for n in missing[:5])
            + " (it renamed or dropped them); rename the schema in sdk.yaml names.schemas",
            file=spec.path,
        )


def _defined_names(module: Path) -> set[str]:
    import ast

    names: set[str] = set()
    for stmt in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(stmt, ast.ClassDef):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names.add(stmt.target.id)
    return names


# --------------------------------------------------------------------------------------------
# client templates
# --------------------------------------------------------------------------------------------


def _jinja_env(source: Path) -> Any:
    from specpress.runtime import template_environment

    env = template_environment(source, trim_blocks=True)
    env.filters["docstring"] = docstring_text
    env.filters["md"] = markdown_text
    env.filters["format_code"] = lambda text: f"`{text}`"
    return env


def render_client(
    spec: Spec,
    config: SdkConfig,
    names: PackageNames,
    resources: list[Resource],
    out_dir: Path,
    templates: Path,
) -> None:
    import jinja2

    pkg_dir = out_dir / "src" / config.package.import_name
    env = _jinja_env(templates / "client")
    roots = [r for r in resources if len(r.path) == 1]
    context = {
        "package": config.package,
        "client": config.client,
        "resources": resources,
        "roots": roots,
        "names": names,
        "spec_version": spec.version,
        "spec_title": str((spec.data.get("info") or {}).get("title", "")),
        "tools": PINNED_TOOLS,
    }
    outputs: list[tuple[str, Path, dict[str, Any]]] = [
        ("pyproject.toml.jinja", out_dir / "pyproject.toml", {}),
        ("README.md.jinja", out_dir / "README.md", {}),
        ("api.md.jinja", out_dir / "api.md", {}),
        ("LICENSE.jinja", out_dir / "LICENSE", {}),
        ("package/__init__.py.jinja", pkg_dir / "__init__.py", {}),
        ("package/_client.py.jinja", pkg_dir / "_client.py", {}),
        ("package/_resource.py.jinja", pkg_dir / "_resource.py", {}),
        ("package/py.typed.jinja", pkg_dir / "py.typed", {}),
        ("package/resources/__init__.py.jinja", pkg_dir / "resources" / "__init__.py", {}),
        ("package/models.py.jinja", pkg_dir / "models.py", {}),
    ]
    for module in names.modules:
        relative = Path(*module.path)
        target = (
            pkg_dir / relative / "__init__.py"
            if module.is_package
            else pkg_dir / (str(relative) + ".py")
        )
        outputs.append(("package/public_module.py.jinja", target, {"module": module}))
    for res in resources:
        outputs.append(
            (
                "package/resources/resource.py.jinja",
                pkg_dir / "resources" / f"{res.module}.py",
                {"resource": res},
            )
        )
    for template_name, target, extra in outputs:
        try:
            text = env.get_template(template_name).render({**context, **extra})
        except jinja2.TemplateError as exc:
            raise SpecpressError(
                f"cannot render: {exc}", file=templates / "client" / template_name
            ) from exc
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# the package
# --------------------------------------------------------------------------------------------


def runtime_settings(spec: Spec, config: SdkConfig) -> RuntimeSettings:
    p, c = config.package, config.client
    return RuntimeSettings(
        package_name=p.import_name,
        client_class=p.client_class,
        async_client_class=p.async_client_class,
        env_api_key=c.env_api_key,
        env_base_url=c.env_base_url,
        env_log=c.env_log,
        default_base_url=c.default_base_url,
        auth_header=c.auth_header,
        auth_prefix=c.auth_prefix,
        user_agent_name=p.user_agent_name,
        version=p.version,
        spec_version=spec.version,
        default_timeout=c.default_timeout,
        default_connect_timeout=c.default_connect_timeout,
        default_max_retries=c.default_max_retries,
        env_strict_response_validation=c.env_strict_response_validation,
        idempotency_header=c.idempotency_header,
        dist_name=p.dist,
    )


def run_ruff(out_dir: Path) -> None:
    """Fix, format and check the package with the pinned ruff; a failure is a short
    ``RuffFailure`` (first findings, package-relative paths), never ruff's whole report."""
    from .ruffreport import RuffFailure, parse_findings

    config = out_dir / "pyproject.toml"
    for args in (
        ["check", "--fix", "--unsafe-fixes", "--exit-zero", "--quiet"],
        ["format", "--quiet"],
        ["check", "--quiet", "--output-format", "concise"],
    ):
        cmd = [sys.executable, "-m", "ruff", *args, "--no-cache", "--config", str(config), "."]
        proc = subprocess.run(cmd, cwd=out_dir, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            output = proc.stdout + proc.stderr
            first = next((ln for ln in output.splitlines() if ln.strip()), "")
            fallback = first.replace(str(out_dir), "<package>")[:200]
            raise RuffFailure(args[0], parse_findings(output, out_dir), fallback=fallback)


def generate_package(
    spec_path: Path, sdk_yaml_path: Path, out_dir: Path, *, templates: Path | None = None
) -> Path:
    """Render one complete, formatted package into ``out_dir`` (must be missing or empty).

    Used by ``specpress generate`` (into a staging dir) and by the diff stage (Python API view of
    a spec version). Returns ``out_dir``. Raises ``SpecpressError`` for bad input.
    """
    templates = (templates or templates_dir(repo_root())).resolve()
    spec = Spec(spec_path)
    config = load_sdk_config(sdk_yaml_path)
    names = package_names(spec, config)
    resources = build_resources(spec, config, names)
    derived = derive_model_spec(spec, config, names)  # every spec check before anything is written
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise SpecpressError("output directory is not empty", file=out_dir)
    pkg_dir = out_dir / "src" / config.package.import_name
    render_runtime(pkg_dir, runtime_settings(spec, config), templates_dir=templates / "runtime")
    with tempfile.TemporaryDirectory(prefix="specpress-dmcg-") as work:
        render_models(spec, config, names, derived, pkg_dir / "_schemas.py", templates, Path(work))
    render_client(spec, config, names, resources, out_dir, templates)
    run_ruff(out_dir)
    (out_dir / FINGERPRINT_NAME).write_text(
        fingerprint(spec_path, sdk_yaml_path, templates) + "\n", encoding="utf-8"
    )
    return out_dir


def _tree_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts:
            yield path


def fingerprint(spec_path: Path, sdk_yaml_path: Path, templates: Path) -> str:
    """sha256 over everything that feeds a package (spec, settings, templates, tools, generator)."""
    h = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        h.update(label.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)

    add("spec", spec_path.read_bytes())
    add("sdk.yaml", sdk_yaml_path.read_bytes())
    for path in _tree_files(templates):
        add("templates/" + path.relative_to(templates).as_posix(), path.read_bytes())
    add("specpress", __version__.encode())
    for tool, version in sorted(PINNED_TOOLS.items()):
        add(tool, version.encode())
    here = Path(__file__).resolve().parent
    for name in _MODULE_SOURCES:
        add("module/" + name, (here / name).read_bytes())
    return h.hexdigest()


def _api_inputs(root: Path, api: str) -> tuple[Path, Path]:
    folder = specs_dir(root) / api
    spec = folder / "openapi.yaml"
    sdk = folder / "sdk.yaml"
    if not sdk.is_file():
        raise SpecpressError("no sdk.yaml: this API has no client package", file=sdk)
    if not spec.is_file():
        raise SpecpressError("patched spec missing, run `specpress build` first", file=spec)
    return spec, sdk


def generate_api(root: Path, api: str, *, force: bool = False) -> GeneratedPackage:
    """Regenerate ``generated/<dist>/`` for one API unless its fingerprint is unchanged."""
    spec, sdk = _api_inputs(root, api)
    config = load_sdk_config(sdk)
    templates = templates_dir(root)
    target = generated_dir(root) / config.package.dist
    digest = fingerprint(spec, sdk, templates)
    stamp = target / FINGERPRINT_NAME
    if not force and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        return GeneratedPackage(api, config.package.dist, target, skipped=True)
    _refuse_outside_refs(spec)
    with staging_dir(generated_dir(root)) as staging:
        built = _staged_generate(root, spec, sdk, staging / config.package.dist, templates)
        replace_dir_atomic(built, target)
    return GeneratedPackage(api, config.package.dist, target, skipped=False)


def _refuse_outside_refs(spec: Path) -> None:
    """The patched spec is self-contained: the generators must never resolve a reference to the
    network or another file (datamodel-code-generator and openapi-python-client would)."""
    from .load import load_plain
    from .sandbox import Sandbox, check_hermetic

    check_hermetic(load_plain(spec), spec, Sandbox())


def _staged_generate(root: Path, spec: Path, sdk: Path, out_dir: Path, templates: Path) -> Path:
    """``generate_package`` into a staging or scratch directory; failures name the spec (and the
    element a ruff finding comes from) and ``generated/<dist>/``, never the staging path."""
    from .ruffreport import RuffFailure

    shown = f"generated/{out_dir.name}/"
    try:
        return generate_package(spec, sdk, out_dir, templates=templates)
    except RuffFailure as failure:
        from .load import load_plain

        raise failure.locate(display(spec, root), load_plain(spec), shown) from None
    except SpecpressError as exc:
        if exc.file is None or not Path(exc.file).is_relative_to(out_dir.parent):
            raise
        relative = Path(exc.file).relative_to(out_dir.parent).as_posix()
        message = exc.message.replace(str(out_dir), shown.rstrip("/"))
        raise SpecpressError(message, file=f"generated/{relative}", location=exc.location) from None


def stale_files(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two package trees (missing, extra or changed)."""
    want = {p.relative_to(expected).as_posix(): p for p in _tree_files(expected)}
    have = (
        {p.relative_to(actual).as_posix(): p for p in _tree_files(actual)}
        if actual.is_dir()
        else {}
    )
    out = []
    for rel in sorted(set(want) | set(have)):
        same = rel in want and rel in have and filecmp.cmp(want[rel], have[rel], shallow=False)
        if not same:
            out.append(rel)
    return out


def check_api(root: Path, api: str) -> list[str]:
    spec, sdk = _api_inputs(root, api)
    config = load_sdk_config(sdk)
    target = generated_dir(root) / config.package.dist
    _refuse_outside_refs(spec)
    with tempfile.TemporaryDirectory(prefix="specpress-check-") as tmp:
        built = _staged_generate(
            root, spec, sdk, Path(tmp) / config.package.dist, templates_dir(root)
        )
        return [f"generated/{config.package.dist}/{rel}" for rel in stale_files(built, target)]


def _apis(root: Path, requested: list[str]) -> list[str]:
    known = [a for a in api_names(root) if (specs_dir(root) / a / "sdk.yaml").is_file()]
    if not requested:
        return known
    for api in requested:
        if api not in api_names(root):
            raise SpecpressError(f"unknown API {api!r} (known: {', '.join(api_names(root))})")
    return requested


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "generate", help="regenerate the client packages in generated/<dist>/"
    )
    parser.add_argument(
        "apis", nargs="*", metavar="API", help="default: every API with an sdk.yaml"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 naming stale generated files"
    )
    parser.add_argument(
        "--force", action="store_true", help="regenerate even when the fingerprint is unchanged"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root()
    apis = _apis(root, list(args.apis))
    if args.check:
        stale: list[str] = []
        for api in apis:
            stale.extend(check_api(root, api))
        for rel in stale:
            print(f"stale: {rel}, run `specpress generate`")
        return 1 if stale else 0
    for api in apis:
        started = time.monotonic()
        result = generate_api(root, api, force=bool(getattr(args, "force", False)))
        if result.skipped:
            print(f"{result.dist}: up to date, skipped")
        else:
            print(f"{result.dist}: generated in {time.monotonic() - started:.1f}s")
    return 0
