"""The schema rules, read off a `SchemaDiff` tree at a body, parameter or header position.

Each function mirrors one family of oasdiff's checker (`checker/check_*.go`): same ids, same
direction, same treatment of readOnly/writeOnly properties and of recognized transitions. Our
own rules fill the gaps oasdiff leaves (response-side bounds it does not report, bounds on array
lengths outside parameters, patterns on a whole body). Whatever changed in a schema and is judged
by no rule at that position is reported as `unsupported-change`, so nothing passes silently.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from specpress.diff_load import ptr
from specpress.diff_rules import RULES_BY_ID
from specpress.diff_schema import (
    ANNOTATIONS,
    NewProp,
    Prop,
    SchemaComparer,
    SchemaDiff,
    added_props,
    deleted_props,
    enum_delta,
    modified_props,
    types_of,
)


class Sink(Protocol):
    """Where findings go: the operation's emitter (it knows the operation and the levels)."""

    def emit(
        self, rule_id: str, location: str, message: str, schema: SchemaDiff | None = None
    ) -> None: ...


@dataclass(frozen=True)
class Lifecycle:
    """What deprecation checks need: today, the notice policy, the operation's stability."""

    today: dt.date
    days: int  # minimum notice for this operation's stability level (0: no policy)


@dataclass(frozen=True)
class Site:
    """Where a schema sits: its id prefixes, direction and how messages name it."""

    sink: Sink
    cmp: SchemaComparer
    direction: str  # request | response
    body_prefix: str  # request-body | response-body | request-parameter | response-header
    prop_prefix: str | None  # request-property | response-property | request-parameter-property
    subject: str  # "request body", "response 200 body", "query parameter `limit`"
    media_type: str = ""
    lifecycle: Lifecycle | None = None

    @property
    def strongly_typed(self) -> bool:
        mt = self.media_type.split(";", 1)[0].strip().lower()
        return mt == "application/json" or mt.endswith("+json")

    def label(self, prop: Prop | NewProp | None) -> str:
        if prop is None:
            return self.subject
        name = prop.full_name
        if self.body_prefix in ("request-body", "response-body"):
            return f"{self.direction} property `{name}`"
        return f"{self.subject}, property `{name}`"

    def prefix(self, prop: Prop | NewProp | None) -> str:
        return self.body_prefix if prop is None or self.prop_prefix is None else self.prop_prefix

    def emit(
        self,
        rule_id: str,
        sd: SchemaDiff,
        prop: Prop | NewProp | None,
        text: str,
        keyword: str | None = None,
        *,
        removed: bool = False,
        claim: SchemaDiff | None = None,
    ) -> bool:
        """Emit `rule_id` if the table has it; the location is the keyword in the new schema."""
        base = sd.base_ptr if removed or sd.rev is None else sd.rev_ptr
        location = ptr(base, keyword) if keyword else base
        if rule_id not in RULES_BY_ID:  # a change this position has no rule for: say so
            text = f"{text} (no rule `{rule_id}` judges it)"
            rule_id = "unsupported-change"
        self.sink.emit(rule_id, location, f"{self.label(prop)}: {text}", claim or sd)
        return True


def show(value: Any, limit: int = 120) -> str:
    """A value for a message: JSON, cut short so one long pattern cannot swamp a report."""
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _both_props(sd: SchemaDiff) -> list[Prop]:
    """oasdiff's walkProperties: modified nested schemas present on both sides."""
    return [p for p in modified_props(sd) if p.diff.both]


def _flag(node: dict[str, Any] | None, key: str) -> bool:
    return bool(node) and (node or {}).get(key) is True


# --- type and format ----------------------------------------------------------------------------


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


def _body_type(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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
    item, item_ptr = site.cmp.resolve_new(raw_items, ptr(sd.rev_ptr, "items"))
    item_types = [t for t in types_of(item) if t != "null"]
    if not _type_contained(item_types, base_types, False):
        return False
    assert sd.base is not None
    base = {k: v for k, v in sd.base.items() if k not in ("type", "nullable")}
    bare_item = {k: v for k, v in item.items() if k not in ("type", "nullable")}
    return site.cmp.equivalent(base, bare_item, sd.base_ptr, item_ptr)


def _parameter_type(
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


def _header_type(site: Site, sd: SchemaDiff) -> None:
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


def _list_of_types(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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


# --- nullability, enums, values -----------------------------------------------------------------


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


def _nullable(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    state = nullability(sd)
    if state is None:
        return
    text = "may now be null" if state == "nullable" else "may no longer be null"
    site.emit(f"{site.prefix(prop)}-became-{state}", sd, prop, text)


def _enum(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    if "enum" not in sd.values:
        return
    old, new = sd.values["enum"]
    added, removed = enum_delta(old, new)
    request = site.direction == "request"
    prefix = site.prefix(prop)
    if (
        prop is not None
        and request
        and site.body_prefix == "request-body"
        and _flag(sd.rev, "readOnly")
    ):
        prefix = "request-read-only-property"
    if prop is not None and not request and _flag(sd.rev, "writeOnly"):
        added_id = "response-write-only-property-enum-value-added"
    else:
        added_id = f"{site.prefix(prop)}-enum-value-added"
    removed_id = f"{prefix}-enum-value-removed"
    if prop is None and site.body_prefix == "response-body":
        removed_id = "response-mediatype-enum-value-removed"
    for value in removed:
        site.emit(removed_id, sd, prop, f"enum value {show(value)} removed", "enum", removed=True)
    for value in added:
        site.emit(added_id, sd, prop, f"enum value {show(value)} added", "enum")
    if old is None and new is not None and site.body_prefix != "request-parameter":
        site.emit(
            f"{site.prefix(prop)}-became-enum",
            sd,
            prop,
            f"is now restricted to {show(new)}",
            "enum",
        )


def _extensible_enum(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    if "x-extensible-enum" not in sd.values:
        return
    old, new = sd.values["x-extensible-enum"]
    if not (isinstance(old, list) and isinstance(new, list)):
        return
    if prop is not None and _flag(sd.rev, "readOnly"):
        return
    for value in enum_delta(old, new)[1]:
        site.emit(
            f"{site.prefix(prop)}-x-extensible-enum-value-removed",
            sd,
            prop,
            f"x-extensible-enum value {show(value)} removed",
            "x-extensible-enum",
            removed=True,
        )


def _added_removed_changed(
    site: Site, sd: SchemaDiff, prop: Prop | None, keyword: str, facet: str, verb: str
) -> None:
    """default / const: added, removed or changed."""
    if keyword not in sd.values:
        return
    old, new = sd.values[keyword]
    if old is None:
        site.emit(
            f"{site.prefix(prop)}-{facet}-added",
            sd,
            prop,
            f"`{keyword}: {show(new)}` {verb}",
            keyword,
        )
    elif new is None:
        site.emit(
            f"{site.prefix(prop)}-{facet}-removed",
            sd,
            prop,
            f"`{keyword}: {show(old)}` dropped",
            keyword,
            removed=True,
        )
    else:
        site.emit(
            f"{site.prefix(prop)}-{facet}-changed",
            sd,
            prop,
            f"`{keyword}` changed from {show(old)} to {show(new)}",
            keyword,
        )


def _pattern(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    if "pattern" not in sd.values:
        return
    old, new = (str(v or "") for v in sd.values["pattern"])
    p = site.prefix(prop)
    if not new:
        site.emit(
            f"{p}-pattern-removed",
            sd,
            prop,
            f"`pattern: {show(old)}` dropped",
            "pattern",
            removed=True,
        )
    elif not old:
        site.emit(f"{p}-pattern-added", sd, prop, f"`pattern: {show(new)}` introduced", "pattern")
    else:
        kind = "generalized" if new == ".*" and site.direction == "request" else "changed"
        site.emit(
            f"{p}-pattern-{kind}",
            sd,
            prop,
            f"`pattern` changed from {show(old)} to {show(new)}",
            "pattern",
        )


# --- bounds -------------------------------------------------------------------------------------

_BOUNDS: tuple[tuple[str, str, bool], ...] = (
    # keyword, facet, is an upper bound
    ("maximum", "max", True),
    ("exclusiveMaximum", "exclusive-max", True),
    ("minimum", "min", False),
    ("exclusiveMinimum", "exclusive-min", False),
    ("maxLength", "max-length", True),
    ("minLength", "min-length", False),
    ("maxItems", "max-items", True),
    ("minItems", "min-items", False),
    ("maxContains", "max-contains", True),
    ("minContains", "min-contains", False),
)
_ZERO_DEFAULT = ("minLength", "minItems")
_READ_ONLY_TIGHTENING = {
    "max-decreased",
    "exclusive-max-decreased",
    "max-length-decreased",
    "min-increased",
    "exclusive-min-increased",
}


def _tighter(before: Any, after: Any, upper: bool) -> bool | None:
    """True if `after` accepts fewer values than `before`, False if more, None if unclear."""
    if isinstance(before, bool) or isinstance(after, bool):  # 3.0 exclusive flags
        if isinstance(before, bool) and isinstance(after, bool) and before != after:
            return after
        return None
    if isinstance(before, int | float) and isinstance(after, int | float) and before != after:
        return (after < before) if upper else (after > before)
    return None


def _bounds(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    request = site.direction == "request"
    if prop is not None and not request and _flag(sd.rev, "writeOnly"):
        return
    read_only = prop is not None and request and _flag(sd.rev, "readOnly")
    p = site.prefix(prop)
    for keyword, facet, upper in _BOUNDS:
        if keyword not in sd.values:
            continue
        before, after = sd.values[keyword]
        if keyword in _ZERO_DEFAULT:
            before, after = before or 0, after or 0
        if before is None and after is None:
            continue
        if before is None:
            if read_only:
                continue
            site.emit(
                f"{p}-{facet}-set", sd, prop, f"`{keyword}: {show(after)}` introduced", keyword
            )
            continue
        if after is None:
            site.emit(
                f"{p}-{facet}-unset",
                sd,
                prop,
                f"`{keyword}: {show(before)}` dropped",
                keyword,
                removed=True,
            )
            continue
        tighter = _tighter(before, after, upper)
        if tighter is None:
            continue
        action = (
            ("decreased" if upper else "increased")
            if tighter
            else ("increased" if upper else "decreased")
        )
        rule_id = f"{p}-{facet}-{action}"
        if read_only and tighter:
            if f"{facet}-{action}" not in _READ_ONLY_TIGHTENING:
                continue
            rule_id = f"request-read-only-property-{facet}-{action}"
        site.emit(rule_id, sd, prop, f"`{keyword}` {action} from {before} to {after}", keyword)


# --- structure: x-of, discriminator, 2020-12 keywords -------------------------------------------


def _member_names(sd: SchemaDiff, kind: str, indexes: list[int], revision: bool) -> str:
    node = (sd.rev if revision else sd.base) or {}
    members = node.get(kind) or []
    names = []
    for i in indexes:
        raw = members[i] if i < len(members) else None
        ref = raw.get("$ref") if isinstance(raw, dict) else None
        title = raw.get("title") if isinstance(raw, dict) else None
        names.append(ref.rsplit("/", 1)[-1] if isinstance(ref, str) else title or f"#{i + 1}")
    return ", ".join(f"`{n}`" for n in names)


def _x_of(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    p = site.prefix(prop)
    for kind, facet in (
        ("oneOf", "one-of"),
        ("anyOf", "any-of"),
        ("allOf", "all-of"),
        ("prefixItems", "prefix-items"),
    ):
        lst = sd.lists.get(kind)
        if lst is None:
            continue
        for revision, indexes, verb in (
            (True, lst.added, "added"),
            (False, lst.deleted, "removed"),
        ):
            if not indexes:
                continue
            if kind == "allOf":
                plain, annotation = _split_annotation_only(site, sd, indexes, revision)
                groups = [(plain, ""), (annotation, "-annotation-only")]
            else:
                groups = [(indexes, "")]
            for group, suffix in groups:
                if group:
                    names = _member_names(sd, kind, group, revision)
                    site.emit(
                        f"{p}-{facet}-{verb}{suffix}",
                        sd,
                        prop,
                        f"{kind} member{'s' if len(group) > 1 else ''} {names} {verb}",
                        kind,
                        removed=not revision,
                    )


def _split_annotation_only(
    site: Site, sd: SchemaDiff, indexes: list[int], revision: bool
) -> tuple[list[int], list[int]]:
    node = (sd.rev if revision else sd.base) or {}
    location = sd.rev_ptr if revision else sd.base_ptr
    members = node.get("allOf") or []
    plain: list[int] = []
    annotation: list[int] = []
    for i in indexes:
        raw = members[i]
        if revision:
            empty = site.cmp.equivalent({}, raw, "", ptr(location, "allOf", i))
        else:
            empty = site.cmp.equivalent(raw, {}, ptr(location, "allOf", i), "")
        (annotation if empty else plain).append(i)
    return plain, annotation


def _discriminator(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    if "discriminator" not in sd.values:
        return
    old, new = sd.values["discriminator"]
    p = f"{site.prefix(prop)}-discriminator"
    if not isinstance(old, dict):
        site.emit(f"{p}-added", sd, prop, "discriminator added", "discriminator")
        return
    if not isinstance(new, dict):
        site.emit(f"{p}-removed", sd, prop, "discriminator removed", "discriminator", removed=True)
        return
    if old.get("propertyName") != new.get("propertyName"):
        site.emit(
            f"{p}-property-name-changed",
            sd,
            prop,
            f"discriminator property changed from {show(old.get('propertyName'))} to "
            f"{show(new.get('propertyName'))}",
            "discriminator",
        )
    raw_old, raw_new = old.get("mapping"), new.get("mapping")
    old_map: dict[str, Any] = raw_old if isinstance(raw_old, dict) else {}
    new_map: dict[str, Any] = raw_new if isinstance(raw_new, dict) else {}
    added = sorted(set(new_map) - set(old_map))
    deleted = sorted(set(old_map) - set(new_map))
    if added:
        site.emit(
            f"{p}-mapping-added", sd, prop, f"discriminator mapping {added} added", "discriminator"
        )
    if deleted:
        site.emit(
            f"{p}-mapping-deleted",
            sd,
            prop,
            f"discriminator mapping {deleted} removed",
            "discriminator",
            removed=True,
        )
    for key in sorted(set(old_map) & set(new_map)):
        if old_map[key] != new_map[key]:
            site.emit(
                f"{p}-mapping-changed",
                sd,
                prop,
                f"discriminator mapping `{key}` changed from {show(old_map[key])} to "
                f"{show(new_map[key])}",
                "discriminator",
            )


_SLOT_FACETS = (
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("contains", "contains"),
    ("propertyNames", "property-names"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("contentSchema", "content-schema"),
)


def _slots(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    p = site.prefix(prop)
    for slot, facet in _SLOT_FACETS:
        sub = sd.slots.get(slot)
        if sub is None:
            continue
        if sub.added:
            site.emit(f"{p}-{facet}-added", sd, prop, f"`{slot}` introduced", slot)
        elif sub.deleted:
            site.emit(f"{p}-{facet}-removed", sd, prop, f"`{slot}` dropped", slot, removed=True)
    for mapping, facet in (
        ("patternProperties", "pattern-property"),
        ("dependentSchemas", "dependent-schema"),
    ):
        mp = sd.maps.get(mapping)
        if mp is None:
            continue
        for key in sorted(mp.added):
            site.emit(
                f"{p}-{facet}-added", sd, prop, f"`{mapping}` entry {show(key)} added", mapping
            )
        for key in sorted(mp.deleted):
            site.emit(
                f"{p}-{facet}-removed",
                sd,
                prop,
                f"`{mapping}` entry {show(key)} removed",
                mapping,
                removed=True,
            )
    if "dependentRequired" in sd.values:
        old, new = (v if isinstance(v, dict) else {} for v in sd.values["dependentRequired"])
        for key in sorted(set(new) - set(old)):
            site.emit(
                f"{p}-dependent-required-added",
                sd,
                prop,
                f"`dependentRequired` entry {show(key)} added",
                "dependentRequired",
            )
        for key in sorted(set(old) - set(new)):
            site.emit(
                f"{p}-dependent-required-removed",
                sd,
                prop,
                f"`dependentRequired` entry {show(key)} removed",
                "dependentRequired",
                removed=True,
            )
        for key in sorted(set(old) & set(new)):
            if set(map(str, old[key] or [])) != set(map(str, new[key] or [])):
                site.emit(
                    f"{p}-dependent-required-changed",
                    sd,
                    prop,
                    f"`dependentRequired` entry {show(key)} changed from "
                    f"{show(old[key])} to {show(new[key])}",
                    "dependentRequired",
                )
    for keyword, facet in (
        ("contentMediaType", "content-media-type"),
        ("contentEncoding", "content-encoding"),
    ):
        if keyword in sd.values:
            old, new = sd.values[keyword]
            site.emit(
                f"{p}-{facet}-changed",
                sd,
                prop,
                f"`{keyword}` changed from {show(old)} to {show(new)}",
                keyword,
            )


# --- required, properties added and removed, mutability, lifecycle ---------------------------


def _properties_of(node: dict[str, Any] | None) -> dict[str, Any]:
    props = (node or {}).get("properties")
    return props if isinstance(props, dict) else {}


def _required_of(node: dict[str, Any] | None) -> set[str]:
    return set(map(str, (node or {}).get("required") or []))


def _prop_flag(site: Site, sd: SchemaDiff, name: str, key: str, revision: bool) -> bool:
    node = sd.rev if revision else sd.base
    raw = _properties_of(node).get(name)
    if raw is None:
        return False
    location = ptr(sd.rev_ptr if revision else sd.base_ptr, "properties", name)
    resolved = (site.cmp.resolve_new if revision else site.cmp.resolve_old)(raw, location)[0]
    return resolved.get(key) is True


def _required(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    """Request: became required / optional; response: became optional / required."""
    if "required" not in sd.values or not sd.both:
        return
    old, new = _required_of(sd.base), _required_of(sd.rev)
    base_props, rev_props = _properties_of(sd.base), _properties_of(sd.rev)
    label = (lambda n: f"{prop.full_name}/{n}") if prop is not None else (lambda n: n)
    what = f"{site.direction} property"
    for name in sorted(new - old):
        if name not in base_props or name not in rev_props:
            continue
        if site.direction == "request":
            if _prop_flag(site, sd, name, "readOnly", True):
                continue
            resolved = site.cmp.resolve_new(rev_props[name], ptr(sd.rev_ptr, "properties", name))
            rid = (
                "request-property-became-required-with-default"
                if "default" in resolved[0]
                else "request-property-became-required"
            )
        else:
            write_only = _prop_flag(site, sd, name, "writeOnly", prop is None)
            rid = (
                "response-write-only-property-became-required"
                if write_only
                else "response-property-became-required"
            )
        site.sink.emit(
            rid, ptr(sd.rev_ptr, "required"), f"{what} `{label(name)}` is now required", sd
        )
    for name in sorted(old - new):
        if site.direction == "request":
            if name not in base_props or name not in rev_props:
                continue
            if _prop_flag(site, sd, name, "readOnly", True):
                continue
            rid = "request-property-became-optional"
        else:
            if name not in rev_props or (prop is not None and name not in base_props):
                continue
            write_only = _prop_flag(site, sd, name, "writeOnly", prop is None)
            rid = (
                "response-write-only-property-became-optional"
                if write_only
                else "response-property-became-optional"
            )
        site.sink.emit(
            rid, ptr(sd.rev_ptr, "required"), f"{what} `{label(name)}` is no longer required", sd
        )


def _added_and_removed(site: Site, sd: SchemaDiff) -> None:
    """Properties added or removed anywhere under the body (oasdiff: check*PropertiesDiff)."""
    request = site.direction == "request"
    if sd.one_of_wrapping:
        site.sink.emit(
            f"{site.body_prefix}-wrapped-in-one-of",
            sd.rev_ptr,
            f"{site.subject}: wrapped into a oneOf of "
            f"{len((sd.rev or {}).get('oneOf') or [])} alternatives",
            sd,
        )
    for gone in deleted_props(sd, site.cmp):
        moved = gone.parent.one_of_wrapping or []
        if gone.name in moved:
            continue
        label = f"{site.direction} property `{gone.full_name}`"
        if request:
            if gone.node.get("readOnly") is True:
                continue
            rid = "request-property-removed"
        else:
            required = gone.name in _required_of(gone.parent.base)
            write_only = gone.node.get("writeOnly") is True
            rid = (
                f"response-{'required' if required else 'optional'}-"
                f"{'write-only-' if write_only else ''}property-removed"
            )
        site.sink.emit(rid, gone.location, f"{label} removed", gone.parent)
    for new in added_props(sd, site.cmp):
        label = f"{site.direction} property `{new.full_name}`"
        required = new.name in _required_of(new.parent.rev)
        if request:
            if new.node.get("readOnly") is True:
                continue
            if required:
                rid = (
                    "new-required-request-property-with-default"
                    if "default" in new.node
                    else "new-required-request-property"
                )
            else:
                rid = "new-optional-request-property"
        else:
            write_only = new.node.get("writeOnly") is True
            rid = (
                f"response-{'required' if required else 'optional'}-"
                f"{'write-only-' if write_only else ''}property-added"
            )
        site.sink.emit(
            rid, new.location, f"{label} added" + (" (required)" if required else ""), new.parent
        )


def _mutability(site: Site, prop: Prop) -> None:
    if not prop.name or prop.name not in _properties_of(prop.parent.rev):
        return
    required = prop.name in _required_of(prop.parent.base)
    for keyword, word in (("writeOnly", "write-only"), ("readOnly", "read-only")):
        if keyword not in prop.diff.values:
            continue
        on = _flag(prop.diff.rev, keyword)
        rid = (
            f"{site.direction}-{'required' if required else 'optional'}-property-became-"
            f"{'' if on else 'not-'}{word}"
        )
        text = f"{'became' if on else 'is no longer'} {keyword}"
        site.emit(rid, prop.diff, prop, text, keyword)


def sunset_date(value: Any) -> dt.date | None:
    """An `x-sunset` as a date (RFC 3339 date or date-time), None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment.date() if "T" in text.upper() else None


def _deprecation(site: Site, prop: Prop) -> None:
    d = prop.diff
    if "deprecated" not in d.values or site.lifecycle is None:
        return
    p = f"{site.direction}-property"
    if not _flag(d.rev, "deprecated"):
        site.emit(f"{p}-reactivated", d, prop, "is no longer deprecated", "deprecated")
        return
    life = site.lifecycle
    sunset = (d.rev or {}).get("x-sunset")
    if sunset is None:
        rid = f"{p}-deprecated-sunset-missing" if life.days > 0 else f"{p}-deprecated"
        site.emit(
            rid,
            d,
            prop,
            "deprecated" + (" without the `x-sunset` the policy requires" if life.days > 0 else ""),
            "deprecated",
        )
        return
    date = sunset_date(sunset)
    if date is None:
        site.emit(
            f"{p}-deprecated-sunset-invalid",
            d,
            prop,
            f"deprecated with `x-sunset` {show(sunset)}, which is not a date",
            "x-sunset",
        )
    elif (date - life.today).days < life.days:
        site.emit(
            f"{p}-sunset-date-too-small",
            d,
            prop,
            f"deprecated with sunset {date}, less than {life.days} days away",
            "x-sunset",
        )
    else:
        site.emit(
            f"{p}-deprecated-with-sunset", d, prop, f"deprecated, sunset {date}", "deprecated"
        )


STABILITY_RANK = {"draft": 1, "alpha": 2, "beta": 3, "stable": 4}


def stability_of(node: dict[str, Any] | None) -> tuple[str, bool]:
    """(`x-stability-level`, valid?): missing means stable."""
    value = (node or {}).get("x-stability-level")
    if value is None:
        return "stable", True
    return (str(value), True) if value in STABILITY_RANK else (str(value), False)


def _property_stability(
    site: Site, prop: Prop, threshold: int, invalid: Callable[[str], None]
) -> None:
    if "x-stability-level" not in prop.diff.values:
        return
    old, old_ok = stability_of(prop.diff.base)
    new, new_ok = stability_of(prop.diff.rev)
    for value, ok in ((old, old_ok), (new, new_ok)):
        if not ok:
            invalid(value)
    if not (old_ok and new_ok) or old == new or STABILITY_RANK[old] < threshold:
        return
    word = "decreased" if STABILITY_RANK[new] < STABILITY_RANK[old] else "increased"
    site.emit(
        f"{site.direction}-property-stability-{word}",
        prop.diff,
        prop,
        f"stability {word} from {old} to {new}",
        "x-stability-level",
    )


# --- what no rule judges ----------------------------------------------------------------------

_QUIET = ANNOTATIONS | {
    "xml",
    "deprecated",
    "readOnly",
    "writeOnly",
    "x-sunset",
    "x-stability-level",
    "$schema",
}
_JUDGED_BODY = frozenset(
    {
        "type",
        "format",
        "nullable",
        "enum",
        "const",
        "default",
        "pattern",
        "required",
        "discriminator",
        "dependentRequired",
        "contentMediaType",
        "contentEncoding",
        "x-extensible-enum",
        *(keyword for keyword, _, _ in _BOUNDS),
    }
)
_JUDGED_PARAMETER = frozenset(
    {
        "type",
        "format",
        "nullable",
        "enum",
        "default",
        "pattern",
        "x-extensible-enum",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
    }
)
_JUDGED_PARAMETER_PROPERTY = frozenset({"type", "format", "nullable", "enum"})
_JUDGED_HEADER = frozenset({"type", "format", "nullable"})
_BODY_SLOTS = frozenset(
    {
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)


def _unsupported(
    site: Site, sd: SchemaDiff, prop: Prop | None, judged: frozenset[str], *, body: bool
) -> None:
    """One `unsupported-change` per keyword no rule at this position judges."""
    for keyword in sorted(sd.values):
        if keyword in judged or keyword in _QUIET or keyword.startswith("x-"):
            continue
        if keyword == "x-specpress-unreadable":
            continue
        site.emit(
            "unsupported-change",
            sd,
            prop,
            f"`{keyword}` changed ({show(sd.values[keyword][0], 60)} -> "
            f"{show(sd.values[keyword][1], 60)}); no rule judges it",
            keyword,
        )
    structural = []
    for slot, sub in sd.slots.items():
        if (sub.added or sub.deleted) and not (body and slot in _BODY_SLOTS):
            structural.append(f"`{slot}` {'added' if sub.added else 'removed'}")
    for kind, lst in sd.lists.items():
        if (lst.added or lst.deleted) and not body and not sd.list_of_types:
            structural.append(f"`{kind}` members changed")
    for name, mp in sd.maps.items():
        if name == "$defs" or not (mp.added or mp.deleted):
            continue
        if body and name in ("properties", "patternProperties", "dependentSchemas"):
            continue
        if (
            name == "properties"
            and site.body_prefix == "request-parameter"
            and site.subject.startswith("header")
        ):
            continue
        structural.append(f"`{name}` entries added or removed")
    if sd.circular:
        structural.append("a circular `$ref` now points elsewhere")
    for text in structural:
        site.emit("unsupported-change", sd, prop, f"{text}; no rule judges it")


# --- entry points -------------------------------------------------------------------------------


def _default(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    _added_removed_changed(site, sd, prop, "default", "default-value", "introduced")


def _const(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    _added_removed_changed(site, sd, prop, "const", "const", "introduced")


# The families judged alike at the top of a body and at every nested schema under it.
_BODY_FAMILIES: tuple[Callable[[Site, SchemaDiff, Prop | None], None], ...] = (
    _nullable,
    _enum,
    _bounds,
    _pattern,
    _default,
    _const,
    _x_of,
    _discriminator,
    _slots,
    _required,
)


def check_body(
    site: Site, sd: SchemaDiff, stability_threshold: int, invalid_stability: Callable[[str], None]
) -> None:
    """Every body rule for one media type's schema diff (present on both sides)."""
    request = site.direction == "request"
    _body_type(site, sd, None)
    _list_of_types(site, sd, None)
    for family in _BODY_FAMILIES:
        family(site, sd, None)
    _unsupported(site, sd, None, _JUDGED_BODY, body=True)
    _added_and_removed(site, sd)
    for prop in _both_props(sd):
        d = prop.diff
        if not (request and _flag(d.rev, "readOnly")):  # oasdiff: clients never send it
            _body_type(site, d, prop)
            _list_of_types(site, d, prop)
        _extensible_enum(site, d, prop)
        for family in _BODY_FAMILIES:
            family(site, d, prop)
        _mutability(site, prop)
        _deprecation(site, prop)
        _unsupported(site, d, prop, _JUDGED_BODY, body=True)
    for prop in modified_props(sd):
        _property_stability(site, prop, stability_threshold, invalid_stability)


def check_parameter(
    site: Site, sd: SchemaDiff, *, header: bool, form_explode: bool = False
) -> None:
    """The schema rules of one parameter (and of the properties of an object parameter)."""
    if not sd.both:
        return
    _parameter_type(site, sd, None, form_explode)
    _list_of_types(site, sd, None)
    _nullable(site, sd, None)
    _enum(site, sd, None)
    _extensible_enum(site, sd, None)
    _bounds(site, sd, None)
    items = sd.slots.get("items")
    if (
        items is not None
        and items.both
        and "maxItems" not in sd.values
        and "maxItems" in items.values
    ):
        _bounds_one(site, items, "maxItems")  # oasdiff reads maxItems of the items too
    _pattern(site, sd, None)
    _added_removed_changed(site, sd, None, "default", "default-value", "introduced")
    if header:
        _header_object(site, sd)
    judged = _JUDGED_PARAMETER | ({"required"} if header else frozenset())
    _unsupported(site, sd, None, frozenset(judged), body=False)
    for prop in modified_props(sd):
        d = prop.diff
        if d.both:
            _parameter_type(site, d, prop)
            _list_of_types(site, d, prop)
            _nullable(site, d, prop)
            _enum(site, d, prop)
        prop_judged = _JUDGED_PARAMETER_PROPERTY | ({"required"} if header else frozenset())
        _unsupported(site, d, prop, frozenset(prop_judged), body=False)


def _bounds_one(site: Site, sd: SchemaDiff, keyword: str) -> None:
    before, after = sd.values[keyword]
    tighter = _tighter(before, after, True) if before is not None and after is not None else None
    if tighter is not None:
        action = "decreased" if tighter else "increased"
        site.emit(
            f"request-parameter-max-items-{action}",
            sd,
            None,
            f"`maxItems` of the items {action} from {before} to {after}",
            keyword,
        )


def _header_object(site: Site, sd: SchemaDiff) -> None:
    """Object header parameters: properties that became required or were added required."""
    nodes = [(sd, None)] + [(p.diff, p) for p in modified_props(sd)]
    for d, prop in nodes:
        if "required" not in d.values or not d.both:
            continue
        for name in sorted(_required_of(d.rev) - _required_of(d.base)):
            if name not in _properties_of(d.rev) or _prop_flag(site, d, name, "readOnly", True):
                continue
            if prop is None and name not in _properties_of(d.base):
                continue
            full = f"{prop.full_name}/{name}" if prop is not None else name
            site.sink.emit(
                "request-header-property-became-required",
                ptr(d.rev_ptr, "required"),
                f"{site.subject}: property `{full}` is now required",
                d,
            )
    for new in added_props(sd, site.cmp):
        if new.node.get("readOnly") is True or new.name not in _required_of(new.parent.rev):
            continue
        site.sink.emit(
            "new-required-request-header-property",
            new.location,
            f"{site.subject}: required property `{new.full_name}` added",
            new.parent,
        )


def check_header(site: Site, sd: SchemaDiff) -> None:
    """A response header's schema: type and nullability (oasdiff judges nothing else)."""
    if not sd.both:
        return
    _header_type(site, sd)
    _nullable(site, sd, None)
    _unsupported(site, sd, None, _JUDGED_HEADER, body=False)
    for prop in modified_props(sd):
        _unsupported(site, prop.diff, prop, _JUDGED_HEADER, body=False)
