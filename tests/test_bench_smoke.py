"""The benchmark harness runs (tiny sizes, one repeat) and reports what it claims to report.

Not a timing test: the numbers of a quick run mean nothing. What is checked: the result structure,
the report renderers, and that our clients make exactly N requests for N pages (the floors too),
so ``nox -s bench`` cannot rot between the times someone runs it. Loopback only: the harness's
server is a child process bound to 127.0.0.1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.contenders import CONTENDERS, OURS  # noqa: E402
from bench.run import Config, run_bench  # noqa: E402

GENERATED = {
    key: (ROOT / "generated" / dist / "pyproject.toml").is_file() for key, (_, dist) in OURS.items()
}
API_OF = {"gcore": "gcore", "tl_tasks": "tl", "tl_embed": "tl"}


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    cfg = Config.make(quick=True, sections=("list", "paginate", "import"), official=False)
    return run_bench(cfg)


def test_structure(results: dict[str, Any]) -> None:
    assert set(results) == {"meta", "sections", "targets"}
    assert results["meta"]["quick"] is True
    assert results["meta"]["cores"] and results["meta"]["python"] and results["meta"]["cpu"]
    assert set(results["sections"]) == {"list", "paginate", "import"}
    cases = results["sections"]["list"]["cases"]
    assert {(c["kind"], c["size"]) for c in cases} == {
        (k, s) for k in ("gcore", "tl_tasks", "tl_embed") for s in (3, 10)
    }
    for case in cases:
        assert list(case["contenders"]) == list(CONTENDERS)
        for name in ("floor_json", "floor_pydantic", "floor_pydantic_async"):
            row = case["contenders"][name]
            assert row["available"], row
            assert 0 < row["min_ms"] <= row["median_ms"] <= row["max_ms"]
        for name in ("official_sync", "official_async"):
            assert case["contenders"][name] == {
                "label": case["contenders"][name]["label"],
                "available": False,
                "reason": "skipped",
            }
        assert "ours_sync/floor_pydantic" in case["ratios"] or not GENERATED[API_OF[case["kind"]]]
    for target in results["targets"]:
        assert target["status"] in {"PASS", "MISS", "N/A"}
        assert target["target"] and target["goal"]


@pytest.mark.parametrize("kind", ["gcore", "tl_tasks", "tl_embed"])
def test_n_pages_cost_n_requests(results: dict[str, Any], kind: str) -> None:
    case = next(c for c in results["sections"]["paginate"]["cases"] if c["kind"] == kind)
    assert case["pages"] == 2 and case["total"] == 6
    names = ["floor_json", "floor_pydantic", "floor_pydantic_async"]
    if GENERATED[API_OF[kind]]:
        names += ["ours_sync", "ours_async"]
    for name in names:
        row = case["contenders"][name]
        assert row["available"], (name, row)
        assert row["requests_all"] == [case["pages"]], (name, row)
        assert row["items"] == case["total"], (name, row)
    if GENERATED[API_OF[kind]]:
        statuses = {
            t["status"]
            for t in results["targets"]
            if t["target"].startswith("2 pages = 2 requests") and "ours" in t["target"]
        }
        assert statuses == {"PASS"}


def test_import_section(results: dict[str, Any]) -> None:
    packages = results["sections"]["import"]["packages"]
    assert packages["baseline"]["available"]
    assert packages["baseline"]["import"]["median_ms"] > 0
    for key, present in GENERATED.items():
        if present:
            assert packages[f"ours:{key}"]["available"], packages[f"ours:{key}"]
            assert f"ours:{key}/baseline" in results["sections"]["import"]["ratios"]


def test_reports(results: dict[str, Any], tmp_path: Path) -> None:
    text = report.render_text(results)
    assert "== targets" in text and "QUICK RUN" in text
    md = report.render_markdown(results)
    assert md.startswith("# Benchmark results") and "| case |" in md
    written = report.write_all(results, tmp_path, plot=False)
    assert {p.name for p in written} == {"results.json", "results.md"}
    assert json.loads((tmp_path / "results.json").read_text())["meta"]["quick"] is True
