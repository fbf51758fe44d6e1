"""The runtime is plain Python: every module but ``_constants`` is a ``.py`` file, linted here
as it stands in ``templates/runtime/`` and copied byte for byte into each package (the rendered
copies are type-checked with ``mypy --strict`` in test_runtime_render.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from specpress.generate.runtime import RUNTIME_MODULES
from support.clients import API_PROFILES

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "templates" / "runtime"
TEMPLATED = {"_constants"}  # the one module that holds per-package values
PACKAGES = {p.config.package.dist: p.config.package.import_name for p in API_PROFILES}


def test_every_runtime_module_is_python_but_the_constants() -> None:
    plain = {p.stem for p in RUNTIME.glob("*.py")}
    templated = {p.name.removesuffix(".py.jinja") for p in RUNTIME.glob("*.py.jinja")}
    assert templated == TEMPLATED
    assert plain | templated == set(RUNTIME_MODULES)
    assert not plain & templated


@pytest.mark.parametrize("name", sorted(set(RUNTIME_MODULES) - TEMPLATED))
def test_a_plain_module_holds_no_template_syntax(name: str) -> None:
    text = (RUNTIME / f"{name}.py").read_text(encoding="utf-8")
    assert not re.search(r"\{\{|\{%|\{#", text)


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    files = sorted(str(p) for p in RUNTIME.glob("*.py"))
    config = str(ROOT / "pyproject.toml")
    return subprocess.run(
        [ruff, *args, "--no-cache", "--config", config, *files],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_runtime_sources_pass_ruff() -> None:
    check = _ruff("check")
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = _ruff("format", "--check")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.parametrize("dist", sorted(PACKAGES))
def test_each_package_ships_the_runtime_byte_for_byte(dist: str) -> None:
    package = ROOT / "generated" / dist / "src" / PACKAGES[dist]
    shipped = [p for p in RUNTIME.glob("*.py") if (package / p.name).is_file()]
    assert {p.stem for p in shipped} >= {"_base_client", "_pagination", "_response"}
    for source in shipped:
        assert (package / source.name).read_bytes() == source.read_bytes(), source.name
