"""`--format text`: changes grouped by operation, colored on a terminal."""

from __future__ import annotations

from specpress.diff.model import DiffResult
from specpress.diff.report.common import SECTION_TITLES, Style, grouped, summary_line

_COLORS = {"ERR": "\033[31m", "WARN": "\033[33m", "INFO": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def render(result: DiffResult, style: Style) -> str:
    """Changes grouped by operation, one line each with the location beneath."""
    if not result.changes:
        return "no changes\n"
    lines: list[str] = []
    for op, changes in grouped(result):
        title = SECTION_TITLES.get(op, op)
        lines.append(f"{_BOLD}{title}{_RESET}" if style.color else title)
        for c in changes:
            level = f"{c.level:<4}"
            if style.color:
                level = f"{_COLORS[c.level]}{level}{_RESET}"
            lines.append(f"  {level}  {c.message}  [{c.label}]")
            lines.append(f"        at {c.location}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
