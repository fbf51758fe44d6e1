"""Enum, x-extensible-enum, default, const and pattern changes at one schema position."""

from __future__ import annotations

from specpress.diff.checks.site import Site, flag, show
from specpress.diff.schema import (
    Prop,
    SchemaDiff,
    enum_delta,
)


def enum(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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


def extensible_enum(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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


def added_removed_changed(
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


def pattern(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
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


def default(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    added_removed_changed(site, sd, prop, "default", "default-value", "introduced")


def const(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    added_removed_changed(site, sd, prop, "const", "const", "introduced")
