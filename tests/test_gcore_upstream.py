"""The vendored Gcore document really is the vendor's: the seed excerpt is a verbatim part of it,
and every added operation matches the vendor's full document of the same upstream version."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

UPSTREAM = Path(__file__).resolve().parent.parent / "specs/gcore-streaming/upstream"
_LOCK = (UPSTREAM.parent / "upstream.lock").read_text(encoding="utf-8")
CURRENT = UPSTREAM / _LOCK.split("current: ", 1)[1].split()[0]
FIRST = UPSTREAM / "streaming_api.2026-05-14.yaml"  # the excerpt before get_ai_info was added
SEED = "seeds/000_71014b2586906ab4.txt"
REFERENCE = "reference-specs/gcore-streaming/streaming_api.2026-05-14.yaml"


def seed_excerpt(shared_dir: Path) -> str:
    text = (shared_dir / SEED).read_text(encoding="utf-8")
    fence = text.index("````yaml")
    start = text.index("\n", fence) + 1
    end = text.index("\n````", start) + 1
    return text[start:end]


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def test_excerpt_is_a_verbatim_part_in_three_contiguous_runs(shared_dir: Path) -> None:
    excerpt = seed_excerpt(shared_dir)
    vendored = CURRENT.read_text(encoding="utf-8")
    cut_a = excerpt.index("components:\n")
    cut_b = excerpt.index("  securitySchemes:\n")
    runs = [excerpt[:cut_a], excerpt[cut_a:cut_b], excerpt[cut_b:]]
    assert sum(len(r) for r in runs) == len(excerpt) > 20_000
    position = 0
    for run in runs:
        found = vendored.find(run, position)
        assert found >= 0, f"excerpt run starting {run[:40]!r} is not verbatim in {CURRENT.name}"
        position = found + len(run)


def test_excerpt_values_are_unchanged_in_the_document(shared_dir: Path) -> None:
    excerpt = load(seed_excerpt(shared_dir))
    vendored = load(CURRENT.read_text(encoding="utf-8"))

    def contained(part: Any, whole: Any, where: str) -> None:
        if isinstance(part, dict):
            assert isinstance(whole, dict), where
            for key, value in part.items():
                assert key in whole, f"{where}/{key} missing"
                contained(value, whole[key], f"{where}/{key}")
        else:
            assert part == whole, where

    contained(excerpt, vendored, "")


@pytest.mark.parametrize(
    "path",
    [
        "/streaming/ai/tasks#transcribe",
        "/streaming/ai/tasks#cm_nsfw",
        "/streaming/ai/tasks#cm_hard_nudity",
        "/streaming/ai/tasks#cm_soft_nudity",
        "/streaming/ai/tasks#cm_sport",
        "/streaming/ai/tasks/{task_id}",
        "/streaming/ai/tasks/{task_id}/cancel",
        "/streaming/ai/info",
    ],
)
def test_added_operations_match_the_vendor_document(shared_dir: Path, path: str) -> None:
    reference = load((shared_dir / REFERENCE).read_text(encoding="utf-8"))
    vendored = load(CURRENT.read_text(encoding="utf-8"))
    assert vendored["paths"][path] == reference["paths"][path]
    for name, schema in vendored["components"]["schemas"].items():
        assert schema == reference["components"]["schemas"][name], name


def test_lock_records_the_file_hash() -> None:
    lock = load((UPSTREAM.parent / "upstream.lock").read_text(encoding="utf-8"))
    for name, entry in lock["files"].items():
        digest = hashlib.sha256((UPSTREAM / name).read_bytes()).hexdigest()
        assert entry["sha256"] == digest, name
    assert lock["current"] in lock["files"]


def test_current_excerpt_only_adds_to_the_first_one() -> None:
    """The grown excerpt keeps every line of the first one, in order: only insertions."""
    import difflib

    def body(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return text[text.index("openapi: ") :].splitlines()

    assert CURRENT != FIRST
    old, new = body(FIRST), body(CURRENT)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    changed = [(tag, new[j1:j2][:1]) for tag, _, _, j1, j2 in ops if tag != "equal"]
    assert [tag for tag, _ in changed] == ["insert", "insert"], changed
    assert changed[0][1] == ["  /streaming/ai/info:"]
    assert changed[1][1] == ["    ai_response_info_language:"]
