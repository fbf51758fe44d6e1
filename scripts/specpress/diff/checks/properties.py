"""Properties: required or not, added or removed anywhere under a body, readOnly / writeOnly
toggled, and the properties of object header parameters.
"""

from __future__ import annotations

from typing import Any

from specpress.diff.checks.site import Site, flag
from specpress.diff.schema import (
    Prop,
    SchemaDiff,
    added_props,
    as_list,
    deleted_props,
    modified_props,
)
from specpress.openapi import pointer


def properties_of(node: dict[str, Any] | None) -> dict[str, Any]:
    props = (node or {}).get("properties")
    return props if isinstance(props, dict) else {}


def required_of(node: dict[str, Any] | None) -> set[str]:
    return set(map(str, as_list((node or {}).get("required"))))


def propflag(site: Site, sd: SchemaDiff, name: str, key: str, revision: bool) -> bool:
    node = sd.rev if revision else sd.base
    raw = properties_of(node).get(name)
    if raw is None:
        return False
    location = pointer.child(sd.rev_ptr if revision else sd.base_ptr, "properties", name)
    resolved = (site.cmp.resolve_new if revision else site.cmp.resolve_old)(raw, location)[0]
    return resolved.get(key) is True


def required(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    """Request: became required / optional; response: became optional / required."""
    if "required" not in sd.values or not sd.both:
        return
    old, new = required_of(sd.base), required_of(sd.rev)
    base_props, rev_props = properties_of(sd.base), properties_of(sd.rev)
    label = (lambda n: f"{prop.full_name}/{n}") if prop is not None else (lambda n: n)
    what = f"{site.direction} property"
    for name in sorted(new - old):
        if name not in base_props or name not in rev_props:
            continue
        if site.direction == "request":
            if propflag(site, sd, name, "readOnly", True):
                continue
            resolved = site.cmp.resolve_new(
                rev_props[name], pointer.child(sd.rev_ptr, "properties", name)
            )
            rid = (
                "request-property-became-required-with-default"
                if "default" in resolved[0]
                else "request-property-became-required"
            )
        else:
            write_only = propflag(site, sd, name, "writeOnly", prop is None)
            rid = (
                "response-write-only-property-became-required"
                if write_only
                else "response-property-became-required"
            )
        site.sink.emit(
            rid,
            pointer.child(sd.rev_ptr, "required"),
            f"{what} `{label(name)}` is now required",
            sd,
        )
    for name in sorted(old - new):
        if site.direction == "request":
            if name not in base_props or name not in rev_props:
                continue
            if propflag(site, sd, name, "readOnly", True):
                continue
            rid = "request-property-became-optional"
        else:
            if name not in rev_props or (prop is not None and name not in base_props):
                continue
            write_only = propflag(site, sd, name, "writeOnly", prop is None)
            rid = (
                "response-write-only-property-became-optional"
                if write_only
                else "response-property-became-optional"
            )
        site.sink.emit(
            rid,
            pointer.child(sd.rev_ptr, "required"),
            f"{what} `{label(name)}` is no longer required",
            sd,
        )


def added_and_removed(site: Site, sd: SchemaDiff) -> None:
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
            required = gone.name in required_of(gone.parent.base)
            write_only = gone.node.get("writeOnly") is True
            rid = (
                f"response-{'required' if required else 'optional'}-"
                f"{'write-only-' if write_only else ''}property-removed"
            )
        site.sink.emit(rid, gone.location, f"{label} removed", gone.parent)
    for new in added_props(sd, site.cmp):
        label = f"{site.direction} property `{new.full_name}`"
        required = new.name in required_of(new.parent.rev)
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


def mutability(site: Site, prop: Prop) -> None:
    if not prop.name or prop.name not in properties_of(prop.parent.rev):
        return
    required = prop.name in required_of(prop.parent.base)
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


def header_object(site: Site, sd: SchemaDiff) -> None:
    """Object header parameters: properties that became required or were added required."""
    nodes = [(sd, None)] + [(p.diff, p) for p in modified_props(sd)]
    for d, prop in nodes:
        if "required" not in d.values or not d.both:
            continue
        for name in sorted(required_of(d.rev) - required_of(d.base)):
            if name not in properties_of(d.rev) or propflag(site, d, name, "readOnly", True):
                continue
            if prop is None and name not in properties_of(d.base):
                continue
            full = f"{prop.full_name}/{name}" if prop is not None else name
            site.sink.emit(
                "request-header-property-became-required",
                pointer.child(d.rev_ptr, "required"),
                f"{site.subject}: property `{full}` is now required",
                d,
            )
    for new in added_props(sd, site.cmp):
        if new.node.get("readOnly") is True or new.name not in required_of(new.parent.rev):
            continue
        site.sink.emit(
            "new-required-request-header-property",
            new.location,
            f"{site.subject}: required property `{new.full_name}` added",
            new.parent,
        )
