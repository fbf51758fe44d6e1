"""Pins: every tool version is written once, in pyproject.toml, and read from there."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from specpress.errors import SpecpressError
from specpress.pins import pinned, pins

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _requirements() -> list[str]:
    """Every requirement string pyproject.toml writes (project, groups, build backend)."""
    found = list(PYPROJECT["project"]["dependencies"]) + list(PYPROJECT["build-system"]["requires"])
    for entries in PYPROJECT["dependency-groups"].values():
        found += [e for e in entries if isinstance(e, str)]
    return found


def test_every_requirement_is_pinned_exactly_and_once() -> None:
    names = []
    for requirement in _requirements():
        assert "==" in requirement, requirement
        match = _NAME.match(requirement)
        assert match is not None, requirement
        names.append(re.sub(r"[-_.]+", "-", match[1]).lower())
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_the_noxfile_and_the_toolchain_repeat_no_version() -> None:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert re.findall(r"[\w\]]==\d", noxfile) == []
    assert re.findall(r"@\d+\.\d+", noxfile) == []  # npm tools too
    sources = (ROOT / "scripts" / "specpress").rglob("*.py")
    for source in sources:
        for version in re.findall(r"[\"'](\d+\.\d+\.\d+)[\"']", source.read_text(encoding="utf-8")):
            assert version not in {p.split("==")[1] for p in _requirements()}, (source, version)


def test_pinned_reads_the_installed_pin() -> None:
    for name in ("openapi-python-client", "datamodel-code-generator", "ruff"):
        expected = next(r.split("==")[1] for r in _requirements() if r.startswith(name + "=="))
        assert pinned(name) == expected
    assert pinned("ruamel_yaml") == pins()["ruamel-yaml"]  # names compare canonically
    with pytest.raises(SpecpressError, match="not pinned"):
        pinned("pytest")  # a session tool, not a toolchain requirement
