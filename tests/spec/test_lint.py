"""lint: every rule with a failing and a passing case, expected lists, CLI, reference specs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from specpress.cli import main
from specpress.spec.lint.check import lint_document
from specpress.spec.lint.findings import Finding, compare, render_expected

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "mini"


def _doc(schemas: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "get_a",
                    "tags": ["a"],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": schemas or {"s": {"type": "string"}}},
    }
    doc.update(extra)
    return doc


def _rules(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {f.key() for f in lint_document(doc)}


def test_clean_document_has_no_findings() -> None:
    assert lint_document(_doc()) == []


CASES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        "duplicate-enum-value",
        {"s": {"type": "string", "enum": ["a", "b", "a"]}},
        {"s": {"type": "string", "enum": ["a", "b"]}},
        "/components/schemas/s/enum/2",
    ),
    (
        "duplicate-documented-code",
        {"s": {"type": "string", "description": "Codes:\n- 'dut': Nynorsk\n- 'dut': Dutch"}},
        {"s": {"type": "string", "description": "Codes:\n- 'nno': Nynorsk\n- 'dut': Dutch"}},
        "/components/schemas/s/description",
    ),
    (
        "default-invalid",
        {"s": {"type": "object", "properties": {"p": {"type": "string", "default": None}}}},
        {
            "s": {
                "type": "object",
                "properties": {"p": {"type": ["string", "null"], "default": None}},
            }
        },
        "/components/schemas/s/properties/p/default",
    ),
    (
        "example-invalid",
        {
            "s": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/pct"}}},
            "pct": {"type": "integer", "maximum": 100},
            "wrap": {"$ref": "#/components/schemas/s", "example": {"n": 123}},
        },
        {
            "s": {"type": "object", "properties": {"n": {"$ref": "#/components/schemas/pct"}}},
            "pct": {"type": "integer", "maximum": 100},
            "wrap": {"$ref": "#/components/schemas/s", "example": {"n": 50}},
        },
        "/components/schemas/wrap/example",
    ),
    (
        "unresolved-ref",
        {"s": {"$ref": "#/components/schemas/nowhere"}},
        {"s": {"$ref": "#/components/schemas/t"}, "t": {"type": "string"}},
        "/components/schemas/s/$ref",
    ),
    (
        "allof-sibling-properties",
        {"s": {"allOf": [{"$ref": "#/components/schemas/t"}], "properties": {"k": {}}}, "t": {}},
        {"s": {"allOf": [{"$ref": "#/components/schemas/t"}, {"properties": {"k": {}}}]}, "t": {}},
        "/components/schemas/s",
    ),
    (
        "nullable-ignored",
        {"s": {"type": "string", "nullable": True}},
        {"s": {"type": ["string", "null"]}},
        "/components/schemas/s/nullable",
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good", "at"), CASES, ids=[c[0] for c in CASES])
def test_schema_rule_fails_and_passes(
    rule: str, bad: dict[str, Any], good: dict[str, Any], at: str
) -> None:
    assert (rule, at) in _rules(_doc(bad))
    assert not [f for f in lint_document(_doc(good)) if f.rule == rule]


def test_tag_not_string() -> None:
    bad = _doc()
    bad["paths"]["/a"]["get"]["tags"] = [["a", "b"]]
    assert ("tag-not-string", "/paths/~1a/get/tags/0") in _rules(bad)
    assert "tag-not-string" not in {r for r, _ in _rules(_doc())}


def test_duplicate_operation_id() -> None:
    bad = _doc()
    bad["paths"]["/b"] = copy.deepcopy(bad["paths"]["/a"])
    assert ("duplicate-operation-id", "/paths/~1b/get/operationId") in _rules(bad)
    bad["paths"]["/b"]["get"]["operationId"] = "get_b"
    assert lint_document(bad) == []


def test_fragment_path_key() -> None:
    bad = _doc()
    bad["paths"]["/a#v"] = bad["paths"].pop("/a")
    assert ("fragment-path-key", "/paths/~1a#v") in _rules(bad)


def test_openapi_schema_errors_are_located() -> None:
    bad = _doc()
    bad["paths"]["/a"]["get"]["responses"]["200"] = {"content": {}}  # description missing
    findings = [f for f in lint_document(bad) if f.rule == "openapi-schema"]
    assert findings and findings[0].pointer == "/paths/~1a/get/responses/200"


def test_openapi_30_nullable_is_honoured() -> None:
    schemas = {"s": {"type": "string", "nullable": True, "default": None}}
    doc = _doc(schemas)
    doc["openapi"] = "3.0.3"
    assert lint_document(doc) == []
    doc["components"]["schemas"]["s"]["nullable"] = False
    assert ("default-invalid", "/components/schemas/s/default") in _rules(doc)


def test_media_type_examples_are_checked() -> None:
    doc = _doc()
    doc["paths"]["/a"]["get"]["responses"]["200"]["content"] = {
        "application/json": {
            "schema": {"type": "integer"},
            "examples": {"bad": {"value": "x"}, "good": {"value": 1}},
        }
    }
    assert _rules(doc) == {
        (
            "example-invalid",
            "/paths/~1a/get/responses/200/content/application~1json/examples/bad/value",
        )
    }


def test_compare_with_expected() -> None:
    findings = [Finding("r", "/a", "m"), Finding("r", "/b", "m")]
    mismatches = compare(findings, {("r", "/a"), ("r", "/gone")})
    assert [(m.kind, m.pointer) for m in mismatches] == [
        ("unlisted finding", "/b"),
        ("listed finding gone (its patch may be obsolete)", "/gone"),
    ]
    assert compare(findings, {("r", "/a"), ("r", "/b")}) == []


def test_cli_exit_codes_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upstream = MINI / "upstream" / "mini.yaml"
    assert main(["lint", str(upstream)]) == 1
    assert "[duplicate-enum-value]" in capsys.readouterr().out
    assert main(["lint", str(upstream), "--expected", str(MINI / "lint-expected.yaml")]) == 0
    capsys.readouterr()
    assert main(["lint", str(upstream), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in report[0]["findings"]} >= {"tag-not-string", "fragment-path-key"}
    shorter = tmp_path / "expected.yaml"
    shorter.write_text(
        "findings:\n  - {rule: tag-not-string, pointer: /nowhere}\n", encoding="utf-8"
    )
    assert main(["lint", str(upstream), "--expected", str(shorter)]) == 1
    out = capsys.readouterr().out
    assert "unlisted finding" in out and "listed finding gone" in out
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(_doc()), encoding="utf-8")
    assert main(["lint", str(clean)]) == 0


def test_cli_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: !!python/object:os.system {}\n", encoding="utf-8")
    assert main(["lint", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"{bad}:line 2" in err
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 2


def test_render_expected_round_trips(tmp_path: Path) -> None:
    findings = lint_document(_doc({"s": {"type": "string", "enum": ["a", "a"]}}))
    path = tmp_path / "e.yaml"
    path.write_text(render_expected(findings), encoding="utf-8")
    assert main(["lint", "--expected", str(path), str(MINI / "upstream" / "mini.yaml")]) == 1


@pytest.mark.slow
def test_reference_specs_lint_without_crashing(shared_dir: Path) -> None:
    """Real 300 KB vendor documents: every file finishes and reports located findings."""
    files = sorted((shared_dir / "reference-specs").glob("*/*.yaml"))
    assert files, "no reference specs found"
    from specpress.spec.lint.check import lint_file

    for path in files:
        findings = lint_file(path)
        assert all(f.rule and isinstance(f.pointer, str) for f in findings)
        if "gcore" in str(path):
            assert any(f.rule == "fragment-path-key" for f in findings), path
