"""Every real patch group of both APIs, in all three verdicts: `applied` on its upstream,
`obsolete` on a document that already has the fix, `stale` when the upstream value it guards
has changed (the report names the pointer and the new value)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from specpress.openapi import pointer
from specpress.openapi.load import read_roundtrip, to_plain
from specpress.spec.build import verify_lock
from specpress.spec.patch import PatchGroup, apply_group, load_patches

ROOT = Path(__file__).resolve().parents[2]
APIS = ("gcore-streaming", "twelvelabs")


def upstream(api: str) -> Any:
    return read_roundtrip(verify_lock(ROOT, api)).data


def groups(api: str) -> list[PatchGroup]:
    return load_patches(ROOT / "specs" / api / "patches.yaml")


CASES = [(api, group) for api in APIS for group in groups(api)]


def case_id(case: tuple[str, PatchGroup]) -> str:
    return f"{case[0]}:{case[1].id}"


def state_before(api: str, target: PatchGroup) -> Any:
    """The upstream document with every group before `target` applied (the order matters)."""
    document = upstream(api)
    for group in groups(api):
        if group.id == target.id:
            return document
        assert apply_group(document, group).status == "applied"
    raise AssertionError(target.id)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_group_applies_and_changes_what_it_says(case: tuple[str, PatchGroup]) -> None:
    api, group = case
    document = state_before(api, group)
    before = copy.deepcopy(to_plain(document))
    result = apply_group(document, group)
    assert result.status == "applied", result
    assert to_plain(document) != before, "an applied group must change the document"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_group_is_obsolete_once_upstream_has_the_fix(case: tuple[str, PatchGroup]) -> None:
    api, group = case
    document = state_before(api, group)
    assert apply_group(document, group).status == "applied"
    fixed = copy.deepcopy(to_plain(document))
    assert apply_group(document, group).status == "obsolete"
    assert to_plain(document) == fixed, "an obsolete group must not touch the document"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_group_is_stale_when_the_guarded_value_changes(case: tuple[str, PatchGroup]) -> None:
    api, group = case
    document = state_before(api, group)
    first_test = next(op for op in group.ops if op["op"] == "test")
    tokens = pointer.split(first_test["path"])
    parent = pointer.resolve(document, first_test["path"].rsplit("/", 1)[0])
    last: Any = int(tokens[-1]) if isinstance(parent, list) else tokens[-1]
    parent[last] = "upstream changed this"
    before = copy.deepcopy(to_plain(document))
    result = apply_group(document, group)
    assert result.status == "stale", result
    assert result.pointer == first_test["path"]
    assert result.current is not None and "upstream changed this" in result.current
    assert to_plain(document) == before, "a stale group must not half-apply"
