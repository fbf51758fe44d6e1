"""Deprecation, sunset dates and stability levels (`x-sunset`, `x-stability-level`).

`x-sunset` is an RFC 3339 date or date-time. `x-stability-level` is draft, alpha, beta or stable
(missing: stable); an operation below the `--stability-level` threshold is not compared, and a
deprecation must announce a sunset at least `--deprecation-days-{beta,stable}` away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from specpress.diff.model import STABILITY_LEVELS


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


# How a new deprecation announces its end, and what a removal had announced: the verdicts every
# deprecation rule family (operations, parameters, properties) words with its own ids.
Deprecation = Literal["deprecated", "sunset-missing", "sunset-invalid", "too-small", "with-sunset"]
Removal = Literal[
    "without-deprecation", "with-deprecation", "sunset-invalid", "before-sunset", "after-sunset"
]


def judge_deprecation(sunset: Any, today: dt.date, days: int) -> tuple[Deprecation, dt.date | None]:
    """A deprecation with this `x-sunset` (None: none) under a policy of `days` notice."""
    if sunset is None:
        return ("sunset-missing" if days > 0 else "deprecated"), None
    date = sunset_date(sunset)
    if date is None:
        return "sunset-invalid", None
    if (date - today).days < days:
        return "too-small", date
    return "with-sunset", date


def judge_removal(node: dict[str, Any], today: dt.date) -> tuple[Removal, dt.date | None]:
    """The removal of this operation or parameter: was it deprecated, is its sunset past?"""
    if node.get("deprecated") is not True:
        return "without-deprecation", None
    sunset = node.get("x-sunset")
    if sunset is None:
        return "with-deprecation", None
    date = sunset_date(sunset)
    if date is None:
        return "sunset-invalid", None
    return ("before-sunset" if today < date else "after-sunset"), date


STABILITY_RANK = {level: rank for rank, level in enumerate(STABILITY_LEVELS, 1)}


def stability_of(node: dict[str, Any] | None) -> tuple[str, bool]:
    """(`x-stability-level`, valid?): missing means stable."""
    value = (node or {}).get("x-stability-level")
    if value is None:
        return "stable", True
    return str(value), isinstance(value, str) and value in STABILITY_RANK
