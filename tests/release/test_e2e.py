"""End to end: build -> publish to a pypiserver on 127.0.0.1 -> pip install into a fresh venv ->
smoke-test each client against a loopback replay server -> the same version again is refused.

Loopback only: pypiserver runs with --disable-fallback, pip gets --index-url of that server and
--no-deps (httpx and pydantic come from this test environment through a path entry, so nothing is
downloaded), and the clients talk to a replay server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.release import dist as release_dist
from specpress.release import index as release_index

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "release" / "demo-pkg"
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Smoke:
    """How to call one package's list() and what the replay server answers."""

    dist: str
    import_name: str
    code: str  # Python run in the fresh venv; BASE_URL is defined; must print a JSON line
    path_suffix: str  # replay: GET of a path ending with this
    body: Any
    expected: Any


def _gcore_body() -> Any:
    case = ROOT / "tests/recordings/gcore-streaming/get_ai_tasks_list/last_page.json"
    return json.loads(json.loads(case.read_text())["response"]["body"])


def _twelvelabs_body() -> Any:
    from specpress.diff import load_document

    spec = load_document(ROOT / "specs/twelvelabs/openapi.yaml")
    ok = spec["paths"]["/tasks"]["get"]["responses"]["200"]["content"]["application/json"]
    return ok["example"]


def _smokes(packages: list[Path]) -> list[Smoke]:
    smokes = []
    for pkg in packages:
        name = pkg.name
        if name == "gcore-streaming-ai":
            body = _gcore_body()
            smokes.append(
                Smoke(
                    name,
                    "gcore_streaming_ai",
                    "from gcore_streaming_ai import Gcore\n"
                    "client = Gcore(api_key='k-smoke', base_url=BASE_URL, max_retries=0)\n"
                    "items = list(client.streaming.ai_tasks.list())\n"
                    "result = [str(t.task_id) for t in items]\n",
                    "/streaming/ai/tasks",
                    body,
                    [t["task_id"] for t in body["results"]],
                )
            )
        elif name == "twelvelabs-tasks":
            body = _twelvelabs_body()
            smokes.append(
                Smoke(
                    name,
                    "twelvelabs_tasks",
                    "from twelvelabs_tasks import TwelveLabs\n"
                    "client = TwelveLabs(api_key='k-smoke', base_url=BASE_URL, max_retries=0)\n"
                    "items = list(client.tasks.list())\n"
                    "result = [str(t.id) for t in items]\n",
                    "/tasks",
                    body,
                    [t["_id"] for t in body["data"]],
                )
            )
        elif name == "demo-pkg":
            smokes.append(
                Smoke(
                    name,
                    "demo_pkg",
                    "import demo_pkg, httpx\n"
                    "r = httpx.get(BASE_URL + '/items')\n"
                    "result = [demo_pkg.hello(), demo_pkg.__version__, r.json()['n']]\n",
                    "/items",
                    {"n": 3},
                    ["hello", "0.1.0", 3],
                )
            )
        else:
            pytest.fail(f"no smoke test for generated package {name}: add one here")
    return smokes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def pypi_index(tmp_path: Path) -> Iterator[str]:
    packages = tmp_path / "index"
    packages.mkdir()
    port = _free_port()
    cmd = [
        sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(port),
        "-a", ".", "-P", ".", "--disable-fallback", "--log-stream", "none", str(packages),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "health", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    pytest.fail(f"pypiserver did not start: {err[-2000:]}")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def replay_server() -> Iterator[tuple[str, list[Smoke]]]:
    routes: list[Smoke] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            for smoke in sorted(routes, key=lambda s: -len(s.path_suffix)):
                if path.endswith(smoke.path_suffix):
                    body = json.dumps(smoke.body).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    break
            else:
                body = json.dumps({"unscripted": path}).encode()
                self.send_response(418)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


def _packages() -> list[Path]:
    generated = sorted(p.parent for p in (ROOT / "generated").glob("*/pyproject.toml"))
    return generated or [FIXTURE]


def test_publish_install_smoke_and_refuse_republish(
    tmp_path: Path,
    pypi_index: str,
    replay_server: tuple[str, list[Smoke]],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    packages = _packages()
    smokes = _smokes(packages)
    base_url, routes = replay_server
    routes.extend(smokes)
    secret = "e2e-pw-never-printed"
    monkeypatch.setenv("TWINE_USERNAME", "releaser")
    monkeypatch.setenv("TWINE_PASSWORD", secret)

    built: dict[str, list[Path]] = {}
    for pkg in packages:
        built[pkg.name] = release_dist.build_package(pkg, tmp_path / "dist" / pkg.name)
        release_dist.publish(built[pkg.name], pypi_index)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # httpx and pydantic from this environment (a plain path entry: no editable finders)
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "TWINE_"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    install = subprocess.run(
        [
            str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-cache-dir",
            "--no-deps", "--index-url", f"{pypi_index}simple/",
            *[s.dist for s in smokes],
        ],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    assert "already satisfied" not in install.stdout, install.stdout
    # only now (pip must not see them as installed): this environment's httpx and pydantic
    (site / "zz_host_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    for smoke in smokes:
        script = (
            f"BASE_URL = {base_url!r}\n"
            f"import json, {smoke.import_name} as _m\n"
            f"assert _m.__file__.startswith({str(venv)!r}), _m.__file__\n"
            f"{smoke.code}"
            "print(json.dumps(result))\n"
        )
        run = subprocess.run(
            [str(python), "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
        assert run.returncode == 0, f"{smoke.dist}: {run.stdout}{run.stderr}"
        assert json.loads(run.stdout.strip().splitlines()[-1]) == smoke.expected, smoke.dist

    for pkg in packages:
        with pytest.raises(SpecpressError, match="already exists"):
            release_dist.publish(built[pkg.name], pypi_index)

    out, err = capfd.readouterr()
    assert secret not in out + err
    elapsed = time.monotonic() - started
    print(f"e2e release: {len(packages)} package(s) in {elapsed:.1f}s")
    assert elapsed < 90


def test_index_lists_nothing_unpublished(pypi_index: str) -> None:
    assert release_index.index_files(f"{pypi_index}simple/", "demo-pkg") == []
