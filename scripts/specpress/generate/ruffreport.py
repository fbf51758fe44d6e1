"""A failed ruff run on a generated package, told in a few lines a user can act on.

ruff's own report names files inside a staging directory that no longer exists when the user
reads it, and can run to hundreds of lines. `RuffFailure` keeps the findings (package-relative
file, line, message), shows the first `MAX_SHOWN`, and `locate` points at the spec element the
first finding names (a parameter, a schema, a property), so the error reads
`specs/<api>/openapi.yaml:/paths/...: ...` like every other bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.openapi.document import HTTP_METHODS
from specpress.openapi.pointer import join

MAX_SHOWN = 3
# `file.py:12:5: CODE message` (check, concise) and `error: Failed to parse file.py:12:5: ...`
_FINDING = re.compile(
    r"^(?:error: Failed to parse )?(?P<file>[^\s:][^:]*?\.pyi?):(?P<row>\d+):\d+: (?P<msg>.+)$"
)
_QUOTED = re.compile(r"[\"'`]([A-Za-z_][A-Za-z0-9_]*)[\"'`]")


@dataclass(frozen=True)
class RuffFinding:
    file: str  # relative to the package root, POSIX separators
    line: int
    message: str

    def render(self, prefix: str) -> str:
        return f"{prefix}{self.file}:{self.line}: {self.message}"


def parse_findings(output: str, package: Path) -> list[RuffFinding]:
    """Findings from ruff's concise output; paths made relative to the package root."""
    found = []
    root = package.resolve()
    for line in output.splitlines():
        match = _FINDING.match(line.strip())
        if match is None:
            continue
        path = Path(match.group("file"))
        if path.is_absolute():
            resolved = path.resolve()
            path = resolved.relative_to(root) if resolved.is_relative_to(root) else Path(path.name)
        found.append(RuffFinding(path.as_posix(), int(match.group("row")), match.group("msg")))
    return found


class RuffFailure(SpecpressError):
    """ruff refused a generated package: its first findings, and (after `locate`) the spec
    element they come from."""

    def __init__(
        self,
        step: str,
        findings: list[RuffFinding],
        *,
        prefix: str = "",
        fallback: str = "",
        file: str | Path | None = None,
        location: str | None = None,
    ) -> None:
        self.step = step
        self.findings = findings
        self.prefix = prefix
        self.fallback = fallback
        shown = [f.render(prefix) for f in findings[:MAX_SHOWN]] or [fallback or "no details"]
        more = len(findings) - MAX_SHOWN
        lines = [f"the generated package fails `ruff {step}` ({len(findings)} finding(s)):"]
        lines += [f"  {s}" for s in shown] + ([f"  ... and {more} more"] if more > 0 else [])
        super().__init__("\n".join(lines), file=file, location=location)

    def locate(self, spec: str | Path, doc: Any, prefix: str) -> RuffFailure:
        """The same failure, named after the spec file (and element) with package paths shown
        under `prefix` (e.g. `generated/<dist>/`)."""
        names = [n for f in self.findings[:MAX_SHOWN] for n in _QUOTED.findall(f.message)]
        where = next((p for n in names if (p := spec_pointer(doc, n)) is not None), None)
        return RuffFailure(
            self.step,
            self.findings,
            prefix=prefix,
            fallback=self.fallback,
            file=spec,
            location=where,
        )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _python_name(name: object) -> str:
    return re.sub(r"\W", "_", str(name)).lower()


def spec_pointer(doc: Any, identifier: str) -> str | None:
    """The first spec element a generated identifier comes from: a parameter, a schema, or a
    schema property of that (Python-normalized) name."""
    if not isinstance(doc, dict):
        return None
    wanted = identifier.lower().rstrip("_")
    paths = _mapping(doc.get("paths"))
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        owners = [((path,), item)] + [((path, m), item[m]) for m in HTTP_METHODS if m in item]
        for tokens, owner in owners:
            params = owner.get("parameters") if isinstance(owner, dict) else None
            for index, param in enumerate(params if isinstance(params, list) else []):
                if isinstance(param, dict) and _python_name(param.get("name")) == wanted:
                    return join("paths", *tokens, "parameters", index)
    schemas = _mapping(_mapping(doc.get("components")).get("schemas"))
    for name in schemas:
        if _python_name(name) == wanted:
            return join("components", "schemas", name)
    for name, schema in schemas.items():
        for prop in _mapping(_mapping(schema).get("properties")):
            if _python_name(prop) == wanted:
                return join("components", "schemas", name, "properties", prop)
    return None
