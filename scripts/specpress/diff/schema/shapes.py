"""Three readings of a shape change, each one change instead of its raw echoes.

`X` -> `oneOf: [{type: 'null'}, X]` (or `anyOf`) is a nullable wrap; a single type <-> a
`oneOf`/`anyOf` of plain types is a list of types widened or narrowed; an object wrapped into a
`oneOf` of objects is a oneOf wrapping (its properties moved into the alternatives).
"""

from __future__ import annotations

from typing import Any

from specpress.diff.schema.tree import Comparison
from specpress.diff.schema.values import is_bare_null, types_of, wrapper_kind
from specpress.openapi import pointer
from specpress.openapi.refs import Resolver


def _members(
    cmp: Comparison, side: Resolver, node: dict[str, Any], kind: str, loc: str
) -> list[dict[str, Any]]:
    members = node.get(kind)
    if not isinstance(members, list):
        return []
    out = []
    for i, raw in enumerate(members):
        resolved, _, _ = cmp.resolve(side, raw, pointer.child(loc, kind, i))
        out.append(resolved or {})
    return out


def _type_pattern(
    cmp: Comparison, side: Resolver, node: dict[str, Any], loc: str
) -> tuple[list[str], str] | None:
    """oasdiff's "list of types": a single type, or oneOf/anyOf of plain single types."""
    if "not" in node or node.get("allOf") or node.get("properties"):
        return None
    types = types_of(node)
    if types:
        return [types[0]], "single"
    for kind in ("oneOf", "anyOf"):
        members = _members(cmp, side, node, kind, loc)
        if not members:
            continue
        found: list[str] = []
        for member in members:
            member_types = types_of(member)
            if len(member_types) != 1 or any(
                member.get(k) for k in ("properties", "oneOf", "anyOf", "allOf")
            ):
                found = []
                break
            found.append(member_types[0])
        if found:
            return found, "list"
    return None


def list_of_types(
    cmp: Comparison, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str
) -> tuple[list[str], list[str]] | None:
    base = _type_pattern(cmp, cmp.old, b, bp)
    rev = _type_pattern(cmp, cmp.new, r, rp)
    if base is None or rev is None or "list" not in (base[1], rev[1]):
        return None
    if set(base[0]) == set(rev[0]) and len(base[0]) == len(rev[0]):
        return None
    added = [t for t in dict.fromkeys(rev[0]) if t not in base[0]]
    deleted = [t for t in dict.fromkeys(base[0]) if t not in rev[0]]
    return (added, deleted) if added or deleted else None


def one_of_wrapping(
    cmp: Comparison, b: dict[str, Any], r: dict[str, Any], rp: str
) -> list[str] | None:
    if b.get("oneOf") or not isinstance(b.get("properties"), dict) or not b["properties"]:
        return None
    if not r.get("oneOf") or r.get("properties") or types_of(r):
        return None
    alternatives = _members(cmp, cmp.new, r, "oneOf", rp)
    moved = sorted(
        str(name)
        for name in b["properties"]
        if any(name in (alt.get("properties") or {}) for alt in alternatives)
    )
    return moved or None


def nullable_wrapping(
    cmp: Comparison, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str
) -> str | None:
    if _is_null_wrap(cmp, cmp.old, cmp.new, b, r, bp, rp, plain_is_base=True):
        return "added"
    if _is_null_wrap(cmp, cmp.new, cmp.old, r, b, rp, bp, plain_is_base=False):
        return "removed"
    return None


def _is_null_wrap(
    cmp: Comparison,
    plain_side: Resolver,
    wrapped_side: Resolver,
    plain: dict[str, Any],
    wrapped: dict[str, Any],
    plain_ptr: str,
    wrapped_ptr: str,
    *,
    plain_is_base: bool,
) -> bool:
    """`wrapped` is exactly `plain` made nullable: oneOf (or anyOf) [{type: null}, plain']."""
    if any(plain.get(k) for k in ("oneOf", "anyOf", "allOf")) or "not" in plain:
        return False
    if plain.get("nullable") is True or "null" in types_of(plain):
        return False
    kind = wrapper_kind(wrapped)
    if kind is None:
        return False
    members = wrapped[kind]
    payload = [
        i
        for i, m in enumerate(members)
        if not is_bare_null(wrapped_side.deref(m, pointer.child(wrapped_ptr, kind, i))[0])
    ]
    if len(payload) != 1:
        return False
    i = payload[0]
    if plain_is_base:
        return cmp.equivalent(plain, members[i], plain_ptr, pointer.child(wrapped_ptr, kind, i))
    return cmp.equivalent(members[i], plain, pointer.child(wrapped_ptr, kind, i), plain_ptr)
