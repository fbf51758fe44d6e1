"""`specpress diff` on the command line: formats, exit codes, colors, rules files, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from specpress import diff as diff_module
from specpress.cli import main
from specpress.diff import cli as diff_cli

from .documents import doc, op, with_response

# The documented JSON output (docs/diff-rules.md).
OUTPUT_SCHEMA = {
    "type": "object",
    "required": ["changes", "summary", "bump"],
    "additionalProperties": False,
    "properties": {
        "changes": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "oasdiff_id", "level", "operation", "location", "message"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                "oasdiff_id": {"type": ["string", "null"], "pattern": "^[a-z0-9-]+$"},
                "detail_id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                "level": {"enum": ["ERR", "WARN", "INFO"]},
                "operation": {"type": "string"},
                "location": {"type": "string", "pattern": "^(/|[A-Za-z_])"},
                "message": {"type": "string"},
            },
        }},
        "summary": {"type": "object", "required": ["ERR", "WARN", "INFO"],
                    "additionalProperties": False,
                    "properties": {k: {"type": "integer", "minimum": 0}
                                   for k in ("ERR", "WARN", "INFO")}},
        "bump": {"enum": ["major", "minor", "patch", "none"]},
    },
}  # fmt: skip

OLD = doc({
    "/tasks": {"get": with_response({"type": "object", "properties": {
        "status": {"type": "string", "enum": ["ok", "failed"]}}})},
    "/legacy": {"get": op()},
})  # fmt: skip
NEW = doc({
    "/tasks": {"get": with_response({"type": "object", "properties": {
        "status": {"type": "string", "enum": ["ok", "failed", "revoked"]}}})},
})  # fmt: skip


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.json"
    old.write_text(json.dumps(OLD))  # JSON is valid YAML: exercises both loaders
    new.write_text(json.dumps(NEW))
    return old, new


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_matches_the_documented_schema(pair: tuple[Path, Path], capsys: Any) -> None:
    code, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "json")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, OUTPUT_SCHEMA)
    assert [(c["id"], c["level"], c["operation"]) for c in data["changes"]] == [
        ("api-path-removed-without-deprecation", "ERR", "GET /legacy"),
        ("response-property-enum-value-added", "WARN", "GET /tasks"),
    ]
    assert data["summary"] == {"ERR": 1, "WARN": 1, "INFO": 0}
    assert data["bump"] == "major"


@pytest.mark.parametrize(
    ("fail_on", "code"), [(None, 0), ("ERR", 1), ("WARN", 1), ("INFO", 1), ("err", 1)]
)
def test_fail_on_sets_the_exit_code(pair: tuple[Path, Path], capsys: Any, fail_on: str | None,
                                    code: int) -> None:  # fmt: skip
    args = [str(pair[0]), str(pair[1])] + (["--fail-on", fail_on] if fail_on else [])
    assert run(capsys, *args)[0] == code


def test_fail_on_below_threshold_passes(tmp_path: Path, capsys: Any) -> None:
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(json.dumps(doc({"/a": {"get": op()}})))
    new.write_text(json.dumps(doc({"/a": {"get": op()}, "/b": {"get": op()}})))
    assert run(capsys, str(old), str(new), "--fail-on", "WARN")[0] == 0
    assert run(capsys, str(old), str(new), "--fail-on", "INFO")[0] == 1


def test_text_output_is_plain_off_a_terminal(pair: tuple[Path, Path], capsys: Any) -> None:
    _, out, _ = run(capsys, str(pair[0]), str(pair[1]))
    assert "\033[" not in out
    assert "GET /legacy" in out and "[api-path-removed-without-deprecation]" in out
    assert out.rstrip().endswith("2 changes: 1 ERR, 1 WARN, 0 INFO; bump: major")


@pytest.mark.parametrize(("no_color", "colored"), [(None, True), ("1", False)])
def test_text_output_is_colored_on_a_terminal_unless_no_color(
    pair: tuple[Path, Path], capsys: Any, monkeypatch: pytest.MonkeyPatch, no_color: str | None,
    colored: bool,
) -> None:  # fmt: skip
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert diff_cli._use_color() is colored


def test_markdown_output(pair: tuple[Path, Path], capsys: Any) -> None:
    _, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "markdown")
    assert out.startswith("## API changes (bump: major)\n")
    assert "### Breaking changes" in out and "### Changes to review" in out
    assert "- **GET /legacy**" in out and "(`api-path-removed-without-deprecation`)" in out


def test_github_output(pair: tuple[Path, Path], capsys: Any) -> None:
    _, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "github")
    lines = out.splitlines()
    assert lines[0].startswith(
        f"::error file={pair[1]},title=api-path-removed-without-deprecation::"
    )
    assert lines[1].startswith("::warning ") and "GET /tasks" in lines[1]
    assert "\n" not in lines[0][2:]


def test_forward_compatible_flag(pair: tuple[Path, Path], capsys: Any) -> None:
    _, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "json", "--forward-compatible")
    assert json.loads(out)["summary"] == {"ERR": 1, "WARN": 0, "INFO": 1}


def test_rules_file_overrides_and_silences(
    pair: tuple[Path, Path], tmp_path: Path, capsys: Any
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - operation: GET /legacy\n    level: ignore\n    reason: removal agreed with vendor\n"
        "  - id: response-property-enum-value-added\n    level: INFO\n"
        "    reason: clients keep unknown values\n"
    )
    code, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "json",
                       "--rules", str(rules),
                       "--fail-on", "WARN")  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert [(c["id"], c["level"]) for c in data["changes"]] == [
        ("response-property-enum-value-added", "INFO")
    ]
    assert data["bump"] == "minor"


def test_rules_entry_without_reason_exits_2(
    pair: tuple[Path, Path], tmp_path: Path, capsys: Any
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: request-body-removed\n    level: ignore\n")
    code, out, err = run(capsys, str(pair[0]), str(pair[1]), "--rules", str(rules))
    assert code == 2 and out == ""
    assert err.startswith("specpress: error: ") and "/rules/0/reason" in err and "reason" in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("missing.yaml", None, "no such file"),
        ("broken.yaml", "openapi: 3.1.0\npaths: {a: [}\n", "invalid YAML"),
        ("plain.yaml", "hello: world\n", "not an OpenAPI 3.x document"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(
    pair: tuple[Path, Path], tmp_path: Path, capsys: Any, name: str, text: str | None, message: str
) -> None:
    bad = tmp_path / name
    if text is not None:
        bad.write_text(text)
    code, out, err = run(capsys, str(pair[0]), str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"specpress: error: {bad}") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "yaml"],
        ["--fail-on", "FATAL"],
        ["--today", "tomorrow"],
        ["--bogus"],
        [],
        ["--deprecation-days-beta", "-3"],
        ["--stability-level", "ga"],
    ],
)
def test_bad_flags_exit_2(pair: tuple[Path, Path], capsys: Any, argv: list[str]) -> None:
    files = [str(pair[0]), str(pair[1])] if argv else [str(pair[0])]
    with pytest.raises(SystemExit) as info:
        main(["diff", *files, *argv])
    assert info.value.code == 2
    assert "usage: specpress" in capsys.readouterr().err


def test_sdk_without_a_generator_exits_2(pair: tuple[Path, Path], capsys: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "specpress.generate", None)
    code, out, err = run(capsys, str(pair[0]), str(pair[1]), "--sdk", "gcore-streaming")
    assert code == 2 and out == ""
    assert "generate_package" in err


def test_sdk_view_compares_the_generated_packages(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specs" / "demo").mkdir(parents=True)
    (tmp_path / "specs" / "demo" / "sdk.yaml").write_text("package: demo\n")
    monkeypatch.setenv("SPECPRESS_ROOT", str(tmp_path))

    def fake_generate(spec: Path, sdk_yaml: Path, out_dir: Path) -> None:
        assert sdk_yaml.name == "sdk.yaml"
        pkg = out_dir / "demo"
        pkg.mkdir(parents=True)
        method = "list_tasks" if spec == pair[0] else "list"
        (pkg / "__init__.py").write_text(
            f"class Tasks:\n    def {method}(self, limit: int = 10) -> list[str]: ...\n"
        )

    changes = diff_module.sdk_changes("demo", pair[0], pair[1], generate=fake_generate)
    assert [(c.id, c.level, c.operation, c.location) for c in changes] == [
        ("python-renamed", "ERR", "python", "demo.Tasks.list_tasks")
    ]


def test_sdk_view_needs_generation_settings(pair: tuple[Path, Path], tmp_path: Path) -> None:
    def never(spec: Path, sdk_yaml: Path, out_dir: Path) -> None:
        raise AssertionError("must not generate without settings")

    with pytest.raises(diff_module.SpecpressError, match="no generation settings"):
        diff_module.sdk_changes("demo", pair[0], pair[1], generate=never,
                                sdk_yaml=tmp_path / "missing.yaml")  # fmt: skip


# Loaded by none of the formats: `specpress diff` starts fast (docs/diff-rules.md).
HEAVY = ("ruamel", "jinja2", "specpress.generate", "openapi_core", "openapi_spec_validator")
_PROBE = """
import sys
from specpress.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy} or m.startswith({heavy}))
print("HEAVY", heavy, code, file=sys.stderr)
"""


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "github", "junit"])
def test_a_plain_diff_imports_neither_ruamel_nor_the_generator(
    pair: tuple[Path, Path], fmt: str
) -> None:
    probe = _PROBE.replace("{heavy}", repr(HEAVY))
    argv = ["diff", str(pair[0]), str(pair[1]), "--format", fmt, "--fail-on", "ERR"]
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.stdout, done.stderr
    assert "HEAVY [] 1" in done.stderr


def test_colored_text_marks_levels(pair: tuple[Path, Path]) -> None:
    from specpress.diff import render

    result = diff_module.diff_files(pair[0], pair[1])
    colored = render(result, "text", color=True)
    assert "\033[31mERR " in colored and "\033[33mWARN" in colored
    assert render(result, "text") == render(result, "text", color=False)
    with pytest.raises(diff_module.SpecpressError, match="unknown diff format"):
        render(result, "yaml")


# --- options users of oasdiff rely on ---------------------------------------------------------


def test_severity_levels_file_relevels_and_silences(
    pair: tuple[Path, Path], tmp_path: Path, capsys: Any
) -> None:
    levels = tmp_path / "levels.txt"
    levels.write_text(
        "# oasdiff's format\n"
        "response-property-enum-value-added err   # our clients are strict\n"
        "api-path-removed-without-deprecation none\n"
    )
    code, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "json",
                       "--severity-levels", str(levels), "--fail-on", "ERR")  # fmt: skip
    assert code == 1
    assert [(c["id"], c["level"]) for c in json.loads(out)["changes"]] == [
        ("response-property-enum-value-added", "ERR")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no-such-rule err\n", "line 1: unknown rule id 'no-such-rule'"),
        ("endpoint-added fatal\n", "line 1: level must be err, warn, info or none"),
        ("\nendpoint-added\n", "line 2: expected `<rule id> <err|warn|info|none>`"),
    ],
)
def test_bad_severity_levels_file_exits_2(
    pair: tuple[Path, Path], tmp_path: Path, capsys: Any, text: str, message: str
) -> None:
    levels = tmp_path / "levels.txt"
    levels.write_text(text)
    code, out, err = run(capsys, str(pair[0]), str(pair[1]), "--severity-levels", str(levels))
    assert code == 2 and out == ""
    assert err.startswith(f"specpress: error: {levels}:") and message in err


def test_ignore_file_drops_matching_changes(pair: tuple[Path, Path], tmp_path: Path,
                                           capsys: Any) -> None:  # fmt: skip
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("# removal agreed with the vendor\nget /legacy api-path-removed\n")
    code, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "json",
                       "--ignore", str(ignore), "--fail-on", "ERR")  # fmt: skip
    assert code == 0
    assert [c["id"] for c in json.loads(out)["changes"]] == ["response-property-enum-value-added"]
    # oasdiff's style: the whole line of a report, text included
    ignore.write_text('GET /tasks response property `status`: enum value "revoked" added\n')
    _, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "json", "--ignore", str(ignore))
    assert [c["id"] for c in json.loads(out)["changes"]] == ["api-path-removed-without-deprecation"]


def test_bad_ignore_line_exits_2(pair: tuple[Path, Path], tmp_path: Path, capsys: Any) -> None:
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("GET /tasks ok\njust some text\n")
    code, out, err = run(capsys, str(pair[0]), str(pair[1]), "--ignore", str(ignore))
    assert code == 2 and out == ""
    assert f"{ignore}:line 2: expected `METHOD /path <change text>`" in err


def test_path_parameter_renames_are_changes_only_with_include_path_params(
    tmp_path: Path, capsys: Any
) -> None:
    def task(name: str) -> dict[str, Any]:
        param = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        return doc({f"/tasks/{{{name}}}": {"get": op(parameters=[param])}})

    old, new = tmp_path / "a.json", tmp_path / "b.json"
    old.write_text(json.dumps(task("task_id")))
    new.write_text(json.dumps(task("id")))
    _, out, _ = run(capsys, str(old), str(new), "--format", "json")
    assert json.loads(out)["changes"] == []
    _, out, _ = run(capsys, str(old), str(new), "--format", "json", "--include-path-params")
    assert [(c["id"], c["operation"]) for c in json.loads(out)["changes"]] == [
        ("endpoint-added", "GET /tasks/{id}"),
        ("api-path-removed-without-deprecation", "GET /tasks/{task_id}"),
    ]


def test_junit_output(pair: tuple[Path, Path], capsys: Any, tmp_path: Path) -> None:
    from xml.etree import ElementTree

    code, out, _ = run(capsys, str(pair[0]), str(pair[1]), "--format", "junit", "--fail-on", "ERR")
    assert code == 1
    root = ElementTree.fromstring(out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "2")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"GET /legacy", "GET /tasks"}
    (case,) = suites["GET /legacy"].iter("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "ERR"
    assert "api-path-removed-without-deprecation" in (case.get("name") or "")
    same = tmp_path / "same.json"
    same.write_text(json.dumps(NEW))
    _, out, _ = run(capsys, str(same), str(same), "--format", "junit")
    root = ElementTree.fromstring(out)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


def test_info_changes_pass_in_junit(tmp_path: Path, capsys: Any) -> None:
    from xml.etree import ElementTree

    old, new = tmp_path / "a.json", tmp_path / "b.json"
    old.write_text(json.dumps(doc({"/a": {"get": op()}})))
    new.write_text(json.dumps(doc({"/a": {"get": op()}, "/b & <c>": {"get": op()}})))
    _, out, _ = run(capsys, str(old), str(new), "--format", "junit")
    root = ElementTree.fromstring(out)  # names with & and < are escaped
    (case,) = root.iter("testcase")
    assert case.find("failure") is None
    assert "`GET /b & <c>` added" in (case.findtext("system-out") or "")


def test_deprecation_policy_and_stability_flags(tmp_path: Path, capsys: Any) -> None:
    old, new = tmp_path / "a.json", tmp_path / "b.json"
    old.write_text(
        json.dumps(doc({"/a": {"get": op()}, "/d": {"get": op(**{"x-stability-level": "draft"})}}))
    )
    new.write_text(json.dumps(doc({"/a": {"get": op(deprecated=True)}})))
    _, out, _ = run(capsys, str(old), str(new), "--format", "json")
    assert [c["id"] for c in json.loads(out)["changes"]] == ["endpoint-deprecated"]
    _, out, _ = run(capsys, str(old), str(new), "--format", "json",
                    "--deprecation-days-stable", "30", "--stability-level", "draft")  # fmt: skip
    assert [(c["id"], c["level"]) for c in json.loads(out)["changes"]] == [
        ("api-deprecated-sunset-missing", "ERR"),
        ("api-path-removed-without-deprecation", "ERR"),
    ]


def test_help_lists_the_options(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    out = capsys.readouterr().out
    flags = "--severity-levels --ignore --include-path-params junit --deprecation-days-beta"
    flags += " --deprecation-days-stable --stability-level"
    assert [f for f in flags.split() if f not in out] == []


def test_a_finer_rule_keeps_oasdiffs_id_and_names_itself(tmp_path: Path, capsys: Any) -> None:
    old, new = tmp_path / "a.json", tmp_path / "b.json"
    old.write_text(json.dumps(doc({"/a": {"get": op(operationId="get_a")}})))
    new.write_text(json.dumps(doc({"/a": {"get": op(operationId="fetch_a")}})))
    _, out, _ = run(capsys, str(old), str(new), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert (change["id"], change["oasdiff_id"], change["detail_id"]) == (
        "api-operation-id-removed", "api-operation-id-removed", "api-operation-id-changed"
    )  # fmt: skip
    _, out, _ = run(capsys, str(old), str(new))
    assert "[api-operation-id-changed, oasdiff: api-operation-id-removed]" in out
    levels = tmp_path / "levels.txt"  # a severity file may name either id
    levels.write_text("api-operation-id-changed warn\n")
    _, out, _ = run(
        capsys, str(old), str(new), "--format", "json", "--severity-levels", str(levels)
    )
    assert [c["level"] for c in json.loads(out)["changes"]] == ["WARN"]
