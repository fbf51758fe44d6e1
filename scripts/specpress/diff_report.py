"""Formatters for a DiffResult: text (terminal), json (machines), markdown (changelogs), github
workflow annotations and JUnit XML (CI test-report views)."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from specpress.diff_model import Change, DiffResult
from specpress.errors import SpecpressError

_COLORS = {"ERR": "\033[31m", "WARN": "\033[33m", "INFO": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
_SECTION_TITLES = {"api": "API", "components": "Components", "python": "Python API"}


def _summary_line(result: DiffResult) -> str:
    s = result.summary
    total = len(result.changes)
    return (
        f"{total} change{'s' if total != 1 else ''}: {s['ERR']} ERR, {s['WARN']} WARN, "
        f"{s['INFO']} INFO; bump: {result.bump}"
    )


def _grouped(result: DiffResult) -> list[tuple[str, list[Change]]]:
    return [(op, list(items)) for op, items in groupby(result.changes, key=lambda c: c.operation)]


def render_text(result: DiffResult, color: bool = False) -> str:
    """Changes grouped by operation, one line each with the location beneath."""
    if not result.changes:
        return "no changes\n"
    lines: list[str] = []
    for op, changes in _grouped(result):
        title = _SECTION_TITLES.get(op, op)
        lines.append(f"{_BOLD}{title}{_RESET}" if color else title)
        for c in changes:
            level = f"{c.level:<4}"
            if color:
                level = f"{_COLORS[c.level]}{level}{_RESET}"
            lines.append(f"  {level}  {c.message}  [{c.label}]")
            lines.append(f"        at {c.location}")
    lines.append(_summary_line(result))
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"


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
            lines.append(f"- **{_md(_SECTION_TITLES.get(op, op))}**")
            lines += [f"  - {_md(c.message)} (`{c.label}`)" for c in changes]
        lines.append("")
    return "\n".join(lines)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render_github(result: DiffResult, source: str | None = None) -> str:
    """GitHub Actions workflow commands: ::error / ::warning / ::notice, one per change."""
    command = {"ERR": "error", "WARN": "warning", "INFO": "notice"}
    lines = []
    for c in result.changes:
        props = [f"title={_gh_escape(c.id, prop=True)}"]
        if source:
            props.insert(0, f"file={_gh_escape(source, prop=True)}")
        body = _gh_escape(f"{c.operation}: {c.message} (at {c.location})")
        lines.append(f"::{command[c.level]} {','.join(props)}::{body}")
    lines.append(_summary_line(result))
    return "\n".join(lines) + "\n"


def render_junit(result: DiffResult, source: str | None = None) -> str:
    """JUnit XML: one test suite per operation, one test case per change.

    ERR and WARN changes are failures (type = level), INFO ones pass with their message in
    `system-out`, so a CI test-report view lists every change and fails on the breaking ones.
    An empty diff is one passing case, so the report is never empty.
    """
    failures = sum(1 for c in result.changes if c.level in ("ERR", "WARN"))
    name = quoteattr(f"specpress diff {source}" if source else "specpress diff")
    total = max(len(result.changes), 1)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name={name} tests="{total}" failures="{failures}" errors="0">',
    ]
    if not result.changes:
        lines += [
            '  <testsuite name="api" tests="1" failures="0" errors="0">',
            '    <testcase classname="api" name="no changes"/>',
            "  </testsuite>",
        ]
    for op, changes in _grouped(result):
        failed = sum(1 for c in changes if c.level in ("ERR", "WARN"))
        lines.append(
            f'  <testsuite name={quoteattr(op)} tests="{len(changes)}" failures="{failed}" '
            'errors="0">'
        )
        for c in changes:
            name = quoteattr(f"{c.id} at {c.location}")
            case = f"    <testcase classname={quoteattr(op)} name={name}"
            if c.level in ("ERR", "WARN"):
                lines += [
                    case + ">",
                    f"      <failure type={quoteattr(c.level)} message={quoteattr(c.message)}>"
                    f"{escape(f'{c.level} {c.id}: {c.message} (at {c.location})')}</failure>",
                    "    </testcase>",
                ]
            else:
                lines += [
                    case + ">",
                    f"      <system-out>{escape(c.message)}</system-out>",
                    "    </testcase>",
                ]
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"


def render(result: DiffResult, fmt: str, *, color: bool = False, source: str | None = None) -> str:
    """Render a DiffResult as `text`, `json`, `markdown`, `github` or `junit`."""
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: render_text(result, color),
        "json": lambda: render_json(result),
        "markdown": lambda: render_markdown(result),
        "github": lambda: render_github(result, source),
        "junit": lambda: render_junit(result, source),
    }
    if fmt not in renderers:
        raise SpecpressError(f"unknown diff format {fmt!r}; choose from {sorted(renderers)}")
    return renderers[fmt]()
