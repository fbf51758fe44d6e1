"""What a rule is: its id, level, direction and oasdiff mapping; levels and bumps.

Every family module of the table (`schema`, `paths`, `parameters`, `bodies`, `security`,
`python`) builds its rows with `row` (a hand-written rule) or, for schema facets, `Rule` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specpress.semver import BUMP_RANK as BUMP_RANK  # re-exported: the one rank table
from specpress.semver import Bump as Bump

Level = Literal["ERR", "WARN", "INFO"]
Direction = Literal["request", "response", "none"]

LEVELS: tuple[Level, ...] = ("ERR", "WARN", "INFO")
LEVEL_RANK: dict[str, int] = {"INFO": 1, "WARN": 2, "ERR": 3}

SAME = "="  # shorthand in the tables: oasdiff has this rule under the same id
# An INFO change whose id has one of these parts adds something: a minor bump, not a patch.
ADDITIVE_MARKS = ("-added", "endpoint-added", "new-", "-became-optional", "-widened")


@dataclass(frozen=True)
class Rule:
    """One kind of change: what it is called, how bad it is, and which side of the wire it hits.

    `kind` is oasdiff's taxonomy (type, values, constraints, structure, existence,
    requiredness, mutability, lifecycle, none); a recognized schema transition (a nullable
    wrap, a list of types) claims the raw findings of the kinds it explains.
    """

    id: str
    level: Level
    direction: Direction
    area: str
    example: str
    description: str
    kind: str = "none"
    oasdiff_id: str | None = None
    oasdiff_level: Level | None = None  # set only where we deliberately differ
    note: str = ""  # why we differ (level or semantics)

    @property
    def public_id(self) -> str:
        """The id a change of this rule is reported under: oasdiff's where it has one."""
        return self.oasdiff_id or self.id

    @property
    def additive(self) -> bool:
        return is_additive(self.id)


def is_additive(rule_id: str) -> bool:
    """Whether a change of this id adds something (an operation, a property, a value, ...)."""
    return any(part in rule_id for part in ADDITIVE_MARKS)


def bump_for_level(rule_id: str, level: str) -> Bump:
    """Semver impact of one change: breaking is major, additions minor, everything else patch.

    WARN ("may break a client") is minor: the wire contract still holds, and the Python view
    (`--sdk`) raises it to major where the generated API really loses something.
    """
    if level == "ERR":
        return "major"
    if level == "WARN" or is_additive(rule_id):
        return "minor"
    return "patch"


def row(
    rule_id: str,
    level: Level,
    direction: Direction,
    area: str,
    example: str,
    description: str,
    kind: str = "none",
    oasdiff: str | None = SAME,
    oasdiff_level: Level | None = None,
    note: str = "",
) -> Rule:
    """A hand-written row; `oasdiff=SAME` (default) means oasdiff has it under the same id."""
    mapped = rule_id if oasdiff == SAME else oasdiff
    return Rule(rule_id, level, direction, area, example, description, kind, mapped,
                oasdiff_level, note)  # fmt: skip
