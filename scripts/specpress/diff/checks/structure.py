"""Structure: oneOf / anyOf / allOf / prefixItems members, discriminators, and the 2020-12
keywords (if/then/else, contains, propertyNames, unevaluated*, dependent*, content*).
"""

from __future__ import annotations

from typing import Any

from specpress.diff.checks.site import Site, show
from specpress.diff.schema import (
    Prop,
    SchemaDiff,
    as_list,
    is_null_wrapper,
)
from specpress.openapi import pointer


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


def x_of(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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
            empty = site.cmp.equivalent({}, raw, "", pointer.child(location, "allOf", i))
        else:
            empty = site.cmp.equivalent(raw, {}, pointer.child(location, "allOf", i), "")
        (annotation if empty else plain).append(i)
    return plain, annotation


def discriminator(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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


def slots(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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
