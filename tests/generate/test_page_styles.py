"""Pagination styles: one table (generate/pages.py) names each style's runtime module and classes;
a package ships exactly the style modules it uses and re-exports only their classes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from specpress.config.model import PAGINATION_STYLES
from specpress.errors import SpecpressError
from specpress.generate import generate_package
from specpress.generate.pages import BASE_MODULE, BASE_PAGE_CLASSES, PAGE_STYLES
from specpress.generate.runtime import CORE_MODULES, RUNTIME_MODULES, runtime_modules
from support.hostile import SDK_YAML, hostile_spec, write_inputs

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "templates" / "runtime"


def defined_classes(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


def test_the_table_covers_every_style_sdk_yaml_accepts() -> None:
    assert set(PAGE_STYLES) == set(PAGINATION_STYLES)


@pytest.mark.parametrize("name", sorted(PAGE_STYLES))
def test_each_style_module_defines_its_classes(name: str) -> None:
    style = PAGE_STYLES[name]
    assert style.module not in CORE_MODULES
    assert set(style.classes) <= defined_classes(RUNTIME / f"{style.module}.py")
    assert set(BASE_PAGE_CLASSES) <= defined_classes(RUNTIME / f"{BASE_MODULE}.py")


def test_the_base_module_knows_no_style() -> None:
    text = (RUNTIME / f"{BASE_MODULE}.py").read_text(encoding="utf-8")
    for style in PAGE_STYLES.values():
        for cls in style.classes:
            assert f"class {cls}" not in text and f" {cls}(" not in text, cls


def test_runtime_modules_per_style() -> None:
    assert runtime_modules([]) == tuple(sorted(CORE_MODULES))
    assert set(runtime_modules(["next_link"])) - set(CORE_MODULES) == {"_page_next_link"}
    assert set(RUNTIME_MODULES) == {*CORE_MODULES, *(s.module for s in PAGE_STYLES.values())}


@pytest.mark.parametrize(
    ("dist", "package", "style"),
    [("gcore-streaming-ai", "gcore_streaming_ai", "next_link"),
     ("twelvelabs-tasks", "twelvelabs_tasks", "page_info")],
)  # fmt: skip
def test_a_committed_package_ships_only_the_style_it_uses(
    dist: str, package: str, style: str
) -> None:
    src = ROOT / "generated" / dist / "src" / package
    shipped = {p.stem for p in src.glob("_pag*.py")}
    assert shipped == {BASE_MODULE, PAGE_STYLES[style].module}
    others = [s for s in PAGE_STYLES.values() if s.name != style]
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for other in others:
            assert other.module not in text, (path, other.module)
            assert not any(f" {cls}" in text for cls in other.classes), (path, other.name)


def test_a_name_map_cannot_export_the_page_class_of_an_unused_style(tmp_path: Path) -> None:
    # SDK_YAML's only paginated method uses page_info
    sdk = SDK_YAML + "names:\n  modules:\n    pagination: {SyncPage: NextLinkPage}\n"
    spec_path, sdk_path = write_inputs(tmp_path, hostile_spec(), sdk)
    with pytest.raises(SpecpressError) as info:
        generate_package(spec_path, sdk_path, tmp_path / "out")
    assert (
        "'NextLinkPage' is neither a class of this package nor a page class" in info.value.message
    )
    assert "PageInfoPage" in info.value.message
    assert info.value.location == "/names/modules/pagination"
    assert not (tmp_path / "out").exists()


def test_a_configurable_style_binds_the_methods_names() -> None:
    from dataclasses import dataclass

    from specpress.config.model import Pagination
    from specpress.generate.pages import page_style

    @dataclass(frozen=True)
    class Detected(Pagination):  # what detection or sdk.yaml may add to Pagination
        cursor_field: str = ""
        cursor_param: str = ""

    plain = page_style(Pagination("cursor", "items"))
    assert plain.arguments == (("items", "items"),) and plain.items_field == "items"
    bound = page_style(
        Detected("cursor", "results", cursor_field="meta.next", cursor_param="after")
    )
    assert bound.arguments == (
        ("items", "results"),
        ("cursor_field", "meta.next"),
        ("cursor_param", "after"),
    )
    assert bound == plain == PAGE_STYLES["cursor"]  # one style, one set of imports
    assert len({plain, bound}) == 1
    fixed = page_style(Pagination("page_info", "data"))
    assert fixed is PAGE_STYLES["page_info"] and not fixed.arguments
