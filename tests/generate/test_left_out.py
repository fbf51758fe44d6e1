"""An operation that cannot be generated is left out with a one-line warning naming it and why;
the rest of the package is written and the command succeeds (issue 13: one unsupported
operation used to abort the whole package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support.mock_server import MockServer, json_reply
from support.zero import imported, mypy_errors

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "operationId": "list-things",
    "responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"type": "array", "items": {"type": "string"}}}}}},
}  # fmt: skip
ODD = {  # a parameter in a place no client can put it
    "operationId": "odd-thing",
    "parameters": [{"name": "x", "in": "querystring", "schema": {"type": "string"}}],
    "responses": {"204": {"description": "done"}},
}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Left", "version": "1"},
    "servers": [{"url": "https://left.example.com"}],
    "components": {"securitySchemes": {"k": {"type": "http", "scheme": "bearer"}}},
    "paths": {"/things": {"get": GOOD, "delete": ODD}},
}


def test_one_warning_line_and_the_rest_generated(tmp_path: Path) -> None:
    api = tmp_path / "specs" / "left"
    (api / "upstream").mkdir(parents=True)  # what makes a folder of specs/ an API
    (api / "openapi.yaml").write_text(json.dumps(DOCUMENT, indent=1))  # JSON is YAML
    (api / "sdk.yaml").write_text("package: {dist: left-pkg}\n")
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    run = subprocess.run(
        [sys.executable, "-m", "specpress.cli", "generate", "left"],
        capture_output=True,
        text=True,
        env={**os.environ, "SPECPRESS_ROOT": str(tmp_path)},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    warnings = run.stderr.splitlines()
    assert len(warnings) == 1, run.stderr
    line = warnings[0]
    assert line.startswith("specpress: warning: specs/left/openapi.yaml:/paths/~1things/delete")
    assert "DELETE /things (odd-thing)" in line and "'querystring'" in line
    assert "1 operations left out" in run.stdout
    out = tmp_path / "generated" / "left-pkg"
    resource = (out / "src" / "left_pkg" / "resources" / "things.py").read_text()
    assert "def list(" in resource and "odd" not in resource
    api_md = (out / "api.md").read_text()
    assert "## Not generated" in api_md and "`DELETE /things (odd-thing)`" in api_md
    # a document without one schema: no models, and the package still checks and works
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
            str(out / "pyproject.toml"), str(out)]  # fmt: skip
    assert subprocess.run(ruff, capture_output=True, text=True).returncode == 0
    assert mypy_errors(out) == ""
    with imported(out, "left_pkg") as package, MockServer() as server:
        server.enqueue("/things", json_reply(["a", "b"]))
        with package.LeftPkg(api_key="k", base_url=server.url, max_retries=0) as client:
            assert client.things.list() == ["a", "b"]
