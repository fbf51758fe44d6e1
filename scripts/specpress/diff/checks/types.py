"""Type and format changes, lists of types and nullability, judged as oasdiff judges them.

Requests are contravariant (a type that accepts more is safe), responses covariant; `integer`
is a subtype of `number`; a loosely typed media type (not JSON) or a query parameter accepts any
scalar as a string; a scalar parameter that became a form-exploded array of the same values is
no break. Nullability comes from `nullable`, a `null` in a 3.1 type array, or a oneOf/anyOf
wrap `[{type: 'null'}, X]`.
"""

from __future__ import annotations

from specpress.diff.checks.site import Site
from specpress.diff.schema import Prop, SchemaDiff, types_of
from specpress.openapi import pointer


def _subtype(sub: str, sup: str) -> bool:
    return sub == sup or (sub == "integer" and sup == "number")


def _type_contained(to: list[str], frm: list[str], strongly: bool) -> bool:
    if len(to) == 1 and len(frm) == 1 and _subtype(frm[0], to[0]):
        return True
    if not strongly:
        return not to or (len(to) == 1 and to[0] == "string")
    return False


_FORMAT_WIDENINGS = {
    "number": {("float", "double")},
    "integer": {("int32", "int64"), ("int32", "bigint"), ("int64", "bigint")},
    "string": {("date", "date-time"), ("time", "date-time")},
}


def _format_contained(to_types: list[str], to: str, frm: str) -> bool:
    if not to:
        return True
    if len(to_types) != 1:
        return False
    return (frm, to) in _FORMAT_WIDENINGS.get(to_types[0], set())


def _covered(sub: list[str], sup: list[str]) -> bool:
    return bool(sub) and all(any(_subtype(t, s) for s in sup) for t in sub)


class _TypeChange:
    """The type/format change of one schema pair, in oasdiff's terms."""

    def __init__(self, sd: SchemaDiff) -> None:
        assert sd.base is not None and sd.rev is not None
        self.changed = "type" in sd.values
        self.added, self.deleted = sd.type_added, sd.type_deleted
        self.fmt = "format" in sd.values
        self.fmt_from = str(sd.base.get("format") or "")
        self.fmt_to = str(sd.rev.get("format") or "")
        self.base_types, self.rev_types = types_of(sd.base), types_of(sd.rev)

    @property
    def any(self) -> bool:
        return self.changed or self.fmt

    def widened(self) -> bool:
        return self.changed and _covered(self.base_types, self.rev_types)

    def narrowed(self) -> bool:
        return self.changed and _covered(self.rev_types, self.base_types)

    def breaking(self, strongly: bool, *, reverse: bool = False, type_axis: bool = True) -> bool:
        """oasdiff's typeOrFormatBreaking toward the revision (or the base when reversed)."""
        to_types = self.base_types if reverse else self.rev_types
        added, deleted = (self.deleted, self.added) if reverse else (self.added, self.deleted)
        fmt_to, fmt_from = (self.fmt_from, self.fmt_to) if reverse else (self.fmt_to, self.fmt_from)
        type_breaking = type_axis and self.changed and not _type_contained(added, deleted, strongly)
        fmt_breaking = self.fmt and not _format_contained(to_types, fmt_to, fmt_from)
        return type_breaking or fmt_breaking

    def body_breaking(self, strongly: bool, *, response: bool) -> bool:
        """oasdiff's request/responseTypeFormatBreaking (type-set widening/narrowing is safe)."""
        safe_set = self.narrowed() if response else self.widened()
        to_types = self.base_types if response else self.rev_types
        type_axis = self.changed and not safe_set
        if type_axis and not to_types:
            return False
        return self.breaking(strongly, reverse=response, type_axis=type_axis)

    def loose_swap(self, *, response: bool) -> bool:
        concrete = bool(self.base_types) and bool(self.rev_types)
        safe_set = self.narrowed() if response else self.widened()
        return self.changed and concrete and not safe_set

    def describe(self) -> str:
        def side(types: list[str], fmt: str) -> str:
            return "/".join(types or ["any"]) + (f" ({fmt})" if fmt else "")

        return (
            f"type/format changed from `{side(self.base_types, self.fmt_from)}` to "
            f"`{side(self.rev_types, self.fmt_to)}`"
        )


def body_type(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    tc = _TypeChange(sd)
    if not tc.any:
        return
    response = site.direction == "response"
    if tc.body_breaking(site.strongly_typed, response=response):
        kind = "generalized" if response and tc.widened() else "changed"
    elif tc.loose_swap(response=response):
        kind = "compatible"
    else:
        kind = "specialized" if response else "generalized"
    site.emit(f"{site.prefix(prop)}-type-{kind}", sd, prop, tc.describe(), "type")


def _scalar_to_exploded_array(site: Site, sd: SchemaDiff, tc: _TypeChange) -> bool:
    """A scalar parameter that became a form-exploded array of the same values: `?a=1` still
    means the same (oasdiff's isParameterScalarToFormExplodeArray)."""
    added = [t for t in tc.added if t != "null"]
    base_types = [t for t in tc.base_types if t != "null"]
    raw_items = (sd.rev or {}).get("items")
    if added != ["array"] or not base_types or not isinstance(raw_items, dict):
        return False
    item, item_ptr = site.cmp.resolve_new(raw_items, pointer.child(sd.rev_ptr, "items"))
    item_types = [t for t in types_of(item) if t != "null"]
    if not _type_contained(item_types, base_types, False):
        return False
    assert sd.base is not None
    base = {k: v for k, v in sd.base.items() if k not in ("type", "nullable")}
    bare_item = {k: v for k, v in item.items() if k not in ("type", "nullable")}
    return site.cmp.equivalent(base, bare_item, sd.base_ptr, item_ptr)


def parameter_type(
    site: Site, sd: SchemaDiff, prop: Prop | None, form_explode: bool = False
) -> None:
    tc = _TypeChange(sd)
    if not tc.any:
        return
    if prop is None:
        breaking = tc.breaking(False)
        if breaking and form_explode and _scalar_to_exploded_array(site, sd, tc):
            breaking = False
        kind = "changed" if breaking else "generalized"
    else:
        strict, loose = tc.breaking(True), tc.breaking(False)
        kind = "changed" if strict != loose else "specialized" if strict else "generalized"
    site.emit(f"{site.prefix(prop)}-type-{kind}", sd, prop, tc.describe(), "type")


def header_type(site: Site, sd: SchemaDiff) -> None:
    tc = _TypeChange(sd)
    if not tc.any:
        return
    if tc.body_breaking(False, response=True):
        kind = "generalized" if tc.widened() else "changed"
    elif tc.loose_swap(response=True):
        kind = "compatible"
    else:
        kind = "specialized"
    site.emit(f"response-header-type-{kind}", sd, None, tc.describe(), "type")


def list_of_types(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    """A single type <-> a oneOf/anyOf of plain types: the narrowing side wins in a request."""
    if not sd.list_of_types:
        return
    added, deleted = sd.list_of_types
    narrowed = bool(deleted) if site.direction == "request" else not added
    word, types, verb = (
        ("narrowed", deleted, "removed") if narrowed else ("widened", added, "added")
    )
    site.emit(
        f"{site.prefix(prop)}-list-of-types-{word}",
        sd,
        prop,
        f"list of types {word}: {', '.join(types)} {verb}",
    )


def nullability(sd: SchemaDiff) -> str | None:
    """ "nullable" / "not-nullable" / None, as oasdiff reads `nullable`, type arrays and wraps."""
    if not sd.both:
        return None
    assert sd.base is not None and sd.rev is not None
    if "nullable" in sd.values:
        if sd.base.get("nullable") is True:
            return "not-nullable"
        if sd.rev.get("nullable") is True:
            return "nullable"
        return None
    if "type" in sd.values:
        if "null" in sd.type_deleted and types_of(sd.rev):
            return "not-nullable"
        if "null" in sd.type_added and types_of(sd.base):
            return "nullable"
    if sd.nullable_wrapping == "added":
        return "nullable"
    if sd.nullable_wrapping == "removed":
        return "not-nullable"
    return None


def nullable(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    state = nullability(sd)
    if state is None:
        return
    text = "may now be null" if state == "nullable" else "may no longer be null"
    site.emit(f"{site.prefix(prop)}-became-{state}", sd, prop, text)
