"""The `mini` fixture API of the spec-stage tests (tests/fixtures/specs/mini)."""

from __future__ import annotations

import shutil
from pathlib import Path

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "mini"


def copy_mini(root: Path) -> Path:
    """The fixture API copied into the throw-away repository `root`; returns specs/mini."""
    target = root / "specs" / "mini"
    shutil.copytree(MINI, target)
    return target
