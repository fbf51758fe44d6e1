"""Walking a schema-diff tree: every modified nested schema, every property added or removed.

Nested schemas are named oasdiff-style (`a/items`, `allOf[Base]`, `prefixItems[0]`), in
oasdiff's walk order, so a rule reports a nested change where oasdiff reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from specpress.diff.schema.tree import Comparison, SchemaDiff
from specpress.diff.schema.values import SLOTS
from specpress.openapi import pointer


@dataclass(frozen=True)
class Prop:
    """A nested schema reached from a body/parameter schema: a property, items, a member, ..."""

    path: str  # the parent path, oasdiff-style (`a/items`)
    name: str  # the property name, "" for items, members and other slots
    diff: SchemaDiff
    parent: SchemaDiff

    @property
    def full_name(self) -> str:
        return join(self.path, self.name) if self.name else self.path


def join(path: str, segment: str) -> str:
    return f"{path}/{segment}" if path else segment


def _member_label(kind: str, index: int, d: SchemaDiff | None, raw: Any) -> str:
    ref = raw.get("$ref") if isinstance(raw, dict) else None
    if isinstance(ref, str):
        return f"{kind}[{ref.rsplit('/', 1)[-1]}]"
    return f"{kind}[#{index + 1}]"


def _children(sd: SchemaDiff, path: str) -> Iterator[tuple[str, str, SchemaDiff]]:
    """(path, property name, diff) of every modified child, in oasdiff's walk order."""
    for kind in ("allOf", "anyOf", "oneOf"):
        lst = sd.lists.get(kind)
        if lst:
            for _, j, sub in lst.modified:
                raw = (sd.rev or {}).get(kind, [])
                yield (
                    join(path, _member_label(kind, j, sub, raw[j] if j < len(raw) else None)),
                    "",
                    sub,
                )
    if "items" in sd.slots:
        yield join(path, "items"), "", sd.slots["items"]
    props = sd.maps.get("properties")
    if props:
        for name in sorted(props.modified):
            yield path, name, props.modified[name]
    if "additionalProperties" in sd.slots:
        yield join(path, "additionalProperties"), "", sd.slots["additionalProperties"]
    prefix = sd.lists.get("prefixItems")
    if prefix:
        for _, j, sub in prefix.modified:
            yield join(path, f"prefixItems[{j}]"), "", sub
    for slot in SLOTS[2:]:  # contains ... contentSchema
        if slot in sd.slots:
            yield join(path, slot), "", sd.slots[slot]
    for mapping in ("patternProperties", "dependentSchemas"):
        mp = sd.maps.get(mapping)
        if mp:
            for key in sorted(mp.modified):
                yield join(path, f"{mapping}[{key}]"), "", mp.modified[key]


def modified_props(sd: SchemaDiff, path: str = "") -> Iterator[Prop]:
    """Every modified nested schema under `sd`, depth first (oasdiff's checkModifiedProperties)."""
    for child_path, name, sub in _children(sd, path):
        yield Prop(child_path, name, sub, sd)
        yield from modified_props(sub, join(child_path, name) if name else child_path)


@dataclass(frozen=True)
class NewProp:
    """A property added to (or removed from) a schema somewhere under a body schema."""

    path: str
    name: str
    node: dict[str, Any]
    location: str
    parent: SchemaDiff

    @property
    def full_name(self) -> str:
        return join(self.path, self.name)


def _walk_for(sd: SchemaDiff, path: str, added: bool, cmp: Comparison) -> Iterator[NewProp]:
    props = sd.maps.get("properties")
    if props:
        side = sd.rev if added else sd.base
        names = props.added if added else props.deleted
        for name in sorted(names):
            raw = ((side or {}).get("properties") or {}).get(name)
            loc_base = sd.rev_ptr if added else sd.base_ptr
            resolve = cmp.resolve_new if added else cmp.resolve_old
            node, loc = resolve(raw, pointer.child(loc_base, "properties", name))
            yield NewProp(path, name, node, loc, sd)
    for child_path, name, sub in _children(sd, path):
        yield from _walk_for(sub, join(child_path, name) if name else child_path, added, cmp)


def added_props(sd: SchemaDiff, cmp: Comparison) -> Iterator[NewProp]:
    return _walk_for(sd, "", True, cmp)


def deleted_props(sd: SchemaDiff, cmp: Comparison) -> Iterator[NewProp]:
    return _walk_for(sd, "", False, cmp)
