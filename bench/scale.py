"""The ``scale`` section of ``nox -s bench``: build and generate time per API, and for a
1,000-operation document beside ``openapi-python-client generate`` on the same file.

The large document is made at bench time from a real one (the full Gcore Streaming document in
``../shared/reference-specs/``, 93 operations): its paths are repeated under ``/v1`` ... ``/v11``
prefixes with suffixed operationIds and tags, so every operation is real vendor text and the
schemas are shared, as in a large aggregated vendor document. Nothing is written into the repo:
every run works in a temporary copy.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.stats import summarize

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ("gcore-streaming", "streaming_api.2026-05-14.yaml")
COPIES = 11
SCALE_API = "scale-1000"
SCALE_SDK = """\
package:
  dist: scale-thousand
  import_name: scale_thousand
  client_class: Scale
"""


def thousand_operation_document(shared: Path) -> dict[str, Any]:
    """A 1,000+-operation document made of COPIES prefixed copies of a real vendor document."""
    import yaml  # PyYAML comes with the pinned generator dependencies

    path = shared / "reference-specs" / SOURCE[0] / SOURCE[1]
    base = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    paths: dict[str, Any] = {}
    for n in range(1, COPIES + 1):
        for key, item in base["paths"].items():
            item = copy.deepcopy(item)
            for op in item.values():
                if isinstance(op, dict) and "responses" in op:
                    if op.get("operationId"):
                        op["operationId"] = f"{op['operationId']}_v{n}"
                    op["tags"] = [f"{t} v{n}" for t in op.get("tags") or []] or [f"v{n}"]
            paths[f"/v{n}{key}"] = item
    doc = dict(base)
    doc["paths"] = paths
    doc["info"] = {**base.get("info", {}), "title": "Scale test (1,000 operations)"}
    return doc


def count_operations(doc: dict[str, Any]) -> int:
    from specpress.openapi.document import HTTP_METHODS

    return sum(1 for item in doc["paths"].values() for m in item if m in HTTP_METHODS)


def _timed(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], reps: int, prepare: Callable[[], None]
) -> dict[str, Any]:
    return _timed_chain([cmd], cwd, env, reps, prepare)


def _timed_chain(
    cmds: Sequence[Sequence[str]],
    cwd: Path,
    env: dict[str, str],
    reps: int,
    prepare: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """Wall time of the commands run one after another (as ``nox -s regenerate`` runs build and
    generate), ``prepare`` untimed before each repetition."""
    walls: list[float] = []
    for _ in range(reps):
        prepare()
        t0 = time.perf_counter()
        for cmd in cmds:
            out = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
            if out.returncode != 0:
                tail = " | ".join((out.stderr or out.stdout).strip().splitlines()[-3:])[:400]
                return {"available": False, "reason": f"exit {out.returncode}: {tail}"}
        walls.append(time.perf_counter() - t0)
    command = " && ".join(" ".join(c) for c in cmds)
    return {"available": True, "command": command, "wall": summarize(walls, scale=1.0)}


def _copy_repo(work: Path) -> None:
    for name in ("specs", "templates", "generated"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")


def section_scale(reps: int, env: dict[str, str], shared: Path) -> dict[str, Any]:
    """Per-API build and generate time, then the 1,000-operation document, in one run."""
    specpress = [sys.executable, "-m", "specpress.cli"]
    rows: dict[str, Any] = {}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="specpress-scale-") as tmp:
        work = Path(tmp) / "repo"
        work.mkdir()
        _copy_repo(work)
        env = {**env, "SPECPRESS_ROOT": str(work)}  # every step works on the temp copy
        apis = sorted(p.parent.name for p in (work / "specs").glob("*/sdk.yaml"))
        for api in apis:
            rows[f"build {api}"] = _timed(
                [*specpress, "build", "--force", api], work, env, reps, lambda: None
            )
            rows[f"generate {api}"] = _timed(
                [*specpress, "generate", "--force", api], work, env, reps, lambda: None
            )
        rows["no-op regenerate (build + generate, nothing changed)"] = _timed_chain(
            [[*specpress, "build"], [*specpress, "generate"]], work, env, reps
        )
        source = shared / "reference-specs" / SOURCE[0] / SOURCE[1]
        if not source.is_file():
            rows["1,000 operations"] = {"available": False, "reason": f"{source} not found"}
            return {"steps": rows}
        doc = thousand_operation_document(shared)
        big = Path(tmp) / "scale.json"
        big.write_text(json.dumps(doc), encoding="utf-8")
        rows["operations"] = {"available": True, "count": count_operations(doc)}
        vendored = _timed([*specpress, "vendor", SCALE_API, str(big)], work, env, 1, lambda: None)
        if not vendored["available"]:
            rows["vendor 1,000 operations"] = vendored
        else:
            (work / "specs" / SCALE_API / "sdk.yaml").write_text(SCALE_SDK, encoding="utf-8")
            rows["build 1,000 operations"] = _timed(
                [*specpress, "build", "--force", SCALE_API], work, env, reps, lambda: None
            )
            rows["generate 1,000 operations"] = _timed(
                [*specpress, "generate", "--force", SCALE_API], work, env, reps, lambda: None
            )
        opc_out = Path(tmp) / "opc"

        def wipe_opc() -> None:
            shutil.rmtree(opc_out, ignore_errors=True)

        rows["openapi-python-client generate, 1,000 operations"] = _timed(
            [
                sys.executable, "-m", "openapi_python_client", "generate", "--path", str(big),
                "--output-path", str(opc_out), "--meta", "none", "--overwrite",
            ],
            Path(tmp), env, reps, wipe_opc,
        )  # fmt: skip
    return {"steps": rows}


def scale_ratio(steps: dict[str, Any]) -> float | None:
    """(specpress build + generate) / openapi-python-client generate, on the same document."""
    parts = [steps.get("build 1,000 operations"), steps.get("generate 1,000 operations")]
    opc = steps.get("openapi-python-client generate, 1,000 operations")
    if not opc or not opc.get("available") or not all(p and p.get("available") for p in parts):
        return None
    ours = sum(p["wall"]["median_ms"] for p in parts if p)
    return float(ours / opc["wall"]["median_ms"])
