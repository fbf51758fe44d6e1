"""Pydantic v2 models: datamodel-code-generator (pinned) on a derived, in-memory copy of the spec.

Why a derived copy (documented in ``templates/datamodel/README.md``): dmcg renders an enum as a
closed ``Literal``; forward compatibility needs ``Literal[...] | str``, which it renders for
``anyOf: [enum, string]``. A response union needs an explicit unknown member and a callable
discriminator; it gets a named schema (rendered as a type alias by our template) whose last
member is an ``Unknown<Name>`` object schema subclassing the runtime ``UnknownVariant``. Every
component is keyed by its final class name (so dmcg's names are ours), and every ``format:
date-time`` node points at one schema that ``--type-overrides`` maps to the runtime
``WireDatetime`` (a ``datetime`` that dumps back to its wire text).
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError
from specpress.openapi.document import SCHEMA_REF, OpenAPIDocument
from specpress.openapi.pointer import escape, join, lookup, unescape, walk

from .allof import flatten_conflicts
from .dmcg import datamodel_command, file_header, user_options
from .naming import DATETIME_SCHEMA, PackageNames
from .types import INT64

if TYPE_CHECKING:
    from specpress.config.model import SdkConfig

__all__ = ["MAX_MODEL_DEPTH", "DerivedModels", "derive_model_spec", "render_models"]

#: The deepest chain of nested named models a package may have. pydantic builds a model's
#: validator recursively on first use, and JSON nested much deeper than this is refused by the
#: parser anyway; past the limit the generator refuses with the chain, instead of a package whose
#: first call raises RecursionError.
MAX_MODEL_DEPTH = 64


@dataclass
class DerivedModels:
    """What datamodel-code-generator gets: the derived spec and the data beside it."""

    data: dict[str, Any]
    extra: dict[str, Any]
    base_map: dict[str, str]
    type_overrides: dict[str, str]


def derive_model_spec(
    doc: OpenAPIDocument, config: SdkConfig, names: PackageNames
) -> DerivedModels:
    """The spec as datamodel-code-generator should see it, its extra template data and base
    classes (see the module docstring for why a derived copy)."""
    source_schemas = doc.schemas
    schemas: dict[str, Any] = copy.deepcopy(source_schemas)
    flatten_conflicts(doc, schemas)
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
    _check_depth(doc, schemas)
    uses_datetime = False
    renamed: dict[str, Any] = {}
    for key, schema in schemas.items():
        opened, found = _derive_node(schema)
        uses_datetime = uses_datetime or found
        renamed[names.of(key)] = _rename_refs(opened, names, doc)
    overrides: dict[str, str] = {}
    if uses_datetime:
        renamed[DATETIME_SCHEMA] = {"type": "string", "format": "date-time"}
        overrides[DATETIME_SCHEMA] = f"{pkg}._datetime.WireDatetime"
    data = {
        "openapi": doc.data.get("openapi", "3.1.0"),
        "info": doc.data.get("info") or {"title": "", "version": ""},
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
        and all(-INT64 <= v < INT64 for v in values)
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


def _rename_refs(node: Any, names: PackageNames, doc: OpenAPIDocument | None = None) -> Any:
    """Every component $ref pointed at the schema's final class name (a ref into a schema,
    ``#/components/schemas/A/properties/b``, keeps its tail); a local ref to anywhere else
    (``#/components/parameters/p/schema``, ``#/paths/...``) is put in place, since the derived
    spec has only ``components/schemas``."""
    return _Refs(names, doc).rename(node, 0)


class _Refs:
    """`_rename_refs` with the stack of refs being inlined (a loop among them becomes ``{}``)."""

    def __init__(self, names: PackageNames, doc: OpenAPIDocument | None) -> None:
        self.names = names
        self.doc = doc
        self.inlining: list[str] = []

    def target(self, ref: str) -> str | None:
        """The renamed ref of a component schema ref, or None for another kind of ref."""
        if not ref.startswith(SCHEMA_REF):
            return None
        head, sep, tail = ref[len(SCHEMA_REF) :].partition("/")
        key = unescape(head)
        if key == DATETIME_SCHEMA:
            return ref
        if key not in self.names.classes.by_schema:
            return None
        return SCHEMA_REF + escape(self.names.of(key)) + sep + tail

    def rename(self, node: Any, depth: int) -> Any:
        if isinstance(node, list):
            return [self.rename(v, depth) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and self.target(ref) is None and ref.startswith("#"):
            if ref in self.inlining or depth > MAX_MODEL_DEPTH or self.doc is None:
                return {k: v for k, v in node.items() if k != "$ref"}
            found, value = lookup(self.doc.data, ref[1:])
            if not found:
                return {k: v for k, v in node.items() if k != "$ref"}
            self.inlining.append(ref)
            try:
                inlined = self.rename(value, depth + 1)
            finally:
                self.inlining.pop()
            return inlined
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = self.target(value) or value
            elif key in ("enum", "const", "example", "examples", "default"):
                out[key] = value
            else:
                out[key] = self.rename(value, depth)
        return out


def _check_depth(doc: OpenAPIDocument, schemas: dict[str, Any]) -> None:
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
            file=doc.source,
            location=join("components", "schemas", chain[0]),
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
    doc: OpenAPIDocument,
    config: SdkConfig,
    names: PackageNames,
    derived: DerivedModels,
    target: Path,
    templates: Path,
    work: Path,
    options: list[tuple[str, Any]] | None = None,
) -> frozenset[str]:
    """Run datamodel-code-generator on the derived spec into ``target`` (``_schemas.py``), check
    that every class name the other modules will import is really there, and return the names
    that are classes (the others are type aliases). ``options``: ``dmcg.user_options``."""
    options = user_options(config) if options is None else options  # checked even when unused
    components = derived.data.get("components")
    if not (isinstance(components, dict) and components.get("schemas")):
        # datamodel-code-generator refuses a document without models ("Models not found")
        target.write_text(file_header() + "\n", encoding="utf-8")
        return frozenset()
    work.mkdir(parents=True, exist_ok=True)
    input_path = work / "openapi.json"
    input_path.write_text(json.dumps(derived.data, ensure_ascii=False, indent=1, sort_keys=False))
    extra_path = work / "extra-template-data.json"
    extra_path.write_text(json.dumps(derived.extra, sort_keys=True, indent=1))
    cmd = datamodel_command(
        config,
        options,
        input_path=input_path,
        target=target,
        extra_path=extra_path,
        templates=templates,
        base_map=derived.base_map,
        type_overrides=derived.type_overrides,
    )
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, cwd=work)
    if proc.returncode != 0 or not target.exists():
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit {proc.returncode}"
        raise SpecpressError(
            "datamodel-code-generator failed: " + last + _culprit(last, derived), file=doc.source
        )
    classes, defined = _defined_names(target)
    missing = [n for n in names.model_names if n not in defined]
    if missing:
        raise SpecpressError(
            "datamodel-code-generator did not produce the classes "
            + ", ".join(repr(n) for n in missing[:5])
            + " (it renamed or dropped them); rename the schema in sdk.yaml names.schemas",
            file=doc.source,
        )
    return frozenset(classes)


def _culprit(message: str, derived: DerivedModels) -> str:
    """Which schema a datamodel-code-generator failure is about, when the message does not say:
    its own name, or the schema holding a ``$ref`` it cannot follow."""
    schemas = derived.data.get("components", {}).get("schemas", {})
    named = [name for name in schemas if repr(name) in message or f'"{name}"' in message]
    if named:
        return ""
    for name, schema in schemas.items():
        for at, node in walk(schema):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if isinstance(ref, str) and not _local_schema_ref(ref, schemas):
                return f" (schema {name!r} at {at or '/'} refers to {ref!r})"
    return ""


def _local_schema_ref(ref: str, schemas: dict[str, Any]) -> bool:
    if not ref.startswith(SCHEMA_REF):
        return False
    return unescape(ref[len(SCHEMA_REF) :].partition("/")[0]) in schemas


def _defined_names(module: Path) -> tuple[set[str], set[str]]:
    """(class names, every name) a module defines at its top level."""
    classes: set[str] = set()
    names: set[str] = set()
    for stmt in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(stmt, ast.ClassDef):
            classes.add(stmt.name)
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names.add(stmt.target.id)
    return classes, names
