"""Schema comparison: one `SchemaDiff` tree per pair of schemas, cached per pair of locations.

Most of two versions of a document is the same text: `unchanged` proves a pair equal (same
JSON, every `$ref` inside pointing to the same unchanged schema) without building a tree.
Circular refs are cut when the same pair of schemas is met again.
"""

from __future__ import annotations

from typing import Any

from specpress.diff.schema.members import list_kinds, subschemas
from specpress.diff.schema.shapes import list_of_types, nullable_wrapping, one_of_wrapping
from specpress.diff.schema.tree import MapDiff, SchemaDiff
from specpress.diff.schema.values import (
    LISTS,
    MAPS,
    SLOTS,
    STRUCTURAL,
    as_schema,
    canon,
    is_ref,
    keyword_changed,
    same,
    strict_equal,
)
from specpress.openapi import pointer
from specpress.openapi.refs import Resolver

_Key = tuple[str, str]


class SchemaComparer:
    """Builds SchemaDiffs between the two documents' schemas, cached per pair of locations."""

    def __init__(self, old: Resolver, new: Resolver) -> None:
        self.old, self.new = old, new
        self._cache: dict[tuple[_Key, _Key], SchemaDiff | None] = {}
        self._visited_base: set[str] = set()
        self._visited_rev: set[str] = set()
        self._scan: dict[int, tuple[frozenset[str], bool, Any]] = {}
        self._stable: dict[tuple[str, str], bool] = {}

    # public entry
    def diff(self, b_raw: Any, r_raw: Any, b_ptr: str, r_ptr: str) -> SchemaDiff | None:
        """The diff of two schema nodes (either may be None: added / removed); None if equal."""
        if b_raw is None and r_raw is None:
            return None
        if self.unchanged(b_raw, r_raw, b_ptr, r_ptr):
            return None
        if b_raw is None or r_raw is None:
            b, b_loc = (
                self.resolve(self.old, b_raw, b_ptr)[:2] if b_raw is not None else (None, b_ptr)
            )
            r, r_loc = (
                self.resolve(self.new, r_raw, r_ptr)[:2] if r_raw is not None else (None, r_ptr)
            )
            return SchemaDiff(b, r, b_loc, r_loc)
        b, b_loc, b_key = self.resolve(self.old, b_raw, b_ptr)
        r, r_loc, r_key = self.resolve(self.new, r_raw, r_ptr)
        assert b is not None and r is not None
        cache_key = ((b_key, b_loc), (r_key, r_loc))
        if cache_key in self._cache:
            return self._cache[cache_key]
        b_ref = b_loc if is_ref(b_raw) else None
        r_ref = r_loc if is_ref(r_raw) else None
        circular_b = b_ref is not None and b_ref in self._visited_base
        circular_r = r_ref is not None and r_ref in self._visited_rev
        if circular_b or circular_r:
            if circular_b and circular_r and b_raw.get("$ref") == r_raw.get("$ref"):
                return None
            return SchemaDiff(b, r, b_loc, r_loc, circular=True)
        if b_ref:
            self._visited_base.add(b_ref)
        if r_ref:
            self._visited_rev.add(r_ref)
        try:
            result = self._compare(b, r, b_loc, r_loc)
        finally:
            self._visited_base.discard(b_ref or "")
            self._visited_rev.discard(r_ref or "")
        self._cache[cache_key] = result
        return result

    # the fast path: most of two versions of a document is the same text
    def unchanged(self, b_raw: Any, r_raw: Any, b_ptr: str, r_ptr: str) -> bool:
        """True when both nodes are the same JSON and every `$ref` in them points to the same,
        unchanged schema: then there is nothing to compare (cheap, no pointers, no tree)."""
        if not isinstance(b_raw, dict) or not isinstance(r_raw, dict):
            return False
        if b_raw is not r_raw and b_raw != r_raw:
            return False
        refs, has_bool = self._refs(b_raw)
        if has_bool and not strict_equal(b_raw, r_raw):
            return False
        return all(self._ref_stable(ref, b_ptr, r_ptr) for ref in refs)

    def _refs(self, node: Any) -> tuple[frozenset[str], bool]:
        """The `$ref` strings inside a node and whether it holds a boolean, memoized."""
        key = id(node)
        found = self._scan.get(key)
        if found is not None:
            return found[0], found[1]
        refs: set[str] = set()
        has_bool = False
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            refs.add(node["$ref"])
        for child in children:
            if isinstance(child, dict | list):
                child_refs, child_bool = self._refs(child)
                refs |= child_refs
                has_bool = has_bool or child_bool
            elif isinstance(child, bool):
                has_bool = True
        self._scan[key] = (frozenset(refs), has_bool, node)  # the node is kept: ids stay unique
        return frozenset(refs), has_bool

    def _ref_stable(self, ref: str, b_ptr: str, r_ptr: str) -> bool:
        b_loc = self.old.locate(ref, b_ptr)
        r_loc = self.new.locate(ref, r_ptr)
        key = (b_loc, r_loc)
        if key in self._stable:
            return self._stable[key]
        if b_loc != r_loc:
            self._stable[key] = False
            return False
        self._stable[key] = True  # assumed while its own refs are checked (cycles)
        b_found, b_node = self.old.node_at(b_loc)
        r_found, r_node = self.new.node_at(r_loc)
        stable = (
            b_found
            and r_found
            and (
                strict_equal(b_node, r_node)
                and all(self._ref_stable(inner, b_loc, r_loc) for inner in self._refs(b_node)[0])
                if isinstance(b_node, dict | list)
                else strict_equal(b_node, r_node)
            )
        )
        self._stable[key] = stable
        return stable

    def equivalent(self, b_raw: Any, r_raw: Any, b_ptr: str, r_ptr: str) -> bool:
        """Validation-equivalent: the only differences are annotations."""
        saved = self._visited_base, self._visited_rev
        self._visited_base, self._visited_rev = set(), set()
        try:
            d = self.diff(b_raw, r_raw, b_ptr, r_ptr)
        finally:
            self._visited_base, self._visited_rev = saved
        return d is None or not d.validation_changed()

    def resolve_old(self, raw: Any, location: str) -> tuple[dict[str, Any], str]:
        node, loc, _ = self.resolve(self.old, raw, location)
        return node or {}, loc

    def resolve_new(self, raw: Any, location: str) -> tuple[dict[str, Any], str]:
        node, loc, _ = self.resolve(self.new, raw, location)
        return node or {}, loc

    def resolve(
        self, side: Resolver, raw: Any, location: str
    ) -> tuple[dict[str, Any] | None, str, str]:
        node, loc, first = side.deref(raw, location)
        merged = first is not None and isinstance(raw, dict) and len(raw) > 1
        schema = as_schema(node)
        if schema is None:
            schema = {"x-specpress-unreadable": canon(node)}
        return schema, loc, (location if merged or not isinstance(node, dict) else "")

    def _compare(self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str) -> SchemaDiff | None:
        d = SchemaDiff(b, r, bp, rp)
        for key in sorted(set(b) | set(r), key=str):  # YAML may give non-string keys
            if key in STRUCTURAL or key == "$ref":
                continue
            if keyword_changed(key, b, r):
                d.values[str(key)] = (b.get(key), r.get(key))
        # single slots (a boolean value there is a keyword value, a mapping a subschema)
        for slot in SLOTS:
            bv, rv = b.get(slot), r.get(slot)
            scalar_b = None if isinstance(bv, dict) else bv
            scalar_r = None if isinstance(rv, dict) else rv
            if not (isinstance(bv, dict) and isinstance(rv, dict)) and not same(scalar_b, scalar_r):
                d.values[slot] = (bv, rv)
            sub = self.diff(
                bv if isinstance(bv, dict) else None,
                rv if isinstance(rv, dict) else None,
                pointer.child(bp, slot),
                pointer.child(rp, slot),
            )
            if sub is not None and not sub.empty():
                d.slots[slot] = sub
        kinds = list_kinds(self, b, r, bp, rp)
        if kinds:
            d.variant_switch = next((bk, rk) for bk, rk in kinds.values() if bk)
        for kind in LISTS:
            bk, rk = kinds.get(kind, (kind, kind))
            bl, rl = b.get(bk), r.get(rk)
            lst = subschemas(
                self,
                bl if isinstance(bl, list) else [],
                rl if isinstance(rl, list) else [],
                pointer.child(bp, bk),
                pointer.child(rp, rk),
            )
            if not lst.empty():
                d.lists[kind] = lst
        for name in MAPS:
            bm, rm = b.get(name), r.get(name)
            mp = self._map(
                bm if isinstance(bm, dict) else {},
                rm if isinstance(rm, dict) else {},
                pointer.child(bp, name),
                pointer.child(rp, name),
            )
            if not mp.empty():
                d.maps[name] = mp
        d.list_of_types = list_of_types(self, b, r, bp, rp)
        d.one_of_wrapping = one_of_wrapping(self, b, r, rp)
        d.nullable_wrapping = nullable_wrapping(self, b, r, bp, rp)
        return None if d.empty() else d

    def _map(self, bm: dict[str, Any], rm: dict[str, Any], bp: str, rp: str) -> MapDiff:
        out = MapDiff()
        for name in bm:
            if name in rm:
                sub = self.diff(
                    bm[name], rm[name], pointer.child(bp, name), pointer.child(rp, name)
                )
                if sub is not None and not sub.empty():
                    out.modified[str(name)] = sub
            else:
                out.deleted.append(str(name))
        out.added = [str(n) for n in rm if n not in bm]
        return out
