"""build: every problem reported with the next step, `--keep-going` writes the patched document
for inspection, and the fingerprint skips exactly the APIs whose inputs did not change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from specpress.cli import main
from specpress.spec import stamp
from specpress.spec.build import INSPECT_NAME
from support.specs import copy_mini


@pytest.fixture
def mini(isolated_repo: Path) -> Path:
    """The fixture API copied into a throw-away repository; returns its specs/mini folder."""
    return copy_mini(isolated_repo)


BAD_REFS = """\
  - id: bad-refs
    reason: test
    upstream: test
    ops:
      - op: test
        path: /components/schemas/task/properties/id
        value: {type: string}
      - op: replace
        path: /components/schemas/task/properties/id
        value: {$ref: '#/components/schemas/nowhere'}
      - op: add
        path: /components/schemas/task/properties/other
        value: {$ref: '#/components/schemas/elsewhere'}
"""
POINTERS = (
    "openapi.yaml:/components/schemas/task/properties/id/$ref: [unresolved-ref]",
    "openapi.yaml:/components/schemas/task/properties/other/$ref: [unresolved-ref]",
)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "specs").rglob("*"))
        if p.is_file()
    }


def _add_bad_refs(mini: Path) -> str:
    patches = mini / "patches.yaml"
    original = patches.read_text(encoding="utf-8")
    patches.write_text(original + BAD_REFS, encoding="utf-8")
    return original


def test_every_error_finding_is_reported_with_the_next_step(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_bad_refs(mini)
    root = mini.parent.parent
    before = _files(root)
    assert main(["build", "mini"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert all(line.startswith("specpress: error: specs/mini/") for line in lines)
    for pointer in POINTERS:
        assert sum(pointer in line for line in lines) == 1, pointer
    assert "the patched document has 2 error finding(s)" in lines[-1]
    assert "`specpress build --keep-going mini` writes it to openapi.inspect.yaml" in lines[-1]
    assert _files(root) == before  # nothing written, not even for inspection


def test_keep_going_writes_the_patched_document_for_inspection(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = _add_bad_refs(mini)
    assert main(["build", "--keep-going", "mini"]) == 2
    captured = capsys.readouterr()
    assert "mini: wrote specs/mini/openapi.inspect.yaml (for inspection only)" in captured.out
    assert "see the patched document in openapi.inspect.yaml" in captured.err
    inspect = (mini / INSPECT_NAME).read_text(encoding="utf-8")
    assert inspect.startswith("# NOT a build output: `specpress build --keep-going`")
    assert "$ref: '#/components/schemas/nowhere'" in inspect  # the patches are in it
    assert not (mini / "openapi.yaml").exists()  # never the real output
    assert not (mini / stamp.FINGERPRINT_NAME).exists()
    (mini / "patches.yaml").write_text(original, encoding="utf-8")
    assert main(["build", "mini"]) == 0
    assert not (mini / INSPECT_NAME).exists()  # a successful build removes it
    assert (mini / "openapi.yaml").is_file()


def test_keep_going_reports_every_stage(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without it the build stops at the first failing stage; with it, every stage reports."""
    _add_bad_refs(mini)
    patches = mini / "patches.yaml"
    text = patches.read_text(encoding="utf-8")
    stale = text.replace("value: [[tasks, tasks/list]]", "value: [[tasks, tasks/other]]", 1)
    assert stale != text
    patches.write_text(stale, encoding="utf-8")
    expected = mini / "lint-expected.yaml"
    listed = expected.read_text(encoding="utf-8")
    expected.write_text(listed.replace("  - {rule: tag-not-string", "  - {rule: x-gone", 1))
    assert main(["build", "mini"]) == 2
    first = capsys.readouterr().err
    assert "unlisted finding: [tag-not-string]" in first and "listed finding gone" in first
    assert "is stale" not in first and "unresolved-ref" not in first
    assert main(["build", "--keep-going", "mini"]) == 2
    every = capsys.readouterr().err
    for needle in ("unlisted finding: [tag-not-string]", "'nested-tags' is stale", *POINTERS):
        assert needle in every, needle
    assert (mini / INSPECT_NAME).is_file()


def test_keep_going_without_a_document_writes_nothing(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini / "upstream.lock").unlink()
    assert main(["build", "--keep-going", "mini"]) == 2
    err = capsys.readouterr().err
    assert "no upstream.lock: run `specpress vendor mini FILE`" in err
    assert not (mini / INSPECT_NAME).exists()


def test_missing_expected_list_names_the_command_that_writes_it(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini / "lint-expected.yaml").unlink()
    assert main(["build", "mini"]) == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == (
        "specpress: error: specs/mini/lint-expected.yaml: no lint-expected.yaml: write the "
        "upstream findings with `specpress lint --format expected specs/mini/upstream/mini.yaml "
        "> specs/mini/lint-expected.yaml` and review them"
    )


def test_lint_of_an_unbuilt_spec_names_the_build(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(mini / "openapi.yaml")]) == 2
    err = capsys.readouterr().err
    assert "no such file: run `specpress build mini` first" in err


def test_lint_prints_every_finding(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from specpress.spec.lint.check import lint_file

    upstream = mini / "upstream" / "mini.yaml"
    findings = lint_file(upstream)
    assert len(findings) >= 8
    assert main(["lint", str(upstream)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{upstream}: {len(findings)} finding(s)"
    for finding in findings:
        line = (
            f"{upstream}:{finding.pointer}: {finding.severity} [{finding.rule}] {finding.message}"
        )
        assert line in lines
    assert len(lines) == len(findings) + 1


def _build(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["build", *args, "mini"]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


SKIPPED = "mini: up to date, skipped (--force rebuilds)"
WROTE = "wrote specs/mini/openapi.yaml"


def test_unchanged_inputs_skip_the_build(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert WROTE in _build(capsys)
    output = mini / "openapi.yaml"
    built, mtime = output.read_bytes(), output.stat().st_mtime_ns
    out = _build(capsys)
    assert SKIPPED in out and WROTE not in out and "applied" not in out
    assert output.stat().st_mtime_ns == mtime
    out = _build(capsys, "--force")
    assert WROTE in out and "applied" in out
    assert output.read_bytes() == built
    assert SKIPPED in _build(capsys)


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("patches.yaml", lambda t: t + "# a comment changes the input\n"),
        ("lint-expected.yaml", lambda t: t + "# reviewed\n"),
        ("upstream.lock", lambda t: t + "# touched\n"),
        ("sdk.yaml", lambda t: t.replace("summary: Create a task", "summary: Make a task")),
        ("openapi.yaml", lambda t: t + "# hand edit\n"),
    ],
)
def test_a_changed_input_rebuilds(
    mini: Path, capsys: pytest.CaptureFixture[str], name: str, edit: object
) -> None:
    _build(capsys)
    built = (mini / "openapi.yaml").read_text(encoding="utf-8")
    path = mini / name
    assert callable(edit)
    changed = edit(path.read_text(encoding="utf-8"))
    assert changed != path.read_text(encoding="utf-8")
    path.write_text(changed, encoding="utf-8")
    out = _build(capsys)
    assert WROTE in out and SKIPPED not in out
    if name == "openapi.yaml":
        assert (mini / "openapi.yaml").read_text(encoding="utf-8") == built  # restored
    assert SKIPPED in _build(capsys)


def test_settings_outside_normalize_do_not_rebuild(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(capsys)
    sdk = mini / "sdk.yaml"
    sdk.write_text(sdk.read_text(encoding="utf-8") + "# only generation reads this\n")
    assert SKIPPED in _build(capsys)


def test_a_changed_toolchain_module_rebuilds(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "rule.py"
    module.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(stamp, "_sources", lambda: [("spec/rule.py", module)])
    first = stamp.inputs_digest(mini)
    assert stamp.inputs_digest(mini) == first
    module.write_text("A = 2\n", encoding="utf-8")
    assert stamp.inputs_digest(mini) != first


def test_check_flags_a_stale_fingerprint(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _build(capsys)
    assert main(["build", "--check", "mini"]) == 0
    fingerprint = mini / stamp.FINGERPRINT_NAME
    fingerprint.write_text("inputs 0\noutput 0\n", encoding="utf-8")
    assert main(["build", "--check", "mini"]) == 1
    assert "stale: specs/mini/.specpress-fingerprint" in capsys.readouterr().out
    assert fingerprint.read_text(encoding="utf-8") == "inputs 0\noutput 0\n"  # check writes nothing
    assert WROTE in _build(capsys)  # a bad fingerprint is just a rebuild


def test_only_the_changed_api_is_rebuilt(
    isolated_repo: Path, mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build"]) == 0
    capsys.readouterr()
    (mini / "patches.yaml").write_text(
        (mini / "patches.yaml").read_text(encoding="utf-8") + "# changed\n", encoding="utf-8"
    )
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert (
        out.count("up to date, skipped")
        == len(list((isolated_repo / "specs").glob("*/upstream"))) - 1
    )
    assert WROTE in out and "mini: up to date" not in out


def test_upstream_findings_are_cached_by_what_decides_them(
    mini: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild after a patch edit (or --force) reuses the upstream document's findings; a
    changed upstream, lock or toolchain, or a damaged cache file, lints again."""
    from specpress.spec import build

    calls: list[Path | None] = []
    real = build.lint_document

    def counting(doc: object, **kwargs: object) -> object:
        calls.append(kwargs.get("source"))  # type: ignore[arg-type]
        return real(doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "lint_document", counting)
    upstream = mini / "upstream" / "mini.yaml"
    assert WROTE in _build(capsys)
    assert calls.count(upstream) == 1
    _build(capsys, "--force")
    assert calls.count(upstream) == 1  # cached
    cache = mini.parent.parent / stamp.CACHE_DIR / "upstream-findings" / "mini.json"
    cache.write_text(cache.read_text(encoding="utf-8").replace('"error"', '"fatal"', 1))
    _build(capsys, "--force")
    assert calls.count(upstream) == 2  # a damaged entry is recomputed, never trusted
    lock = mini / "upstream.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    _build(capsys)
    assert calls.count(upstream) == 3
    # a cached list that no longer matches lint-expected.yaml still fails the build
    expected = mini / "lint-expected.yaml"
    expected.write_text(expected.read_text(encoding="utf-8") + "  - {rule: x, pointer: /x}\n")
    assert main(["build", "mini"]) == 2
    assert "listed finding gone" in capsys.readouterr().err
    assert calls.count(upstream) == 3
    # other stages (release gates, vendor's scratch copy) neither read nor write it
    shutil.rmtree(cache.parent.parent)
    build.build_api(mini.parent.parent, "mini", keep_going=True)
    assert calls.count(upstream) == 4
    assert not cache.parent.parent.exists()
