"""``python -m bench.run [--quick] [--only SECTION[,SECTION]] [--out DIR]`` (``nox -s bench``).

Sections: ``list`` (one list() call, 100 and 1,000 items), ``paginate`` (every item of 50 pages
of 100, with the requests the server saw), ``import`` (fresh interpreters), ``toolchain``
(regeneration, lint, diff), ``scale`` (build and generate per API and for a 1,000-operation
document beside ``openapi-python-client generate``, see ``bench/scale.py``). All HTTP goes to a
server this process starts on 127.0.0.1 and stops.

A full run writes ``bench/results/results.{json,md,png}``; ``--quick`` and ``--only`` runs only
print, unless ``--out DIR`` is given. Ratios are paired: each round runs every contender once
(in rotating order), each ratio is taken within a round, and the median of those is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

from bench.contenders import (
    LABELS,
    OFFICIAL,
    OURS,
    Clients,
    Contender,
    generated_src_dirs,
)
from bench.payloads import KINDS
from bench.server import BenchServer
from bench.stats import paired_ratio, summarize

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SECTIONS = ("list", "paginate", "import", "toolchain", "scale")
KIND_LABELS = {
    "gcore": "Gcore ai_tasks",
    "tl_tasks": "TwelveLabs tasks",
    "tl_embed": "TwelveLabs embed-v2 tasks",
}

# Claims (ratios, except where an absolute budget is the point).
TARGETS = {
    "list_vs_floor": 1.3,  # ours / httpx+pydantic floor, at most
    "speedup_gcore": 5.0,  # official gcore / ours, at least
    "speedup_twelvelabs": 15.0,  # official twelvelabs / ours, at least
    "import_vs_baseline": 1.4,  # import ours / import httpx, pydantic, at most
    "noop_regen_s": 1.0,
    "full_regen_s": 15.0,
    "diff_s": 0.5,
    "scale_vs_opc": 2.0,  # (specpress build + generate) / openapi-python-client generate, at most
}


@dataclass
class Config:
    quick: bool = False
    sections: tuple[str, ...] = SECTIONS
    official: bool = True
    list_sizes: tuple[int, ...] = (100, 1000)
    list_reps: dict[int, int] | None = None
    warmup: int = 3
    pages: int = 50
    page_limit: int = 100
    paginate_reps: int = 5
    import_reps: int = 7
    toolchain_reps: int = 3
    full_regen_reps: int = 2

    @classmethod
    def make(cls, quick: bool, sections: Sequence[str], official: bool = True) -> Config:
        if quick:
            return cls(
                quick=True,
                sections=tuple(sections),
                official=official,
                list_sizes=(3, 10),
                list_reps={3: 1, 10: 1},
                warmup=1,
                pages=2,
                page_limit=3,
                paginate_reps=1,
                import_reps=1,
                toolchain_reps=1,
                full_regen_reps=1,
            )
        return cls(sections=tuple(sections), official=official, list_reps={100: 40, 1000: 25})


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------- timing


class Timer:
    """Runs sync and async contenders; async ones inside one long-lived event loop."""

    def __init__(self, clients: Clients) -> None:
        self.runner = asyncio.Runner()
        self.clients = clients
        self.runner.run(clients.open_async())

    def close(self) -> None:
        try:
            self.runner.run(self.clients.aclose())
        finally:
            self.runner.close()

    def call(self, fn: Callable[[int], Any], is_async: bool, arg: int) -> tuple[float, Any]:
        if not is_async:
            t0 = time.perf_counter()
            out = fn(arg)
            return time.perf_counter() - t0, out

        async def timed() -> tuple[float, Any]:
            t0 = time.perf_counter()
            out = await fn(arg)
            return time.perf_counter() - t0, out

        return self.runner.run(timed())


def _rotate(xs: list[Contender], r: int) -> list[Contender]:
    if not xs:
        return xs
    k = r % len(xs)
    return xs[k:] + xs[:k]


def _unavailable(c: Contender) -> dict[str, Any]:
    return {"label": c.label, "available": False, "reason": c.reason}


def _row(c: Contender, **fields: Any) -> dict[str, Any]:
    row = {"label": c.label, "available": True, **fields}
    if c.extra.get("workarounds"):
        row["workarounds"] = sorted(c.extra["workarounds"])
    return row


# --------------------------------------------------------------------------------- list()

LIST_PAIRS = (
    ("ours_sync", "floor_pydantic"),
    ("ours_sync", "floor_json"),
    ("ours_async", "floor_pydantic_async"),
    ("official_sync", "ours_sync"),
    ("official_async", "ours_async"),
    ("official_sync", "floor_pydantic"),
    ("official_async", "floor_pydantic_async"),
)


def section_list(cfg: Config, timer: Timer, ctl: httpx.Client) -> dict[str, Any]:
    ctl.get("/__set", params={"total": max(cfg.list_sizes) * 2}).raise_for_status()
    cases = []
    for kind in KINDS:
        conts = timer.clients.contenders(kind)
        avail = [c for c in conts if c.available]
        for size in cfg.list_sizes:
            reps = (cfg.list_reps or {}).get(size, 10)
            log(f"  list {kind} {size} items: {len(avail)} contenders x {reps} rounds")
            samples: dict[str, list[float]] = {c.name: [] for c in avail}
            errors: dict[str, str] = {}
            for _ in range(cfg.warmup):
                for c in avail:
                    try:
                        assert c.list_one is not None
                        timer.call(c.list_one, c.is_async, size)
                    except Exception as exc:
                        errors[c.name] = f"{type(exc).__name__}: {exc}"[:300]
            running = [c for c in avail if c.name not in errors]
            gc.collect()
            for r in range(reps):
                for c in _rotate(running, r):
                    assert c.list_one is not None
                    dt, _ = timer.call(c.list_one, c.is_async, size)
                    samples[c.name].append(dt)
            rows: dict[str, Any] = {}
            for c in conts:
                if not c.available:
                    rows[c.name] = _unavailable(c)
                elif c.name in errors:
                    rows[c.name] = {
                        "label": c.label,
                        "available": False,
                        "reason": f"error: {errors[c.name]}",
                    }
                else:
                    rows[c.name] = _row(c, **summarize(samples[c.name]))
            ratios = {
                f"{a}/{b}": paired_ratio(samples[a], samples[b])
                for a, b in LIST_PAIRS
                if rows[a].get("available") and rows[b].get("available")
            }
            cases.append({"kind": kind, "size": size, "contenders": rows, "ratios": ratios})
    return {"cases": cases}


# ------------------------------------------------------------------------------- paginate

PAGINATE_PAIRS = (
    ("ours_sync", "floor_pydantic"),
    ("ours_async", "floor_pydantic_async"),
    ("official_sync", "ours_sync"),
    ("official_async", "ours_async"),
)


def section_paginate(cfg: Config, timer: Timer, ctl: httpx.Client) -> dict[str, Any]:
    total = cfg.pages * cfg.page_limit
    ctl.get("/__set", params={"total": total}).raise_for_status()
    cases = []
    for kind in KINDS:
        path = KINDS[kind][0]
        conts = timer.clients.contenders(kind)
        avail = [c for c in conts if c.available]
        log(
            f"  paginate {kind} {cfg.pages}x{cfg.page_limit}: "
            f"{len(avail)} contenders x {cfg.paginate_reps} rounds"
        )
        times: dict[str, list[float]] = {c.name: [] for c in avail}
        requests: dict[str, list[int]] = {c.name: [] for c in avail}
        items: dict[str, list[int]] = {c.name: [] for c in avail}
        errors: dict[str, str] = {}
        for c in avail:  # warm-up (one full iteration each)
            try:
                assert c.iterate_all is not None
                timer.call(c.iterate_all, c.is_async, cfg.page_limit)
            except Exception as exc:
                errors[c.name] = f"{type(exc).__name__}: {exc}"[:300]
        running = [c for c in avail if c.name not in errors]
        for r in range(cfg.paginate_reps):
            for c in _rotate(running, r):
                assert c.iterate_all is not None
                ctl.get("/__stats")  # reset the counters
                gc.collect()
                dt, n = timer.call(c.iterate_all, c.is_async, cfg.page_limit)
                seen = ctl.get("/__stats").json()["requests"]
                times[c.name].append(dt)
                items[c.name].append(int(n))
                requests[c.name].append(int(seen.get(path, 0)))
        rows: dict[str, Any] = {}
        for c in conts:
            if not c.available:
                rows[c.name] = _unavailable(c)
            elif c.name in errors:
                rows[c.name] = {
                    "label": c.label,
                    "available": False,
                    "reason": f"error: {errors[c.name]}",
                }
            else:
                rows[c.name] = _row(
                    c,
                    **summarize(times[c.name]),
                    requests=statistics.median(requests[c.name]),
                    requests_all=requests[c.name],
                    items=items[c.name][0],
                )
        ratios = {
            f"{a}/{b}": paired_ratio(times[a], times[b])
            for a, b in PAGINATE_PAIRS
            if rows[a].get("available") and rows[b].get("available")
        }
        cases.append(
            {
                "kind": kind,
                "pages": cfg.pages,
                "limit": cfg.page_limit,
                "total": total,
                "contenders": rows,
                "ratios": ratios,
            }
        )
    return {"cases": cases}


# --------------------------------------------------------------------------------- import

_BASE = "http://127.0.0.1:9"


def import_snippets(official: bool) -> dict[str, tuple[str, str]]:
    """name -> (import statement, import + first client construction)."""
    snippets = {
        "baseline": (
            "import httpx, pydantic",
            f"import httpx, pydantic; c = httpx.Client(base_url='{_BASE}')",
        ),
        "httpx+BaseModel": (
            "import httpx; from pydantic import BaseModel",
            f"import httpx; from pydantic import BaseModel; c = httpx.Client(base_url='{_BASE}')",
        ),
        "ours:gcore": (
            "import gcore_streaming_ai",
            "import gcore_streaming_ai as m; "
            f"c = m.Gcore(api_key='k', base_url='{_BASE}'); c.streaming.ai_tasks",
        ),
        "ours:tl": (
            "import twelvelabs_tasks",
            "import twelvelabs_tasks as m; "
            f"c = m.TwelveLabs(api_key='k', base_url='{_BASE}'); c.tasks; c.embed.v_2.tasks",
        ),
    }
    if official:
        snippets["official:gcore"] = (
            "import gcore",
            "import gcore as m; "
            f"c = m.Gcore(api_key='k', base_url='{_BASE}'); c.streaming.ai_tasks",
        )
        snippets["official:tl"] = (
            "import twelvelabs",
            "import twelvelabs as m; "
            f"c = m.TwelveLabs(api_key='k', base_url='{_BASE}'); c.tasks; c.embed.v_2.tasks",
        )
    return snippets


def _child_env() -> dict[str, str]:
    # No GCORE_*/TWELVE* settings; and bytecode caching on (PYTHONDONTWRITEBYTECODE would make
    # every sample compile every module from source, which is not what a user's import costs).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GCORE_", "TWELVE")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    extra = [str(p) for p in generated_src_dirs()]
    if extra:
        env["PYTHONPATH"] = os.pathsep.join([*extra, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _time_snippet(code: str, env: dict[str, str]) -> tuple[float | None, str]:
    prog = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", prog],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    if out.returncode != 0:
        return None, (out.stderr.strip().splitlines() or ["failed"])[-1][:300]
    return float(out.stdout.strip().splitlines()[-1]), ""


def importtime_top(module: str, env: dict[str, str], n: int = 8) -> list[tuple[float, str]]:
    """The largest self-time imports of ``module`` (``python -X importtime``)."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line.split("|")
        try:
            rows.append((int(parts[0].split(":")[1]), int(parts[1]), parts[2].strip()))
        except (ValueError, IndexError):
            continue
    rows.sort(reverse=True)
    return [(round(self_us / 1e3, 2), name) for self_us, _, name in rows[:n]]


def section_import(cfg: Config, clients_reasons: dict[str, str]) -> dict[str, Any]:
    env = _child_env()
    snippets = import_snippets(cfg.official)
    rows: dict[str, Any] = {}
    samples: dict[str, dict[str, list[float]]] = {"import": {}, "ready": {}}
    usable = {}
    for name, (imp, _ready) in snippets.items():  # probe (and warm the .pyc caches)
        t, err = _time_snippet(imp, env)
        if t is None:
            reason = clients_reasons.get(name) or (
                "not installed" if name.startswith("official") else f"not available ({err})"
            )
            rows[name] = {"available": False, "reason": reason}
        else:
            usable[name] = snippets[name]
    for r in range(cfg.import_reps):
        names = list(usable)
        k = r % len(names) if names else 0
        for name in names[k:] + names[:k]:
            for which, code in (("import", usable[name][0]), ("ready", usable[name][1])):
                t, err = _time_snippet(code, env)
                if t is None:
                    rows[name] = {"available": False, "reason": f"error: {err}"}
                    continue
                samples[which].setdefault(name, []).append(t)
    for name in usable:
        if name in rows:
            continue
        rows[name] = {
            "available": True,
            "statement": usable[name][0],
            "import": summarize(samples["import"][name]),
            "ready": summarize(samples["ready"][name]),
        }
    ratios = {}
    base = samples["import"].get("baseline")
    base_ready = samples["ready"].get("baseline")
    for name in usable:
        if name == "baseline" or not rows[name].get("available") or not base:
            continue
        ratios[f"{name}/baseline"] = paired_ratio(samples["import"][name], base)
        if base_ready:
            ratios[f"{name}/baseline:ready"] = paired_ratio(samples["ready"][name], base_ready)
    top = {}
    if not cfg.quick:
        for key, (import_name, _dist) in OURS.items():
            if rows.get(f"ours:{key}", {}).get("available"):
                top[import_name] = importtime_top(import_name, env)
    return {"packages": rows, "ratios": ratios, "importtime_top": top}


# ------------------------------------------------------------------------------ toolchain


def _toolchain_env(root: Path | None) -> dict[str, str]:
    """The environment of a timed toolchain child (its repo root, shared/, this venv first)."""
    env = dict(os.environ)
    if root is not None:
        env["SPECPRESS_ROOT"] = str(root)
    env["SPECPRESS_SHARED"] = str(ROOT.parent / "shared")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _specpress(
    args: Sequence[str], root: Path, *, ok: Sequence[int] = (0,)
) -> tuple[float, float, str]:
    """Run the CLI in a fresh interpreter: (wall seconds, child CPU seconds, error or "")."""
    env = _toolchain_env(root)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "specpress.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    err = ""
    if out.returncode not in ok:
        err = (
            f"exit {out.returncode}: "
            + " | ".join((out.stderr or out.stdout).strip().splitlines()[-3:])[:400]
        )
    return wall, cpu, err


_INPROC = """
import sys, time
from specpress import cli
cli.build_parser()  # import every stage module first: start-up is measured separately
t = time.perf_counter()
rc = cli.main(sys.argv[1:])
sys.stderr.write("\\nBENCH_INPROC %r %r\\n" % (time.perf_counter() - t, rc))
"""


def _specpress_inproc(args: Sequence[str], root: Path) -> float | None:
    """The command's own work: ``cli.main(args)`` timed after the stage modules are imported."""
    env = _toolchain_env(root)
    out = subprocess.run(
        [sys.executable, "-c", _INPROC, *args], capture_output=True, text=True, env=env, cwd=root
    )
    for line in reversed(out.stderr.splitlines()):
        if line.startswith("BENCH_INPROC "):
            return float(line.split()[1])
    return None


def _timed_cli(
    name: str,
    args: Sequence[str],
    root: Path,
    reps: int,
    ok: Sequence[int] = (0,),
    prepare: Callable[[], None] | None = None,
) -> dict[str, Any]:
    walls, cpus, works = [], [], []
    for _ in range(reps):
        if prepare is not None:
            prepare()
        wall, cpu, err = _specpress(args, root, ok=ok)
        if err:
            return {
                "available": False,
                "reason": f"error: {err}",
                "command": "specpress " + " ".join(args),
            }
        walls.append(wall)
        cpus.append(cpu)
        if prepare is not None:
            prepare()
        work = _specpress_inproc(args, root)
        if work is not None:
            works.append(work)
    log(f"  {name}: median {statistics.median(walls):.3f} s")
    row = {
        "available": True,
        "command": "specpress " + " ".join(args),
        "wall": summarize(walls, scale=1.0),
        "cpu": summarize(cpus, scale=1.0),
    }
    if works:
        row["in_process"] = summarize(works, scale=1.0)
    return row


def _generate_help(root: Path) -> str | None:
    env = dict(os.environ, SPECPRESS_ROOT=str(root))
    out = subprocess.run(
        [sys.executable, "-m", "specpress.cli", "generate", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    return out.stdout if out.returncode == 0 else None


def section_toolchain(cfg: Config) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    shared = ROOT.parent / "shared"
    with tempfile.TemporaryDirectory(prefix="specpress-bench-") as tmp:
        work = Path(tmp) / "repo"
        work.mkdir()
        for name in ("specs", "templates", "generated", "docs"):
            if (ROOT / name).is_dir():
                shutil.copytree(
                    ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
                )
        for name in ("pyproject.toml", "README.md"):
            if (ROOT / name).is_file():
                shutil.copy2(ROOT / name, work / name)
        (work / "generated").mkdir(exist_ok=True)

        help_text = _generate_help(work)
        if help_text is None:
            reason = "not available (`specpress generate` does not exist yet)"
            rows["full_regen"] = {"available": False, "reason": reason}
            rows["noop_regen"] = {"available": False, "reason": reason}
        else:
            force = ["--force"] if "--force" in help_text else []

            def wipe() -> None:  # without a force flag: regenerate from nothing
                if force:
                    return
                for child in (work / "generated").iterdir():
                    if child.is_dir():
                        shutil.rmtree(child)

            rows["full_regen"] = _timed_cli(
                "full regeneration", ["generate", *force], work, cfg.full_regen_reps, prepare=wipe
            )
            rows["full_regen"]["how"] = (
                "--force" if force else "generated/ emptied in a temp copy of the repo"
            )
            rows["noop_regen"] = _timed_cli(
                "no-op regeneration", ["generate"], work, cfg.toolchain_reps * 2 - 1
            )

        specs = sorted(str(p.relative_to(work)) for p in (work / "specs").glob("*/openapi.yaml"))
        rows["lint"] = _timed_cli(
            "lint of both patched specs", ["lint", *specs], work, cfg.toolchain_reps
        )
        old = shared / "reference-specs" / "gcore-streaming" / "streaming_api.2026-04-01.yaml"
        new = shared / "reference-specs" / "gcore-streaming" / "streaming_api.2026-05-14.yaml"
        if old.is_file() and new.is_file():
            rows["diff"] = _timed_cli(
                "diff of two full Gcore docs",
                ["diff", str(old), str(new)],
                work,
                cfg.toolchain_reps,
                ok=(0, 1),
            )
            rows["diff"]["command"] = (
                "specpress diff ../shared/reference-specs/gcore-streaming/"
                "streaming_api.{2026-04-01,2026-05-14}.yaml"
            )
        else:
            rows["diff"] = {
                "available": False,
                "reason": "reference specs not found beside the checkout",
            }
        rows["interpreter_start"] = _interpreter_start(cfg.toolchain_reps)
    return {"steps": rows}


def _interpreter_start(reps: int) -> dict[str, Any]:
    """``python -m specpress.cli --version``: the fixed cost inside every toolchain figure."""
    walls = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "specpress.cli", "--version"], capture_output=True, cwd=ROOT
        )
        walls.append(time.perf_counter() - t0)
    return {
        "available": True,
        "command": "specpress --version",
        "wall": summarize(walls, scale=1.0),
    }


# -------------------------------------------------------------------------------- targets


def _status(ok: bool | None) -> str:
    return "N/A" if ok is None else ("PASS" if ok else "MISS")


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    sec = results["sections"]

    def add(name: str, target: str, value: Any, ok: bool | None, detail: str = "") -> None:
        out.append(
            {
                "target": name,
                "goal": target,
                "value": value,
                "status": _status(ok),
                "detail": detail,
            }
        )

    if "list" in sec:
        for case in sec["list"]["cases"]:
            where = f"{KIND_LABELS[case['kind']]}, {case['size']} items"
            for mode, pair in (
                ("sync", "ours_sync/floor_pydantic"),
                ("async", "ours_async/floor_pydantic_async"),
            ):
                r = case["ratios"].get(pair)
                if r is None:
                    add(
                        f"list() {mode} vs httpx+pydantic floor ({where})",
                        f"<= {TARGETS['list_vs_floor']}x",
                        None,
                        None,
                        "ours not available",
                    )
                else:
                    add(
                        f"list() {mode} vs httpx+pydantic floor ({where})",
                        f"<= {TARGETS['list_vs_floor']}x",
                        f"{r['median']:.2f}x",
                        r["median"] <= TARGETS["list_vs_floor"],
                    )
            goal = (
                TARGETS["speedup_gcore"]
                if case["kind"] == "gcore"
                else TARGETS["speedup_twelvelabs"]
            )
            sdk = "gcore" if case["kind"] == "gcore" else "twelvelabs"
            for mode, pair in (
                ("sync", "official_sync/ours_sync"),
                ("async", "official_async/ours_async"),
            ):
                r = case["ratios"].get(pair)
                name = f"list() {mode} faster than {sdk} ({where})"
                if r is None:
                    c = case["contenders"]
                    why = c[f"ours_{mode}"].get("reason") or c[f"official_{mode}"].get("reason", "")
                    add(name, f">= {goal:g}x", None, None, why)
                else:
                    ok = r["median"] >= goal
                    floor = "floor_pydantic" if mode == "sync" else "floor_pydantic_async"
                    ceiling = case["ratios"].get(f"official_{mode}/{floor}")
                    detail = ""
                    if not ok and ceiling is not None:
                        detail = (
                            f"ceiling this run: {sdk} / httpx+pydantic floor"
                            f" = {ceiling['median']:.1f}x"
                        )
                    add(name, f">= {goal:g}x", f"{r['median']:.1f}x", ok, detail)
    if "paginate" in sec:
        for case in sec["paginate"]["cases"]:
            for mode in ("ours_sync", "ours_async"):
                row = case["contenders"][mode]
                where = f"{KIND_LABELS[case['kind']]}, {LABELS[mode]}"
                name = f"{case['pages']} pages = {case['pages']} requests ({where})"
                if not row.get("available"):
                    add(name, f"== {case['pages']}", None, None, row.get("reason", ""))
                else:
                    reqs = row["requests_all"]
                    ok = all(x == case["pages"] for x in reqs) and row["items"] == case["total"]
                    add(
                        name,
                        f"== {case['pages']}",
                        f"{row['requests']:g} req, {row['items']} items",
                        ok,
                    )
    if "import" in sec:
        imp = sec["import"]
        for key in OURS:
            name = f"import {OURS[key][0]} vs import httpx, pydantic"
            r = imp["ratios"].get(f"ours:{key}/baseline")
            if r is None:
                add(
                    name,
                    f"<= {TARGETS['import_vs_baseline']}x",
                    None,
                    None,
                    imp["packages"].get(f"ours:{key}", {}).get("reason", ""),
                )
            else:
                ms = imp["packages"][f"ours:{key}"]["import"]["median_ms"]
                add(
                    name,
                    f"<= {TARGETS['import_vs_baseline']}x",
                    f"{r['median']:.2f}x ({ms:.0f} ms)",
                    r["median"] <= TARGETS["import_vs_baseline"],
                )
                rr = imp["ratios"].get(f"ours:{key}/baseline:ready")
                if rr is not None:
                    ms = imp["packages"][f"ours:{key}"]["ready"]["median_ms"]
                    add(
                        f"import {OURS[key][0]} + first client vs the same for httpx, pydantic",
                        f"<= {TARGETS['import_vs_baseline']}x",
                        f"{rr['median']:.2f}x ({ms:.0f} ms)",
                        rr["median"] <= TARGETS["import_vs_baseline"],
                        "client + resource access; models and pages load on the first call",
                    )
    if "toolchain" in sec:
        steps = sec["toolchain"]["steps"]
        for key, goal, label in (
            ("noop_regen", TARGETS["noop_regen_s"], "no-op regeneration"),
            ("full_regen", TARGETS["full_regen_s"], "full regeneration of both packages"),
            ("diff", TARGETS["diff_s"], "diff of two full Gcore Streaming documents"),
        ):
            row = steps.get(key, {})
            if not row.get("available"):
                add(label, f"< {goal:g} s", None, None, row.get("reason", ""))
            else:
                wall = row["wall"]["median_ms"]
                work = row.get("in_process", {}).get("median_ms")
                detail = (
                    f"the command's own work after imports: {work:.3f} s"
                    if work is not None
                    else ""
                )
                add(
                    label,
                    f"< {goal:g} s",
                    f"{wall:.2f} s (cpu {row['cpu']['median_ms']:.2f} s)",
                    wall < goal,
                    detail,
                )
    if "scale" in sec:
        from bench.scale import scale_ratio

        steps = sec["scale"]["steps"]
        noop = steps.get("no-op regenerate (build + generate, nothing changed)", {})
        label = "no-op `specpress build && specpress generate` (what nox -s regenerate runs)"
        if not noop.get("available"):
            add(label, f"< {TARGETS['noop_regen_s']:g} s", None, None, noop.get("reason", ""))
        else:
            wall = noop["wall"]["median_ms"]
            add(label, f"< {TARGETS['noop_regen_s']:g} s", f"{wall:.2f} s",
                wall < TARGETS["noop_regen_s"])  # fmt: skip
        ratio = scale_ratio(steps)
        count = steps.get("operations", {}).get("count")
        name = f"build + generate of a {count or 1000}-operation document vs openapi-python-client"
        if ratio is None:
            why = next(
                (f"{k}: {v.get('reason', '')}" for k, v in steps.items() if not v.get("available")),
                "not measured",
            )
            add(name, f"<= {TARGETS['scale_vs_opc']:g}x", None, None, why)
        else:
            add(
                name,
                f"<= {TARGETS['scale_vs_opc']:g}x",
                f"{ratio:.2f}x",
                ratio <= TARGETS["scale_vs_opc"],
            )
    return out


# ------------------------------------------------------------------------------- metadata


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    versions = {
        d: version(d)
        for d in ("httpx", "pydantic", "pydantic-core", "gcore", "twelvelabs", "specpress")
    }
    for import_name, dist in OURS.values():
        versions[dist] = version(dist) or (
            "working tree"
            if any((p / import_name).is_dir() for p in generated_src_dirs())
            else None
        )
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "loadavg_at_start": load,
        "versions": versions,
    }


# ------------------------------------------------------------------------------------ main


def run_bench(cfg: Config) -> dict[str, Any]:
    """Run the selected sections and return the results (nothing printed to stdout)."""
    started = time.time()
    results: dict[str, Any] = {
        "meta": {
            **machine_info(),
            "quick": cfg.quick,
            "sections": list(cfg.sections),
            "list_sizes": list(cfg.list_sizes),
            "list_reps": {str(k): v for k, v in (cfg.list_reps or {}).items()},
            "warmup": cfg.warmup,
            "pages": cfg.pages,
            "page_limit": cfg.page_limit,
            "paginate_reps": cfg.paginate_reps,
            "import_reps": cfg.import_reps,
        },
        "sections": {},
    }
    reasons: dict[str, str] = {}
    if "list" in cfg.sections or "paginate" in cfg.sections:
        server = BenchServer()
        try:
            clients = Clients(server.url, official=cfg.official)
            reasons = dict(clients.reasons)
            timer = Timer(clients)
            ctl = httpx.Client(base_url=server.url)
            try:
                if "list" in cfg.sections:
                    log("list(): one page")
                    results["sections"]["list"] = section_list(cfg, timer, ctl)
                if "paginate" in cfg.sections:
                    log("pagination: every item of every page")
                    results["sections"]["paginate"] = section_paginate(cfg, timer, ctl)
            finally:
                ctl.close()
                timer.close()
                clients.close()
        finally:
            server.stop()
    if "import" in cfg.sections:
        log("import time (fresh interpreters)")
        if not reasons:
            from bench.contenders import import_ours

            for key in OURS:
                _mod, why = import_ours(key)
                reasons[f"ours:{key}"] = why
        for key in OFFICIAL:
            reasons.setdefault(f"official:{key}", "not installed")
            if reasons[f"official:{key}"] == "":
                reasons[f"official:{key}"] = "not installed"
        results["sections"]["import"] = section_import(cfg, {k: v for k, v in reasons.items() if v})
    if "toolchain" in cfg.sections:
        log("toolchain (temp copy of the repo)")
        results["sections"]["toolchain"] = section_toolchain(cfg)
    if "scale" in cfg.sections:
        from bench.scale import section_scale

        log("scale: build and generate per API, and a 1,000-operation document beside opc")
        env = _toolchain_env(None)
        results["sections"]["scale"] = section_scale(
            cfg.toolchain_reps if not cfg.quick else 1, env, ROOT.parent / "shared"
        )
    results["targets"] = evaluate_targets(results)
    results["meta"]["duration_s"] = round(time.time() - started, 1)
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (a smoke run)")
    p.add_argument("--only", default="", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    p.add_argument("--out", type=Path, default=None, help="write results.{json,md,png} here")
    p.add_argument("--no-official", action="store_true", help="skip the official SDKs")
    p.add_argument("--no-plot", action="store_true", help="do not draw results.png")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    from bench import report

    args = parse_args(argv)
    sections = tuple(s.strip() for s in args.only.split(",") if s.strip()) or SECTIONS
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        print(
            f"bench: unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}",
            file=sys.stderr,
        )
        return 2
    cfg = Config.make(args.quick, sections, official=not args.no_official)
    results = run_bench(cfg)
    print(report.render_text(results))
    out = args.out
    if out is None and not args.quick and not args.only:
        out = RESULTS_DIR
    if out is not None:
        written = report.write_all(results, out, plot=not args.no_plot)
        print("\nwritten: " + ", ".join(str(p) for p in written))
    else:
        print("\n(quick/--only run: nothing written; pass --out DIR to keep the files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
