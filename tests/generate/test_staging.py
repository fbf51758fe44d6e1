"""Staging and failures of `specpress generate`: staging directories live in a git-ignored area,
a killed run's leftovers are removed by the next run (and a tree a killed swap had moved aside is
put back), a live run's directory is never touched; a ruff failure is a few lines naming the spec
and the element, never a staging path or ruff's whole report."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from specpress.cli import main
from specpress.fsutil import STAGING_NAME, replace_dir_atomic, staging_dir
from specpress.generate.ruffreport import RuffFailure, RuffFinding, parse_findings, spec_pointer

ROOT = Path(__file__).resolve().parents[2]


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "SPECPRESS_ROOT": str(root)}


def test_staging_lives_in_the_ignored_area_and_is_removed(tmp_path: Path) -> None:
    with staging_dir(tmp_path / "generated") as staging:
        assert staging.parent == tmp_path / "generated" / STAGING_NAME
        (staging / "pkg").mkdir()
    assert not staging.exists()


def test_leftovers_of_a_dead_run_are_removed(tmp_path: Path) -> None:
    area = tmp_path / "generated" / STAGING_NAME
    leftover = area / "run-killed"
    (leftover / "pkg" / "src").mkdir(parents=True)
    (leftover / "pkg" / "src" / "x.py").write_text("half written\n")
    with staging_dir(tmp_path / "generated") as staging:
        assert not leftover.exists()
        assert staging.is_dir()


def test_a_live_run_is_left_alone(tmp_path: Path) -> None:
    """Another process inside `staging_dir`: its directory survives our run's cleaning."""
    code = (
        "import sys; from pathlib import Path; from specpress.fsutil import staging_dir\n"
        f"with staging_dir(Path({str(tmp_path / 'generated')!r})) as p:\n"
        "    print(p, flush=True); sys.stdin.read()\n"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None
        theirs = Path(other.stdout.readline().strip())
        assert theirs.is_dir()
        with staging_dir(tmp_path / "generated") as ours:
            assert ours != theirs
            assert theirs.is_dir(), "a live run's staging directory was removed"
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)
    assert not theirs.exists()


def test_a_swap_killed_half_way_is_put_back(tmp_path: Path) -> None:
    """Killed after moving the old package aside, before moving the new one in: the next run
    restores the old package instead of deleting it with the leftovers."""
    generated = tmp_path / "generated"
    target = generated / "pkg"
    (target / "src").mkdir(parents=True)
    (target / "src" / "old.py").write_text("old\n")
    killed = generated / STAGING_NAME / "run-killed"  # what replace_dir_atomic had done:
    (killed / "pkg").mkdir(parents=True)  # the new tree staged,
    backup = killed / f".old-{target.name}"
    note = {"backup": str(backup), "target": str(target)}
    (killed / ".restore.json").write_text(json.dumps(note))  # the note written,
    os.replace(target, backup)  # the old tree moved aside, and then SIGKILL
    assert not target.exists()
    with staging_dir(generated):
        assert (target / "src" / "old.py").read_text() == "old\n"
    assert sorted(p.name for p in (generated / STAGING_NAME).iterdir()) == [".lock"]


def test_replace_dir_atomic_keeps_no_backup_or_note(tmp_path: Path) -> None:
    target = tmp_path / "generated" / "pkg"
    target.mkdir(parents=True)
    (target / "a").write_text("old")
    with staging_dir(tmp_path / "generated") as staging:
        (staging / "pkg").mkdir()
        (staging / "pkg" / "a").write_text("new")
        replace_dir_atomic(staging / "pkg", target)
        assert sorted(p.name for p in staging.iterdir()) == []
    assert (target / "a").read_text() == "new"


@pytest.fixture
def git_repo(isolated_repo: Path) -> Path:
    """The isolated copy as a git work tree with the project's .gitignore."""
    shutil.copy2(ROOT / ".gitignore", isolated_repo / ".gitignore")
    subprocess.run(["git", "init", "-q", str(isolated_repo)], check=True, timeout=30)
    return isolated_repo


@pytest.mark.slow
def test_sigkill_mid_generate_leaves_an_ignored_leftover_that_the_next_run_removes(
    git_repo: Path,
) -> None:
    area = git_repo / "generated" / STAGING_NAME
    cmd = [sys.executable, "-m", "specpress.cli", "generate", "twelvelabs", "--force"]
    run = subprocess.Popen(
        cmd, cwd=git_repo, env=_env(git_repo), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    leftover: list[Path] = []
    while time.monotonic() < deadline and run.poll() is None:
        leftover = [p for p in area.glob("run-*/twelvelabs-tasks/src") if p.is_dir()]
        if leftover:
            break
        time.sleep(0.01)
    assert leftover, "generate finished (or never staged) before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=30)
    assert run.returncode == -signal.SIGKILL
    assert leftover[0].is_dir(), "the killed run left its staging directory behind"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=git_repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert "generated/" in status or "specs/" in status  # git status does list untracked files
    assert STAGING_NAME not in status, status
    ignored = subprocess.run(["git", "check-ignore", "-q", str(leftover[0])], cwd=git_repo)
    assert ignored.returncode == 0
    assert main(["generate", "twelvelabs", "--force"]) == 0
    assert not leftover[0].parent.parent.exists(), "the next run must remove the leftover"
    assert sorted(p.name for p in area.iterdir()) == [".lock"]
    assert (git_repo / "generated" / "twelvelabs-tasks" / "pyproject.toml").is_file()


# --- ruff failures ---------------------------------------------------------------------------


def test_ruff_failure_is_a_few_lines_naming_the_spec_and_the_parameter(
    isolated_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = sorted((isolated_repo / "templates" / "runtime").glob("*.py.jinja"))[0]
    broken = "\n\n".join(f"def _broken_{i}(task_id, task_id):\n    return 1\n" for i in range(9))
    template.write_text(template.read_text(encoding="utf-8") + "\n\n" + broken, "utf-8")
    assert main(["generate", "gcore-streaming"]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert 2 <= len(lines) <= 6, err
    head = lines[0]
    assert head.startswith("specpress: error: specs/gcore-streaming/openapi.yaml:/paths/"), head
    assert "/parameters/" in head and "fails `ruff check` (9 finding(s))" in head, head
    assert "generated/gcore-streaming-ai/src/gcore_streaming_ai/_" in lines[1], lines[1]
    assert 'Duplicate parameter "task_id"' in lines[1]
    assert lines[-1].strip() == "... and 6 more"
    for forbidden in (STAGING_NAME, "run-", "/tmp", str(isolated_repo)):
        assert forbidden not in err
    assert not (isolated_repo / "generated" / "gcore-streaming-ai").exists()


def test_check_mode_failure_does_not_name_the_scratch_directory(
    isolated_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = sorted((isolated_repo / "templates" / "runtime").glob("*.py.jinja"))[0]
    template.write_text(template.read_text(encoding="utf-8") + "\n\nx = undefined_name\n", "utf-8")
    assert main(["generate", "--check", "twelvelabs"]) == 2
    err = capsys.readouterr().err
    assert "F821 Undefined name `undefined_name`" in err
    assert "specpress-check-" not in err and "/tmp" not in err


def test_parse_findings_makes_paths_package_relative(tmp_path: Path) -> None:
    package = tmp_path / STAGING_NAME / "run-x" / "pkg"
    output = (
        f"{package}/src/pkg/models.py:12:5: F811 Redefinition of unused `Any`\n"
        'src/pkg/_types.py:3:1: invalid-syntax: Duplicate parameter "timeout"\n'
        f"error: Failed to parse {package}/src/pkg/x.py:1:7: Expected a parameter\n"
        "Found 3 errors.\n"
    )
    assert parse_findings(output, package) == [
        RuffFinding("src/pkg/models.py", 12, "F811 Redefinition of unused `Any`"),
        RuffFinding("src/pkg/_types.py", 3, 'invalid-syntax: Duplicate parameter "timeout"'),
        RuffFinding("src/pkg/x.py", 1, "Expected a parameter"),
    ]


def test_spec_pointer_prefers_parameters_then_schemas_then_properties() -> None:
    doc = {
        "paths": {"/a": {"get": {"parameters": [{"name": "extra-headers", "in": "query"}]}}},
        "components": {"schemas": {"Any": {"properties": {"timeout": {}}}}},
    }
    assert spec_pointer(doc, "extra_headers") == "/paths/~1a/get/parameters/0"
    assert spec_pointer(doc, "Any") == "/components/schemas/Any"
    assert spec_pointer(doc, "timeout_") == "/components/schemas/Any/properties/timeout"
    assert spec_pointer(doc, "nothing") is None
    failure = RuffFailure("check", [RuffFinding("src/m.py", 3, "F811 redefinition of `Any`")])
    located = failure.locate("specs/x/openapi.yaml", doc, "generated/x/")
    assert located.render().startswith("specs/x/openapi.yaml:/components/schemas/Any: ")
    assert "generated/x/src/m.py:3: F811" in located.render()
