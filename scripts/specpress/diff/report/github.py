"""`--format github`: GitHub Actions workflow commands, one annotation per change."""

from __future__ import annotations

from specpress.diff.model import DiffResult
from specpress.diff.report.common import Style, summary_line


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(result: DiffResult, style: Style) -> str:
    """GitHub Actions workflow commands: ::error / ::warning / ::notice, one per change."""
    command = {"ERR": "error", "WARN": "warning", "INFO": "notice"}
    lines = []
    for c in result.changes:
        props = [f"title={_gh_escape(c.id, prop=True)}"]
        if style.source:
            props.insert(0, f"file={_gh_escape(style.source, prop=True)}")
        body = _gh_escape(f"{c.operation}: {c.message} (at {c.location})")
        lines.append(f"::{command[c.level]} {','.join(props)}::{body}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
