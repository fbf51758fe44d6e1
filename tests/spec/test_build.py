"""build: the pipeline on the fixture API, --check, and bad input that leaves specs/ untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from specpress.cli import main
from specpress.paths import api_names
from specpress.spec.build import HEADER, build_api, load_patched
from support.specs import copy_mini

REAL_APIS = [p.parent.name for p in sorted(Path("specs").glob("*/upstream"))]


@pytest.fixture
def mini(isolated_repo: Path) -> Path:
    """The fixture API copied into a throw-away repository; returns its specs/mini folder."""
    return copy_mini(isolated_repo)


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted((root / "specs").rglob("*"))
        if p.is_file()
    }


def _relock(folder: Path) -> None:
    upstream = folder / "upstream" / "mini.yaml"
    digest = hashlib.sha256(upstream.read_bytes()).hexdigest()
    lock = folder / "upstream.lock"
    text = lock.read_text(encoding="utf-8").splitlines()
    lock.write_text(
        "\n".join(f"    sha256: {digest}" if "sha256:" in line else line for line in text) + "\n",
        encoding="utf-8",
    )


def test_build_writes_header_and_check_passes(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "mini"]) == 0
    out = capsys.readouterr().out
    assert "mini nested-tags applied" in out and "wrote specs/mini/openapi.yaml" in out
    text = (mini / "openapi.yaml").read_text(encoding="utf-8")
    assert text.startswith(HEADER.format(name="mini.yaml"))
    assert "Synthetic upstream document" not in text  # the upstream header is replaced
    assert main(["build", "--check", "mini"]) == 0
    (mini / "openapi.yaml").write_text(text + "# edited\n", encoding="utf-8")
    assert main(["build", "--check", "mini"]) == 1
    assert "stale: specs/mini/openapi.yaml, run nox -s regenerate" in capsys.readouterr().out


def test_build_is_byte_identical_across_runs(mini: Path) -> None:
    root = mini.parent.parent
    first = build_api(root, "mini")
    second = build_api(root, "mini")
    assert first.text == second.text
    assert [r.status for r in first.patch_results] == ["applied"] * 6
    assert load_patched(root, "mini")["paths"]["/tasks"]["post"]["operationId"] == "create_task"


def _expect_failure(
    root: Path, capsys: pytest.CaptureFixture[str], *needles: str, api: str = "mini"
) -> str:
    before = _snapshot(root)
    assert main(["build", api]) == 2
    err = capsys.readouterr().err
    assert err.startswith("specpress: error: ")
    for needle in needles:
        assert needle in err
    assert _snapshot(root) == before, "a failed build must leave specs/ untouched"
    return err


def test_edited_upstream_fails_the_lock(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upstream = mini / "upstream" / "mini.yaml"
    upstream.write_text(upstream.read_text(encoding="utf-8") + "x-more: 1\n", encoding="utf-8")
    err = _expect_failure(
        mini.parent.parent,
        capsys,
        "does not match upstream.lock",
        "`specpress vendor mini NEWFILE`",
    )
    # named as the user knows it, never by a machine-specific absolute path
    assert err.startswith("specpress: error: specs/mini/upstream/mini.yaml: sha256 ")
    assert str(mini) not in err


def test_unlocked_upstream_file(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "upstream" / "extra.yaml").write_text("a: 1\n", encoding="utf-8")
    _expect_failure(mini.parent.parent, capsys, "upstream.lock", "not in upstream.lock")


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("openapi: 3.1.0\ninfo: [1, 2\n", ("invalid YAML", "mini.yaml:line 3")),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
                for p, n in zip("abcdef", "bcdefg", strict=False)
            ),
            ("alias bomb", "mini.yaml:line "),
        ),
        ("openapi: !!python/object:os.system {}\n", ("unsafe or unknown tag", "mini.yaml:line 1")),
    ],
    ids=["invalid-yaml", "alias-bomb", "python-tag"],
)
def test_bad_upstream_yaml(
    mini: Path, capsys: pytest.CaptureFixture[str], text: str, needles: tuple[str, ...]
) -> None:
    (mini / "upstream" / "mini.yaml").write_text(text, encoding="utf-8")
    _relock(mini)
    _expect_failure(mini.parent.parent, capsys, *needles)


def test_missing_upstream_file(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "upstream" / "mini.yaml").unlink()
    _expect_failure(mini.parent.parent, capsys, "mini.yaml", "listed in upstream.lock but missing")


def test_stale_patch_fails_naming_group_and_pointer(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patches = mini / "patches.yaml"
    patches.write_text(
        patches.read_text(encoding="utf-8").replace(
            "path: /components/schemas/task/properties/progress/example\n        value: 123",
            "path: /components/schemas/task/properties/progress/example\n        value: 124",
        ),
        encoding="utf-8",
    )
    err = _expect_failure(
        mini.parent.parent,
        capsys,
        "patches.yaml:/components/schemas/task/properties/progress/example",
        "'progress-example' is stale",
        "upstream now has 123",
    )
    assert "delete" not in err


def test_ref_to_nowhere_in_result(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A patch that introduces a $ref to nowhere: the result is not lint-clean."""
    with (mini / "patches.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: bad-ref\n"
            "    reason: test\n"
            "    upstream: test\n"
            "    ops:\n"
            "      - op: test\n"
            "        path: /components/schemas/task/properties/id\n"
            "        value: {type: string}\n"
            "      - op: replace\n"
            "        path: /components/schemas/task/properties/id\n"
            "        value: {$ref: '#/components/schemas/nowhere'}\n"
        )
    _expect_failure(
        mini.parent.parent,
        capsys,
        "openapi.yaml:/components/schemas/task/properties/id/$ref",
        "unresolved-ref",
    )


def test_unlisted_and_gone_findings(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = mini / "lint-expected.yaml"
    lines = expected.read_text(encoding="utf-8").splitlines()
    expected.write_text(
        "\n".join([*lines[:2], *lines[3:], "  - {rule: tag-not-string, pointer: /gone}"]) + "\n",
        encoding="utf-8",
    )
    _expect_failure(
        mini.parent.parent,
        capsys,
        "lint-expected.yaml",
        "unlisted finding: [example-invalid]",
        "mini.yaml:/gone: listed finding gone (its patch may be obsolete): [tag-not-string]",
        "`specpress lint --format expected specs/mini/upstream/mini.yaml`",
    )


def test_failure_in_one_api_writes_no_api(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """All APIs are computed before any is written."""
    root = mini.parent.parent
    broken = root / "specs" / "broken"
    shutil.copytree(mini, broken)
    (broken / "upstream" / "mini.yaml").write_text("x: [\n", encoding="utf-8")
    before = _snapshot(root)
    assert main(["build", "mini", "broken"]) == 2
    assert _snapshot(root) == before
    assert not (mini / "openapi.yaml").exists()


def test_unknown_api(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _expect_failure(
        mini.parent.parent,
        capsys,
        "unknown API 'nope'",
        "to add it, run `specpress vendor nope FILE`",
        api="nope",
    )


@pytest.mark.skipif(not REAL_APIS, reason="no vendored APIs yet")
def test_real_specs_build(isolated_repo: Path) -> None:
    """The vendored APIs build (once their expected-findings lists exist), all groups applied."""
    for api in api_names(isolated_repo):
        if not (isolated_repo / "specs" / api / "lint-expected.yaml").exists():
            pytest.skip(f"specs/{api}/lint-expected.yaml not written yet")
        result = build_api(isolated_repo, api)
        assert {r.status for r in result.patch_results} <= {"applied"}, result.patch_results
        committed = isolated_repo / "specs" / api / "openapi.yaml"
        if committed.exists():
            assert committed.read_text(encoding="utf-8") == result.text, f"{api}: stale"
