"""Small generated packages for tests: a document and a method map in, a package in tmp out,
importable for the duration of a ``with`` block, and checked by mypy --strict."""

from __future__ import annotations

import contextlib
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from specpress.generate import generate_package

__all__ = ["SDK", "build", "imported", "mypy_clean"]

SDK = """\
package:
  dist: {dist}
  import_name: {pkg}
  version: 0.1.0
  description: A hostile package.
  client_class: Hostile
  async_client_class: AsyncHostile
client:
  default_base_url: https://example.invalid
  auth: {{header: x-api-key}}
  env: {{api_key: HOSTILE_API_KEY, base_url: HOSTILE_BASE_URL, log: HOSTILE_LOG}}
resources:
  - path: things
    methods:
{methods}
"""


def build(
    tmp: Path,
    pkg: str,
    document: dict[str, Any],
    methods: dict[str, str],
    left_out: list[Any] | None = None,
) -> Path:
    """The package of ``document`` with ``methods`` (name -> operationId) on ``things``; the
    operations it cannot generate are appended to ``left_out``."""
    lines = "\n".join(f"      {name}: {{operation: {op}}}" for name, op in methods.items())
    spec_path = tmp / "openapi.json"
    spec_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    sdk_path = tmp / "sdk.yaml"
    sdk_path.write_text(SDK.format(dist=pkg.replace("_", "-"), pkg=pkg, methods=lines))
    return generate_package(spec_path, sdk_path, tmp / "out", left_out=left_out)


@contextlib.contextmanager
def imported(out: Path, pkg: str) -> Iterator[ModuleType]:
    src = str(out / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module(pkg)
    finally:
        sys.path.remove(src)
        for name in [m for m in sys.modules if m == pkg or m.startswith(pkg + ".")]:
            del sys.modules[name]


def mypy_clean(out: Path) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(out / ".mypy_cache"),
            "--config-file",
            str(out / "pyproject.toml"),
            str(out / "src"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.stdout + proc.stderr if proc.returncode else ""
