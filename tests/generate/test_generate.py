"""specpress generate: determinism, skip-when-unchanged, --check, hostile specs, sdk.yaml errors."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specpress.config.sdk import load_sdk_config
from specpress.errors import SpecpressError
from specpress.generate import (
    FINGERPRINT_NAME,
    check_api,
    generate_api,
    generate_package,
    stale_files,
)
from support.hostile import SDK_YAML, hostile_spec, write_inputs

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    spec_path, sdk_path = write_inputs(tmp, hostile_spec())
    return generate_package(spec_path, sdk_path, tmp / "out")


def test_hostile_spec_gives_safe_importable_code(hostile_package: Path) -> None:
    src = hostile_package / "src"
    for path in sorted(src.rglob("*.py")):
        compile(path.read_text(), str(path), "exec")  # syntax-valid despite the spec text
    sys.path.insert(0, str(src))
    try:
        pkg = importlib.import_module("hostile_client")
        models = importlib.import_module("hostile_client.models")
        resources = importlib.import_module("hostile_client.resources.things")
        assert pkg.__spec_version__ == '1.0 """ {{x}}'
        thing = models.Thing.model_validate({"_id": "1", "class": "c", "from": "f", "größe": 3})
        assert thing.id == "1"
        assert thing.model_dump(by_alias=True)["class"] == "c"
        import inspect

        sig = inspect.signature(resources.ThingsResource.list)
        assert "class_" in sig.parameters and "import_" in sig.parameters
        doc = resources.ThingsResource.list.__doc__
        assert '"""' in doc and "{{ jinja }}" in doc
    finally:
        sys.path.remove(str(src))
        for name in [m for m in sys.modules if m.startswith("hostile_client")]:
            del sys.modules[name]


def test_hostile_package_passes_ruff_and_mypy(hostile_package: Path) -> None:
    ruff = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--config",
            str(hostile_package / "pyproject.toml"),
            str(hostile_package),
        ],
        capture_output=True,
        text=True,
    )
    assert ruff.returncode == 0, ruff.stdout


def test_generation_is_deterministic(tmp_path: Path) -> None:
    spec_path, sdk_path = write_inputs(tmp_path, hostile_spec())
    a = generate_package(spec_path, sdk_path, tmp_path / "a")
    b = generate_package(spec_path, sdk_path, tmp_path / "b")
    assert stale_files(a, b) == []
    assert (a / FINGERPRINT_NAME).read_text() == (b / FINGERPRINT_NAME).read_text()


def test_refuses_non_empty_output(tmp_path: Path) -> None:
    spec_path, sdk_path = write_inputs(tmp_path, hostile_spec())
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    with pytest.raises(SpecpressError, match="not empty"):
        generate_package(spec_path, sdk_path, out)


@pytest.mark.parametrize(
    ("mutate", "message", "location"),
    [
        (
            lambda s: s.replace(
                "  dist: hostile-client\n", "  dist: hostile-client\n  colour: red\n"
            ),
            "unknown key 'colour'",
            "/package/colour",
        ),
        (
            lambda s: s.replace("operation: get-thing", "operation: no-such-op"),
            "no-such-op",
            "/resources/0/methods/retrieve/operation",
        ),
        (
            lambda s: s.replace("  dist: hostile-client\n", ""),
            "missing required key 'dist'",
            "/package/dist",
        ),
        (
            lambda s: s.replace("style: page_info", "style: bogus"),
            "unknown pagination style",
            "/resources/0/methods/list/paginate/style",
        ),
        (
            lambda s: s.replace("client_class: Hostile", "client_class: class"),
            "not a usable Python identifier",
            "/package/client_class",
        ),
        (
            lambda s: s.replace("terminal: [done]", "terminal: []"),
            "non-empty list",
            "/resources/0/waiter/terminal",
        ),
    ],
)
def test_sdk_yaml_errors_name_file_and_key(
    tmp_path: Path, mutate: Any, message: str, location: str
) -> None:
    spec_path, sdk_path = write_inputs(tmp_path, hostile_spec(), mutate(SDK_YAML))
    with pytest.raises(SpecpressError) as info:
        generate_package(spec_path, sdk_path, tmp_path / "out")
    assert message in info.value.message
    assert info.value.file == str(sdk_path)
    assert info.value.location == location
    assert not (tmp_path / "out").exists()


def test_duplicate_operation_ids_are_an_error(tmp_path: Path) -> None:
    spec = hostile_spec()
    spec["paths"]["/things/{thing_id}"]["get"]["operationId"] = "list-things"
    spec_path, sdk_path = write_inputs(tmp_path, spec)
    with pytest.raises(SpecpressError, match="duplicate operationId"):
        generate_package(spec_path, sdk_path, tmp_path / "out")


def test_real_sdk_yamls_load() -> None:
    for api in ("gcore-streaming", "twelvelabs"):
        config = load_sdk_config(REPO / "specs" / api / "sdk.yaml")
        assert config.package.version


# --- the real packages: skip-when-unchanged and --check on a copy of the repository ---------


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    (root / "pyproject.toml").write_text("")
    shutil.copytree(REPO / "templates", root / "templates")
    for api in ("gcore-streaming", "twelvelabs"):
        (root / "specs" / api / "upstream").mkdir(parents=True)
        for name in ("openapi.yaml", "sdk.yaml"):
            shutil.copy2(REPO / "specs" / api / name, root / "specs" / api / name)
    shutil.copytree(
        REPO / "generated",
        root / "generated",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    return root


def test_committed_packages_are_current(repo_copy: Path) -> None:
    """What `specpress generate --check` runs in CI: the committed tree matches a fresh build."""
    for api in ("gcore-streaming", "twelvelabs"):
        assert check_api(repo_copy, api) == []


def test_check_names_a_stale_file_and_skip_when_unchanged(repo_copy: Path) -> None:
    api, dist = "twelvelabs", "twelvelabs-tasks"
    readme = repo_copy / "generated" / dist / "README.md"
    original = readme.read_text()
    readme.write_text(original + "\nhand edit\n")
    try:
        assert check_api(repo_copy, api) == [f"generated/{dist}/README.md"]
        result = generate_api(repo_copy, api)  # fingerprint unchanged: skipped, edit survives
        assert result.skipped
        result = generate_api(repo_copy, api, force=True)
        assert not result.skipped
        assert readme.read_text() == original
    finally:
        readme.write_text(original)


def test_template_change_invalidates_the_fingerprint(repo_copy: Path) -> None:
    api, dist = "twelvelabs", "twelvelabs-tasks"
    assert generate_api(repo_copy, api).skipped
    template = repo_copy / "templates" / "client" / "README.md.jinja"
    original = template.read_text()
    template.write_text(original + "\nExtra line.\n")
    try:
        assert not generate_api(repo_copy, api).skipped
        assert (repo_copy / "generated" / dist / "README.md").read_text().endswith("Extra line.\n")
    finally:
        template.write_text(original)
        assert not generate_api(repo_copy, api).skipped


def test_cli_check_exit_code(repo_copy: Path) -> None:
    env_root = str(repo_copy)
    run = subprocess.run(
        [sys.executable, "-m", "specpress.cli", "generate", "--check", "gcore-streaming"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "SPECPRESS_ROOT": env_root},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    target = repo_copy / "generated" / "gcore-streaming-ai" / "api.md"
    target.write_text("stale")
    run = subprocess.run(
        [sys.executable, "-m", "specpress.cli", "generate", "--check", "gcore-streaming"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "SPECPRESS_ROOT": env_root},
    )
    assert run.returncode == 1
    assert "generated/gcore-streaming-ai/api.md" in run.stdout
