"""The schema rules, read off a `SchemaDiff` tree at a body, parameter or header position.

Each function mirrors one family of oasdiff's checker (`checker/check_*.go`): same ids, same
direction, same treatment of readOnly/writeOnly properties and of recognized transitions. Our
own rules fill the gaps oasdiff leaves (response-side bounds it does not report, bounds on array
lengths outside parameters, patterns on a whole body). Whatever changed in a schema and is judged
by no rule at that position is reported as `unsupported-change`, so nothing passes silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specpress.diff_lifecycle import deprecation, property_stability
from specpress.diff_load import ptr
from specpress.diff_schema import (
    ANNOTATIONS,
    Prop,
    SchemaDiff,
    added_props,
    as_list,
    deleted_props,
    enum_delta,
    is_null_wrapper,
    modified_props,
)
from specpress.diff_site import Site, both_props, flag, show
from specpress.diff_types import body_type, header_type, list_of_types, nullable, parameter_type


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
        and flag(sd.rev, "readOnly")
    ):
        prefix = "request-read-only-property"
    if prop is not None and not request and flag(sd.rev, "writeOnly"):
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
    if prop is not None and flag(sd.rev, "readOnly"):
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
    if prop is not None and not request and flag(sd.rev, "writeOnly"):
        return
    read_only = prop is not None and request and flag(sd.rev, "readOnly")
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
    if sd.variant_switch and not (sd.base and sd.rev and is_null_wrapper(sd.base)
                                  and is_null_wrapper(sd.rev)):  # fmt: skip
        before, after = sd.variant_switch
        facet = "any-of-became-one-of" if before == "anyOf" else "one-of-became-any-of"
        site.emit(f"{p}-{facet}", sd, prop, f"`{before}` became `{after}` (same members)", after)
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
    added = sorted(set(new_map) - set(old_map), key=str)
    deleted = sorted(set(old_map) - set(new_map), key=str)
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
    for key in sorted(set(old_map) & set(new_map), key=str):
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
        for key in sorted(set(new) - set(old), key=str):
            site.emit(
                f"{p}-dependent-required-added",
                sd,
                prop,
                f"`dependentRequired` entry {show(key)} added",
                "dependentRequired",
            )
        for key in sorted(set(old) - set(new), key=str):
            site.emit(
                f"{p}-dependent-required-removed",
                sd,
                prop,
                f"`dependentRequired` entry {show(key)} removed",
                "dependentRequired",
                removed=True,
            )
        for key in sorted(set(old) & set(new), key=str):
            if set(map(str, as_list(old[key]))) != set(map(str, as_list(new[key]))):
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
    return set(map(str, as_list((node or {}).get("required"))))


def _propflag(site: Site, sd: SchemaDiff, name: str, key: str, revision: bool) -> bool:
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
            if _propflag(site, sd, name, "readOnly", True):
                continue
            resolved = site.cmp.resolve_new(rev_props[name], ptr(sd.rev_ptr, "properties", name))
            rid = (
                "request-property-became-required-with-default"
                if "default" in resolved[0]
                else "request-property-became-required"
            )
        else:
            write_only = _propflag(site, sd, name, "writeOnly", prop is None)
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
            if _propflag(site, sd, name, "readOnly", True):
                continue
            rid = "request-property-became-optional"
        else:
            if name not in rev_props or (prop is not None and name not in base_props):
                continue
            write_only = _propflag(site, sd, name, "writeOnly", prop is None)
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
        on = flag(prop.diff.rev, keyword)
        rid = (
            f"{site.direction}-{'required' if required else 'optional'}-property-became-"
            f"{'' if on else 'not-'}{word}"
        )
        text = f"{'became' if on else 'is no longer'} {keyword}"
        site.emit(rid, prop.diff, prop, text, keyword)


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
    {"type", "format", "nullable", "enum", "default", "pattern", "x-extensible-enum",
     *(keyword for keyword, _, _ in _BOUNDS)}
)  # fmt: skip
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
    nullable,
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
    body_type(site, sd, None)
    list_of_types(site, sd, None)
    for family in _BODY_FAMILIES:
        family(site, sd, None)
    _unsupported(site, sd, None, _JUDGED_BODY, body=True)
    _added_and_removed(site, sd)
    for prop in both_props(sd):
        d = prop.diff
        if not (request and flag(d.rev, "readOnly")):  # oasdiff: clients never send it
            body_type(site, d, prop)
            list_of_types(site, d, prop)
        _extensible_enum(site, d, prop)
        for family in _BODY_FAMILIES:
            family(site, d, prop)
        _mutability(site, prop)
        deprecation(site, prop)
        _unsupported(site, d, prop, _JUDGED_BODY, body=True)
    for prop in modified_props(sd):
        property_stability(site, prop, stability_threshold, invalid_stability)


def check_parameter(
    site: Site, sd: SchemaDiff, *, header: bool, form_explode: bool = False
) -> None:
    """The schema rules of one parameter (and of the properties of an object parameter)."""
    if not sd.both:
        return
    parameter_type(site, sd, None, form_explode)
    list_of_types(site, sd, None)
    nullable(site, sd, None)
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
            parameter_type(site, d, prop)
            list_of_types(site, d, prop)
            nullable(site, d, prop)
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
            if name not in _properties_of(d.rev) or _propflag(site, d, name, "readOnly", True):
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
    header_type(site, sd)
    nullable(site, sd, None)
    _unsupported(site, sd, None, _JUDGED_HEADER, body=False)
    for prop in modified_props(sd):
        _unsupported(site, prop.diff, prop, _JUDGED_HEADER, body=False)
