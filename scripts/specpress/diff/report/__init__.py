"""Report formats for a DiffResult, behind one registry: `FORMATS[name](result, style)`.

text (terminal), json (machines), markdown (changelogs), github (workflow annotations), junit
(CI test-report views); each module has one `render(result, style)`.
"""

from __future__ import annotations

from specpress.diff.model import DiffResult
from specpress.diff.report import github, json, junit, markdown, text
from specpress.diff.report.common import Renderer, Style
from specpress.diff.report.markdown import render_markdown
from specpress.errors import SpecpressError

__all__ = ["FORMATS", "Renderer", "Style", "render", "render_markdown"]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "markdown": markdown.render,
    "github": github.render,
    "junit": junit.render,
}


def render(result: DiffResult, fmt: str, *, color: bool = False, source: str | None = None) -> str:
    """Render a DiffResult in one of the FORMATS (`text`, `json`, `markdown`, ...)."""
    renderer = FORMATS.get(fmt)
    if renderer is None:
        raise SpecpressError(f"unknown diff format {fmt!r}; choose from {sorted(FORMATS)}")
    return renderer(result, Style(color=color, source=source))
