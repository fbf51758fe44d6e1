"""Numeric and length bounds: a lowered maximum or a raised minimum narrows what is accepted.

Read-only request properties are judged only where oasdiff judges them (their tightening has
its own ids); write-only response properties are not judged.
"""

from __future__ import annotations

from typing import Any

from specpress.diff.checks.site import Site, flag, show
from specpress.diff.schema import (
    Prop,
    SchemaDiff,
)

BOUNDS: tuple[tuple[str, str, bool], ...] = (
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


def bounds(site: Site, sd: SchemaDiff, prop: Prop | None) -> None:
    request = site.direction == "request"
    if prop is not None and not request and flag(sd.rev, "writeOnly"):
        return
    read_only = prop is not None and request and flag(sd.rev, "readOnly")
    p = site.prefix(prop)
    for keyword, facet, upper in BOUNDS:
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


def bounds_one(site: Site, sd: SchemaDiff, keyword: str) -> None:
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
