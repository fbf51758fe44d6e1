"""What no rule judges: one `unsupported-change` per changed keyword or structure, so that
nothing passes silently.
"""

from __future__ import annotations

from specpress.diff.checks.bounds import BOUNDS
from specpress.diff.checks.site import Site, show
from specpress.diff.schema import (
    ANNOTATIONS,
    Prop,
    SchemaDiff,
)

_QUIET = ANNOTATIONS | {
    "xml",
    "deprecated",
    "readOnly",
    "writeOnly",
    "x-sunset",
    "x-stability-level",
    "$schema",
}
JUDGED_BODY = frozenset(
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
        *(keyword for keyword, _, _ in BOUNDS),
    }
)
JUDGED_PARAMETER = frozenset(
    {"type", "format", "nullable", "enum", "default", "pattern", "x-extensible-enum",
     *(keyword for keyword, _, _ in BOUNDS)}
)  # fmt: skip
JUDGED_PARAMETER_PROPERTY = frozenset({"type", "format", "nullable", "enum"})
JUDGED_HEADER = frozenset({"type", "format", "nullable"})
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


def unsupported(
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
