"""The diff on real consecutive vendor versions, read from ../shared/reference-specs."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from pathlib import Path
from typing import Any

import pytest

from specpress.diff import Change, DiffOptions, diff_documents, load_document

GCORE = "reference-specs/gcore-streaming"
TWELVELABS = "reference-specs/twelvelabs"
OPTIONS = DiffOptions(today=dt.date(2026, 6, 1))


@functools.cache
def _load(path: str) -> dict[str, Any]:
    return load_document(path)


def diff(shared: Path, folder: str, old: str, new: str) -> list[Change]:
    base = shared / folder
    return diff_documents(_load(str(base / old)), _load(str(base / new)), OPTIONS).changes


def found(changes: list[Change], rule_id: str, operation: str) -> list[Change]:
    return [c for c in changes if c.id == rule_id and c.operation == operation]


def test_gcore_2025_08_25_to_08_28_removes_two_ai_paths(shared_dir: Path) -> None:
    changes = diff(
        shared_dir, GCORE, "streaming_api.2025-08-25.yaml", "streaming_api.2025-08-28.yaml"
    )
    removed = {c.operation: c for c in changes if c.id == "api-path-removed-without-deprecation"}
    ai_removed = sorted(op for op in removed if "/ai/" in op)
    assert ai_removed == ["POST /streaming/ai/tasks#cm_casm", "POST /streaming/ai/tasks#cm_weapon"]
    casm = removed["POST /streaming/ai/tasks#cm_casm"]
    assert casm.level == "ERR"
    assert casm.location == "/paths/~1streaming~1ai~1tasks#cm_casm/post"
    # the shared create schema lost the matching categories: a request-side enum narrowing
    enum_removed = found(changes, "request-property-enum-value-removed", "POST /streaming/ai/tasks")
    assert sorted(c.message.split('"')[1] for c in enum_removed) == ["child_pornography", "weapon"]
    assert all(c.level == "ERR" for c in enum_removed)
    assert len(found(changes, "request-property-enum-value-removed", "components")) == 2
    # responses lost the two result variants: narrowing a response is INFO
    variants = found(
        changes, "response-property-any-of-removed", "GET /streaming/ai/tasks/{task_id}"
    )
    # one change per schema position lists every removed member (oasdiff's grouping)
    names = {name for c in variants for name in c.message.split("`")[3::2]}
    assert names >= {"ai_results_contentmoderation_casm", "ai_results_contentmoderation_weapon"}
    assert all(c.level == "INFO" for c in variants)
    # and each shared-schema change shows up once more under components, listing its operations
    shared = [c for c in changes if c.operation == "components" and c.id.endswith("any-of-removed")]
    assert any(
        "GET /streaming/ai/tasks, GET /streaming/ai/tasks/{task_id}" in c.message for c in shared
    )
    assert {c.id for c in changes if c.operation == "components" and c.id == "api-schema-removed"}


def test_gcore_2025_06_11_to_08_25_authentication_became_mandatory(shared_dir: Path) -> None:
    changes = diff(
        shared_dir, GCORE, "streaming_api.2025-06-11.yaml", "streaming_api.2025-08-25.yaml"
    )
    # oasdiff sees a top-level requirement added (INFO); we also see every operation lose
    # anonymous access (ERR, a rule of ours: oasdiff_id is null)
    (added,) = [c for c in changes if c.id == "api-global-security-added"]
    assert (added.level, added.operation, added.oasdiff_id) == ("INFO", "api", added.id)
    auth = found(changes, "api-anonymous-access-removed", "GET /streaming/ai/tasks")
    assert [(c.level, c.message, c.oasdiff_id) for c in auth] == [
        ("ERR", "`GET /streaming/ai/tasks` no longer accepts unauthenticated calls", None)
    ]


def test_gcore_2025_08_28_to_11_17_drops_an_optional_stream_field(shared_dir: Path) -> None:
    changes = diff(
        shared_dir, GCORE, "streaming_api.2025-08-28.yaml", "streaming_api.2025-11-17.yaml"
    )
    ids = {(c.id, c.operation) for c in changes}
    assert ("request-property-removed", "POST /streaming/streams") in ids
    assert ("response-optional-property-removed", "GET /streaming/streams/{stream_id}") in ids
    assert {c.level for c in changes} == {"WARN"}


def test_twelvelabs_2025_02_25_to_08_28(shared_dir: Path) -> None:
    changes = diff(
        shared_dir, TWELVELABS, "openapi-1.3.2025-02-25.yaml", "openapi-1.3.2025-08-28.yaml"
    )
    removed = {c.message for c in found(changes, "request-property-removed", "POST /tasks")}
    assert {"request property `provide_transcription` removed",
            "request property `transcription_url` removed"} <= removed  # fmt: skip
    (scope,) = found(changes, "request-property-type-changed", "POST /embed/tasks")
    assert "`video_embedding_scope`" in scope.message and "`string` to `array`" in scope.message
    assert found(changes, "response-property-became-enum", "GET /tasks/{task_id}")


def test_twelvelabs_2025_08_28_to_2026_02_17(shared_dir: Path) -> None:
    changes = diff(
        shared_dir, TWELVELABS, "openapi-1.3.2025-08-28.yaml", "openapi-1.3.2026-02-17.yaml"
    )
    added = {c.operation for c in changes if c.id == "endpoint-added"}
    assert {"GET /embed-v2/tasks", "POST /embed-v2/tasks", "GET /embed-v2/tasks/{task_id}"} <= added
    gone = {c.operation for c in changes if c.id == "api-path-removed-without-deprecation"}
    assert "POST /tasks/transfers/import/{integration-id}" in gone
    # the `x-api-key` header parameter became a security scheme
    assert found(changes, "request-parameter-removed", "GET /tasks/{task_id}")
    assert found(changes, "api-anonymous-access-removed", "GET /tasks/{task_id}")
    assert [c.id for c in changes if c.operation == "components" and "security" in c.id] == [
        "api-security-component-added"
    ]


GCORE_VERSIONS = ["2025-06-11", "2025-08-25", "2025-08-28", "2025-11-17", "2026-02-06",
                  "2026-04-01", "2026-05-14"]  # fmt: skip
PAIRS = [(GCORE, a, b) for a, b in itertools.pairwise(GCORE_VERSIONS)]
PAIRS += [
    (TWELVELABS, a, b) for a, b in (("2025-02-25", "2025-08-28"), ("2025-08-28", "2026-02-17"))
]


def _name(folder: str, version: str) -> str:
    return f"streaming_api.{version}.yaml" if folder == GCORE else f"openapi-1.3.{version}.yaml"


@pytest.mark.parametrize(("folder", "old", "new"), PAIRS, ids=[f"{p[1]}..{p[2]}" for p in PAIRS])
def test_every_consecutive_pair_diffs_both_ways(
    shared_dir: Path, folder: str, old: str, new: str
) -> None:
    forward = diff(shared_dir, folder, _name(folder, old), _name(folder, new))
    backward = diff(shared_dir, folder, _name(folder, new), _name(folder, old))
    assert diff(shared_dir, folder, _name(folder, new), _name(folder, new)) == []
    # an addition one way is a removal the other way: the counts of added/removed operations agree
    added = sum(c.id == "endpoint-added" for c in forward)
    removed = sum(c.id.startswith(("api-path-removed", "api-removed")) for c in backward)
    assert added == removed
    for change in forward + backward:
        assert change.location.startswith("/")
