"""``allOf`` schemas whose own properties contradict their base: one flat model instead.

Why: datamodel-code-generator renders ``allOf: [{$ref: Base}, {properties: {x: ...}}]`` as
``class Child(Base)`` with ``x`` declared again. When ``x`` has another type than ``Base.x``
(TwelveLabs' search page: ``SearchResults.page_info`` is one inline object, the page's own
``page_info`` another schema), mypy refuses the subclass ("incompatible types in assignment")
and the package does not type-check. Such a schema (and only such a one) becomes one object
with the members' properties merged, later members winning, as the wire means it; the class no
longer derives from ``Base``.
"""

from __future__ import annotations

from typing import Any

from specpress.openapi.document import SCHEMA_REF, OpenAPIDocument

__all__ = ["flatten_conflicts"]

_KEEP = ("description", "title", "example", "examples", "deprecated", "nullable")


def _own(member: Any) -> dict[str, Any]:
    props = member.get("properties") if isinstance(member, dict) else None
    return props if isinstance(props, dict) else {}


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type")
    if isinstance(kind, list):
        return {str(k) for k in kind}
    if isinstance(kind, str):
        return {kind}
    if "properties" in node or "allOf" in node:
        return {"object"}
    return set()


def _compatible(doc: OpenAPIDocument, base: Any, child: Any, depth: int) -> bool:
    """Whether a redefined property still types as a subtype of the inherited one (a narrower
    enum of the same type is; another model class or another JSON type is not)."""
    if base == child or depth > 8:
        return True
    base_ref = base.get("$ref") if isinstance(base, dict) else None
    child_ref = child.get("$ref") if isinstance(child, dict) else None
    left, right = doc.resolve(base), doc.resolve(child)
    if not isinstance(left, dict) or not isinstance(right, dict):
        return True
    wide, narrow = _types(left), _types(right)
    if not wide:
        return True  # the base accepts anything
    if not narrow or not narrow <= wide:
        return False
    if "object" in narrow and (base_ref or child_ref or left.get("properties")):
        return base_ref is not None and base_ref == child_ref
    if "array" in narrow:
        return _compatible(doc, left.get("items") or {}, right.get("items") or {}, depth + 1)
    return True


def flatten_conflicts(doc: OpenAPIDocument, schemas: dict[str, Any]) -> list[str]:
    """Rewrite, in ``schemas`` (a copy of the components), every ``allOf`` whose inline member
    redefines a property of a ``$ref`` member with another schema; returns their names."""
    flattened: list[str] = []
    for name, schema in schemas.items():
        members = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(members, list) or not any(
            isinstance(m, dict) and str(m.get("$ref", "")).startswith(SCHEMA_REF) for m in members
        ):
            continue
        inherited: dict[str, Any] = {}
        conflict = False
        for member in members:
            if isinstance(member, dict) and "$ref" in member:
                props, _ = doc.object_view(member)
                inherited.update(props)
                continue
            for prop, value in _own(member).items():
                if prop in inherited and not _compatible(doc, inherited[prop], value, 0):
                    conflict = True
        if not conflict:
            continue
        properties: dict[str, Any] = {}
        required: list[str] = []
        for member in members:
            props, needed = doc.object_view(member) if isinstance(member, dict) else ({}, [])
            properties.update(props)
            required.extend(r for r in needed if r not in required)
        flat: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            flat["required"] = required
        for key in _KEEP:
            if key in schema:
                flat[key] = schema[key]
        schemas[name] = flat
        flattened.append(name)
    return flattened
