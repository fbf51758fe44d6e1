"""`--format markdown`: a section ready for a changelog entry or a pull-request comment."""

from __future__ import annotations

from itertools import groupby

from specpress.diff.model import DiffResult
from specpress.diff.report.common import SECTION_TITLES, Style


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    """A section ready for a changelog entry or a pull-request comment."""
    s = result.summary
    lines = [
        f"## API changes (bump: {result.bump})",
        "",
        f"{s['ERR']} breaking, {s['WARN']} to review, {s['INFO']} other.",
        "",
    ]
    if not result.changes:
        return "\n".join([*lines, "No changes.", ""])
    headings = (
        ("ERR", "Breaking changes"),
        ("WARN", "Changes to review"),
        ("INFO", "Other changes"),
    )
    for level, heading in headings:
        picked = [c for c in result.changes if c.level == level]
        if not picked:
            continue
        lines += [f"### {heading}", ""]
        for op, changes in groupby(picked, key=lambda c: c.operation):
            lines.append(f"- **{_md(SECTION_TITLES.get(op, op))}**")
            lines += [f"  - {_md(c.message)} (`{c.label}`)" for c in changes]
        lines.append("")
    return "\n".join(lines)


def render(result: DiffResult, style: Style) -> str:
    return render_markdown(result)
