"""The schema rules at each position: a media type's body, a parameter, a response header.

Each family of rules mirrors one family of oasdiff's checker (`checker/check_*.go`): same ids,
same direction, same treatment of readOnly/writeOnly properties and of recognized transitions.
Our own rules fill the gaps oasdiff leaves (response-side bounds it does not report, bounds on
array lengths outside parameters, patterns on a whole body).
"""

from __future__ import annotations

from collections.abc import Callable

from specpress.diff.checks.bounds import bounds, bounds_one
from specpress.diff.checks.lifecycle import deprecation, property_stability
from specpress.diff.checks.properties import added_and_removed, header_object, mutability, required
from specpress.diff.checks.site import Site, both_props, flag
from specpress.diff.checks.structure import discriminator, slots, x_of
from specpress.diff.checks.types import (
    body_type,
    header_type,
    list_of_types,
    nullable,
    parameter_type,
)
from specpress.diff.checks.unsupported import (
    JUDGED_BODY,
    JUDGED_HEADER,
    JUDGED_PARAMETER,
    JUDGED_PARAMETER_PROPERTY,
    unsupported,
)
from specpress.diff.checks.values import (
    const,
    default,
    enum,
    extensible_enum,
    pattern,
)
from specpress.diff.schema import (
    Prop,
    SchemaDiff,
    modified_props,
)

_BODY_FAMILIES: tuple[Callable[[Site, SchemaDiff, Prop | None], None], ...] = (
    nullable,
    enum,
    bounds,
    pattern,
    default,
    const,
    x_of,
    discriminator,
    slots,
    required,
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
    unsupported(site, sd, None, JUDGED_BODY, body=True)
    added_and_removed(site, sd)
    for prop in both_props(sd):
        d = prop.diff
        if not (request and flag(d.rev, "readOnly")):  # oasdiff: clients never send it
            body_type(site, d, prop)
            list_of_types(site, d, prop)
        extensible_enum(site, d, prop)
        for family in _BODY_FAMILIES:
            family(site, d, prop)
        mutability(site, prop)
        deprecation(site, prop)
        unsupported(site, d, prop, JUDGED_BODY, body=True)
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
    enum(site, sd, None)
    extensible_enum(site, sd, None)
    bounds(site, sd, None)
    items = sd.slots.get("items")
    if (
        items is not None
        and items.both
        and "maxItems" not in sd.values
        and "maxItems" in items.values
    ):
        bounds_one(site, items, "maxItems")  # oasdiff reads maxItems of the items too
    pattern(site, sd, None)
    default(site, sd, None)
    if header:
        header_object(site, sd)
    judged = JUDGED_PARAMETER | ({"required"} if header else frozenset())
    unsupported(site, sd, None, frozenset(judged), body=False)
    for prop in modified_props(sd):
        d = prop.diff
        if d.both:
            parameter_type(site, d, prop)
            list_of_types(site, d, prop)
            nullable(site, d, prop)
            enum(site, d, prop)
        prop_judged = JUDGED_PARAMETER_PROPERTY | ({"required"} if header else frozenset())
        unsupported(site, d, prop, frozenset(prop_judged), body=False)


def check_header(site: Site, sd: SchemaDiff) -> None:
    """A response header's schema: type and nullability (oasdiff judges nothing else)."""
    if not sd.both:
        return
    header_type(site, sd)
    nullable(site, sd, None)
    unsupported(site, sd, None, JUDGED_HEADER, body=False)
    for prop in modified_props(sd):
        unsupported(site, prop.diff, prop, JUDGED_HEADER, body=False)
