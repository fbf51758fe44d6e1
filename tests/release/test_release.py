"""specpress release: version rules, reproducible builds, wheel contents, credentials, refusals."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from email.parser import HeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from specpress.config.package import package_info
from specpress.errors import SpecpressError
from specpress.release import dist as release_dist
from specpress.release import gates as release_gates
from specpress.release import history as release_history
from specpress.release import index as release_index
from specpress.release import plan as release_plan

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release" / "demo-pkg"
API = "gcore-streaming"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): _sha(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# --- versions ------------------------------------------------------------------------------------


def test_simple_url_mapping() -> None:
    assert release_index.simple_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/simple/"
    assert release_index.simple_url("https://upload.pypi.org/legacy/") == "https://pypi.org/simple/"
    with pytest.raises(SpecpressError, match="credentials in the repository URL"):
        release_index.simple_url("http://user:hunter2@127.0.0.1:8080/")


# --- build ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    base = tmp_path_factory.mktemp("builds")
    first = release_dist.build_package(FIXTURE, base / "one", epoch=1700000000)
    second = release_dist.build_package(FIXTURE, base / "two", epoch=1700000000)
    return first, second


def test_build_is_byte_reproducible(fixture_builds: tuple[list[Path], list[Path]]) -> None:
    first, second = fixture_builds
    assert [p.name for p in first] == ["demo_pkg-0.1.0-py3-none-any.whl", "demo_pkg-0.1.0.tar.gz"]
    assert [_sha(p) for p in first] == [_sha(p) for p in second]


def test_source_date_epoch_is_honoured(
    fixture_builds: tuple[list[Path], list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert release_dist.source_date_epoch(FIXTURE) == 1600000000
    other = release_dist.build_package(FIXTURE, tmp_path / "out")
    wheel = zipfile.ZipFile(other[0])
    assert wheel.getinfo("demo_pkg/__init__.py").date_time[:3] == (2020, 9, 13)
    assert _sha(other[0]) != _sha(fixture_builds[0][0])  # the epoch really is in the bytes


def _check_wheel(wheel_path: Path, import_name: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = wheel.read(meta_name).decode()
    assert f"{import_name}/py.typed" in names
    assert any(n.endswith("api.md") for n in names), names
    assert any("/licenses/LICENSE" in n for n in names), names
    headers = HeaderParser().parsestr(meta)
    assert headers["Description-Content-Type"] == "text/markdown"
    assert len(headers.get_payload()) > 50  # the README is the long description
    for name in names:
        assert not name.startswith(("tests/", "specpress/", "scripts/")), name
        assert "/tests/" not in name, name


def test_fixture_wheel_contents(fixture_builds: tuple[list[Path], list[Path]]) -> None:
    _check_wheel(fixture_builds[0][0], "demo_pkg")


def _generated(repo_root: Path) -> list[Path]:
    return sorted(p.parent for p in (repo_root / "generated").glob("*/pyproject.toml"))


def test_generated_wheels(repo_root: Path, tmp_path: Path) -> None:
    packages = _generated(repo_root)
    if not packages:
        pytest.skip("no generated packages yet")
    for pkg in packages:
        files = release_dist.build_package(pkg, tmp_path / pkg.name, epoch=1700000000)
        again = release_dist.build_package(pkg, tmp_path / f"{pkg.name}-again", epoch=1700000000)
        assert [_sha(p) for p in files] == [_sha(p) for p in again], pkg.name
        import_name = next(p.name for p in (pkg / "src").iterdir() if p.is_dir())
        _check_wheel(next(p for p in files if p.suffix == ".whl"), import_name)


# --- publish: credentials ------------------------------------------------------------------------


class _EvilIndex(BaseHTTPRequestHandler):
    """404 for every simple page; uploads are refused with the credentials echoed back."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        import base64

        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization", "")
        decoded = base64.b64decode(auth.split()[-1]).decode() if auth else ""
        body = f"forbidden for {decoded} ({auth})".encode()
        self.send_response(403, f"Forbidden {decoded}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _ListingIndex(BaseHTTPRequestHandler):
    """A simple index that lists demo-pkg 0.2.0 only."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/") != "/simple/demo-pkg":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (
            b'<html><body><a href="/packages/demo_pkg-0.2.0.tar.gz#sha256=00">'
            b"demo_pkg-0.2.0.tar.gz</a></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def evil_index() -> Iterator[str]:
    yield from _serve(_EvilIndex)


@pytest.fixture
def listing_index() -> Iterator[str]:
    yield from _serve(_ListingIndex)


def test_password_never_printed_on_failure(
    fixture_builds: tuple[list[Path], list[Path]],
    evil_index: str,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    secret = "pw-Zq8-never-shown"
    monkeypatch.setenv("TWINE_USERNAME", "releaser")
    monkeypatch.setenv("TWINE_PASSWORD", secret)
    with pytest.raises(SpecpressError) as info:
        release_dist.publish(fixture_builds[0], evil_index)
    out, err = capfd.readouterr()
    assert "403" in str(info.value)
    assert secret not in str(info.value) + out + err


def test_token_from_env_and_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_API_KEY", "TWINE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SpecpressError, match="no credentials: set TWINE_USERNAME"):
        release_dist.twine_env()
    monkeypatch.setenv("TWINE_API_KEY", "pypi-tok")
    env, secrets = release_dist.twine_env()
    assert env["TWINE_USERNAME"] == "__token__"
    assert env["TWINE_PASSWORD"] == "pypi-tok"
    assert secrets == ["pypi-tok"]


def test_publish_refuses_an_existing_version(listing_index: str, tmp_path: Path) -> None:
    fake = [tmp_path / "demo_pkg-0.2.0.tar.gz", tmp_path / "demo_pkg-0.2.0-py3-none-any.whl"]
    with pytest.raises(SpecpressError, match=r"demo-pkg 0\.2\.0 already exists"):
        release_dist.publish(fake, listing_index, dry_run=True)
    fresh = [tmp_path / "demo_pkg-0.3.0.tar.gz"]
    release_dist.publish(fresh, listing_index, dry_run=True, log=lambda _m: None)


# --- release: refusals and the happy path --------------------------------------------------------


_BUILT: dict[str, str] = {}


@pytest.fixture
def release_repo(
    isolated_repo: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """specs/ + templates/ + recordings, with the demo package standing in for the generated one."""
    from specpress.openapi.load import read_roundtrip

    shutil.copytree(repo_root / "tests" / "recordings", isolated_repo / "tests" / "recordings")
    shutil.copytree(FIXTURE, isolated_repo / "generated" / "demo-pkg")
    sdk = isolated_repo / "specs" / API / "sdk.yaml"
    document = read_roundtrip(sdk)
    document.data["package"] = {"dist": "demo-pkg", "version": "0.1.0"}
    sdk.write_text(document.dump())
    # the copy's patched spec is rebuilt (once per module), so these tests do not depend on the
    # freshness of the working tree's openapi.yaml
    if API not in _BUILT:
        from specpress.spec.build import build_api

        _BUILT[API] = build_api(isolated_repo, API).text
    (isolated_repo / "specs" / API / "openapi.yaml").write_text(_BUILT[API])
    # the demo package's own history goes: releases start from this copy's state
    release_history.releases_path(isolated_repo, API).unlink(missing_ok=True)
    release_history.init_history(isolated_repo, API)

    def fake_generate_check(root: Path, api: str) -> None:
        if (root / "generated" / "demo-pkg" / "STALE").exists():
            raise SpecpressError("refusing: generated/ is not up to date")

    def fake_regenerate(root: Path, api: str) -> None:
        # the demo package's "generator": version from sdk.yaml into pyproject.toml
        pyproject = root / "generated" / "demo-pkg" / "pyproject.toml"
        version = json.dumps(package_info(root / "specs" / api / "sdk.yaml").version)
        lines = [
            f"version = {version}" if line.startswith("version = ") else line
            for line in pyproject.read_text().splitlines()
        ]
        pyproject.write_text("\n".join(lines) + "\n")

    monkeypatch.setattr(
        release_gates,
        "GATES",
        [release_gates.check_spec, fake_generate_check, release_gates.check_recordings],
    )
    monkeypatch.setattr(release_plan, "regenerate", fake_regenerate)
    yield isolated_repo


def _refuses(root: Path, match: str, **kwargs: Any) -> None:
    before = _snapshot(root)
    with pytest.raises(SpecpressError, match=match):
        release_plan.release(root, API, log=lambda _m: None, **kwargs)
    assert _snapshot(root) == before


def test_initial_history(release_repo: Path) -> None:
    history = release_history.load_history(release_repo, API)
    assert history is not None and history.last is not None
    assert history.package == "demo-pkg"
    assert history.last.version == "0.1.0"
    assert history.last.fingerprint == "fixture"
    assert history.last.spec_sha256 == _sha(release_repo / "specs" / API / "openapi.yaml")


def test_refuses_stale_patch(release_repo: Path) -> None:
    patches = release_repo / "specs" / API / "patches.yaml"
    text = patches.read_text()
    marker = "value: "
    assert marker in text
    # break the first guarded `test` value: the group is now stale
    index = text.index("op: test")
    at = text.index(marker, index) + len(marker)
    patches.write_text(text[:at] + '"definitely-not-upstream-" + ' + text[at:])
    _refuses(release_repo, "refusing: the spec does not build")


def test_refuses_lint_failure(release_repo: Path) -> None:
    expected = release_repo / "specs" / API / "lint-expected.yaml"
    expected.write_text("findings: []\n")
    _refuses(release_repo, "refusing: the spec does not build")


def test_refuses_stale_patched_spec(release_repo: Path) -> None:
    spec = release_repo / "specs" / API / "openapi.yaml"
    spec.write_text(spec.read_text() + "# hand edit\n")
    _refuses(release_repo, "patched spec is not up to date")


def test_refuses_stale_generated(release_repo: Path) -> None:
    (release_repo / "generated" / "demo-pkg" / "STALE").write_text("x")
    _refuses(release_repo, "generated/ is not up to date")


def test_refuses_failing_recording(release_repo: Path) -> None:
    file = release_repo / "tests/recordings" / API / "get_ai_tasks_list" / "last_page.json"
    data = json.loads(file.read_text())
    body = json.loads(data["response"]["body"])
    body["results"][0]["status"] = "NOT-A-STATUS"
    data["response"]["body"] = json.dumps(body)
    file.write_text(json.dumps(data))
    _refuses(release_repo, "recording fails against the current spec")


def test_refuses_lower_version(release_repo: Path) -> None:
    (release_repo / "generated" / "demo-pkg" / ".specpress-fingerprint").write_text("changed")
    _refuses(
        release_repo,
        r"requested version 0\.1\.0 is lower than the computed 0\.1\.1",
        version="0.1.0",
    )


def test_refuses_when_nothing_changed(release_repo: Path) -> None:
    _refuses(release_repo, "nothing changed since demo-pkg 0.1.0")


def test_refuses_version_on_index(release_repo: Path, listing_index: str) -> None:
    _refuses(release_repo, r"0\.2\.0 already exists", version="0.2.0", repository_url=listing_index)


def test_real_generate_check_refuses_without_writing(release_repo: Path) -> None:
    """The real gate: no generator for demo-pkg (or none at all) is a refusal, never a write."""
    before = _snapshot(release_repo)
    with pytest.raises(SpecpressError, match="refusing"):
        release_gates.check_generated(release_repo, API)
    assert _snapshot(release_repo) == before


def test_release_toolchain_change_is_a_patch(release_repo: Path) -> None:
    (release_repo / "generated" / "demo-pkg" / ".specpress-fingerprint").write_text("changed")
    plan = release_plan.release(release_repo, API, log=lambda _m: None)
    assert (plan.wire_bump, plan.toolchain_bump, plan.version) == ("none", "patch", "0.1.1")
    history = release_history.load_history(release_repo, API)
    assert history is not None
    assert [r.version for r in history.releases] == ["0.1.1", "0.1.0"]
    assert history.releases[0].fingerprint == "changed"
    assert 'version = "0.1.1"' in (release_repo / "generated/demo-pkg/pyproject.toml").read_text()
    assert "version: 0.1.1" in (release_repo / "specs" / API / "sdk.yaml").read_text()
    changelog = (release_repo / "specs" / API / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog: demo-pkg\n\n## 0.1.1\n")
    assert "### Fixed" in changelog


def test_release_spec_change_without_history_is_minor(release_repo: Path) -> None:
    path = release_history.releases_path(release_repo, API)
    text = path.read_text()
    sha = _sha(release_repo / "specs" / API / "openapi.yaml")
    path.write_text(text.replace(sha, "0" * 64))
    plan = release_plan.release(release_repo, API, log=lambda _m: None)
    assert (plan.wire_bump, plan.version) == ("minor", "0.2.0")
    changelog = (release_repo / "specs" / API / "CHANGELOG.md").read_text()
    assert "released spec not found in git history" in changelog
    second = release_history.load_history(release_repo, API)
    assert second is not None and second.last is not None
    assert second.last.spec_sha256 == sha


def test_dry_run_writes_nothing(release_repo: Path) -> None:
    (release_repo / "generated" / "demo-pkg" / ".specpress-fingerprint").write_text("changed")
    before = _snapshot(release_repo)
    plan = release_plan.release(release_repo, API, dry_run=True, log=lambda _m: None)
    assert plan.version == "0.1.1"
    assert _snapshot(release_repo) == before
