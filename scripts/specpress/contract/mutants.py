"""Mutants: schema-aware changes of a recorded 2xx body that the checks must notice.

Each kind changes the body at the first place the response schema says it matters (a required
field removed, an unknown enum value, a wrong type, a null where none is allowed, an extra
field): the spec must reject the first four and the generated clients must handle all five as
documented, which proves the contract checks can fail.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from specpress.openapi import pointer as jsonpointer
from specpress.openapi.document import OpenAPIDocument

MUTATION_KINDS = (
    "required-removed",
    "enum-unknown",
    "wrong-type",
    "null-not-nullable",
    "extra-field",
)
SPEC_MUST_REJECT = frozenset(MUTATION_KINDS[:4])


@dataclass(frozen=True)
class Mutant:
    kind: str
    pointer: str  # JSON Pointer into the response body
    body: Any
    detail: str = ""


@dataclass
class _Site:
    pointer: str
    schema: dict[str, Any]
    parent_required: list[str] = field(default_factory=list)


class SchemaWalker:
    """Pairs each value of a JSON body with the schema governing it ($ref, allOf, anyOf/oneOf)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.document = OpenAPIDocument(spec)

    def resolve(self, schema: Any) -> dict[str, Any]:
        schema = self.document.resolve(schema)
        return schema if isinstance(schema, dict) else {}

    def merged(self, schema: Any, value: Any) -> dict[str, Any]:
        """A flat view of the schema for this value: allOf merged, the matching branch picked."""
        schema = self.resolve(schema)
        out: dict[str, Any] = {
            k: v for k, v in schema.items() if k not in ("allOf", "anyOf", "oneOf")
        }
        props: dict[str, Any] = dict(out.get("properties", {}))
        required: list[str] = list(out.get("required", []))
        for part in schema.get("allOf", []):
            sub = self.merged(part, value)
            props.update(sub.get("properties", {}))
            required += [r for r in sub.get("required", []) if r not in required]
            for key in ("type", "enum", "pattern", "maximum", "minimum"):
                if key in sub and key not in out:
                    out[key] = sub[key]
        branches = schema.get("anyOf", []) or schema.get("oneOf", [])
        if branches:
            branch = self._matching_branch(branches, value)
            if branch is not None:
                sub = self.merged(branch, value)
                props.update(sub.get("properties", {}))
                required += [r for r in sub.get("required", []) if r not in required]
                for key, val in sub.items():
                    if key not in ("properties", "required"):
                        out.setdefault(key, val)
            out["x-nullable"] = any(self.resolve(b).get("type") == "null" for b in branches)
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        return out

    def _matching_branch(self, branches: list[Any], value: Any) -> Any:
        import jsonschema

        for branch in branches:
            resolved = self.resolve(branch)
            if resolved.get("type") == "null":
                continue
            try:
                jsonschema.validate(value, {**_inline_refs(self, resolved, 0)})
            except Exception:  # not valid here, or a branch jsonschema cannot read: not the match
                continue
            return branch
        return None

    def sites(self, schema: Any, value: Any, pointer: str = "") -> Iterator[_Site]:
        flat = self.merged(schema, value)
        yield _Site(pointer, flat)
        if isinstance(value, dict):
            for key, sub in flat.get("properties", {}).items():
                if key in value:
                    yield from self.sites(sub, value[key], jsonpointer.child(pointer, key))
        elif isinstance(value, list) and "items" in flat:
            for index, item in enumerate(value[:2]):
                yield from self.sites(flat["items"], item, f"{pointer}/{index}")


def _inline_refs(walker: SchemaWalker, schema: Any, depth: int) -> Any:
    if depth > 12:
        return {}
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline_refs(walker, walker.resolve(schema), depth + 1)
        return {k: _inline_refs(walker, v, depth + 1) for k, v in schema.items() if k != "example"}
    if isinstance(schema, list):
        return [_inline_refs(walker, v, depth + 1) for v in schema]
    return schema


def _set(body: Any, pointer: str, value: Any, *, delete: bool = False) -> Any:
    out = copy.deepcopy(body)
    parent, token = jsonpointer.parent(pointer)
    target = jsonpointer.resolve(out, parent)
    last: Any = int(token) if isinstance(target, list) else token
    if delete:
        del target[last]
    else:
        target[last] = value
    return out


_WRONG_VALUE = {
    "string": 12345,
    "integer": "not-a-number",
    "number": "not-a-number",
    "boolean": "not-a-boolean",  # pydantic (lax) reads "yes" as True
    "array": {"not": "a list"},
    "object": ["not", "an", "object"],
}


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return [str(t) for t in declared]
    return [str(declared)] if declared else []


def mutants(spec: dict[str, Any], response_schema: Any, body: Any) -> list[Mutant]:
    """At most one mutant per kind, each at the first site of the body where that kind applies."""
    walker = SchemaWalker(spec)
    chosen: dict[str, Mutant] = {}
    for site in walker.sites(response_schema, body):
        value = jsonpointer.resolve(body, site.pointer)
        schema = site.schema
        types = _types(schema)
        if "required-removed" not in chosen and isinstance(value, dict):
            for name in schema.get("required", []):
                if name in value:
                    pointer = jsonpointer.child(site.pointer, name)
                    chosen["required-removed"] = Mutant(
                        "required-removed", pointer, _set(body, pointer, None, delete=True), name
                    )
                    break
        if "enum-unknown" not in chosen and "enum" in schema and isinstance(value, str):
            chosen["enum-unknown"] = Mutant(
                "enum-unknown", site.pointer, _set(body, site.pointer, "SOMETHING_NEW"), value
            )
        if site.pointer and value is not None and "wrong-type" not in chosen:
            kind = next((t for t in types if t in _WRONG_VALUE), None)
            if kind in ("string", "integer", "number", "boolean"):
                chosen["wrong-type"] = Mutant(
                    "wrong-type", site.pointer, _set(body, site.pointer, _WRONG_VALUE[kind]), kind
                )
        nullable = "null" in types or bool(schema.get("x-nullable")) or schema.get("nullable")
        if (
            site.pointer
            and "null-not-nullable" not in chosen
            and value is not None
            and types
            and not nullable
            and not isinstance(value, dict | list)
        ):
            chosen["null-not-nullable"] = Mutant(
                "null-not-nullable", site.pointer, _set(body, site.pointer, None), ",".join(types)
            )
        if "extra-field" not in chosen and isinstance(value, dict) and schema.get("properties"):
            pointer = f"{site.pointer}/x_specpress_extra"
            chosen["extra-field"] = Mutant(
                "extra-field", pointer, _set(body, pointer, {"kept": True}), "x_specpress_extra"
            )
    return [chosen[k] for k in MUTATION_KINDS if k in chosen]
