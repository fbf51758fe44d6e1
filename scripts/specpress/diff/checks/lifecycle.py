"""Deprecation and stability of a property: `deprecated`, `x-sunset`, `x-stability-level`.

The operation's policy (today, the notice its stability level needs) comes with the site; a
property below the `--stability-level` threshold is not judged.
"""

from __future__ import annotations

from collections.abc import Callable

from specpress.diff.checks.site import Site, flag, show
from specpress.diff.lifecycle import STABILITY_RANK, judge_deprecation, stability_of
from specpress.diff.schema import Prop


def deprecation(site: Site, prop: Prop) -> None:
    d = prop.diff
    if "deprecated" not in d.values or site.lifecycle is None:
        return
    p = f"{site.direction}-property"
    if not flag(d.rev, "deprecated"):
        site.emit(f"{p}-reactivated", d, prop, "is no longer deprecated", "deprecated")
        return
    life = site.lifecycle
    sunset = (d.rev or {}).get("x-sunset")
    verdict, date = judge_deprecation(sunset, life.today, life.days)
    rule_id, keyword, text = {
        "deprecated": (f"{p}-deprecated", "deprecated", "deprecated"),
        "sunset-missing": (f"{p}-deprecated-sunset-missing", "deprecated",
                           "deprecated without the `x-sunset` the policy requires"),
        "sunset-invalid": (f"{p}-deprecated-sunset-invalid", "x-sunset",
                           f"deprecated with `x-sunset` {show(sunset)}, which is not a date"),
        "too-small": (f"{p}-sunset-date-too-small", "x-sunset",
                      f"deprecated with sunset {date}, less than {life.days} days away"),
        "with-sunset": (f"{p}-deprecated-with-sunset", "deprecated", f"deprecated, sunset {date}"),
    }[verdict]  # fmt: skip
    site.emit(rule_id, d, prop, text, keyword)


def property_stability(
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
