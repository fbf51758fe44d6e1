"""Exact tool pins, read from the one place they are written: `pyproject.toml`.

specpress's own requirements (`[project] dependencies`, installed as its package metadata) pin
the generators and ruff exactly, because their output lands in the committed `generated/` tree.
`pinned(name)` is that pin, checked against what is installed, so a generator run in a drifted
environment fails with one line instead of writing a different tree; generation headers and
fingerprints take versions from here, never from a copy of the numbers.
"""

from __future__ import annotations

import importlib.metadata
import re
from functools import cache

from specpress.errors import SpecpressError

__all__ = ["pinned", "pins"]

_PIN = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;,]+)\s*(?:;.*)?$"
)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def pins() -> dict[str, str]:
    """Every exactly pinned requirement of specpress: canonical name -> version."""
    found: dict[str, str] = {}
    for requirement in importlib.metadata.requires("specpress") or []:
        match = _PIN.match(requirement)
        if match is not None:
            found[_canonical(match[1])] = match[2]
    return found


def pinned(name: str) -> str:
    """The version `name` is pinned to in pyproject.toml; the installed one must be it."""
    key = _canonical(name)
    version = pins().get(key)
    if version is None:
        raise SpecpressError(f"{name} is not pinned exactly in specpress's requirements")
    try:
        installed = importlib.metadata.version(key)
    except importlib.metadata.PackageNotFoundError:
        raise SpecpressError(f"{name}=={version} is required but not installed") from None
    if installed != version:
        raise SpecpressError(
            f"{name} {installed} is installed but pyproject.toml pins {version}: "
            "reinstall specpress (`pip install -e .`)"
        )
    return version
