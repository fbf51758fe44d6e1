"""The upstream-update flow: a clean new version lands with its lock entry and rebuilt spec; a
stale patch or rejected traffic stops it with nothing in specs/ changed."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from specpress.cli import main

ROOT = Path(__file__).resolve().parents[2]
_LOCK = (ROOT / "specs/gcore-streaming/upstream.lock").read_text(encoding="utf-8")
UPSTREAM = ROOT / "specs/gcore-streaming/upstream" / _LOCK.split("current: ", 1)[1].split()[0]
OLD_VERSION = "'2026-05-14T07:00:22.640261+00:00'"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def repo(isolated_repo: Path) -> Path:
    shutil.copytree(ROOT / "tests/recordings", isolated_repo / "tests/recordings")
    sdk = isolated_repo / "specs/gcore-streaming/sdk.yaml"
    text = sdk.read_text()
    # Generation is exercised elsewhere; here the flow runs on the spec layer only.
    sdk.write_text(text.replace("\n  dist: ", "\n  dist_not_generated_in_this_test: ", 1))
    return isolated_repo


def new_upstream(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = UPSTREAM.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_new_version_lands(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = new_upstream(
        tmp_path, "streaming_api.2026-06-01.yaml", (OLD_VERSION, "'2026-06-01T00:00:00+00:00'")
    )
    assert main(["vendor", "gcore-streaming", str(new)]) == 0
    out = capsys.readouterr().out
    assert "task-status-received applied" in out
    assert "proposed bump: none" in out
    folder = repo / "specs/gcore-streaming"
    stored = (folder / "upstream/streaming_api.2026-06-01.yaml").read_bytes()
    # verbatim after a provenance header naming the file as given and its sha256
    header, _, rest = stored.partition(b"\n# NEVER EDIT THIS FILE")
    assert rest.split(b"\n", 1)[1] == new.read_bytes()
    assert hashlib.sha256(new.read_bytes()).hexdigest().encode() in header
    assert b"from streaming_api.2026-06-01.yaml" in header
    lock = (folder / "upstream.lock").read_text()
    assert "current: streaming_api.2026-06-01.yaml" in lock
    assert hashlib.sha256(stored).hexdigest() in lock
    assert "mode: roundtrip" in lock
    assert "upstream/streaming_api.2026-06-01.yaml" in (folder / "openapi.yaml").read_text()


def test_breaking_change_is_reported_with_its_bump(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = new_upstream(
        tmp_path,
        "streaming_api.2026-07-01.yaml",
        ("      operationId: get_ai_tasks_list", "      operationId: list_ai_tasks"),
    )
    assert main(["vendor", "gcore-streaming", str(new)]) == 0
    out = capsys.readouterr().out
    assert "api-operation-id-changed" in out and "get_ai_tasks_list" in out


def test_stale_patch_changes_nothing(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(repo / "specs")
    new = new_upstream(
        tmp_path,
        "streaming_api.2026-08-01.yaml",
        ("The task unique identifier to fiund", "The unique task identifier to look up"),
    )
    assert main(["vendor", "gcore-streaming", str(new)]) == 2
    err = capsys.readouterr().err
    assert "stale" in err and "description-typos" in err
    assert tree_digest(repo / "specs") == before


def test_rejected_recordings_stop_the_update(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(repo / "specs")
    # Upstream starts declaring `speech_detected` as a string (no example uses it, so lint stays
    # quiet): the recorded transcription result is now rejected.
    new = new_upstream(
        tmp_path,
        "streaming_api.2026-09-01.yaml",
        (
            "        speech_detected:\n          type: boolean",
            "        speech_detected:\n          type: string",
        ),
    )
    assert main(["vendor", "gcore-streaming", str(new)]) == 2
    captured = capsys.readouterr()
    assert "recording rejected by the new spec: get_ai_task/transcription_success" in captured.out
    assert "--accept-rejections" in captured.err
    assert tree_digest(repo / "specs") == before


def test_not_an_openapi_document(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.yaml"
    bogus.write_text("hello: world\n")
    assert main(["vendor", "gcore-streaming", str(bogus)]) == 2
    assert "not an OpenAPI 3 document" in capsys.readouterr().err
