"""The peer-test shim (tests/peer/gcore/) may re-export, never implement, and it must cover
every ``gcore`` name the official test files import, so ``nox -s peer-tests`` measures our
package and not the shim."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SHIM = Path(__file__).parents[1] / "peer"
SHIM_MODULES = sorted((SHIM / "gcore").rglob("*.py"))


def _is_alias_statement(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom | ast.Import):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return isinstance(node.value.value, str)  # a docstring
    if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
        "__all__"
    ]:
        value = node.value
        return isinstance(value, ast.List) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
        )
    return False


def test_shim_exists() -> None:
    assert len(SHIM_MODULES) >= 7, SHIM_MODULES


@pytest.mark.parametrize("module", SHIM_MODULES, ids=lambda p: p.relative_to(SHIM).as_posix())
def test_shim_module_only_reexports(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    offending = [
        f"line {n.lineno}: {type(n).__name__}" for n in tree.body if not _is_alias_statement(n)
    ]
    assert not offending, f"{module.name} implements something: {offending}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.startswith("gcore_streaming_ai"), (
                f"{module.name} imports from {node.module!r}: the shim re-exports ours only"
            )


def test_alias_check_catches_an_implementation() -> None:
    tree = ast.parse("from x import y\ndef helper():\n    return 1\n")
    assert not all(_is_alias_statement(n) for n in tree.body)


def _official_imports(suite: Path) -> Iterator[tuple[str, str]]:
    for path in sorted((suite / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and (node.module == "gcore" or node.module.startswith("gcore."))
            ):
                for alias in node.names:
                    yield node.module, alias.name


@pytest.fixture
def shim_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(SHIM))
    saved = {k: v for k, v in sys.modules.items() if k == "gcore" or k.startswith("gcore.")}
    for k in saved:
        del sys.modules[k]
    yield
    for k in [k for k in sys.modules if k == "gcore" or k.startswith("gcore.")]:
        del sys.modules[k]
    sys.modules.update(saved)


def test_every_official_import_resolves_through_the_shim(
    shared_dir: Path, shim_on_path: None
) -> None:
    wanted = sorted(set(_official_imports(shared_dir / "peer-suites" / "gcore-python")))
    assert len(wanted) >= 20, wanted
    missing = []
    for module_name, name in wanted:
        module = importlib.import_module(module_name)
        assert Path(str(module.__file__)).is_relative_to(SHIM), module.__file__
        if not hasattr(module, name):
            missing.append(f"{module_name}.{name}")
    assert not missing, missing
