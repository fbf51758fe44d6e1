"""Hermetic stages: no `$ref` is fetched from the network or read from outside `specs/<api>/`.

A live loopback server counts requests: every stage (lint, build, generate, contract, vendor)
must refuse a network reference with one line naming the file and the JSON Pointer, and send it
nothing. `file://` references, absolute paths and `../` escapes are refused too, and a file
vendored under `upstream/` and listed in the lock is bundled into the built spec. The
validators' own reference resolvers are checked separately, with the static check bypassed.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from specpress.cli import main
from specpress.errors import SpecpressError
from support.mock_server import MockServer, Reply

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "specs" / "mini"
LEAK = "leaked_from_outside"
REMOTE_SCHEMA = f"type: object\nproperties:\n  {LEAK}: {{type: string}}\n"


@pytest.fixture
def remote() -> Iterator[MockServer]:
    """A live server that would happily serve a schema to anyone who asks (none may ask)."""
    with MockServer() as server:
        server.set_default("/x.yaml", Reply(200, body=REMOTE_SCHEMA.encode()))
        yield server


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A schema file outside the repository (and outside specs/<api>/)."""
    path = tmp_path / "outside.yaml"
    path.write_text(REMOTE_SCHEMA, encoding="utf-8")
    return path


@pytest.fixture
def mini(isolated_repo: Path) -> Path:
    target = isolated_repo / "specs" / "mini"
    shutil.copytree(FIXTURE, target)
    return target


def _spec_with_ref(ref: str, *, extra: str = "") -> str:
    return (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      operationId: getX\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        f"              schema: {{$ref: '{ref}'}}\n{extra}"
    )


POINTER = "/paths/~1x/get/responses/200/content/application~1json/schema/$ref"


def _refs(remote: MockServer, outside: Path) -> dict[str, str]:
    return {
        "http": f"{remote.url}/x.yaml",
        "http-fragment": f"{remote.url}/x.yaml#/components/schemas/A",
        "https": "https://127.0.0.1:1/x.yaml",
        "file-url": outside.as_uri(),
        "absolute-path": str(outside),
        "escaping-relative": "../" * 12 + str(outside).lstrip("/"),
        "ftp": "ftp://127.0.0.1/x.yaml",
    }


REF_KINDS = sorted(
    ("http", "http-fragment", "https", "file-url", "absolute-path", "escaping-relative", "ftp")
)


def _one_error_line(err: str, *needles: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("specpress: error: ")
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


@pytest.mark.parametrize("kind", REF_KINDS)
def test_lint_refuses_refs_leaving_the_sandbox(
    kind: str,
    remote: MockServer,
    outside: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ref = _refs(remote, outside)[kind]
    spec = tmp_path / "spec" / "doc.yaml"
    spec.parent.mkdir()
    spec.write_text(_spec_with_ref(ref), encoding="utf-8")
    assert main(["lint", str(spec)]) == 2
    _one_error_line(capsys.readouterr().err, f"{spec}:{POINTER}: $ref ")
    assert remote.count() == 0


def test_id_moving_the_base_uri_is_refused(
    remote: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = f"components:\n  schemas:\n    A: {{$id: '{remote.url}/', $ref: x.yaml}}\n"
    spec = tmp_path / "doc.yaml"
    spec.write_text(_spec_with_ref("#/components/schemas/A", extra=extra), encoding="utf-8")
    assert main(["lint", str(spec)]) == 2
    _one_error_line(capsys.readouterr().err, "/components/schemas/A/$id", "base URI")
    assert remote.count() == 0


def test_local_refs_still_lint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = "components:\n  schemas:\n    A: {type: object}\n"
    spec = tmp_path / "doc.yaml"
    spec.write_text(_spec_with_ref("#/components/schemas/A", extra=extra), encoding="utf-8")
    assert main(["lint", str(spec)]) == 0
    assert "0 finding(s)" in capsys.readouterr().out


def test_validator_resolvers_are_offline_too(remote: MockServer, outside: Path) -> None:
    """With the static check bypassed, openapi-spec-validator still fetches nothing: its
    handlers refuse every scheme (its defaults would fetch http and file URLs)."""
    from specpress.openapi.load import read_plain
    from specpress.spec.lint.check import check_openapi_schema

    for ref in (f"{remote.url}/x.yaml", outside.as_uri(), "ftp://127.0.0.1/x.yaml"):
        doc = read_plain(Path("doc.yaml"), _spec_with_ref(ref))
        findings = check_openapi_schema(doc)
        assert any("validator stopped: refused to fetch" in f.message for f in findings)
    assert remote.count() == 0


def test_openapi_core_resolver_is_offline_too(
    remote: MockServer, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contract validator (openapi-core) with the static check bypassed: still no fetch."""
    import specpress.contract.validate as contract
    from specpress.openapi.load import read_plain

    monkeypatch.setattr(contract, "check_hermetic", lambda *args: set())
    for ref in (f"{remote.url}/x.yaml", outside.as_uri()):
        doc = read_plain(Path("doc.yaml"), _spec_with_ref(ref))
        with pytest.raises(SpecpressError, match="refused to fetch"):
            contract.SpecValidator(doc, "doc.yaml")
    assert remote.count() == 0


def test_contract_refuses_a_network_ref(
    remote: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "doc.yaml"
    spec.write_text(_spec_with_ref(f"{remote.url}/x.yaml"), encoding="utf-8")
    assert main(["contract", "--spec", str(spec), "--api", "twelvelabs"]) == 2
    _one_error_line(capsys.readouterr().err, f"{spec}:{POINTER}", "network reference")
    assert remote.count() == 0


# --- build ---------------------------------------------------------------------------------


def _relock(folder: Path, extra: dict[str, str] | None = None) -> None:
    """Rewrite upstream.lock for the current files (and extra vendored ones)."""
    lines = ["current: mini.yaml", "files:"]
    for name in ["mini.yaml", *(extra or {})]:
        digest = hashlib.sha256((folder / "upstream" / name).read_bytes()).hexdigest()
        lines += [f"  {name}:", "    version: '1'", f"    sha256: {digest}"]
    (folder / "upstream.lock").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _point_task_id_at(folder: Path, ref: str) -> None:
    upstream = folder / "upstream" / "mini.yaml"
    text = upstream.read_text(encoding="utf-8")
    old = "        id:\n          type: string\n"
    assert old in text
    upstream.write_text(text.replace(old, f"        id:\n          $ref: '{ref}'\n"), "utf-8")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


TASK_ID = "/components/schemas/task/properties/id/$ref"


@pytest.mark.parametrize("kind", REF_KINDS)
def test_build_refuses_refs_leaving_the_sandbox(
    kind: str,
    mini: Path,
    remote: MockServer,
    outside: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _point_task_id_at(mini, _refs(remote, outside)[kind])
    _relock(mini)
    before = _snapshot(mini.parent)
    assert main(["build", "mini"]) == 2
    _one_error_line(capsys.readouterr().err, f"upstream/mini.yaml:{TASK_ID}: $ref ")
    assert remote.count() == 0
    assert _snapshot(mini.parent) == before


def test_build_refuses_a_file_beside_upstream_not_in_the_lock(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini / "loose.yaml").write_text("components: {schemas: {A: {type: string}}}\n", "utf-8")
    _point_task_id_at(mini, "../loose.yaml#/components/schemas/A")
    _relock(mini)
    assert main(["build", "mini"]) == 2
    _one_error_line(capsys.readouterr().err, TASK_ID, "not vendored and locked")


def test_build_refuses_a_patch_adding_a_network_ref(
    mini: Path, remote: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with (mini / "patches.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: remote-ref\n    reason: test\n    upstream: test\n    ops:\n"
            "      - op: test\n        path: /components/schemas/task/properties/id\n"
            "        value: {type: string}\n"
            "      - op: replace\n        path: /components/schemas/task/properties/id\n"
            f"        value: {{$ref: '{remote.url}/x.yaml'}}\n"
        )
    assert main(["build", "mini"]) == 2
    _one_error_line(capsys.readouterr().err, f"openapi.yaml:{TASK_ID}", "network reference")
    assert remote.count() == 0


def test_build_bundles_a_vendored_locked_file(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini / "upstream" / "common.yaml").write_text(
        "# shared definitions, vendored beside the main document\n"
        "components:\n  schemas:\n    TaskId:\n      $ref: '#/components/schemas/Uuid'\n"
        "    Uuid:\n      type: string\n      format: uuid\n",
        encoding="utf-8",
    )
    _point_task_id_at(mini, "common.yaml#/components/schemas/TaskId")
    _relock(mini, {"common.yaml": "1"})
    assert main(["build", "mini"]) == 0, capsys.readouterr().err
    from specpress.openapi.load import read_plain

    text = (mini / "openapi.yaml").read_text(encoding="utf-8")
    assert "common.yaml" not in text, "the built spec must be self-contained"
    schemas = read_plain(mini / "openapi.yaml")["components"]["schemas"]
    assert schemas["task"]["properties"]["id"] == {"$ref": "#/components/schemas/TaskId"}
    assert schemas["TaskId"] == {"$ref": "#/components/schemas/Uuid"}
    assert schemas["Uuid"] == {"type": "string", "format": "uuid"}


def test_lock_names_must_stay_inside_upstream(
    mini: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = mini / "upstream.lock"
    lock.write_text(
        lock.read_text(encoding="utf-8") + f"  ../../../{outside.name}:\n    sha256: x\n", "utf-8"
    )
    assert main(["build", "mini"]) == 2
    _one_error_line(capsys.readouterr().err, "upstream.lock:/files/", "not a file name inside")


# --- generate and vendor ---------------------------------------------------------------------


def test_generate_refuses_a_network_ref(
    isolated_repo: Path, remote: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = isolated_repo / "specs" / "twelvelabs" / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("components:\n  schemas:\n", f"components:\n  schemas:\n    Remote:\n"
                     f"      $ref: '{remote.url}/x.yaml'\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    assert main(["generate", "twelvelabs"]) == 2
    _one_error_line(capsys.readouterr().err, "/components/schemas/Remote/$ref", "network")
    assert remote.count() == 0
    assert not (isolated_repo / "generated" / "twelvelabs-tasks").exists()


def test_vendor_refuses_a_new_version_with_a_network_ref(
    isolated_repo: Path, remote: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "tests" / "recordings", isolated_repo / "tests" / "recordings")
    current = ROOT / "specs/twelvelabs/upstream/twelvelabs-docs-export.1.3.yaml"
    text = current.read_text(encoding="utf-8")
    assert "components:\n  schemas:\n" in text
    new = tmp_path / "twelvelabs-docs-export.1.4.yaml"
    new.write_text(
        text.replace("components:\n  schemas:\n", f"components:\n  schemas:\n    Remote:\n"
                     f"      $ref: '{remote.url}/x.yaml'\n", 1),
        encoding="utf-8",
    )  # fmt: skip
    before = _snapshot(isolated_repo / "specs")
    assert main(["vendor", "twelvelabs", str(new)]) == 2
    err = capsys.readouterr().err
    line = _one_error_line(err, "/components/schemas/Remote/$ref", "network reference")
    assert "specpress-vendor-" not in line, "name the file, not the scratch copy"
    assert remote.count() == 0
    assert _snapshot(isolated_repo / "specs") == before


@pytest.mark.parametrize("name", ["upstream/mini.yaml", "patches.yaml", "upstream.lock"])
def test_build_refuses_inputs_symlinked_out_of_the_api_folder(
    mini: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sha256 in the lock would still match: the path itself must stay inside."""
    moved = tmp_path / "elsewhere" / name.replace("/", "_")
    moved.parent.mkdir()
    shutil.move(mini / name, moved)
    (mini / name).symlink_to(moved)
    assert main(["build", "mini"]) == 2
    _one_error_line(capsys.readouterr().err, name, "resolves outside the API folder")


def test_bundling_follows_cycles_and_refuses_a_name_clash(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = mini / "upstream" / "common.yaml"
    common.write_text(
        "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n"
        "        next: {$ref: '#/components/schemas/Node'}\n",
        encoding="utf-8",
    )
    _point_task_id_at(mini, "common.yaml#/components/schemas/Node")
    _relock(mini, {"common.yaml": "1"})
    assert main(["build", "mini"]) == 0, capsys.readouterr().err
    from specpress.openapi.load import read_plain

    node = read_plain(mini / "openapi.yaml")["components"]["schemas"]["Node"]
    assert node["properties"]["next"] == {"$ref": "#/components/schemas/Node"}
    common.write_text(
        "components:\n  schemas:\n    task: {type: string}\n", encoding="utf-8"
    )  # the main document has its own, different `task`
    upstream = mini / "upstream" / "mini.yaml"
    text = upstream.read_text(encoding="utf-8")
    upstream.write_text(text.replace("schemas/Node'", "schemas/task'"), encoding="utf-8")
    _relock(mini, {"common.yaml": "1"})
    assert main(["build", "mini"]) == 2
    _one_error_line(capsys.readouterr().err, "cannot bundle", "different schemas/task")
