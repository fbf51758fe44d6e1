"""The type tree of a parameter or body field, built from its schema, rendered by one filter.

Why a tree: an annotation is decided from the schema once and kept as data (``TypeRef``,
``Literal``, ``Union``). Merging the types of one body field across the variants of a oneOf body
joins literal sets and unions the rest, on the nodes; nothing parses an annotation back out of a
string. Templates turn a node into source text only through the ``annotation`` filter
(``render``); the models a node names come from ``TypeNode.models()``, not from a side channel.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .text import pyrepr

__all__ = [
    "ANY",
    "BUILTIN_TYPES",
    "Literal",
    "TypeNode",
    "TypeRef",
    "Union",
    "closed_literal",
    "is_nullable",
    "merge",
    "needs_cast",
    "render",
    "scalar_only",
    "schema_type",
    "union",
]

#: mypy refuses a Literal of an int wider than 64 bits.
INT64 = 2**63
_JSON_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True)
class TypeRef:
    """A named type, maybe subscripted: ``str``, ``list[X]``, ``Mapping[str, Any]``, a model."""

    name: str
    args: tuple[TypeNode, ...] = ()
    model: bool = False  # a class of the package's models module

    def models(self) -> Iterator[str]:
        if self.model:
            yield self.name
        for arg in self.args:
            yield from arg.models()


@dataclass(frozen=True)
class Literal:
    """``Literal[...]`` of strings or (64-bit) ints, in the spec's order."""

    values: tuple[str | int, ...]

    def models(self) -> Iterator[str]:
        return iter(())


@dataclass(frozen=True)
class Union:
    """``A | B | ...``: members in order (a member may be a union itself; it renders flat)."""

    members: tuple[TypeNode, ...]

    def models(self) -> Iterator[str]:
        for member in self.members:
            yield from member.models()


TypeNode = TypeRef | Literal | Union
ANY = TypeRef("Any")


def render(node: TypeNode, qualify: frozenset[str] | set[str] = frozenset()) -> str:
    """The annotation text of a node (the ``annotation`` Jinja filter). Builtin names in
    ``qualify`` (shadowed where the annotation stands, as ``list`` in a class with a ``list()``
    method) are written ``builtins.<name>``."""
    if isinstance(node, Literal):
        return "Literal[" + ", ".join(pyrepr(v) for v in node.values) + "]"
    if isinstance(node, Union):
        return " | ".join(render(m, qualify) for m in node.members)
    name = f"builtins.{node.name}" if node.name in qualify and not node.model else node.name
    if node.args:
        return f"{name}[{', '.join(render(a, qualify) for a in node.args)}]"
    return name


#: Builtin names an annotation may use (the candidates for ``render(qualify=...)``).
BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object"})


def union(members: list[TypeNode]) -> TypeNode:
    """The union of ``members`` (repeats dropped, order kept); ``Any`` when there are none."""
    unique = list(dict.fromkeys(members))
    if not unique:
        return ANY
    return unique[0] if len(unique) == 1 else Union(tuple(unique))


def _parts(node: TypeNode) -> list[TypeNode]:
    if isinstance(node, Union):
        return [p for m in node.members for p in _parts(m)]
    return [node]


def merge(types: list[TypeNode]) -> TypeNode:
    """One type accepting every variant's type: literal values joined into one ``Literal``
    (first), every other member once."""
    values: dict[str, str | int] = {}
    rest: list[TypeNode] = []
    for part in (p for t in types for p in _parts(t)):
        if isinstance(part, Literal):
            for value in part.values:
                values.setdefault(pyrepr(value), value)
        else:
            rest.append(part)
    head: list[TypeNode] = [Literal(tuple(values.values()))] if values else []
    members = [*head, *dict.fromkeys(rest)]
    return members[0] if len(members) == 1 else Union(tuple(members))


class Schemas(Protocol):
    """What the conversion needs of the document: ``$ref`` resolution and component names."""

    def resolve(self, node: Any, where: str) -> Any: ...

    def ref_name(self, node: Any) -> str | None: ...


class ClassOf(Protocol):
    """The final class name of a component schema."""

    def of(self, schema: str) -> str: ...


def enum_type(values: list[Any], *, closed: bool = False) -> TypeNode | None:
    """``Literal[...] | str`` for a string enum (open), ``Literal[...] | int`` for ints; ``None``
    for anything a ``Literal`` cannot hold (floats, bools mixed in, nulls only): the caller then
    types the value by its JSON type."""
    values = [v for v in values if v is not None]
    if values and all(isinstance(v, str) for v in values):
        base = "str"
    elif values and all(
        isinstance(v, int) and not isinstance(v, bool) and -INT64 <= v < INT64 for v in values
    ):
        base = "int"
    else:
        return None
    literal = Literal(tuple(values))
    return literal if closed else Union((literal, TypeRef(base)))


def schema_type(
    doc: Schemas, names: ClassOf, schema: Any, where: str, *, for_input: bool
) -> TypeNode:
    """The type of a parameter or body field schema (inputs also accept a plain mapping where a
    model is expected)."""
    ref = doc.ref_name(schema)
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return ANY
    if "const" in resolved and (const := enum_type([resolved["const"]])) is not None:
        return const
    if "enum" in resolved and isinstance(resolved["enum"], list):
        typed = enum_type(resolved["enum"])
        if typed is not None:
            return typed
        kinds = sorted({type(v).__name__ for v in resolved["enum"] if v is not None})
        if kinds and all(k in ("str", "int", "float", "bool") for k in kinds):
            return union([TypeRef(k) for k in kinds])
        return ANY
    for combiner in ("oneOf", "anyOf"):
        if isinstance(resolved.get(combiner), list) and resolved[combiner]:
            return union(
                [
                    schema_type(doc, names, m, f"{where}/{combiner}/{i}", for_input=for_input)
                    for i, m in enumerate(resolved[combiner])
                    if not (isinstance(m, dict) and m.get("type") == "null")
                ]
            )
    single = _single_member(resolved, where)
    if single is not None and ref is None:
        # `allOf: [{$ref: Status}]` beside a description: the type of that one member
        member, at = single
        return schema_type(doc, names, member, at, for_input=for_input)
    typ = resolved.get("type")
    if isinstance(typ, list):
        non_null = [t for t in typ if t != "null"]
        typ = non_null[0] if len(non_null) == 1 else None
    if typ == "array":
        items = resolved.get("items") or {}
        item = schema_type(doc, names, items, f"{where}/items", for_input=for_input)
        return TypeRef("list", (item,))
    if typ == "object" or "properties" in resolved or "allOf" in resolved:
        if ref is not None:
            model = TypeRef(names.of(ref), model=True)
            return Union((model, _MAPPING)) if for_input else model
        return _MAPPING if for_input else TypeRef("dict", (TypeRef("str"), ANY))
    return TypeRef(_JSON_TYPES.get(str(typ), "Any"))


_MAPPING = TypeRef("Mapping", (TypeRef("str"), ANY))
_DOC_ONLY = frozenset(
    {"description", "title", "default", "example", "examples", "deprecated", "readOnly",
     "writeOnly", "nullable", "externalDocs", "$comment"}
)  # fmt: skip


def _single_member(resolved: dict[str, Any], where: str) -> tuple[Any, str] | None:
    """The one ``allOf`` member of a schema that adds nothing to it but docs."""
    members = resolved.get("allOf")
    if not isinstance(members, list) or len(members) != 1:
        return None
    if any(k not in _DOC_ONLY and k != "allOf" for k in resolved):
        return None
    return members[0], f"{where}/allOf/0"


_SCALARS = frozenset({"str", "int", "float", "bool"})


def scalar_only(node: TypeNode) -> TypeNode:
    """A header or cookie value's type: scalars (and lists of them) as they are, else ``str``."""
    if isinstance(node, Literal):
        return node
    if isinstance(node, Union):
        return union([scalar_only(m) for m in node.members])
    if node.name in _SCALARS or node.name == "Any":
        return node
    if node.name == "list" and node.args:
        return TypeRef("list", (scalar_only(node.args[0]),))
    return TypeRef("str")


def needs_cast(node: TypeNode, classes: frozenset[str] | set[str]) -> bool:
    """Whether ``request(cast_to=<node>)`` needs ``cast()`` for mypy: anything but a class
    (``str``, ``bytes``, a model class of ``classes``) or ``list``/``dict`` of such types."""
    if isinstance(node, (Literal, Union)):
        return True
    if node.model:
        return node.name not in classes
    if node.name in ("list", "dict"):
        return any(needs_cast(arg, classes) for arg in node.args)
    return node.name not in {*_SCALARS, "bytes", "Any"}


def is_nullable(doc: Schemas, schema: Any, where: str) -> bool:
    """Whether the schema admits ``null`` (3.1 type lists, 3.0 ``nullable``, a null member)."""
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return False
    typ = resolved.get("type")
    if (isinstance(typ, list) and "null" in typ) or resolved.get("nullable") is True:
        return True
    return any(
        isinstance(m, dict) and m.get("type") == "null"
        for c in ("oneOf", "anyOf")
        for m in resolved.get(c) or []
    )


def closed_literal(doc: Schemas, schema: Any, where: str) -> TypeNode | None:
    """``Literal["x"]`` for a single-valued enum or a const: the field that tells variants apart."""
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return None
    if "const" in resolved:
        values = [resolved["const"]]
    elif isinstance(resolved.get("enum"), list):
        values = [v for v in resolved["enum"] if v is not None]
    else:
        return None
    return enum_type(values, closed=True) if len(values) == 1 else None
