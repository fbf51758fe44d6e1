"""Fixtures of the spec-stage tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "mini"


@pytest.fixture
def mini(isolated_repo: Path) -> Path:
    """The fixture API copied into a throw-away repository; returns its specs/mini folder."""
    target = isolated_repo / "specs" / "mini"
    shutil.copytree(MINI, target)
    return target
