"""config: sdk.yaml is read in one place, and every defect is reported at once (file, key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from specpress.cli import main
from specpress.config.package import package_info, set_version
from specpress.config.sdk import load_sdk_config
from specpress.errors import SpecpressError, SpecpressErrors

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "specs" / "gcore-streaming" / "sdk.yaml"


def _broken(tmp_path: Path) -> Path:
    text = REAL.read_text(encoding="utf-8")
    for old, new in [
        ("  client_class: Gcore\n", "  client_class: class\n"),  # not an identifier
        ("  default_max_retries: 2\n", "  default_max_retries: -1\n"),
        ("style: next_link", "style: bogus"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "sdk.yaml"
    path.write_text(text + "bogus: 1\n", encoding="utf-8")
    return path


def test_every_defect_is_reported_with_file_and_key(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    with pytest.raises(SpecpressErrors) as info:
        load_sdk_config(path)
    got = {(e.file, e.location) for e in info.value.errors}
    assert got == {
        (str(path), "/bogus"),
        (str(path), "/package/client_class"),
        (str(path), "/client/default_max_retries"),
        (str(path), "/resources/1/methods/list/paginate/style"),
    }
    assert isinstance(info.value, SpecpressError)  # callers catching one error still work


def test_cli_prints_one_line_per_defect(
    isolated_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sdk = isolated_repo / "specs" / "gcore-streaming" / "sdk.yaml"
    sdk.write_text(_broken(isolated_repo).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["generate", "gcore-streaming"]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    assert all(line.startswith("specpress: error: ") and "sdk.yaml:/" in line for line in lines)
    assert "Traceback" not in err
    assert not (isolated_repo / "generated").exists()


def test_real_configs_and_partial_files(tmp_path: Path) -> None:
    for api in ("gcore-streaming", "twelvelabs"):
        config = load_sdk_config(ROOT / "specs" / api / "sdk.yaml")
        assert config.package.version and config.resources
        assert package_info(ROOT / "specs" / api / "sdk.yaml").dist == config.package.dist
    partial = tmp_path / "sdk.yaml"
    partial.write_text("package: {dist: demo, version: 0.1.0}\n# kept\n", encoding="utf-8")
    assert package_info(partial).version == "0.1.0"
    assert set_version(partial, "0.2.0") == "package: {dist: demo, version: 0.2.0}\n# kept\n"
