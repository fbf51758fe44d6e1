"""patch: verdicts, guard validation, and dumps that change only the patched lines."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.openapi.load import read_roundtrip
from specpress.spec.patch import (
    GroupResult,
    apply_group,
    apply_groups,
    load_patches,
    parse_patches,
    raise_if_stale,
)

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "mini"
UPSTREAM = MINI / "upstream" / "mini.yaml"
PATCHES = MINI / "patches.yaml"
DESCRIPTION = "/paths/~1tasks/get/description"
TEST_ROOT = {"op": "test", "path": "", "value": 1}


def _group(ops: list[dict[str, Any]], group_id: str = "g") -> dict[str, Any]:
    return {"id": group_id, "reason": "why", "upstream": "where", "ops": ops}


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_fixture_groups_all_apply_and_change_only_their_lines() -> None:
    document = read_roundtrip(UPSTREAM)
    results = apply_groups(document.data, load_patches(PATCHES))
    assert [r.status for r in results] == ["applied"] * 6
    changed = _changed_lines(document.source_text, document.dump())
    assert changed == [
        "-        - - tasks",
        "-          - tasks/list",
        "+        - tasks",
        "-        Returns the tasks. The task unique identifier to fiund is given in the",
        "+        Returns the tasks. The task unique identifier to find is given in the",
        "-              - ready",
        "-                    type: string",
        "+                    type:",
        "+                      - string",
        "+                      - 'null'",
        "-            - 'dut': Nynorsk",
        "+            - 'nno': Nynorsk",
        "-          example: 123",
        "+          example: 50",
    ]


def test_folded_word_edit_changes_exactly_one_line(shared_dir: Path, tmp_path: Path) -> None:
    """'immediatelly' -> 'immediately' inside a folded Gcore description: one line of the dump."""
    seed = (shared_dir / "seeds" / "000_71014b2586906ab4.txt").read_text(encoding="utf-8")
    text = seed.split("````yaml", 1)[1].split("\n", 1)[1].split("````", 1)[0]
    path = tmp_path / "gcore.yaml"
    path.write_text(text, encoding="utf-8")
    document = read_roundtrip(path)
    at = "/components/schemas/ai_contentmoderation_softnudity/properties/stop_objects/description"
    old = document.data["components"]["schemas"]["ai_contentmoderation_softnudity"]["properties"][
        "stop_objects"
    ]["description"]
    group = parse_patches(
        {
            "groups": [
                _group(
                    [
                        {"op": "test", "path": at, "value": str(old)},
                        {
                            "op": "replace",
                            "path": at,
                            "value": str(old).replace("immediatelly", "immediately"),
                        },
                    ]
                )
            ]
        },
        tmp_path / "p.yaml",
    )[0]
    assert apply_group(document.data, group).status == "applied"
    changed = _changed_lines(document.source_text, document.dump())
    assert changed == [
        "-            processing to stop immediatelly after finding.",
        "+            processing to stop immediately after finding.",
    ]


def test_second_run_reports_obsolete() -> None:
    """Upstream already holding every result = the patch should be deleted."""
    document = read_roundtrip(UPSTREAM)
    groups = load_patches(PATCHES)
    apply_groups(document.data, groups)
    again = apply_groups(document.data, groups)
    assert [r.status for r in again] == ["obsolete"] * 6
    assert "delete this patch" in again[0].describe()


def test_stale_reports_pointer_and_current_value(tmp_path: Path) -> None:
    document = read_roundtrip(UPSTREAM)
    document.data["paths"]["/tasks"]["get"]["description"] = "Vendor rewrote this."
    before = document.dump()
    group = load_patches(PATCHES)[1]  # typo-fiund
    result = apply_group(document.data, group)
    assert result == GroupResult("typo-fiund", "stale", DESCRIPTION, '"Vendor rewrote this."')
    assert document.dump() == before  # a failing group leaves the document untouched
    with pytest.raises(SpecpressError) as exc:
        raise_if_stale([result], tmp_path / "patches.yaml")
    assert exc.value.file == str(tmp_path / "patches.yaml")
    assert exc.value.location == DESCRIPTION
    assert "typo-fiund" in exc.value.message and "Vendor rewrote this." in exc.value.message


def test_stale_on_missing_path_says_missing(tmp_path: Path) -> None:
    document = read_roundtrip(UPSTREAM)
    at = "/components/schemas/gone/type"
    group = parse_patches(
        {
            "groups": [
                _group([{"op": "test", "path": at, "value": "x"}, {"op": "remove", "path": at}])
            ]
        },
        tmp_path / "p.yaml",
    )[0]
    result = apply_group(document.data, group)
    assert (result.status, result.pointer, result.current) == ("stale", at, "missing")


def test_add_over_an_existing_key_is_not_silent(tmp_path: Path) -> None:
    """Upstream added the key itself: an untested add must not overwrite it."""
    document = read_roundtrip(UPSTREAM)
    ops = [
        {"op": "test", "path": "/components/schemas/task/type", "value": "object"},
        {"op": "add", "path": "/components/schemas/task_base", "value": {"type": "string"}},
    ]
    group = parse_patches({"groups": [_group(ops)]}, tmp_path / "p.yaml")[0]
    result = apply_group(document.data, group)
    assert result.status == "stale"
    assert result.pointer == "/components/schemas/task_base"
    same = [ops[0], {**ops[1], "value": {"type": "object"}}]
    document.data["components"]["schemas"]["task_base"] = {"type": "object"}
    group = parse_patches({"groups": [_group(same)]}, tmp_path / "p.yaml")[0]
    assert apply_group(document.data, group).status == "obsolete"


def test_replace_keeps_quote_style(tmp_path: Path) -> None:
    document = read_roundtrip(UPSTREAM)
    at = "/info/version"
    ops = [
        {"op": "test", "path": at, "value": "2026-01-01"},
        {"op": "replace", "path": at, "value": "2026-02-02"},
    ]
    apply_group(document.data, parse_patches({"groups": [_group(ops)]}, tmp_path / "p")[0])
    assert "  version: '2026-02-02'\n" in document.dump()


@pytest.mark.parametrize(
    ("group", "message"),
    [
        (
            {"reason": "r", "upstream": "u", "ops": [{"op": "test", "path": "", "value": 1}]},
            "no `id`",
        ),
        (
            {"id": "g", "upstream": "u", "ops": [{"op": "test", "path": "", "value": 1}]},
            "no `reason`",
        ),
        (
            {"id": "g", "reason": "r", "ops": [{"op": "test", "path": "", "value": 1}]},
            "no `upstream`",
        ),
        (_group([]), "non-empty list"),
        (_group([{"op": "frobnicate", "path": "/a"}]), "unknown op 'frobnicate'"),
        (_group([{"op": "replace", "path": "/a", "value": 1}]), "is not preceded by a `test`"),
        (
            _group([{"op": "test", "path": "/b", "value": 1}, {"op": "remove", "path": "/a"}]),
            "is not preceded by a `test`",
        ),
        (_group([{"op": "test", "path": "/a"}]), "has no `value`"),
        (_group([{"op": "test", "path": "a", "value": 1}]), "must be a JSON Pointer"),
        (_group([{"op": "test", "path": "/a", "value": 1, "extra": 2}]), "unexpected keys"),
    ],
)
def test_patch_file_validation(tmp_path: Path, group: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecpressError) as exc:
        parse_patches({"groups": [group]}, tmp_path / "patches.yaml")
    assert message in exc.value.message
    assert exc.value.file == str(tmp_path / "patches.yaml")


def test_guard_accepts_parent_or_sibling_test_for_new_key(tmp_path: Path) -> None:
    ops = [
        {"op": "test", "path": "/components/schemas/task/type", "value": "object"},
        {"op": "add", "path": "/components/schemas/new", "value": {"type": "string"}},
    ]
    assert parse_patches({"groups": [_group(ops)]}, tmp_path / "p")[0].ops[1]["op"] == "add"


def test_duplicate_group_ids_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "patches.yaml"
    path.write_text(
        "groups:\n"
        "  - {id: a, reason: r, upstream: u, ops: [{op: test, path: /x, value: 1}]}\n"
        "  - {id: a, reason: r, upstream: u, ops: [{op: test, path: /x, value: 1}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecpressError) as exc:
        load_patches(path)
    assert "duplicate group id 'a'" in exc.value.message
    assert exc.value.location == "line 3"


def test_missing_patch_file_means_no_groups(tmp_path: Path) -> None:
    assert load_patches(tmp_path / "patches.yaml") == []
