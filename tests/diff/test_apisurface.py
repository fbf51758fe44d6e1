"""Python API surface extraction and comparison on small hand-written packages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from specpress.diff import bump_for, python_changes
from specpress.diff.apisurface import (
    Member,
    Param,
    annotation_text,
    compare_surfaces,
    extract_surface,
)
from specpress.diff.rules import RULES, bump_for_level
from specpress.errors import SpecpressError

FIXTURE = Path(__file__).parent / "fixtures" / "apisurface"


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def changes_between(
    tmp_path: Path, old: dict[str, str], new: dict[str, str]
) -> list[tuple[str, str]]:
    old_surface = extract_surface(write_package(tmp_path / "old", old))
    new_surface = extract_surface(write_package(tmp_path / "new", new))
    return [(c.id, c.name) for c in compare_surfaces(old_surface, new_surface)]


def test_fixture_client_regeneration() -> None:
    old, new = extract_surface(FIXTURE / "old"), extract_surface(FIXTURE / "new")
    tasks = "mini_client.resources.tasks.Tasks"
    got = [(c.id, c.name) for c in compare_surfaces(old, new)]
    assert got == [
        ("python-parameter-kind-changed", "mini_client.AsyncClient.__init__"),
        ("python-parameter-kind-changed", "mini_client.Client.__init__"),
        ("python-added", "mini_client.Task.created_at"),
        ("python-type-changed", "mini_client.Task.progress"),
        ("python-removed", "mini_client.Task.status"),
        ("python-field-became-required", "mini_client.TaskCreate.url"),
        ("python-removed", f"{tasks}.cancel"),
        ("python-parameter-added", f"{tasks}.create"),
        ("python-parameter-became-required", f"{tasks}.create"),
        ("python-type-changed", f"{tasks}.create"),
        ("python-parameter-added", f"{tasks}.get"),
        ("python-renamed", f"{tasks}.list_tasks"),
        ("python-added", f"{tasks}.wait"),
    ]
    assert bump_for(python_changes(compare_surfaces(old, new))) == "major"
    assert bump_for(python_changes(compare_surfaces(old, old))) == "none"


def test_fixture_surface_shape() -> None:
    surface = extract_surface(FIXTURE / "old")
    # private modules and private members stay out; re-exports appear under their public names
    assert not any("._client" in name or "._request" in name for name in surface)
    assert surface["mini_client.Client"] == Member("class")
    assert surface["mini_client.types.Task"] == Member("class")  # second path: no members listed
    assert "mini_client.types.Task.id" not in surface
    assert surface["mini_client.Task.id"] == Member("field", annotation="str", required=True)
    assert surface["mini_client.Task.result"] == Member("field", annotation="str | None")
    assert surface["mini_client.Client.tasks"] == Member("property", annotation="Tasks")
    assert surface["mini_client.AsyncClient.tasks"] == Member("property", annotation="Tasks")
    assert surface["mini_client.resources.tasks.Tasks.get"] == Member(
        "method", (Param("task_id", "positional", True, "str"),), "Task"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Optional[str]", "str | None"),
        ("typing.Optional[str]", "str | None"),
        ("Union[None, int, str]", "int | str | None"),
        ("None | str", "str | None"),
        ("'str | None'", "str | None"),
        ("List[Dict[str, Any]]", "list[dict[str, Any]]"),
        ("t.Literal['a', 'b']", "Literal['a', 'b']"),
    ],
)
def test_annotation_spellings_are_normalized(source: str, expected: str) -> None:
    assert annotation_text(ast.parse(source, mode="eval").body) == expected


def test_renames_need_a_unique_identical_signature(tmp_path: Path) -> None:
    old = {"pkg/__init__.py": "def a(x: int) -> int: ...\ndef b(x: int) -> int: ...\n"}
    new = {"pkg/__init__.py": "def c(x: int) -> int: ...\ndef d(x: int) -> int: ...\n"}
    assert changes_between(tmp_path, old, new) == [
        ("python-removed", "pkg.a"),
        ("python-removed", "pkg.b"),
        ("python-added", "pkg.c"),
        ("python-added", "pkg.d"),
    ]


def test_parameter_changes(tmp_path: Path) -> None:
    old = {"pkg/__init__.py": "def f(a, b, c=1, *, d=2, e=3): ...\n"}
    new = {"pkg/__init__.py": "def f(b, a, c, *, d=2, g, h=4, **kw): ...\n"}
    assert sorted(changes_between(tmp_path, old, new)) == sorted(
        [
            ("python-parameter-kind-changed", "pkg.f"),  # a moved
            ("python-parameter-kind-changed", "pkg.f"),  # b moved
            ("python-parameter-became-required", "pkg.f"),  # c
            ("python-parameter-removed", "pkg.f"),  # e
            ("python-parameter-added-required", "pkg.f"),  # g
            ("python-parameter-added", "pkg.f"),  # h
        ]
    )


def test_became_optional_and_kind_widening(tmp_path: Path) -> None:
    old = {"pkg/__init__.py": "def f(a, *, b): ...\nclass M:\n    x: int\n"}
    new = {"pkg/__init__.py": "def f(a=None, b=None): ...\nclass M:\n    x: int = 0\n"}
    assert changes_between(tmp_path, old, new) == [
        ("python-field-became-optional", "pkg.M.x"),
        ("python-parameter-became-optional", "pkg.f"),
        ("python-parameter-became-optional", "pkg.f"),
    ]


def test_all_overloads_private_modules_and_kind_changes(tmp_path: Path) -> None:
    old = {
        "pkg/__init__.py": "from ._impl import run, helper\n__all__ = ['run']\nVERSION = '1'\n",
        "pkg/_impl.py": (
            "from typing import overload\n"
            "@overload\ndef run(x: int) -> int: ...\n"
            "@overload\ndef run(x: str) -> str: ...\n"
            "def run(x): ...\n"
            "def helper(): ...\n"
        ),
        "pkg/tests/test_x.py": "def test_x(): ...\n",
    }
    new = {
        "pkg/__init__.py": "from ._impl import run\n__all__ = ['run']\nVERSION = '2'\n",
        "pkg/_impl.py": "class run:\n    def __call__(self, x): ...\n",
    }
    assert changes_between(tmp_path, old, new) == [
        ("python-type-changed", "pkg.run"),
        ("python-added", "pkg.run.__call__"),
    ]
    surface = extract_surface(tmp_path / "old")
    assert set(surface) == {"pkg.run"}
    assert surface["pkg.run"].params == (Param("x", "positional", True, None),)


def test_static_methods_keep_their_first_parameter(tmp_path: Path) -> None:
    body = "class C:\n    @staticmethod\n    def s(a): ...\n    def m(self, a): ...\n"
    pkg = {"pkg/__init__.py": body}
    surface = extract_surface(write_package(tmp_path, pkg))
    assert (
        surface["pkg.C.s"].params
        == surface["pkg.C.m"].params
        == (Param("a", "positional", True, None),)
    )


def test_bad_package_input(tmp_path: Path) -> None:
    with pytest.raises(SpecpressError, match="not a directory"):
        extract_surface(tmp_path / "missing")
    write_package(tmp_path / "bad", {"pkg/__init__.py": "def broken(:\n"})
    with pytest.raises(SpecpressError, match="cannot parse Python module"):
        extract_surface(tmp_path / "bad")


def test_every_python_rule_is_exercised_here() -> None:
    exercised = {
        "python-removed", "python-renamed", "python-renamed-deprecated", "python-added",
        "python-parameter-removed",
        "python-parameter-added-required", "python-parameter-added",
        "python-parameter-became-required", "python-parameter-became-optional",
        "python-parameter-kind-changed", "python-type-changed", "python-field-became-required",
        "python-field-became-optional",
    }  # fmt: skip
    assert exercised == {r.id for r in RULES if r.id.startswith("python-")}
    assert bump_for_level("python-added", "INFO") == "minor"


OLD_MODELS = {
    "pkg/__init__.py": "",
    "pkg/models.py": (
        "class AiTaskBase:\n"
        "    task_id: str\n"
        "    progress: int\n"
        "class AiResults(AiTaskBase):\n"
        "    parent: AiTaskBase | None = None\n"
        "def get(task_id: str) -> AiResults: ...\n"
    ),
}


def renamed_models(*, keep_alias: bool, progress: str = "int") -> dict[str, str]:
    alias = (
        '_DEPRECATED_ALIASES: dict[str, str] = {"AiTaskBase": "AITask", "AiResults": "AITaskGet"}\n'
        if keep_alias
        else ""
    )
    return {
        "pkg/__init__.py": "",
        "pkg/models.py": (
            "class AITask:\n"
            "    task_id: str\n"
            f"    progress: {progress}\n"
            "class AITaskGet(AITask):\n"
            "    parent: AITask | None = None\n"
            "def get(task_id: str) -> AITaskGet: ...\n" + alias
        ),
    }


def test_rename_with_deprecated_alias_is_not_breaking(tmp_path: Path) -> None:
    got = changes_between(tmp_path, OLD_MODELS, renamed_models(keep_alias=True))
    assert got == [
        ("python-renamed-deprecated", "pkg.models.AiResults"),
        ("python-renamed-deprecated", "pkg.models.AiTaskBase"),
    ]
    surface_old = extract_surface(tmp_path / "old")
    surface_new = extract_surface(tmp_path / "new")
    assert bump_for(python_changes(compare_surfaces(surface_old, surface_new))) == "minor"


def test_rename_with_alias_still_compares_the_members_under_the_new_name(tmp_path: Path) -> None:
    got = changes_between(tmp_path, OLD_MODELS, renamed_models(keep_alias=True, progress="str"))
    assert ("python-type-changed", "pkg.models.AITask.progress") in got


def test_rename_without_alias_and_dropping_the_alias_are_removals(tmp_path: Path) -> None:
    got = changes_between(tmp_path / "a", OLD_MODELS, renamed_models(keep_alias=False))
    assert ("python-removed", "pkg.models.AiTaskBase") in got
    dropped = changes_between(
        tmp_path / "b", renamed_models(keep_alias=True), renamed_models(keep_alias=False)
    )
    assert dropped == [
        ("python-removed", "pkg.models.AiResults"),
        ("python-removed", "pkg.models.AiTaskBase"),
    ]


def test_members_of_a_generic_base_are_seen_as_the_subclass_binds_them(tmp_path: Path) -> None:
    """Moving `__init__` into `_Base(Generic[_T])` with `Client(_Base[httpx.Client])` is no change:
    the inherited parameter reads `httpx.Client | None`, as mypy sees it."""
    old = {
        "pkg/__init__.py": "import httpx\nclass Client:\n"
        "    def __init__(self, http_client: httpx.Client | None = None) -> None: ...\n"
    }
    new = {
        "pkg/__init__.py": "import httpx\nfrom typing import Generic, TypeVar\n"
        "_T = TypeVar('_T')\nclass _Base(Generic[_T]):\n"
        "    def __init__(self, http_client: _T | None = None) -> None: ...\n"
        "    def client(self) -> _T: ...\n"
        "class Client(_Base[httpx.Client]): ...\n"
    }
    assert changes_between(tmp_path, old, new) == [("python-added", "pkg.Client.client")]
    surface = extract_surface(tmp_path / "new")
    assert surface["pkg.Client.client"].annotation == "httpx.Client"
