"""`--format junit`: JUnit XML for CI test-report views."""

from __future__ import annotations

from specpress.diff.model import DiffResult
from specpress.diff.report.common import Style, grouped


def render(result: DiffResult, style: Style) -> str:
    """JUnit XML: one test suite per operation, one test case per change.

    ERR and WARN changes are failures (type = level), INFO ones pass with their message in
    `system-out`, so a CI test-report view lists every change and fails on the breaking ones.
    An empty diff is one passing case, so the report is never empty.
    """
    from xml.sax.saxutils import escape, quoteattr  # pulls in urllib: only when asked for

    failures = sum(1 for c in result.changes if c.level in ("ERR", "WARN"))
    name = quoteattr(f"specpress diff {style.source}" if style.source else "specpress diff")
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
    for op, changes in grouped(result):
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
