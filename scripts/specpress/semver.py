"""Semantic versions and bumps: the one `BUMP_RANK`, shared by the diff (a change's bump) and
release (the next version). A neutral module below both, so neither imports the other for it."""

from __future__ import annotations

import re
from typing import Literal

from specpress.errors import SpecpressError

__all__ = [
    "BUMPS",
    "BUMP_RANK",
    "Bump",
    "bump_version",
    "effective_bump",
    "format_version",
    "max_bump",
    "parse_version",
]

Bump = Literal["major", "minor", "patch", "none"]
BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")
BUMP_RANK: dict[str, int] = {bump: rank for rank, bump in enumerate(BUMPS)}
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def parse_version(text: str) -> tuple[int, int, int]:
    match = _SEMVER.match(text.strip())
    if not match:
        raise SpecpressError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
    return int(match[1]), int(match[2]), int(match[3])


def format_version(parts: tuple[int, int, int]) -> str:
    return ".".join(str(p) for p in parts)


def effective_bump(version: str, bump: str) -> str:
    """Below 1.0.0 a breaking change bumps the minor (semver's 0.y.z convention)."""
    if bump == "major" and parse_version(version)[0] == 0:
        return "minor"
    return bump


def bump_version(version: str, bump: str) -> str:
    major, minor, patch = parse_version(version)
    bump = effective_bump(version, bump)
    if bump == "major":
        return format_version((major + 1, 0, 0))
    if bump == "minor":
        return format_version((major, minor + 1, 0))
    if bump == "patch":
        return format_version((major, minor, patch + 1))
    return version


def max_bump(*bumps: str) -> str:
    """The largest of some bumps ("none" for none)."""
    return max(bumps, key=BUMP_RANK.__getitem__, default="none")
