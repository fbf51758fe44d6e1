"""The vendored documents really are the vendors': each seed's YAML is a verbatim part of its
API's upstream file (in contiguous runs, split only where text was inserted), its values are in
the loaded file unchanged, the lock pins every file's bytes, and what was added beside the seed
matches the vendor's full document of the same upstream version.

One suite over every API in `VENDORED`; the few facts only one API has follow at the end.
(The upstream files' headers still name the per-API test files this suite replaced: upstream
files are never edited.)
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from specpress.openapi.load import parse_plain, read_plain

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Vendored:
    api: str
    seed: str  # file under shared/seeds/ whose fenced YAML the upstream file contains
    fence: str  # the fence around that YAML
    cuts: tuple[str, ...]  # lines before which text was inserted into the seed's YAML
    reference: str | None = None  # shared/reference-specs/ document of the same version
    added_paths: tuple[str, ...] = ()  # path items taken from `reference`

    @property
    def folder(self) -> Path:
        return ROOT / "specs" / self.api

    @property
    def current(self) -> Path:
        return self.folder / "upstream" / read_plain(self.folder / "upstream.lock")["current"]


GCORE = Vendored(
    "gcore-streaming",
    "000_71014b2586906ab4.txt",
    "````",
    ("components:", "  securitySchemes:"),
    "gcore-streaming/streaming_api.2026-05-14.yaml",
    (
        "/streaming/ai/tasks#transcribe",
        "/streaming/ai/tasks#cm_nsfw",
        "/streaming/ai/tasks#cm_hard_nudity",
        "/streaming/ai/tasks#cm_soft_nudity",
        "/streaming/ai/tasks#cm_sport",
        "/streaming/ai/tasks/{task_id}",
        "/streaming/ai/tasks/{task_id}/cancel",
        "/streaming/ai/info",
    ),
)
TWELVELABS = Vendored("twelvelabs", "003_f6669a0c3c61bdd2.txt", "```", ("components:",))
VENDORED = [GCORE, TWELVELABS]
by_api = pytest.mark.parametrize("vendored", VENDORED, ids=lambda v: v.api)


def test_every_vendored_api_is_in_the_suite() -> None:
    assert {v.api for v in VENDORED} == {p.parent.name for p in ROOT.glob("specs/*/upstream.lock")}


def seed_yaml(shared_dir: Path, vendored: Vendored) -> str:
    text = (shared_dir / "seeds" / vendored.seed).read_text(encoding="utf-8")
    start = text.index("\n", text.index(f"{vendored.fence}yaml")) + 1
    lines = text[start : text.index(f"\n{vendored.fence}", start)].split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def runs(excerpt: str, cuts: tuple[str, ...]) -> list[str]:
    """The excerpt split just before each cut line."""
    pieces: list[list[str]] = [[]]
    for line in excerpt.splitlines(keepends=True):
        if line.rstrip("\n") in cuts and pieces[-1]:
            pieces.append([])
        pieces[-1].append(line)
    return ["".join(p) for p in pieces]


def header(text: str) -> str:
    """The comment lines before the document's first line (`openapi: ...` at column 0)."""
    match = re.search(r"^openapi: ", text, re.M)
    assert match is not None
    return text[: match.start()]


def load(text: str) -> Any:
    return parse_plain(text, Path("text.yaml"))


def contained(part: Any, whole: Any, where: str = "") -> None:
    """Every key and value of `part` is in `whole` unchanged (lists compared whole)."""
    if isinstance(part, dict):
        assert isinstance(whole, dict), f"{where or '/'}: expected a mapping"
        for key, value in part.items():
            assert key in whole, f"{where}/{key}: missing from the vendored file"
            contained(value, whole[key], f"{where}/{key}")
    else:
        assert part == whole, f"{where}: {whole!r} != the seed's {part!r}"


@by_api
def test_seed_yaml_is_verbatim_in_contiguous_runs(shared_dir: Path, vendored: Vendored) -> None:
    excerpt = seed_yaml(shared_dir, vendored)
    pieces = runs(excerpt, vendored.cuts)
    assert len(pieces) == len(vendored.cuts) + 1, "every cut line is in the seed"
    assert "".join(pieces) == excerpt and pieces[0].startswith("openapi: ")
    text = vendored.current.read_text(encoding="utf-8")
    position = 0
    for index, piece in enumerate(pieces):
        found = text.find(piece, position)
        assert found >= 0, f"run {index} ({piece[:40]!r}) is not verbatim after offset {position}"
        assert found == 0 or text[found - 1] == "\n", "a run starts at the beginning of a line"
        position = found + len(piece)


@by_api
def test_seed_values_are_unchanged_in_the_document(shared_dir: Path, vendored: Vendored) -> None:
    contained(load(seed_yaml(shared_dir, vendored)), read_plain(vendored.current))


@by_api
def test_the_containment_check_can_fail(shared_dir: Path, vendored: Vendored) -> None:
    seed = load(seed_yaml(shared_dir, vendored))
    document = read_plain(vendored.current)
    document["info"]["title"] = "not the vendor's title"
    with pytest.raises(AssertionError):
        contained(seed, document)


@by_api
def test_the_lock_pins_every_file(vendored: Vendored) -> None:
    lock = read_plain(vendored.folder / "upstream.lock")
    assert lock["current"] in lock["files"]
    for name, entry in lock["files"].items():
        path = vendored.folder / "upstream" / name
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), name
        assert entry["version"] == str(read_plain(path)["info"]["version"]), name


@by_api
def test_the_file_starts_with_its_provenance(vendored: Vendored) -> None:
    head = header(vendored.current.read_text(encoding="utf-8"))
    assert all(line.startswith("#") for line in head.splitlines() if line.strip())
    for needle in (vendored.seed, "NEVER EDIT", "patches.yaml"):
        assert needle in head, needle


@pytest.mark.parametrize("path", GCORE.added_paths)
def test_added_operations_match_the_vendor_document(shared_dir: Path, path: str) -> None:
    assert GCORE.reference is not None
    reference = read_plain(shared_dir / "reference-specs" / GCORE.reference)
    vendored = read_plain(GCORE.current)
    assert vendored["paths"][path] == reference["paths"][path]
    for name, schema in vendored["components"]["schemas"].items():
        assert schema == reference["components"]["schemas"][name], name


# --- facts of one API ---------------------------------------------------------------------------


def test_gcore_current_excerpt_only_adds_to_the_first_one() -> None:
    """The grown excerpt keeps every line of the first one, in order: only insertions."""

    def body(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return text[len(header(text)) :].splitlines()

    first = GCORE.folder / "upstream" / "streaming_api.2026-05-14.yaml"
    assert GCORE.current != first
    old, new = body(first), body(GCORE.current)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    changed = [(tag, new[j1:j2][:1]) for tag, _, _, j1, j2 in ops if tag != "equal"]
    assert [tag for tag, _ in changed] == ["insert", "insert"], changed
    assert changed[0][1] == ["  /streaming/ai/info:"]
    assert changed[1][1] == ["    ai_response_info_language:"]


def test_twelvelabs_header_names_every_source() -> None:
    head = header(TWELVELABS.current.read_text(encoding="utf-8"))
    for needle in ("004_a3b492d70d710031.txt", "openapi-1.3.2026-02-17.yaml", "2026-11-22"):
        assert needle in head, needle


def test_twelvelabs_operations_are_in_the_docs_export_form() -> None:
    doc = read_plain(TWELVELABS.current)
    assert "servers" not in doc and "security" not in doc
    operations = {
        (path, method): op for path, item in doc["paths"].items() for method, op in item.items()
    }
    assert set(operations) == {
        ("/embed-v2/tasks", "get"),
        ("/embed-v2/tasks", "post"),
        ("/embed-v2/tasks/{task_id}", "get"),
        ("/tasks", "get"),
        ("/tasks", "post"),
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


def test_twelvelabs_current_only_adds_post_tasks_to_the_first_file() -> None:
    """The grown docs export keeps every line of the first one, in order: only insertions (the
    `POST /tasks` operation and its response component)."""

    def body(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return text[len(header(text)) :].splitlines()

    first = TWELVELABS.folder / "upstream" / "twelvelabs-docs-export.1.3.yaml"
    assert TWELVELABS.current != first
    old, new = body(first), body(TWELVELABS.current)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    changed = [(tag, new[j1:j2][:1]) for tag, _, _, j1, j2 in ops if tag != "equal"]
    assert [tag for tag, _ in changed] == ["insert", "insert"], changed
    assert changed[0][1] == ["    post:"]
    assert changed[1][1] == ["    tasks_create_Response_200:"]


def test_twelvelabs_post_tasks_matches_the_official_document(shared_dir: Path) -> None:
    """Summary, description and the multipart schema are the official document's, value for
    value; the response component has the official response's fields and types."""
    reference = read_plain(shared_dir / "reference-specs/twelvelabs/openapi-1.3.2026-02-17.yaml")
    official = reference["paths"]["/tasks"]["post"]
    assert official["operationId"] == "create-video-indexing-task"
    doc = read_plain(TWELVELABS.current)
    post = doc["paths"]["/tasks"]["post"]
    assert (post["summary"], post["description"]) == (official["summary"], official["description"])
    body = reference["components"]["requestBodies"]["createVideoIndexingTask"]
    assert post["requestBody"] == {
        "content": {
            "multipart/form-data": {"schema": body["content"]["multipart/form-data"]["schema"]}
        },
        "required": body["required"],
    }
    response = reference["components"]["responses"]["createVideoIndexingTaskResponse"]
    properties = response["content"]["application/json"]["schema"]["properties"]
    component = doc["components"]["schemas"]["tasks_create_Response_200"]
    assert component["properties"] == {k: {"type": v["type"]} for k, v in properties.items()}
    assert post["responses"]["200"]["description"] == response["description"]
