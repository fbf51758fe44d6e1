"""The diff's data model: one `Change` per finding, the `DiffOptions` of a run, the result.

Every other part of the diff (the engine, overrides, the report formats, the Python view)
builds on these; they depend only on the rule table.

A change's `id` is oasdiff's id wherever oasdiff has the rule (so reports, severity files and
ignore lists written for oasdiff keep working); a finer split of ours goes in `detail_id`.
`oasdiff_id` in the JSON output is the id again, or null for a rule oasdiff does not have, so
both tools' reports can be compared mechanically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from specpress.diff.rules import BUMP_RANK, LEVEL_RANK, LEVELS, OASDIFF_IDS, Bump, bump_for_level

PATH_PARAM = re.compile(r"\{[^{}/]*\}")  # a path template parameter: `{task_id}`


@dataclass(frozen=True)
class Change:
    """One reported change; `location` is a JSON Pointer (new document, old one for removals)."""

    id: str
    level: str
    operation: str
    location: str
    message: str
    detail_id: str | None = None

    @property
    def oasdiff_id(self) -> str | None:
        return self.id if self.id in OASDIFF_IDS else None

    @property
    def label(self) -> str:
        """The id for readers: the finer rule of ours first when there is one."""
        return self.id if self.detail_id is None else f"{self.detail_id}, oasdiff: {self.id}"

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Every id this change answers to (overrides and ignore entries may use either)."""
        return (self.id,) if self.detail_id is None else (self.id, self.detail_id)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "oasdiff_id": self.oasdiff_id,
            "level": self.level,
            "operation": self.operation,
            "location": self.location,
            "message": self.message,
        }
        if self.detail_id is not None:
            out["detail_id"] = self.detail_id
        return out


STABILITY_LEVELS = ("draft", "alpha", "beta", "stable")


def op_key(label: str) -> str:
    """`get /a/{id}` -> `GET /a/{}`: the identity of an operation when param names are ignored."""
    method, _, path = label.strip().partition(" ")
    return f"{method.upper()} {PATH_PARAM.sub('{}', path.strip())}"


@dataclass(frozen=True)
class RuleOverride:
    """One `--rules` entry: a new level (or None = silence) for an id and/or an operation."""

    level: str | None
    reason: str
    id: str | None = None
    operation: str | None = None

    def matches(self, change: Change) -> bool:
        if self.id is not None and self.id not in change.rule_ids:
            return False
        return self.operation is None or op_key(self.operation) == op_key(change.operation)

    @property
    def specificity(self) -> int:
        return (2 if self.operation is not None else 0) + (1 if self.id is not None else 0)


@dataclass(frozen=True)
class IgnoreEntry:
    """One `--ignore` line: an operation (or `api` / `components`) and a text to find."""

    operation: str  # `GET /a/{}` (normalized) or "api" / "components"
    text: str  # lower case; empty ignores every change of the operation
    line: str  # the whole line, lower case (oasdiff matches the change text inside it)

    def matches(self, change: Change) -> bool:
        if self.operation in ("api", "components"):
            if change.operation != self.operation:
                return False
        elif change.operation in ("api", "components", "python") or (
            op_key(change.operation) != self.operation
        ):
            return False
        haystack = " ".join((change.message, *change.rule_ids, change.location)).lower()
        return self.text in haystack or change.message.lower() in self.line


@dataclass(frozen=True)
class DiffOptions:
    """Knobs of one diff; the defaults are oasdiff's.

    `today` decides whether an `x-sunset` has passed (UTC date if None). Operations whose
    `x-stability-level` is below `stability_level` are left out (draft and alpha by default).
    `deprecation_days_beta` / `deprecation_days_stable` are the minimum notice a deprecation
    must give (oasdiff's `--deprecation-days-*`). Path parameter renames are not changes unless
    `include_path_params`. `levels` re-levels ids (None silences), `ignore` drops matching
    changes, `overrides` are `--rules` entries.
    """

    forward_compatible_enums: bool = False
    today: dt.date | None = None
    overrides: tuple[RuleOverride, ...] = ()
    deprecation_days_beta: int = 0
    deprecation_days_stable: int = 0
    stability_level: str = "beta"
    include_path_params: bool = False
    levels: Mapping[str, str | None] = field(default_factory=dict)
    ignore: tuple[IgnoreEntry, ...] = ()


@dataclass
class DiffResult:
    """All changes of one diff, sorted; `summary` and `bump` are derived from them."""

    changes: list[Change] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(LEVELS, 0)
        for change in self.changes:
            counts[change.level] += 1
        return counts

    @property
    def bump(self) -> Bump:
        return bump_for(self)

    def worst_level(self) -> str | None:
        return max((c.level for c in self.changes), key=LEVEL_RANK.__getitem__, default=None)

    def fails(self, fail_on: str | None) -> bool:
        """True when a change at or above `fail_on` exists (the CLI's exit code 1)."""
        worst = self.worst_level()
        return (
            fail_on is not None and worst is not None and LEVEL_RANK[worst] >= LEVEL_RANK[fail_on]
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "changes": [c.to_json() for c in self.changes],
            "summary": self.summary,
            "bump": self.bump,
        }


def bump_for(result: DiffResult | Iterable[Change]) -> Bump:
    """The semver bump a set of changes asks for: major, minor, patch or none."""
    changes = result.changes if isinstance(result, DiffResult) else result
    best: Bump = "none"
    for change in changes:
        candidate = bump_for_level(change.detail_id or change.id, change.level)
        if BUMP_RANK[candidate] > BUMP_RANK[best]:
            best = candidate
    return best


def sort_key(change: Change) -> tuple[int, str, str, str, str, str]:
    """api first, then operations by path and method, then components and the Python view."""
    section = (
        0 if change.operation == "api" else 2 if change.operation in ("components", "python") else 1
    )
    method, _, path = change.operation.partition(" ")
    return (section, path, method, change.location, change.id, change.message)
