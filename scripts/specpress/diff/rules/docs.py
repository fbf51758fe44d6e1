"""docs/diff-rules.md, generated: the prose of `diff-rules.md.jinja` filled with the rule table.

`python -m specpress.diff.rules > docs/diff-rules.md` refreshes it; a test fails when the
committed file is stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specpress.diff.rules.base import LEVELS, Rule
from specpress.diff.rules.table import OASDIFF_IDS, RULES

TEMPLATE = Path(__file__).with_name("diff-rules.md.jinja")
# The sections of the table, in order; every rule's `area` is one of them.
AREA_TITLES = {
    "paths": "Paths and operations",
    "tags": "Tags",
    "parameters": "Parameters",
    "request-body": "Request bodies",
    "responses": "Responses",
    "security": "Security requirements",
    "servers": "Servers",
    "components": "Components",
    "schemas": "Schemas the engine cannot judge",
    "python": "Python API (`--sdk`)",
}


def _oasdiff_cell(r: Rule) -> str:
    if r.oasdiff_id is None:
        return "—"
    cell = "same" if r.oasdiff_id == r.id else f"`{r.oasdiff_id}`"
    if r.oasdiff_level is not None:
        cell += f"; oasdiff: {r.oasdiff_level} ({r.note})"
    elif r.note:
        cell += f" ({r.note})"
    return cell


def _row(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id,
        "level": r.level,
        "oasdiff": _oasdiff_cell(r),
        "direction": r.direction,
        "example": r.example.replace("|", "\\|"),
        "description": r.description,
    }


def render_rules_markdown() -> str:
    """The whole of docs/diff-rules.md: the prose, a count, every rule grouped by area."""
    import jinja2

    counts = {level: sum(1 for r in RULES if r.level == level) for level in LEVELS}
    mapped = sum(1 for r in RULES if r.oasdiff_id is not None)
    summary = (
        f"{len(RULES)} rules: {counts['ERR']} ERR, {counts['WARN']} WARN, {counts['INFO']} INFO; "
        f"{mapped} carry an oasdiff id ({len(OASDIFF_IDS)} distinct), "
        f"{sum(1 for r in RULES if r.oasdiff_level)} deliberately differ in level."
    )
    areas = [
        (title, [_row(r) for r in RULES if r.area == area]) for area, title in AREA_TITLES.items()
    ]
    environment = jinja2.Environment(
        autoescape=False,  # markdown, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(summary=summary, areas=areas)
