"""`specpress vendor <new-api> FILE`, then `specpress build`, as a new user runs them: the vendor's
file is stored verbatim whatever its style, the folder holds everything the build needs, the
build passes without hand patches for mechanical upgrades, and a refused input leaves nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from specpress.cli import main
from specpress.openapi.emit import first_difference
from specpress.openapi.load import read_plain
from specpress.spec.build import HEADER
from specpress.spec.lint.check import lint_document
from specpress.spec.lint.findings import load_expected
from specpress.spec.upstream import detect_mode

OK = {"200": {"description": "ok"}}


def _doc(version: str = "3.1.0", **schemas: Any) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "Acme Widgets API", "version": "2.0"},
        "paths": {
            "/widgets": {
                "get": {
                    "operationId": "list_widgets",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Widget"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas or {"Widget": {"type": "object"}}},
    }


#: YAML the round-trip writer cannot reproduce: a multi-line flow mapping, a folded quoted scalar.
FLOW_YAML = """\
openapi: 3.1.0
info: {title: Flow API,
  version: '1'}
paths:
  /items:
    get:
      operationId: list_items
      description: "a folded
        quoted scalar"
      responses: {'200': {description: ok}}
"""


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "specs").rglob("*"))
        if p.is_file()
    }


def _vendor(root: Path, api: str, file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["vendor", api, str(file)]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _build_clean(api: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["build", api]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert main(["build", "--check", api]) == 0
    return out


def test_json_document_is_vendored_verbatim_and_builds(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "acme.json"
    source.write_bytes(json.dumps(_doc(), indent=4).encode() + b"\n")
    out = _vendor(isolated_repo, "acme", source, capsys)
    folder = isolated_repo / "specs/acme"
    assert sorted(p.name for p in folder.iterdir()) == [
        "lint-expected.yaml",
        "patches.yaml",
        "sdk.yaml",
        "upstream",
        "upstream.lock",
    ]
    stored = folder / "upstream/acme.json"
    assert stored.read_bytes() == source.read_bytes()  # JSON: no header, byte for byte
    lock = (folder / "upstream.lock").read_text(encoding="utf-8")
    assert hashlib.sha256(source.read_bytes()).hexdigest() in lock
    assert "mode: normalized" in lock and "provenance:" in lock
    assert "patches.yaml" in out and "next: `specpress build acme`" in out
    sdk = read_plain(folder / "sdk.yaml")
    assert sdk["package"] == {
        "dist": "acme-widgets",
        "import_name": "acme_widgets",
        "client_class": "AcmeWidgets",
    }
    assert read_plain(folder / "patches.yaml") == {"groups": []}
    out = _build_clean("acme", capsys)
    assert "normalized mode" in out
    text = (folder / "openapi.yaml").read_text(encoding="utf-8")
    assert text.startswith(HEADER.format(name="acme.json"))
    assert first_difference(read_plain(folder / "openapi.yaml"), _doc()) is None


def test_unreproducible_yaml_is_vendored_verbatim_and_patched_as_data(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "flow.yaml"
    source.write_text(FLOW_YAML, encoding="utf-8")
    assert detect_mode(source)[0] == "normalized"  # the round-trip writer would change it
    _vendor(isolated_repo, "flow", source, capsys)
    folder = isolated_repo / "specs/flow"
    stored = (folder / "upstream/flow.yaml").read_bytes()
    header, _, rest = stored.partition(b"../upstream.lock.\n")
    assert rest == source.read_bytes()  # verbatim after the two provenance comment lines
    assert header.startswith(b"# Flow API 1: vendored verbatim by `specpress vendor`")
    assert "mode: normalized" in (folder / "upstream.lock").read_text(encoding="utf-8")
    (folder / "patches.yaml").write_text(
        "groups:\n"
        "  - id: say-what\n"
        "    reason: test\n"
        "    upstream: folded description\n"
        "    ops:\n"
        "      - {op: test, path: /paths/~1items/get/description, value: a folded quoted scalar}\n"
        "      - {op: replace, path: /paths/~1items/get/description, value: fixed}\n",
        encoding="utf-8",
    )
    out = _build_clean("flow", capsys)
    assert "say-what applied" in out
    built = read_plain(folder / "openapi.yaml")
    assert built["paths"]["/items"]["get"]["description"] == "fixed"
    assert built["info"] == {"title": "Flow API", "version": "1"}
    body = (folder / "openapi.yaml").read_text(encoding="utf-8")
    assert "info:\n  title: Flow API\n" in body  # normalized YAML: block style
    assert 'responses:\n        "200":\n          description: ok\n' in body


def test_round_trip_yaml_keeps_the_vendors_style(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "tidy.yaml"
    source.write_text(FLOW_YAML.replace("info: {title: Flow API,\n  version: '1'}", "info:\n"
                      "  title: 'Tidy API'\n  version: '1'").replace(
        'description: "a folded\n        quoted scalar"', "description: 'one line'"
    ), encoding="utf-8")  # fmt: skip
    assert detect_mode(source)[0] == "roundtrip"
    _vendor(isolated_repo, "tidy", source, capsys)
    assert "mode: roundtrip" in (isolated_repo / "specs/tidy/upstream.lock").read_text()
    out = _build_clean("tidy", capsys)
    assert "roundtrip mode" in out
    body = (isolated_repo / "specs/tidy/openapi.yaml").read_text(encoding="utf-8")
    assert "  title: 'Tidy API'\n" in body and "responses: {'200': {description: ok}}" in body


def test_mechanical_upgrades_need_no_patch(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`nullable` in 3.1, a null default without null in the type: listed at vendor time, then
    rewritten by the build's normalization, no patch group written."""
    doc = _doc(
        Widget={
            "type": "object",
            "properties": {
                "name": {"type": "string", "nullable": True},
                "size": {"type": "integer", "default": None},
                "tags": {"type": "array", "items": {"type": "string"}, "nullable": True},
            },
        }
    )
    source = tmp_path / "nullable.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    _vendor(isolated_repo, "nullable", source, capsys)
    folder = isolated_repo / "specs/nullable"
    listed = {rule for rule, _ in load_expected(folder / "lint-expected.yaml")}
    assert {"nullable-ignored", "default-invalid"} <= listed
    out = _build_clean("nullable", capsys)
    assert "nullable 2" in out and "null-default 1" in out
    built = read_plain(folder / "openapi.yaml")
    props = built["components"]["schemas"]["Widget"]["properties"]
    assert props["name"] == {"type": ["string", "null"]}
    assert props["size"] == {"type": ["integer", "null"], "default": None}
    assert not lint_document(built)


def _folder_holding(root: Path, api: str, name: str, text: str) -> Path:
    folder = root / "specs" / api
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(_doc()), encoding="utf-8")
    return source


def test_existing_sdk_yaml_is_kept(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder_holding(isolated_repo, "kept", "sdk.yaml", "package:\n  dist: mine\n")
    source = _source(tmp_path)
    out = _vendor(isolated_repo, "kept", source, capsys)
    assert "kept the existing sdk.yaml" in out
    assert (folder / "sdk.yaml").read_text(encoding="utf-8") == "package:\n  dist: mine\n"
    assert (folder / "upstream.lock").is_file()


@pytest.mark.parametrize(
    ("api", "content", "needles"),
    [
        ("swagger", '{"swagger": "2.0", "info": {}}', ("Swagger 2.0", "swagger2openapi")),
        ("notapi", '{"a": 1}', ("not an OpenAPI 3 document",)),
        ("badyaml", "openapi: [3.1\n", ("invalid YAML",)),
        ("Bad Name", json.dumps(_doc()), ("use lowercase letters", "specpress vendor my-api")),
        ("gcore-streaming", json.dumps(_doc()), ("shares no path", "<new-api-name>")),
    ],
    ids=["swagger", "not-openapi", "bad-yaml", "bad-name", "other-api-into-existing"],
)
def test_refused_input_leaves_nothing(
    isolated_repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    api: str,
    content: str,
    needles: tuple[str, ...],
) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(content, encoding="utf-8")
    before = _snapshot(isolated_repo)
    assert main(["vendor", api, str(source)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("specpress: error: ") and err.count("\n") == 1
    for needle in needles:
        assert needle in err
    assert _snapshot(isolated_repo) == before
    assert not list((isolated_repo / "specs").glob(".specpress-staging*/*"))


def test_folder_with_other_files_is_refused(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder_holding(isolated_repo, "taken", "notes.txt", "mine\n")
    assert main(["vendor", "taken", str(_source(tmp_path))]) == 2
    assert "exists but is no vendored API" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    "relative",
    [
        "gcore-streaming/streaming_api.2026-05-14.yaml",
        "twelvelabs/openapi-1.3.2026-02-17.yaml",
    ],
)
def test_full_reference_documents_build_without_patches(
    isolated_repo: Path, shared_dir: Path, capsys: pytest.CaptureFixture[str], relative: str
) -> None:
    """Documents no one here wrote, whole: vendor, build, lint, with no hand-written file."""
    source = shared_dir / "reference-specs" / relative
    _vendor(isolated_repo, "fresh", source, capsys)
    stored = isolated_repo / "specs/fresh/upstream" / source.name
    assert source.read_bytes() in stored.read_bytes()
    _build_clean("fresh", capsys)
    built = isolated_repo / "specs/fresh/openapi.yaml"
    assert main(["lint", str(built)]) == 0
    out = capsys.readouterr().out
    assert " error [" not in out
    # fragment keys (`/x#long`) merge into their path; no operation is lost or added
    assert _operations(read_plain(built)) == _operations(read_plain(source))


METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _operations(doc: Any) -> set[tuple[str, str]]:
    return {
        (path.split("#", 1)[0], method)
        for path, item in doc["paths"].items()
        for method in item
        if method in METHODS
    }


def test_first_build_reuses_the_findings_vendor_computed(
    isolated_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Vendoring lints the document once for lint-expected.yaml; the first build does not lint
    it again (the large-document build's biggest cost), and lints the patched document."""
    import specpress.spec.build as build

    source = tmp_path / "acme.json"
    source.write_text(json.dumps(_doc()), encoding="utf-8")
    _vendor(isolated_repo, "acme", source, capsys)
    linted: list[Path | None] = []
    real = build.lint_document

    def counting(doc: Any, **kwargs: Any) -> Any:
        linted.append(kwargs.get("source"))
        return real(doc, **kwargs)

    monkeypatch.setattr(build, "lint_document", counting)
    _build_clean("acme", capsys)
    assert [p.name for p in linted if p is not None][:1] == ["openapi.yaml"], linted
    assert not any(p is not None and p.parent.name == "upstream" for p in linted), linted
