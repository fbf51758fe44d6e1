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
