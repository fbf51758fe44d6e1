"""Normalized YAML: whatever the data, the text reads back as the same data in both read modes
(libyaml and ruamel.yaml), is deterministic, and is block style a reviewer can read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from specpress.openapi import _ruamel
from specpress.openapi.emit import dump_normalized, first_difference
from specpress.openapi.load import parse_plain, read_plain

HOSTILE_STRINGS = [
    "",
    " ",
    "plain words",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "null",
    "~",
    "true",
    "012",
    "0x1F",
    "1e3",
    "-1",
    "+1",
    ".5",
    ".inf",
    "-.inf",
    ".nan",
    "2024-01-01",
    "1:20",
    "<<",
    "=",
    " lead",
    "trail ",
    "a: b",
    "a:b",
    "ends:",
    "x #comment",
    "#x",
    "- x",
    "-",
    "? x",
    "---",
    "...",
    "[a]",
    "{a}",
    "*alias",
    "&anchor",
    "!tag",
    "%dir",
    "@at",
    "`tick",
    "'single'",
    '"double"',
    "back\\slash",
    "tab\there",
    "\t",
    "cr\rlf",
    "crlf\r\nline",
    "nel\x85x",
    "ls\u2028ps\u2029",
    "bom\ufeff",
    "nul\x00",
    "del\x7f",
    "c1\x9b",
    "lone\ud800surrogate",
    "emoji \U0001f600",
    "non-ascii \u2013 déjà vu",
    "two\nlines",
    "trailing newline\n",
    "two trailing\n\n",
    "three trailing\n\n\n",
    "\nleading newline",
    " leading space\nsecond",
    "blank\n\nline",
    "spaces only\n   \nline",
    "last line of spaces\n  ",
    "indented\n  second\n    third",
    "x" * 2000,
    "key: value\n- item\n# comment\n---\n...",
]


def _both_modes(text: str) -> list[Any]:
    """Our two read modes, and PyYAML's YAML 1.1 reader (other tools read openapi.yaml too)."""
    return [
        parse_plain(text, Path("x.yaml")),
        _ruamel.parse(text, Path("x.yaml"), roundtrip=False),
        yaml.load(text, Loader=yaml.SafeLoader),
    ]


def _assert_reads_back(data: Any) -> str:
    text = dump_normalized(data)
    for back in _both_modes(text):
        assert first_difference(data, back) is None, text
    return text


@pytest.mark.parametrize("value", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_string_reads_back_as_value_key_and_item(value: str) -> None:
    _assert_reads_back({"k": value, value: "v", "list": [value, [value, {value: value}]]})


@pytest.mark.parametrize(
    "value",
    [0, -7, 10**30, 1.0, -0.5, 1e-05, 1.5e300, float("inf"), float("-inf"), True, False, None],
)
def test_other_scalars_keep_their_json_type(value: Any) -> None:
    _assert_reads_back({"v": value, "l": [value], 200: value})


def test_nan_reads_back() -> None:
    _assert_reads_back({"v": float("nan")})


def test_empty_collections_and_nesting() -> None:
    _assert_reads_back({"a": {}, "b": [], "c": [[], {}, [[1, [2]], {"d": []}]], "e": [{"f": {}}]})


def test_top_level_values() -> None:
    for value in (["a", {"b": 1}], "...", "---", 5, None, [], {}):
        _assert_reads_back(value)


def test_deep_nesting_needs_no_recursion() -> None:
    data: Any = "leaf"
    for _ in range(3000):
        data = {"n": [data]}
    text = dump_normalized(data)
    assert text.count("\n") >= 3000


def test_block_style_for_review() -> None:
    text = dump_normalized(
        {"openapi": "3.1.0", "paths": {"/x": {"get": {"description": "one\ntwo\n", "tags": ["t"]}}}}
    )
    assert text == (
        'openapi: "3.1.0"\n'
        "paths:\n"
        "  /x:\n"
        "    get:\n"
        "      description: |\n"
        "        one\n"
        "        two\n"
        "      tags:\n"
        "        - t\n"
    )


def test_deterministic() -> None:
    data = {"b": [1, {"z": "y", "a": "x\ny"}], "a": None}
    assert dump_normalized(data) == dump_normalized(data)
    assert dump_normalized(data).index("b:") < dump_normalized(data).index("a:")  # order kept


def test_first_difference_sees_json_types() -> None:
    assert first_difference({"a": 1}, {"a": 1.0}) == "/a"
    assert first_difference({"a": 1}, {"a": True}) == "/a"
    assert first_difference({"a": [1, 2]}, {"a": [1]}) == "/a"
    assert first_difference({"a": 1, "b": 2}, {"b": 2, "a": 1}) == "/"  # key order counts
    assert first_difference({"a/b": {"c": "x"}}, {"a/b": {"c": "y"}}) == "/a~1b/c"
    assert first_difference({"a": [{"b": None}]}, {"a": [{"b": None}]}) is None


def test_reference_documents_read_back(shared_dir: Path) -> None:
    """Every full reference document (330 KB each) comes back equal from its normalized text."""
    files = sorted((shared_dir / "reference-specs").glob("*/*.yaml"))
    assert len(files) >= 10
    for path in files:
        _assert_reads_back(read_plain(path))
