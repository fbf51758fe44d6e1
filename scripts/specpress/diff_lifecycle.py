"""Deprecation, sunset dates and stability levels (`x-sunset`, `x-stability-level`).

`x-sunset` is an RFC 3339 date or date-time. `x-stability-level` is draft, alpha, beta or stable
(missing: stable); an operation below the `--stability-level` threshold is not compared, and a
deprecation must announce a sunset at least `--deprecation-days-{beta,stable}` away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from specpress.diff_model import STABILITY_LEVELS
from specpress.diff_schema import Prop
from specpress.diff_site import Site, flag, show


@dataclass(frozen=True)
class Lifecycle:
    """What deprecation checks need: today, the notice policy, the operation's stability."""

    today: dt.date
    days: int  # minimum notice for this operation's stability level (0: no policy)


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


STABILITY_RANK = {level: rank for rank, level in enumerate(STABILITY_LEVELS, 1)}


def stability_of(node: dict[str, Any] | None) -> tuple[str, bool]:
    """(`x-stability-level`, valid?): missing means stable."""
    value = (node or {}).get("x-stability-level")
    if value is None:
        return "stable", True
    return str(value), isinstance(value, str) and value in STABILITY_RANK


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
