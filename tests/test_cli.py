"""The CLI front door: version, help, and the one-line error contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from specpress import __version__
from specpress.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err.lower()


def test_unknown_flag_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--no-such-flag"])
    assert exc.value.code == 2


def _modules_after(*argv: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `specpress ARGV`."""
    import json
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "from specpress.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES ' + json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")), None)
    assert line is not None, done.stderr
    return set(json.loads(line.removeprefix("MODULES ")))


HEAVY = ("ruamel", "openapi_spec_validator", "openapi_core", "jinja2", "datamodel_code_generator")


def test_diff_loads_no_round_trip_yaml_validator_or_generator(repo_root: Path) -> None:
    spec = str(repo_root / "specs" / "gcore-streaming" / "openapi.yaml")
    loaded = _modules_after("diff", spec, spec, "--format", "json")
    assert "yaml" in loaded  # control: the diff did read the documents (with libyaml)
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == []
    stages = ("specpress.spec", "specpress.contract", "specpress.release", "specpress.generate")
    assert sorted(m for m in loaded if m.startswith(stages)) == []


def test_a_command_imports_only_its_own_stage(repo_root: Path) -> None:
    loaded = _modules_after("release", "--help")
    assert "specpress.release.cli" in loaded
    assert not {"specpress.spec.cli", "specpress.contract.cli"} & loaded
    assert "specpress.release.plan" not in loaded  # the stage itself waits for the handler


def test_every_command_names_repository_files_relative_to_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error of any stage (here generate's sdk.yaml check, after vendor and build) names
    `specs/...`, never the machine-specific absolute path of the clone."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    doc = tmp_path / "demo.yaml"
    doc.write_text(
        "openapi: 3.1.0\ninfo: {title: Demo, version: '1'}\npaths:\n  /things:\n    get:\n"
        "      operationId: list-things\n      responses:\n        '200': {description: ok}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SPECPRESS_ROOT", str(tmp_path))
    assert main(["vendor", "demo", str(doc)]) == 0
    assert main(["build", "demo"]) == 0
    capsys.readouterr()
    assert main(["generate", "demo"]) == 2  # no servers, no securitySchemes: two sdk.yaml errors
    err = capsys.readouterr().err
    assert err.count("specpress: error: specs/demo/sdk.yaml:/client/") == 2, err
    assert str(tmp_path) not in err
