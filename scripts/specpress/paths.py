"""Where things live in a specpress repository."""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The repo root: $SPECPRESS_ROOT, else the nearest parent holding specs/ and pyproject.toml."""
    env = os.environ.get("SPECPRESS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "specs").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    return here


def specs_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "specs"


def templates_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "templates"


def generated_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "generated"


def api_names(root: Path | None = None) -> list[str]:
    """Every vendored API: a folder under specs/ with an upstream/ folder."""
    base = specs_dir(root)
    return sorted(p.name for p in base.iterdir() if (p / "upstream").is_dir())


def display(path: Path, root: Path | None = None) -> str:
    """`path` as the user knows it: relative to the repo root when inside it (messages never
    carry machine-specific absolute paths for repo files), else as given."""
    resolved, base = path.resolve(), (root or repo_root()).resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(path)
