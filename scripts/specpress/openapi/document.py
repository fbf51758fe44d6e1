"""The OpenAPI view every stage reads a document through: operations, components, `$ref`s.

`OpenAPIDocument` wraps plain data (from `specpress.openapi.load.read_plain`, or a round-trip
tree: only `dict`/`list` behaviour is used) and the file it came from, so that every stage walks
operations over the same method list, merges path-level and operation-level parameters the same
way, and follows local `$ref` chains with the same cycle guard and the same error (file and JSON
Pointer). References to other files are `specpress.openapi.refs`' business; a bundled
`specs/<api>/openapi.yaml` has only local ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.openapi import pointer

__all__ = [
    "HTTP_METHODS",
    "MAX_REF_HOPS",
    "SCHEMA_REF",
    "SUBSCHEMA_KEYWORDS",
    "OpenAPIDocument",
    "Operation",
    "Parameter",
    "iter_subschemas",
]

#: Operation keys of an OpenAPI path item, in the order the specification lists them.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"
#: A `$ref` chain longer than this is a loop through siblings or a bug.
MAX_REF_HOPS = 64
#: Where a schema holds subschemas: a map of schemas, a list of schemas, one schema.
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_MANY = ("allOf", "oneOf", "anyOf", "prefixItems")
_ONE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
)
SUBSCHEMA_KEYWORDS = (*_MAP, *_MANY, *_ONE)


@dataclass(frozen=True)
class Parameter:
    """One parameter of an operation: `node` is the parameter object ($ref followed), `pointer`
    where it is written (the path item's or the operation's `parameters/<i>`), `ref` the `$ref`
    it was reached through, if any."""

    name: str
    location: str
    node: dict[str, Any]
    pointer: str
    ref: str | None = None

    @property
    def required(self) -> bool:
        return self.location == "path" or self.node.get("required") is True


@dataclass(frozen=True)
class Operation:
    """One operation: `node` is the operation object, `pointer` `/paths/<path>/<method>`."""

    document: OpenAPIDocument = field(repr=False, compare=False)
    path: str
    method: str
    node: dict[str, Any]
    pointer: str

    @property
    def operation_id(self) -> str | None:
        value = self.node.get("operationId")
        return str(value) if value is not None else None

    @property
    def item(self) -> dict[str, Any]:
        """The path item the operation belongs to."""
        item = self.document.paths.get(self.path)
        return item if isinstance(item, dict) else {}

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        """Path-level then operation-level parameters; an operation-level one with the same
        name and location replaces the path-level one (OpenAPI 3.x), in its position."""
        merged: dict[tuple[str, str], Parameter] = {}
        item_pointer = pointer.join("paths", self.path)
        for owner, at in ((self.item, item_pointer), (self.node, self.pointer)):
            raw = owner.get("parameters")
            if not isinstance(raw, list):
                continue
            for index, entry in enumerate(raw):
                where = pointer.child(at, "parameters", index)
                node = self.document.resolve(entry, where)
                if not isinstance(node, dict):
                    raise self.document.error("a parameter must be an object", where)
                ref = entry.get("$ref") if isinstance(entry, dict) else None
                name, location = str(node.get("name", "")), str(node.get("in", ""))
                merged[(name, location)] = Parameter(
                    name, location, node, where, ref if isinstance(ref, str) else None
                )
        return tuple(merged.values())


class OpenAPIDocument:
    """An OpenAPI 3.x document as plain data, with the file it was read from (for errors)."""

    def __init__(self, data: Any, source: str | Path | None = None) -> None:
        self.data: Any = data
        self.source = source

    # --- reading ----------------------------------------------------------------------------

    @classmethod
    def read(cls, path: Path) -> OpenAPIDocument:
        """Read a YAML or JSON file in the fast read mode; the top level must be a mapping."""
        from specpress.openapi.load import read_plain

        data = read_plain(path)
        if not isinstance(data, dict):
            raise SpecpressError(
                "not an OpenAPI document: the top level is not a mapping", file=path
            )
        return cls(data, path)

    def error(self, message: str, where: str | None = None) -> SpecpressError:
        """A SpecpressError about this document at a JSON Pointer."""
        return SpecpressError(message, file=self.source, location=where or None)

    # --- top level --------------------------------------------------------------------------

    def _mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) if isinstance(self.data, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def openapi_version(self) -> str:
        value = self.data.get("openapi") if isinstance(self.data, dict) else None
        return str(value) if value is not None else ""

    @property
    def info_version(self) -> str:
        value = self._mapping("info").get("version")
        return str(value) if value is not None else ""

    @property
    def paths(self) -> dict[str, Any]:
        return self._mapping("paths")

    def components(self, section: str) -> dict[str, Any]:
        """`components/<section>` (`schemas`, `parameters`, `responses`, ...), empty if absent."""
        value = self._mapping("components").get(section)
        return value if isinstance(value, dict) else {}

    @property
    def schemas(self) -> dict[str, Any]:
        return self.components("schemas")

    # --- operations -------------------------------------------------------------------------

    def operations(self) -> Iterator[Operation]:
        """Every operation, by path in document order, then in `HTTP_METHODS` order."""
        for path, item in self.paths.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                node = item.get(method)
                if isinstance(node, dict):
                    yield Operation(
                        self, str(path), method, node, pointer.join("paths", path, method)
                    )

    def operations_by_id(self) -> dict[str, Operation]:
        """operationId -> operation; a duplicate operationId is an error at its pointer."""
        found: dict[str, Operation] = {}
        for op in self.operations():
            op_id = op.operation_id
            if not op_id:
                continue
            if op_id in found:
                where = pointer.child(op.pointer, "operationId")
                raise self.error(f"duplicate operationId {op_id!r}", where)
            found[op_id] = op
        return found

    # --- references -------------------------------------------------------------------------

    def resolve(self, node: Any, where: str = "") -> Any:
        """`node` with its local `$ref` chain followed (3.1 siblings are not merged). A ref to
        another file, to nothing, or a loop is an error at `where` (the node's pointer)."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise self.error(f"unsupported $ref {ref!r} (only local references)", where)
            if ref in seen or len(seen) >= MAX_REF_HOPS:
                raise self.error(f"$ref cycle at {ref!r}", where)
            seen.add(ref)
            found, node = pointer.lookup(self.data, ref[1:])
            if not found:
                raise self.error(f"unresolvable $ref {ref!r}", where)
        return node

    @staticmethod
    def ref_name(node: Any) -> str | None:
        """The component schema name a `{"$ref": "#/components/schemas/<name>"}` names."""
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref.startswith(SCHEMA_REF) and "/" not in ref[len(SCHEMA_REF) :]:
                return pointer.unescape(ref[len(SCHEMA_REF) :])
        return None

    def object_view(self, schema: Any, where: str = "") -> tuple[dict[str, Any], list[str]]:
        """Properties and required names of an object schema, following `$ref` and `allOf`
        (later members and the schema's own `properties` win)."""
        return self._object_view(schema, where, 0)

    def _object_view(self, schema: Any, where: str, depth: int) -> tuple[dict[str, Any], list[str]]:
        if depth > MAX_REF_HOPS:
            raise self.error("allOf nesting too deep (a cycle?)", where)
        schema = self.resolve(schema, where)
        props: dict[str, Any] = {}
        required: list[str] = []
        if not isinstance(schema, dict):
            return props, required
        for i, member in enumerate(schema.get("allOf") or []):
            p, r = self._object_view(member, pointer.child(where, "allOf", i), depth + 1)
            props.update(p)
            required.extend(x for x in r if x not in required)
        for name, prop in (schema.get("properties") or {}).items():
            props[str(name)] = prop
        required.extend(str(x) for x in schema.get("required") or [] if x not in required)
        return props, required


def iter_subschemas(schema: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """(pointer, subschema) of every direct subschema position of a schema, including the
    2020-12 keywords (`prefixItems`, `dependentSchemas`, `unevaluated*`, `$defs`, ...)."""
    if not isinstance(schema, dict):
        return
    for key in SUBSCHEMA_KEYWORDS:
        value = schema.get(key)
        if key in _MAP and isinstance(value, dict):
            for name, item in value.items():
                yield pointer.child(where, key, name), item
        elif (key in _MANY or key == "items") and isinstance(value, list):  # draft-4 tuple items
            for i, item in enumerate(value):
                yield pointer.child(where, key, i), item
        elif key in _ONE and isinstance(value, dict):
            yield pointer.child(where, key), value
