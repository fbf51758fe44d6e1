"""The vendored TwelveLabs docs-export document contains seed 003's YAML fragment verbatim.

The fragment (between the ```yaml fences of ``seeds/003_f6669a0c3c61bdd2.txt``) was completed
into one document by inserting the other operations after the ``/embed-v2/tasks`` path item
(before ``components:``) and more schemas after the fragment's last schema. These tests prove
that the fragment's text survives as contiguous verbatim chunks in order, that every key and
value of the loaded fragment is present unchanged in the loaded file, and that the file still
matches the sha256 pinned in ``upstream.lock``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "specs" / "twelvelabs"
UPSTREAM = SPEC_DIR / "upstream" / "twelvelabs-docs-export.1.3.yaml"
SEED_NAME = "003_f6669a0c3c61bdd2.txt"

# Lines of the fragment at which text was inserted into the vendored file: the fragment is
# split just before each of them, and each piece must appear verbatim, in order.
SPLIT_BEFORE = ("components:",)


def _shared_dir() -> Path:
    return ROOT.parent / "shared"


def _fragment() -> str:
    seed = _shared_dir() / "seeds" / SEED_NAME
    if not seed.is_file():
        pytest.skip(f"seed not available: {seed}")
    text = seed.read_text(encoding="utf-8")
    start = text.index("```yaml\n") + len("```yaml\n")
    end = text.index("\n```", start)
    lines = text[start:end].split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def _chunks(fragment: str) -> list[str]:
    lines = fragment.splitlines(keepends=True)
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.rstrip("\n") in SPLIT_BEFORE and chunks[-1]:
            chunks.append([])
        chunks[-1].append(line)
    return ["".join(c) for c in chunks]


def _load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _assert_contained(part: Any, whole: Any, pointer: str = "") -> None:
    """Every key/value of ``part`` is present unchanged in ``whole`` (lists compared whole)."""
    if isinstance(part, dict):
        assert isinstance(whole, dict), f"{pointer or '/'}: expected a mapping"
        for key, value in part.items():
            assert key in whole, f"{pointer}/{key}: missing from the vendored file"
            _assert_contained(value, whole[key], f"{pointer}/{key}")
    else:
        assert part == whole, f"{pointer}: {whole!r} != fragment's {part!r}"


def test_fragment_split_points_are_real() -> None:
    chunks = _chunks(_fragment())
    assert len(chunks) == len(SPLIT_BEFORE) + 1
    assert chunks[0].startswith("openapi: 3.1.1\n")
    assert chunks[1].startswith("components:\n")


def test_fragment_chunks_appear_verbatim_in_order() -> None:
    text = UPSTREAM.read_text(encoding="utf-8")
    position = 0
    for index, chunk in enumerate(_chunks(_fragment())):
        found = text.find(chunk, position)
        assert found >= 0, (
            f"fragment chunk {index} is not verbatim in {UPSTREAM.name} after offset {position}"
        )
        # each chunk starts at the beginning of a line
        assert found == 0 or text[found - 1] == "\n"
        position = found + len(chunk)


def test_first_chunk_starts_the_document_after_the_header_comment() -> None:
    text = UPSTREAM.read_text(encoding="utf-8")
    head = text[: text.index("openapi: 3.1.1\n")]
    assert head, "the provenance header comment is missing"
    assert all(line.startswith("#") or not line.strip() for line in head.splitlines())


def test_fragment_semantics_are_unchanged() -> None:
    fragment = _load(_fragment())
    vendored = _load(UPSTREAM.read_text(encoding="utf-8"))
    _assert_contained(fragment, vendored)


def test_containment_check_can_fail() -> None:
    fragment = _load(_fragment())
    vendored = _load(UPSTREAM.read_text(encoding="utf-8"))
    vendored["paths"]["/embed-v2/tasks"]["get"]["tags"] = ["embed-v2-tasks"]
    with pytest.raises(AssertionError):
        _assert_contained(fragment, vendored)


def test_lock_pins_the_file_bytes() -> None:
    lock = _load((SPEC_DIR / "upstream.lock").read_text(encoding="utf-8"))
    assert lock["current"] == UPSTREAM.name
    entry = lock["files"][UPSTREAM.name]
    assert entry["sha256"] == hashlib.sha256(UPSTREAM.read_bytes()).hexdigest()
    assert entry["version"] == _load(_fragment())["info"]["version"]


def test_header_records_provenance() -> None:
    text = UPSTREAM.read_text(encoding="utf-8")
    head = text[: text.index("openapi: 3.1.1\n")]
    for needle in (
        SEED_NAME,
        "004_a3b492d70d710031.txt",
        "openapi-1.3.2026-02-17.yaml",
        "2026-11-22",
        "NEVER EDIT",
        "patches.yaml",
    ):
        assert needle in head, needle


def test_every_operation_is_in_the_export_form() -> None:
    doc = _load(UPSTREAM.read_text(encoding="utf-8"))
    assert "servers" not in doc and "security" not in doc
    operations = {
        (path, method): op for path, item in doc["paths"].items() for method, op in item.items()
    }
    assert set(operations) == {
        ("/embed-v2/tasks", "get"),
        ("/embed-v2/tasks", "post"),
        ("/embed-v2/tasks/{task_id}", "get"),
        ("/tasks", "get"),
        ("/tasks/{task_id}", "get"),
        ("/tasks/{task_id}", "delete"),
    }
    for key, op in operations.items():
        assert isinstance(op["tags"][0], list), key
        names = [(p["name"], p["in"]) for p in op["parameters"]]
        assert ("x-api-key", "header") in names, key
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")):
                assert response["content"] == {}, (key, code)
