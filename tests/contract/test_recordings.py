"""Malformed recordings: each one is a single `specpress: error: FILE:...` line and exit 2 from
`specpress contract` (nothing validated, no traceback), and the test suite fails to collect on
it, naming the file, instead of silently running fewer tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specpress.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests/recordings/twelvelabs/list-video-indexing-tasks/seed_004_first_page.json"
OPERATION = "twelvelabs/list-video-indexing-tasks"


def _good() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


def _edit(path: str, value: Any = None, *, delete: bool = False) -> bytes:
    """The sample recording with the value at a slash path replaced (or deleted)."""
    data = _good()
    *parents, last = path.split("/")
    target: Any = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if delete:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return json.dumps(data).encode()


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


CASES: dict[str, tuple[bytes, str]] = {
    "not-utf8": (b'{"note": "caf\xe9"}', "not UTF-8"),
    "not-json": (b'{"note": "a", ', "invalid JSON"),
    "empty-file": (b"", "invalid JSON"),
    "top-level-list": (b"[]", "expected an object, found list"),
    "duplicate-key": (b'{"note": "a", "note": "b"}', "duplicate key 'note'"),
    "null-response": (_edit("response", None), ":/response: expected an object, found null"),
    "null-request": (_edit("request", None), ":/request: expected an object, found null"),
    "null-call": (_edit("call", None), ":/call: expected an object, found null"),
    "null-headers": (_edit("response/headers", None), "/response/headers: expected an object"),
    "deep-nesting-huge": (
        b'{"note": ' + _nested(100_000).encode() + b"}",
        "JSON nesting too deep",
    ),
    "deep-nesting": (_edit("request/json", json.loads(_nested(200))), "nested deeper than 64"),
    "deep-body": (_edit("response/body", _nested(100_000)), "/response/body: the body's JSON"),
    "status-as-string": (_edit("response/status", "200"), "/response/status: expected an HTTP"),
    "status-bool": (_edit("response/status", True), "/response/status: expected an HTTP"),
    "status-out-of-range": (_edit("response/status", 999), "found 999"),
    "body-not-string": (_edit("response/body", {"a": 1}), "/response/body: expected the body"),
    "header-not-string": (_edit("request/headers/accept", 1), "/request/headers/accept"),
    "query-not-list": (_edit("request/query", "status=ready"), "/request/query: expected a list"),
    "query-not-pairs": (_edit("request/query", [["status"]]), "/request/query/0: expected a"),
    "query-value-int": (_edit("request/query", [["page", 1]]), "/request/query/0: expected a"),
    "query-flat-strings": (_edit("request/query", ["page=1"]), "/request/query/0: expected a"),
    "method-not-http": (_edit("request/method", "FETCH"), "/request/method: expected an HTTP"),
    "path-not-absolute": (_edit("request/path", "v1.3/tasks"), "/request/path: the path must"),
    "missing-response": (_edit("response", delete=True), "missing key(s) ['response']"),
    "missing-query": (_edit("request/query", delete=True), "/request: missing key(s) ['query']"),
    "missing-call-method": (_edit("call/method", delete=True), "/call: missing key(s)"),
    "call-method-not-dotted": (_edit("call/method", "tasks list()"), "/call/method"),
    "kwargs-not-object": (_edit("call/kwargs", [1]), "/call/kwargs: expected an object"),
    "unknown-top-key": (_edit("extra", 1), "unknown key(s) ['extra']"),
    "unknown-request-key": (_edit("request/cookies", {}), "/request: unknown key(s) ['cookies']"),
    "note-not-string": (_edit("note", 5), "/note: expected a string"),
}


@pytest.fixture
def recordings(isolated_repo: Path) -> Path:
    target = isolated_repo / "tests" / "recordings"
    shutil.copytree(ROOT / "tests" / "recordings", target)
    return target


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_recording_is_one_error_line(
    case: str, recordings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, needle = CASES[case]
    bad = recordings / OPERATION / "bad.json"
    bad.write_bytes(content)
    assert main(["contract", "--api", "twelvelabs"]) == 2
    out, err = capsys.readouterr()
    assert out == "", "nothing is validated before every file has been read"
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    shown = bad.relative_to(recordings.parent.parent).as_posix()  # named as in the repository
    assert lines[0].startswith(f"specpress: error: {shown}:"), lines[0]
    assert needle in lines[0], lines[0]


def test_a_recording_in_the_wrong_place(
    recordings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = recordings / "twelvelabs" / "stray.json"
    stray.write_bytes(SAMPLE.read_bytes())
    assert main(["contract", "--api", "twelvelabs"]) == 2
    err = capsys.readouterr().err
    shown = stray.relative_to(recordings.parent.parent).as_posix()
    assert err.startswith(f"specpress: error: {shown}: recordings live at <api>/<operationId>/")


def test_the_sample_itself_is_accepted(
    recordings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Control: the edits above, not the sample, are what `contract` refuses."""
    (recordings / OPERATION / "bad.json").write_bytes(json.dumps(_good()).encode())
    assert main(["contract", "--api", "twelvelabs"]) == 0
    assert " 0 rejected" in capsys.readouterr().out


def test_contract_refuses_a_recording_holding_a_key(
    recordings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leaked = recordings / OPERATION / "leaked.json"
    leaked.write_bytes(_edit("response/headers/x-echo", "tlk_2QX8ZK4M9PLW7RT3NV6B"))
    assert main(["contract", "--api", "twelvelabs"]) == 2
    err = capsys.readouterr().err
    shown = leaked.relative_to(recordings.parent.parent).as_posix()
    assert err.startswith(f"specpress: error: {shown}:/response/headers/x-echo: refusing")
    assert "a TwelveLabs API key" in err and "tlk_2QX8" not in err


# --- the test suite ----------------------------------------------------------------------------

TESTS = ROOT / "tests"
# The modules that load every recording at import time (the spec check and the client replay,
# wherever the client suite lives), relative to tests/.
MODULES = tuple(
    p.relative_to(ROOT).as_posix()
    for p in [
        TESTS / "contract" / "test_validate.py",
        *sorted(TESTS.rglob("test_contract_clients.py")),
    ]
)
# What they import: the root conftest and the shared helpers (a module or a package).
HELPERS = [TESTS / "conftest.py", TESTS / "support"]


def _suite_copy(tmp_path: Path) -> Path:
    """The contract test modules and what they read (specs, recordings), in a scratch repo."""
    for source in (*HELPERS, *(ROOT / m for m in MODULES)):
        target = tmp_path / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    shutil.copytree(TESTS / "recordings", tmp_path / "tests" / "recordings")
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _pytest(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_both_contract_modules_are_found() -> None:
    """Without the client suite the tests below would check only half of what they claim."""
    assert len(MODULES) == 2, MODULES


@pytest.mark.slow
def test_suite_copy_collects_cleanly(tmp_path: Path) -> None:
    """Control for the next test: the unmodified copy collects every contract test."""
    done = _pytest(_suite_copy(tmp_path), "--collect-only", *MODULES)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "during collection" not in done.stdout
    collected = re.search(r"(\d+) tests? collected", done.stdout)
    assert collected and int(collected.group(1)) > 200, done.stdout[-500:]


@pytest.mark.slow
@pytest.mark.parametrize("case", ["query-value-int", "status-as-string", "not-utf8"])
def test_suite_fails_loudly_on_a_malformed_recording(tmp_path: Path, case: str) -> None:
    repo = _suite_copy(tmp_path)
    bad = repo / "tests" / "recordings" / OPERATION / "bad.json"
    bad.write_bytes(CASES[case][0])
    done = _pytest(repo, *MODULES)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "during collection" in output, output
    assert "bad.json" in output, output
    for module in MODULES:
        assert f"ERROR {module}" in output, output
