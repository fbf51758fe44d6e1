"""render_runtime: deterministic output, settings can only become literals, and the rendered
package (with a generator-shaped client) passes mypy --strict and ruff; import stays light."""

from __future__ import annotations

import dataclasses
import importlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.generate.runtime import RUNTIME_MODULES, RuntimeSettings, pyrepr, render_runtime
from support.runtime_packages import FLAVOURS, TEST_CLIENT_SOURCE

RUFF_SELECT = "E,F,W,I,B,UP,SIM,RUF"


def settings(flavour: str = "gcore", **changes: Any) -> RuntimeSettings:
    return RuntimeSettings(**{**FLAVOURS[flavour], **changes})


def tree(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_renders_every_module_deterministically(tmp_path: Path) -> None:
    first = render_runtime(tmp_path / "a" / "pkg", settings())
    render_runtime(tmp_path / "b" / "pkg", settings())
    assert sorted(p.name for p in first) == sorted(f"{m}.py" for m in RUNTIME_MODULES)
    assert tree(tmp_path / "a" / "pkg") == tree(tmp_path / "b" / "pkg")
    for path in first:
        text = path.read_text()
        assert str(tmp_path) not in text
        compile(text, str(path), "exec")


def test_settings_become_literals_only(tmp_path: Path) -> None:
    hostile = '1.0"\nimport os; os.system("echo pwned") #\'\\'
    out = tmp_path / "evil_pkg"
    render_runtime(
        out,
        settings(
            package_name="evil_pkg",
            version=hostile,
            spec_version="'''\"\"\"{{ x }}",
            auth_prefix='APIKey" + __import__("os").getcwd() + "',
        ),
    )
    (out / "__init__.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    try:
        constants = importlib.import_module("evil_pkg._constants")
        assert hostile == constants.VERSION
        assert constants.SPEC_VERSION == "'''\"\"\"{{ x }}"
        assert constants.AUTH_PREFIX == 'APIKey" + __import__("os").getcwd() + "'
        assert f"rt-gcore/{hostile}" == constants.USER_AGENT
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("evil_pkg")]:
            del sys.modules[name]


def test_pyrepr_and_settings_validation() -> None:
    assert pyrepr("plain") == '"plain"'
    assert pyrepr("it's") == '"it\'s"'
    assert pyrepr('say "hi"') == "'say \"hi\"'"
    assert pyrepr(2.5) == "2.5" and pyrepr(3) == "3" and pyrepr(None) == "None"
    assert pyrepr(["a", 1]) == '["a", 1]'
    with pytest.raises(SpecpressError):
        pyrepr(object())
    with pytest.raises(SpecpressError):
        pyrepr(float("nan"))
    for bad in (
        {"package_name": "not-an-identifier"},
        {"client_class": "class"},
        {"env_api_key": "HAS SPACE"},
        {"default_base_url": "ftp://x"},
        {"default_timeout": 0},
        {"default_max_retries": -1},
        {"idempotency_header": "Idempotency Key"},
        {"idempotency_header": "Idem:Key"},
        {"env_strict_response_validation": "A B"},
    ):
        with pytest.raises(SpecpressError):
            render_runtime(Path("/nonexistent/never-written"), settings(**bad))


def test_missing_templates_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpecpressError, match="no runtime templates"):
        render_runtime(tmp_path / "pkg", settings(), templates_dir=tmp_path)


def test_settings_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings().version = "2"  # type: ignore[misc]


@pytest.fixture(scope="module")
def typed_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typed")
    for flavour in ("gcore", "twelvelabs"):
        name = f"typed_{flavour}"
        package = root / name
        render_runtime(package, settings(flavour, package_name=name))
        (package / "__init__.py").write_text('"""Typed runtime."""\n')
        (package / "py.typed").write_text("")
        (package / "_testclient.py").write_text(TEST_CLIENT_SOURCE)
    return root


@pytest.mark.slow
def test_rendered_runtime_passes_mypy_strict(typed_package: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.11",
            "--cache-dir",
            str(typed_package / ".mypy_cache"),
            "--no-error-summary",
            "-p",
            "typed_gcore",
            "-p",
            "typed_twelvelabs",
        ],
        cwd=typed_package,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_rendered_runtime_is_ruff_clean(typed_package: Path) -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    common = ["--isolated", "--line-length", "100", "--target-version", "py311"]
    check = subprocess.run(
        [ruff, "check", *common, "--select", RUFF_SELECT, "--no-cache", "."],
        cwd=typed_package,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = subprocess.run(
        [ruff, "format", *common, "--check", "--no-cache", "."],
        cwd=typed_package,
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def _import_probe(root: Path, statement: str) -> tuple[float, set[str]]:
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "t = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - t)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return float(out[0]), set(out[1].split())


def test_client_import_is_light(typed_package: Path) -> None:
    """The client core must not pull in pydantic models, asyncio or the pages at import time,
    and must import within 1.4x of ``import httpx, pydantic`` (best of 5, same interpreter)."""
    statement = "import typed_gcore._base_client, typed_gcore._waiters"
    ours = []
    baseline = []
    modules: set[str] = set()
    for _ in range(5):
        seconds, modules = _import_probe(typed_package, statement)
        ours.append(seconds)
        baseline.append(_import_probe(typed_package, "import httpx, pydantic")[0])
    pages = ("_pagination", "_page_next_link", "_page_info")
    for heavy in (
        "pydantic.main",
        "asyncio",
        "typed_gcore._models",
        *(f"typed_gcore.{p}" for p in pages),
    ):
        assert heavy not in modules, heavy
    assert min(ours) <= 1.4 * min(baseline), (ours, baseline)


@pytest.mark.parametrize("api", ["gcore-streaming", "twelvelabs"])
def test_every_setting_comes_from_sdk_yaml(api: str) -> None:
    """No runtime setting falls back to its default because sdk.yaml names it differently."""
    from specpress.config.sdk import load_sdk_config
    from specpress.generate.runtime import runtime_settings

    config = load_sdk_config(Path(__file__).resolve().parents[2] / "specs" / api / "sdk.yaml")
    made = runtime_settings(config, "spec-1")
    from_config = {
        f.name: getattr(section, f.name)
        for section in (config.package, config.client)
        for f in dataclasses.fields(section)
    }
    for field in dataclasses.fields(made):
        if field.name in ("package_name", "dist_name", "spec_version"):
            continue
        assert field.name in from_config, field.name
        assert getattr(made, field.name) == from_config[field.name]
    assert (made.package_name, made.dist_name) == (
        config.package.import_name,
        config.package.dist,
    )
    assert made.spec_version == "spec-1"
