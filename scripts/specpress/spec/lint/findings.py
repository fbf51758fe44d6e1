"""Lint findings, and the expected-findings lists upstream documents are checked against.

A finding not on the list fails as "unlisted finding", a listed one that no longer occurs fails as
"listed finding gone" (its patch may be obsolete): both directions keep the list honest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from specpress.errors import SpecpressError
from specpress.openapi.load import read_plain

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One located problem in one file."""

    rule: str
    pointer: str
    message: str
    severity: Severity = "error"

    def key(self) -> tuple[str, str]:
        return (self.rule, self.pointer)


@dataclass(frozen=True)
class Mismatch:
    """A difference between the findings and the expected list."""

    kind: Literal["unlisted finding", "listed finding gone (its patch may be obsolete)"]
    rule: str
    pointer: str
    message: str


def load_expected(path: Path) -> set[tuple[str, str]]:
    """The (rule, pointer) pairs of an expected-findings file."""
    data = read_plain(path)
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SpecpressError("expected a mapping with a `findings:` list", file=path)
    expected: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            raise SpecpressError(
                "each finding needs `rule` and `pointer`", file=path, location=f"/findings/{index}"
            )
        if not isinstance(entry.get("pointer"), str):
            raise SpecpressError(
                "each finding needs `rule` and `pointer`", file=path, location=f"/findings/{index}"
            )
        expected.add((entry["rule"], entry["pointer"]))
    return expected


def compare(findings: list[Finding], expected: set[tuple[str, str]]) -> list[Mismatch]:
    """Unlisted findings and listed findings that are gone, in pointer order."""
    actual = {f.key() for f in findings}
    mismatches = [
        Mismatch("unlisted finding", f.rule, f.pointer, f.message)
        for f in findings
        if f.key() not in expected
    ]
    mismatches += [
        Mismatch("listed finding gone (its patch may be obsolete)", rule, pointer, "")
        for rule, pointer in sorted(expected - actual, key=lambda k: (k[1], k[0]))
    ]
    return mismatches


def render_expected(findings: list[Finding]) -> str:
    """A lint-expected.yaml body for these findings (to review, not to accept blindly)."""
    lines = ["findings:"] + [
        f"  - {{rule: {f.rule}, pointer: {json.dumps(f.pointer)}}}" for f in findings
    ]
    return "\n".join(lines) + "\n" if findings else "findings: []\n"
