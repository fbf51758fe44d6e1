"""Loading documents for the diff: YAML 1.2 semantics, JSON, clear one-line errors, alias bombs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specpress.diff import diff_documents, load_document
from specpress.errors import SpecpressError

from .documents import doc, op, with_response


def test_yaml_uses_1_2_booleans_and_keeps_dates_as_strings(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
                    "x-flags: [yes, no, on, off, true]\nx-sunset: 2025-01-01\n")  # fmt: skip
    loaded = load_document(path)
    assert loaded["x-flags"] == ["yes", "no", "on", "off", True]
    assert loaded["x-sunset"] == "2025-01-01"


def test_json_documents_load(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc({"/t": {"get": op()}})))
    assert "/t" in load_document(path)["paths"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.yaml", "openapi: 3.1.0\npaths: {a: [}\n", "invalid YAML"),
        ("bad.json", '{"openapi": ', "invalid JSON"),
        ("list.yaml", "- a\n- b\n", "top level is not a mapping"),
        ("swagger.yaml", "swagger: '2.0'\n", "Swagger 2.0 is not supported"),
        ("noversion.yaml", "info: {title: t}\n", "not an OpenAPI 3.x document"),
        ("paths.yaml", "openapi: 3.0.3\npaths: [a]\n", "`paths` must be a mapping"),
    ],
)
def test_bad_documents_raise_clear_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(SpecpressError, match=message) as info:
        load_document(path)
    assert info.value.file == str(path)


def test_missing_file_and_alias_bomb(tmp_path: Path) -> None:
    with pytest.raises(SpecpressError, match="no such file"):
        load_document(tmp_path / "nope.yaml")
    lines = ["openapi: 3.1.0", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(SpecpressError, match="alias bomb"):
        load_document(bomb)


def test_recursive_alias_and_deep_nesting(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.write_text("openapi: 3.1.0\npaths: {}\nx-loop: &l [1, *l]\n")
    with pytest.raises(SpecpressError, match="refers to itself"):
        load_document(loop)
    deep = tmp_path / "deep.json"
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(600):
        schema = {"type": "array", "items": schema}
    deep.write_text(json.dumps(doc({"/t": {"get": with_response(schema)}})))
    try:
        loaded = load_document(deep)
    except SpecpressError:
        return  # refusing is fine; crashing is not
    other = json.loads(deep.read_text().replace('"string"', '"integer"'))
    with pytest.raises(SpecpressError, match="nest too deeply"):
        diff_documents(loaded, other)
