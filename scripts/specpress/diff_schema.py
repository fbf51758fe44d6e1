"""Schema comparison: one `SchemaDiff` tree per pair of schemas, shaped as oasdiff's.

A `SchemaDiff` holds the keywords whose values differ (`values`), a diff per single subschema
slot (`items`, `additionalProperties`, `contains`, `if`, ...), per list (`allOf`, `anyOf`,
`oneOf`, `prefixItems`: members matched by `$ref`, content, title, or as the single remaining
pair) and per map (`properties`, `patternProperties`, `dependentSchemas`), plus three derived
readings of shape changes (nullable wrapping, list of types, oneOf wrapping). Only non-empty
diffs are kept, so walking the tree costs as much as the change, not as the documents.
`schema_checks` reads the rules off the tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from specpress.diff_load import Resolver, ptr

# Keywords that only annotate (oasdiff's list, for "validation-equivalent").
ANNOTATIONS = frozenset(
    {"title", "description", "default", "example", "examples", "externalDocs", "$comment"}
)
# Single subschema slots, lists of subschemas and maps of subschemas, in oasdiff's walk order.
SLOTS = (
    "items",
    "additionalProperties",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "if",
    "then",
    "else",
    "not",
    "contentSchema",
)
LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs")
_STRUCTURAL = frozenset((*SLOTS, *LISTS, *MAPS))
# Absent keywords with a default (oasdiff reads them as Go zero values).
_DEFAULTS: dict[str, Any] = {
    "minLength": 0,
    "minItems": 0,
    "minProperties": 0,
    "nullable": False,
    "readOnly": False,
    "writeOnly": False,
    "deprecated": False,
    "uniqueItems": False,
    "allowEmptyValue": False,
    "format": "",
    "pattern": "",
    "contentMediaType": "",
    "contentEncoding": "",
}
MISSING: Any = None


def canon(value: Any) -> str:
    """A value as canonical JSON text (keys sorted; non-string YAML keys made strings)."""
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except TypeError:  # mixed key types cannot be sorted
        return json.dumps(_string_keys(value), sort_keys=True, default=str)


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def types_of(node: dict[str, Any]) -> list[str]:
    """`type` as a list; an unquoted YAML `null` in a 3.1 type array means "null"."""
    raw = node.get("type")
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return ["null" if t is None else str(t) for t in raw]
    return []


def _value(node: dict[str, Any], key: str) -> Any:
    value = node.get(key, _DEFAULTS.get(key))
    return _DEFAULTS.get(key) if value is None and key in _DEFAULTS else value


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b):
        return False
    return bool(a == b) and (not isinstance(a, dict | list) or canon(a) == canon(b))


def enum_delta(old: Any, new: Any) -> tuple[list[Any], list[Any]]:
    """(added, removed) enum values, compared as JSON values."""
    old_list = old if isinstance(old, list) else []
    new_list = new if isinstance(new, list) else []
    old_keys = {canon(v) for v in old_list}
    new_keys = {canon(v) for v in new_list}
    added = [v for v in new_list if canon(v) not in old_keys]
    removed = [v for v in old_list if canon(v) not in new_keys]
    return added, removed


def _keyword_changed(key: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    if key == "type":
        return set(types_of(old)) != set(types_of(new))
    if key == "required":
        return set(map(str, as_list(old.get("required")))) != set(
            map(str, as_list(new.get("required")))
        )
    if key == "enum":
        added, removed = enum_delta(old.get("enum"), new.get("enum"))
        return bool(added or removed)
    return not _same(_value(old, key), _value(new, key))


# --- the tree ---------------------------------------------------------------------------------


@dataclass(eq=False)
class SubDiff:
    """A list of subschemas: indexes added (revision), deleted (base), and modified pairs."""

    added: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    modified: list[tuple[int, int, SchemaDiff]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.added or self.deleted or self.modified)


@dataclass(eq=False)
class MapDiff:
    """A map of subschemas (`properties`, ...): names added, deleted, and modified."""

    added: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    modified: dict[str, SchemaDiff] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.added or self.deleted or self.modified)


@dataclass(eq=False)
class SchemaDiff:
    """The changes between two schemas; `base` / `rev` is None for a schema added / removed."""

    base: dict[str, Any] | None
    rev: dict[str, Any] | None
    base_ptr: str
    rev_ptr: str
    values: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    slots: dict[str, SchemaDiff] = field(default_factory=dict)
    lists: dict[str, SubDiff] = field(default_factory=dict)
    maps: dict[str, MapDiff] = field(default_factory=dict)
    circular: bool = False
    list_of_types: tuple[list[str], list[str]] | None = None  # (added, deleted)
    one_of_wrapping: list[str] | None = None  # base properties moved into the alternatives
    nullable_wrapping: str | None = None  # "added" | "removed"
    variant_switch: tuple[str, str] | None = None  # ("anyOf", "oneOf"): same members, new kind

    @property
    def added(self) -> bool:
        return self.base is None and self.rev is not None

    @property
    def deleted(self) -> bool:
        return self.rev is None and self.base is not None

    @property
    def both(self) -> bool:
        return self.base is not None and self.rev is not None

    def empty(self) -> bool:
        return not (
            self.values
            or self.slots
            or self.lists
            or self.maps
            or self.circular
            or self.list_of_types
            or self.one_of_wrapping
            or self.nullable_wrapping
            or self.variant_switch
            or self.added
            or self.deleted
        )

    def old(self, key: str) -> Any:
        return self.values[key][0] if key in self.values else None

    def new(self, key: str) -> Any:
        return self.values[key][1] if key in self.values else None

    @property
    def type_added(self) -> list[str]:
        if "type" not in self.values or not self.both:
            return []
        assert self.base is not None and self.rev is not None
        old = types_of(self.base)
        return [t for t in types_of(self.rev) if t not in old]

    @property
    def type_deleted(self) -> list[str]:
        if "type" not in self.values or not self.both:
            return []
        assert self.base is not None and self.rev is not None
        new = types_of(self.rev)
        return [t for t in types_of(self.base) if t not in new]

    def validation_changed(self) -> bool:
        """True unless the only differences are annotations (oasdiff's equivalence)."""
        if self.added or self.deleted or self.circular:
            return True
        if any(k not in ANNOTATIONS for k in self.values):
            return True
        if self.list_of_types or self.one_of_wrapping or self.nullable_wrapping:
            return True
        if self.variant_switch and not (
            is_null_wrapper(self.base or {}) and is_null_wrapper(self.rev or {})
        ):  # a null wrapper validates the same either way
            return True
        if any(sub.validation_changed() for sub in self.slots.values()):
            return True
        for lst in self.lists.values():
            if lst.added or lst.deleted or any(d.validation_changed() for *_, d in lst.modified):
                return True
        for mp in self.maps.values():
            if mp.added or mp.deleted or any(d.validation_changed() for d in mp.modified.values()):
                return True
        return False


# --- building the tree --------------------------------------------------------------------------

_Key = tuple[str, str]


def _strict_equal(a: Any, b: Any) -> bool:
    """JSON equality (`==` alone says `1 == true`)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_strict_equal(v, b[k]) for k, v in a.items())
        )
    if isinstance(a, list):
        return (
            isinstance(b, list)
            and len(a) == len(b)
            and all(_strict_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    return bool(a == b)


def _is_ref(raw: Any) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("$ref"), str)


def _as_schema(node: Any) -> dict[str, Any] | None:
    """A JSON Schema value as a mapping: `true` accepts all, `false` nothing."""
    if isinstance(node, dict):
        return node
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    return None


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
                self._resolve(self.old, b_raw, b_ptr)[:2] if b_raw is not None else (None, b_ptr)
            )
            r, r_loc = (
                self._resolve(self.new, r_raw, r_ptr)[:2] if r_raw is not None else (None, r_ptr)
            )
            return SchemaDiff(b, r, b_loc, r_loc)
        b, b_loc, b_key = self._resolve(self.old, b_raw, b_ptr)
        r, r_loc, r_key = self._resolve(self.new, r_raw, r_ptr)
        assert b is not None and r is not None
        cache_key = ((b_key, b_loc), (r_key, r_loc))
        if cache_key in self._cache:
            return self._cache[cache_key]
        b_ref = b_loc if _is_ref(b_raw) else None
        r_ref = r_loc if _is_ref(r_raw) else None
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
        if has_bool and not _strict_equal(b_raw, r_raw):
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
                _strict_equal(b_node, r_node)
                and all(self._ref_stable(inner, b_loc, r_loc) for inner in self._refs(b_node)[0])
                if isinstance(b_node, dict | list)
                else _strict_equal(b_node, r_node)
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
        node, loc, _ = self._resolve(self.old, raw, location)
        return node or {}, loc

    def resolve_new(self, raw: Any, location: str) -> tuple[dict[str, Any], str]:
        node, loc, _ = self._resolve(self.new, raw, location)
        return node or {}, loc

    # internals
    def _resolve(
        self, side: Resolver, raw: Any, location: str
    ) -> tuple[dict[str, Any] | None, str, str]:
        node, loc, first = side.deref(raw, location)
        merged = first is not None and isinstance(raw, dict) and len(raw) > 1
        schema = _as_schema(node)
        if schema is None:
            schema = {"x-specpress-unreadable": canon(node)}
        return schema, loc, (location if merged or not isinstance(node, dict) else "")

    def _compare(self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str) -> SchemaDiff | None:
        d = SchemaDiff(b, r, bp, rp)
        for key in sorted(set(b) | set(r), key=str):  # YAML may give non-string keys
            if key in _STRUCTURAL or key == "$ref":
                continue
            if _keyword_changed(key, b, r):
                d.values[str(key)] = (b.get(key), r.get(key))
        # single slots (a boolean value there is a keyword value, a mapping a subschema)
        for slot in SLOTS:
            bv, rv = b.get(slot), r.get(slot)
            scalar_b = None if isinstance(bv, dict) else bv
            scalar_r = None if isinstance(rv, dict) else rv
            if not (isinstance(bv, dict) and isinstance(rv, dict)) and not _same(
                scalar_b, scalar_r
            ):
                d.values[slot] = (bv, rv)
            sub = self.diff(
                bv if isinstance(bv, dict) else None,
                rv if isinstance(rv, dict) else None,
                ptr(bp, slot),
                ptr(rp, slot),
            )
            if sub is not None and not sub.empty():
                d.slots[slot] = sub
        kinds = self._list_kinds(b, r, bp, rp)
        if kinds:
            d.variant_switch = next((bk, rk) for bk, rk in kinds.values() if bk)
        for kind in LISTS:
            bk, rk = kinds.get(kind, (kind, kind))
            bl, rl = b.get(bk), r.get(rk)
            lst = self._subschemas(
                bl if isinstance(bl, list) else [],
                rl if isinstance(rl, list) else [],
                ptr(bp, bk),
                ptr(rp, rk),
            )
            if not lst.empty():
                d.lists[kind] = lst
        for name in MAPS:
            bm, rm = b.get(name), r.get(name)
            mp = self._map(
                bm if isinstance(bm, dict) else {},
                rm if isinstance(rm, dict) else {},
                ptr(bp, name),
                ptr(rp, name),
            )
            if not mp.empty():
                d.maps[name] = mp
        d.list_of_types = self._list_of_types(b, r, bp, rp)
        d.one_of_wrapping = self._one_of_wrapping(b, r, rp)
        d.nullable_wrapping = self._nullable_wrapping(b, r, bp, rp)
        return None if d.empty() else d

    def _list_kinds(
        self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str
    ) -> dict[str, tuple[str, str]]:
        """anyOf -> oneOf (or back) over the same members is one change, not all members
        removed and added: compare the two lists as one (`variant_switch` says so)."""
        for bk, rk in (("anyOf", "oneOf"), ("oneOf", "anyOf")):
            bl, rl = b.get(bk), r.get(rk)
            if not (isinstance(bl, list) and bl and isinstance(rl, list) and rl):
                continue
            if isinstance(b.get(rk), list) or isinstance(r.get(bk), list):
                continue
            lst = self._subschemas(bl, rl, ptr(bp, bk), ptr(rp, rk))
            if not lst.added and not lst.deleted:
                return {bk: (bk, rk), rk: ("", "")}
        return {}

    def _subschemas(self, bl: list[Any], rl: list[Any], bp: str, rp: str) -> SubDiff:
        """oasdiff's matching: by `$ref`, then identical inline schemas, titles, the last pair."""
        out = SubDiff()
        if not bl and not rl:
            return out
        refs_rev: dict[str, list[int]] = {}
        for j, raw in enumerate(rl):
            if _is_ref(raw):
                refs_rev.setdefault(raw["$ref"], []).append(j)
        refs_base: dict[str, list[int]] = {}
        for i, raw in enumerate(bl):
            if _is_ref(raw):
                refs_base.setdefault(raw["$ref"], []).append(i)
        for i, raw in enumerate(bl):
            if not _is_ref(raw):
                continue
            candidates = refs_rev.get(raw["$ref"])
            if candidates:
                j = candidates.pop(0)
                self._modified(out, bl[i], rl[j], i, j, bp, rp)
            else:
                out.deleted.append(i)
        for j, raw in enumerate(rl):
            if _is_ref(raw):
                candidates = refs_base.get(raw["$ref"])
                if candidates:
                    candidates.pop(0)
                else:
                    out.added.append(j)
        inline_b = [i for i, raw in enumerate(bl) if not _is_ref(raw)]
        inline_r = [j for j, raw in enumerate(rl) if not _is_ref(raw)]
        added = self._not_contained(inline_r, inline_b, rl, bl, rp, bp, reverse=True)
        deleted = self._not_contained(inline_b, inline_r, bl, rl, bp, rp, reverse=False)
        # match by title
        used_titles: set[str] = {""}
        for j in list(added):
            title = str(_title(self.new, rl[j], ptr(rp, j)))
            if title in used_titles:
                continue
            for i in deleted:
                if str(_title(self.old, bl[i], ptr(bp, i))) == title:
                    self._modified(out, bl[i], rl[j], i, j, bp, rp)
                    added.remove(j)
                    deleted.remove(i)
                    used_titles.add(title)
                    break
        if (
            len(added) == 1
            and len(deleted) == 1
            and not _title(self.old, bl[deleted[0]], ptr(bp, deleted[0]))
            and not _title(self.new, rl[added[0]], ptr(rp, added[0]))
        ):
            self._modified(out, bl[deleted[0]], rl[added[0]], deleted[0], added[0], bp, rp)
            added, deleted = [], []
        out.added += added
        out.deleted += deleted
        # an inline schema refactored into a $ref (or back) that validates the same is no change
        for i in list(out.deleted):
            for j in list(out.added):
                if _is_ref(bl[i]) != _is_ref(rl[j]) and self.equivalent(
                    bl[i], rl[j], ptr(bp, i), ptr(rp, j)
                ):
                    out.deleted.remove(i)
                    out.added.remove(j)
                    break
        out.added.sort()
        out.deleted.sort()
        return out

    def _modified(self, out: SubDiff, b: Any, r: Any, i: int, j: int, bp: str, rp: str) -> None:
        sub = self.diff(b, r, ptr(bp, i), ptr(rp, j))
        if sub is not None and not sub.empty():
            out.modified.append((i, j, sub))

    def _not_contained(
        self,
        indexes: list[int],
        others: list[int],
        mine: list[Any],
        theirs: list[Any],
        my_ptr: str,
        their_ptr: str,
        *,
        reverse: bool,
    ) -> list[int]:
        """Indexes of `mine` with no identical (empty diff) schema among `theirs`."""
        matched: set[int] = set()
        missing = []
        for i in indexes:
            for j in others:
                if j in matched:
                    continue
                if reverse:
                    sub = self.diff(theirs[j], mine[i], ptr(their_ptr, j), ptr(my_ptr, i))
                else:
                    sub = self.diff(mine[i], theirs[j], ptr(my_ptr, i), ptr(their_ptr, j))
                if sub is None or sub.empty():
                    matched.add(j)
                    break
            else:
                missing.append(i)
        return missing

    def _map(self, bm: dict[str, Any], rm: dict[str, Any], bp: str, rp: str) -> MapDiff:
        out = MapDiff()
        for name in bm:
            if name in rm:
                sub = self.diff(bm[name], rm[name], ptr(bp, name), ptr(rp, name))
                if sub is not None and not sub.empty():
                    out.modified[str(name)] = sub
            else:
                out.deleted.append(str(name))
        out.added = [str(n) for n in rm if n not in bm]
        return out

    # derived readings
    def _members(
        self, side: Resolver, node: dict[str, Any], kind: str, loc: str
    ) -> list[dict[str, Any]]:
        members = node.get(kind)
        if not isinstance(members, list):
            return []
        out = []
        for i, raw in enumerate(members):
            resolved, _, _ = self._resolve(side, raw, ptr(loc, kind, i))
            out.append(resolved or {})
        return out

    def _type_pattern(
        self, side: Resolver, node: dict[str, Any], loc: str
    ) -> tuple[list[str], str] | None:
        """oasdiff's "list of types": a single type, or oneOf/anyOf of plain single types."""
        if "not" in node or node.get("allOf") or node.get("properties"):
            return None
        types = types_of(node)
        if types:
            return [types[0]], "single"
        for kind in ("oneOf", "anyOf"):
            members = self._members(side, node, kind, loc)
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

    def _list_of_types(
        self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str
    ) -> tuple[list[str], list[str]] | None:
        base = self._type_pattern(self.old, b, bp)
        rev = self._type_pattern(self.new, r, rp)
        if base is None or rev is None or "list" not in (base[1], rev[1]):
            return None
        if set(base[0]) == set(rev[0]) and len(base[0]) == len(rev[0]):
            return None
        added = [t for t in dict.fromkeys(rev[0]) if t not in base[0]]
        deleted = [t for t in dict.fromkeys(base[0]) if t not in rev[0]]
        return (added, deleted) if added or deleted else None

    def _one_of_wrapping(self, b: dict[str, Any], r: dict[str, Any], rp: str) -> list[str] | None:
        if b.get("oneOf") or not isinstance(b.get("properties"), dict) or not b["properties"]:
            return None
        if not r.get("oneOf") or r.get("properties") or types_of(r):
            return None
        alternatives = self._members(self.new, r, "oneOf", rp)
        moved = sorted(
            str(name)
            for name in b["properties"]
            if any(name in (alt.get("properties") or {}) for alt in alternatives)
        )
        return moved or None

    def _nullable_wrapping(
        self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str
    ) -> str | None:
        if self._is_null_wrap(self.old, self.new, b, r, bp, rp, plain_is_base=True):
            return "added"
        if self._is_null_wrap(self.new, self.old, r, b, rp, bp, plain_is_base=False):
            return "removed"
        return None

    def _is_null_wrap(
        self,
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
        kind = _wrapper_kind(wrapped)
        if kind is None:
            return False
        members = wrapped[kind]
        payload = [
            i
            for i, m in enumerate(members)
            if not _is_bare_null(wrapped_side.deref(m, ptr(wrapped_ptr, kind, i))[0])
        ]
        if len(payload) != 1:
            return False
        i = payload[0]
        if plain_is_base:
            return self.equivalent(plain, members[i], plain_ptr, ptr(wrapped_ptr, kind, i))
        return self.equivalent(members[i], plain, ptr(wrapped_ptr, kind, i), plain_ptr)


def _title(side: Resolver, raw: Any, location: str) -> str:
    node = side.deref(raw, location)[0]
    return str(node.get("title") or "") if isinstance(node, dict) else ""


def _is_bare_null(node: Any) -> bool:
    if not isinstance(node, dict) or types_of(node) != ["null"]:
        return False
    return all(k in ANNOTATIONS or k == "type" for k in node)


def is_null_wrapper(node: dict[str, Any]) -> bool:
    """`oneOf`/`anyOf: [X, {type: 'null'}]` and nothing else: nullable X, whichever keyword."""
    return _wrapper_kind(node) is not None


def _wrapper_kind(node: dict[str, Any]) -> str | None:
    """ "oneOf"/"anyOf" when `node` is a bare two-branch wrapper with one bare null branch."""
    for kind in ("oneOf", "anyOf"):
        members = node.get(kind)
        if not (isinstance(members, list) and len(members) == 2):
            continue
        others = [k for k in node if k != kind and k not in ANNOTATIONS]
        if others:
            return None
        if sum(1 for m in members if _is_bare_null(m)) == 1:
            return kind
    return None


# --- walking the tree --------------------------------------------------------------------------


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


def _walk_for(sd: SchemaDiff, path: str, added: bool, cmp: SchemaComparer) -> Iterator[NewProp]:
    props = sd.maps.get("properties")
    if props:
        side = sd.rev if added else sd.base
        names = props.added if added else props.deleted
        for name in sorted(names):
            raw = ((side or {}).get("properties") or {}).get(name)
            loc_base = sd.rev_ptr if added else sd.base_ptr
            resolve = cmp.resolve_new if added else cmp.resolve_old
            node, loc = resolve(raw, ptr(loc_base, "properties", name))
            yield NewProp(path, name, node, loc, sd)
    for child_path, name, sub in _children(sd, path):
        yield from _walk_for(sub, join(child_path, name) if name else child_path, added, cmp)


def added_props(sd: SchemaDiff, cmp: SchemaComparer) -> Iterator[NewProp]:
    return _walk_for(sd, "", True, cmp)


def deleted_props(sd: SchemaDiff, cmp: SchemaComparer) -> Iterator[NewProp]:
    return _walk_for(sd, "", False, cmp)
