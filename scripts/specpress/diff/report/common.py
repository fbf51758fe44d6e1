"""What the report formats share: the options of a rendering, section titles, the summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from specpress.diff.model import Change, DiffResult

SECTION_TITLES = {"api": "API", "components": "Components", "python": "Python API"}


@dataclass(frozen=True)
class Style:
    """How to render: colors (a terminal), and the document the changes are in (annotations)."""

    color: bool = False
    source: str | None = None


Renderer = Callable[[DiffResult, Style], str]


def summary_line(result: DiffResult) -> str:
    s = result.summary
    total = len(result.changes)
    return (
        f"{total} change{'s' if total != 1 else ''}: {s['ERR']} ERR, {s['WARN']} WARN, "
        f"{s['INFO']} INFO; bump: {result.bump}"
    )


def grouped(result: DiffResult) -> list[tuple[str, list[Change]]]:
    """The changes by operation, in report order (they are sorted)."""
    return [(op, list(items)) for op, items in groupby(result.changes, key=lambda c: c.operation)]
