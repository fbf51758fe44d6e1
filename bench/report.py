"""Terminal table, results.json, results.md (table + machine) and results.png (log-scale bars)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.contenders import CONTENDERS, LABELS

__all__ = ["render_markdown", "render_text", "write_all"]

KIND_LABELS = {"gcore": "Gcore ai_tasks", "tl_tasks": "TL tasks", "tl_embed": "TL embed-v2 tasks"}
OFFICIAL_NAME = {"gcore": "gcore", "tl_tasks": "twelvelabs", "tl_embed": "twelvelabs"}
IMPORT_LABELS = {
    "baseline": "import httpx, pydantic (baseline)",
    "httpx+BaseModel": "import httpx; from pydantic import BaseModel (info)",
    "ours:gcore": "ours: gcore_streaming_ai",
    "ours:tl": "ours: twelvelabs_tasks",
    "official:gcore": "official: gcore",
    "official:tl": "official: twelvelabs",
}
STEP_LABELS = {
    "full_regen": "full regeneration, both packages",
    "noop_regen": "no-op regeneration",
    "lint": "lint of both patched specs",
    "diff": "diff of two full Gcore Streaming docs",
    "interpreter_start": "specpress --version (imports every stage; info)",
}


def _ms(row: dict[str, Any]) -> str:
    if not row.get("available"):
        return _short(row.get("reason", "n/a"))
    return f"{row['median_ms']:.3g} [{row['p25_ms']:.3g}-{row['p75_ms']:.3g}]"


def _short(reason: str) -> str:
    for key in ("not installed", "not available", "skipped", "error"):
        if reason.startswith(key):
            return key
    return reason[:20]


def _ratio(ratios: dict[str, Any], key: str, fmt: str = "{:.2f}x") -> str:
    r = ratios.get(key)
    return fmt.format(r["median"]) if r else "-"


def _tables(results: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]], list[str]]]:
    """(title, header, rows, notes) per section."""
    out = []
    sec = results["sections"]
    if "list" in sec:
        header = [
            "case",
            *[LABELS[c] for c in CONTENDERS],
            "ours/floor",
            "async/floor",
            "official/ours",
            "off.async/ours async",
            "official/floor",
        ]
        rows, notes = [], set()
        for case in sec["list"]["cases"]:
            c = case["contenders"]
            row = [f"{KIND_LABELS[case['kind']]}, {case['size']}"]
            row += [_ms(c[name]) for name in CONTENDERS]
            r = case["ratios"]
            row += [
                _ratio(r, "ours_sync/floor_pydantic"),
                _ratio(r, "ours_async/floor_pydantic_async"),
                _ratio(r, "official_sync/ours_sync", "{:.1f}x"),
                _ratio(r, "official_async/ours_async", "{:.1f}x"),
                _ratio(r, "official_sync/floor_pydantic", "{:.1f}x"),
            ]
            rows.append(row)
            notes |= {
                f"{LABELS[n]}: {c[n]['reason']}" for n in CONTENDERS if not c[n].get("available")
            }
            notes |= {
                f"{LABELS[n]}: WORKAROUND {w}"
                for n in CONTENDERS
                for w in c[n].get("workarounds", ())
            }
        out.append(
            (
                "list(): one page, ms, median [IQR]; ratios are paired medians",
                header,
                rows,
                sorted(notes),
            )
        )
    if "paginate" in sec:
        header = ["case", *[LABELS[c] for c in CONTENDERS], "ours/floor", "official/ours"]
        rows, notes = [], set()
        for case in sec["paginate"]["cases"]:
            c = case["contenders"]
            row = [f"{KIND_LABELS[case['kind']]}, {case['pages']}x{case['limit']}"]
            for name in CONTENDERS:
                if c[name].get("available"):
                    row.append(f"{c[name]['median_ms']:.4g} ms, {c[name]['requests']:g} req")
                else:
                    row.append(_short(c[name].get("reason", "n/a")))
                    notes.add(f"{LABELS[name]}: {c[name].get('reason', '')}")
                notes |= {f"{LABELS[name]}: WORKAROUND {w}" for w in c[name].get("workarounds", ())}
            r = case["ratios"]
            row += [
                _ratio(r, "ours_sync/floor_pydantic"),
                _ratio(r, "official_sync/ours_sync", "{:.1f}x"),
            ]
            rows.append(row)
        out.append(
            (
                "iterate every item of every page: median ms, requests the server saw",
                header,
                rows,
                sorted(notes),
            )
        )
    if "import" in sec:
        imp = sec["import"]
        header = [
            "package",
            "import ms [IQR]",
            "import + client ms [IQR]",
            "import / baseline",
            "ready / baseline",
        ]
        rows, notes = [], []
        for name, label in IMPORT_LABELS.items():
            row_data = imp["packages"].get(name)
            if row_data is None:
                continue
            if not row_data.get("available"):
                rows.append([label, _short(row_data.get("reason", "")), "", "", ""])
                notes.append(f"{label}: {row_data.get('reason', '')}")
                continue
            i, rd = row_data["import"], row_data["ready"]
            rows.append(
                [
                    label,
                    f"{i['median_ms']:.1f} [{i['p25_ms']:.1f}-{i['p75_ms']:.1f}]",
                    f"{rd['median_ms']:.1f} [{rd['p25_ms']:.1f}-{rd['p75_ms']:.1f}]",
                    "1.00x" if name == "baseline" else _ratio(imp["ratios"], f"{name}/baseline"),
                    "1.00x"
                    if name == "baseline"
                    else _ratio(imp["ratios"], f"{name}/baseline:ready"),
                ]
            )
        out.append(
            ("import time in a fresh interpreter (interpreter start excluded)", header, rows, notes)
        )
    if "toolchain" in sec:
        header = [
            "step",
            "wall s, median [min-max]",
            "cpu s (median)",
            "work s, after imports",
            "command",
        ]
        rows, notes = [], []
        for key, label in STEP_LABELS.items():
            row_data = sec["toolchain"]["steps"].get(key)
            if row_data is None:
                continue
            if not row_data.get("available"):
                rows.append(
                    [label, _short(row_data.get("reason", "")), "", "", row_data.get("command", "")]
                )
                notes.append(f"{label}: {row_data.get('reason', '')}")
                continue
            w = row_data["wall"]
            cpu = row_data.get("cpu")
            rows.append(
                [
                    label,
                    f"{w['median_ms']:.3f} [{w['min_ms']:.3f}-{w['max_ms']:.3f}]",
                    f"{cpu['median_ms']:.3f}" if cpu else "",
                    f"{row_data['in_process']['median_ms']:.3f}"
                    if row_data.get("in_process")
                    else "",
                    row_data.get("command", ""),
                ]
            )
        out.append(
            ("toolchain (fresh interpreter per run, temp copy of the repo)", header, rows, notes)
        )
    if "scale" in sec:
        header = ["step", "wall s, median [min-max]", "command"]
        rows, notes = [], []
        for label, row_data in sec["scale"]["steps"].items():
            if label == "operations":
                notes.append(f"the large document has {row_data['count']} operations")
                continue
            if not row_data.get("available"):
                rows.append([label, _short(row_data.get("reason", "")), ""])
                notes.append(f"{label}: {row_data.get('reason', '')}")
                continue
            w = row_data["wall"]
            rows.append(
                [
                    label,
                    f"{w['median_ms']:.2f} [{w['min_ms']:.2f}-{w['max_ms']:.2f}]",
                    _short(row_data.get("command", "")),
                ]
            )
        out.append(
            ("scale (fresh interpreter per run, temp copy of the repo)", header, rows, notes)
        )
    return out


def _target_rows(results: dict[str, Any]) -> list[list[str]]:
    return [
        [t["status"], t["target"], t["goal"], str(t["value"] or "-"), t.get("detail", "")]
        for t in results["targets"]
    ]


def _fmt_text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def _fmt_md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    esc = lambda s: str(s).replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _machine_line(meta: dict[str, Any]) -> str:
    v = meta["versions"]
    sdks = (
        ", ".join(f"{k} {v[k]}" for k in ("gcore", "twelvelabs") if v.get(k))
        or "official SDKs not installed"
    )
    return (
        f"{meta['cpu']}, {meta['cores']} cores; Python {meta['python']} ({meta['platform']}); "
        f"httpx {v.get('httpx')}, pydantic {v.get('pydantic')}; {sdks}"
    )


def render_text(results: dict[str, Any]) -> str:
    parts = [f"machine: {_machine_line(results['meta'])}"]
    if results["meta"].get("quick"):
        parts.append("QUICK RUN: tiny sizes, one repeat; the figures mean nothing")
    for title, header, rows, notes in _tables(results):
        parts.append(f"\n== {title}\n" + _fmt_text_table(header, rows))
        parts += [f"   note: {n}" for n in notes]
    if results["targets"]:
        parts.append(
            "\n== targets\n"
            + _fmt_text_table(["", "target", "goal", "measured", "detail"], _target_rows(results))
        )
        counts = {
            s: sum(1 for t in results["targets"] if t["status"] == s)
            for s in ("PASS", "MISS", "N/A")
        }
        parts.append(f"\n{counts['PASS']} PASS, {counts['MISS']} MISS, {counts['N/A']} N/A")
    return "\n".join(parts)


def _load(meta: dict[str, Any]) -> str:
    load = meta.get("loadavg_at_start")
    return ", ".join(f"{x:.2f}" for x in load) if load else "n/a"


def render_markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    parts = [
        "# Benchmark results",
        "",
        "Generated by `nox -s bench` (`python -m bench.run`); "
        "see `bench/README.md` for the method.",
        "",
        f"- Machine: {meta['cpu']}, {meta['cores']} cores, load average at start {_load(meta)}",
        f"- Python {meta['python']} ({meta['implementation']}, {meta['platform']})",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items() if v),
        f"- Repeats: list() {meta.get('list_reps')} rounds after {meta['warmup']} warm-up rounds; "
        f"pagination {meta['paginate_reps']} rounds of {meta['pages']} x {meta['page_limit']}; "
        f"import {meta['import_reps']} fresh interpreters per package; "
        f"run took {meta.get('duration_s')} s",
    ]
    if meta.get("quick"):
        parts += ["", "**Quick run: tiny sizes, one repeat; the figures mean nothing.**"]
    for title, header, rows, notes in _tables(results):
        parts += ["", f"## {title}", "", _fmt_md_table(header, rows)]
        if notes:
            parts += [""] + [f"- {n}" for n in notes]
    if results["targets"]:
        parts += [
            "",
            "## Targets",
            "",
            _fmt_md_table(["", "target", "goal", "measured", "detail"], _target_rows(results)),
        ]
    return "\n".join(parts) + "\n"


def plot(results: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    sec = results["sections"]
    panels = [s for s in ("list", "paginate", "import", "toolchain") if s in sec]
    if not panels:
        return False
    fig, axes = plt.subplots(len(panels), 1, figsize=(13, 4.2 * len(panels)))
    axes = [axes] if len(panels) == 1 else list(axes)
    colors = dict(
        zip(
            CONTENDERS,
            ["#1f77b4", "#6baed6", "#d62728", "#ff9896", "#7f7f7f", "#2ca02c", "#98df8a"],
            strict=True,
        )
    )
    for ax, name in zip(axes, panels, strict=True):
        if name in ("list", "paginate"):
            cases = sec[name]["cases"]
            labels = [
                f"{KIND_LABELS[c['kind']]}\n{c['size']} items"
                if name == "list"
                else f"{KIND_LABELS[c['kind']]}\n{c['pages']}x{c['limit']}"
                for c in cases
            ]
            width = 0.8 / len(CONTENDERS)
            for j, cont in enumerate(CONTENDERS):
                xs, ys = [], []
                for i, c in enumerate(cases):
                    row = c["contenders"][cont]
                    if row.get("available"):
                        xs.append(i + (j - len(CONTENDERS) / 2 + 0.5) * width)
                        ys.append(row["median_ms"])
                if ys:
                    ax.bar(xs, ys, width=width, label=LABELS[cont], color=colors[cont])
            ax.set_xticks(range(len(cases)))
            ax.set_xticklabels(labels, fontsize=8)
            ax.set_ylabel("ms (median, log)")
            ax.set_title(
                "list(): one page" if name == "list" else "iterate every item of every page"
            )
            ax.legend(fontsize=7, ncol=4)
        elif name == "import":
            pk = sec["import"]["packages"]
            names = [n for n in IMPORT_LABELS if pk.get(n, {}).get("available")]
            xs = range(len(names))
            ax.bar(
                [x - 0.2 for x in xs],
                [pk[n]["import"]["median_ms"] for n in names],
                width=0.4,
                label="import",
            )
            ax.bar(
                [x + 0.2 for x in xs],
                [pk[n]["ready"]["median_ms"] for n in names],
                width=0.4,
                label="import + client",
            )
            ax.set_xticks(list(xs))
            ax.set_xticklabels(
                [IMPORT_LABELS[n].split(" (")[0] for n in names], fontsize=7, rotation=10
            )
            ax.set_ylabel("ms (median, log)")
            ax.set_title("import time, fresh interpreter")
            ax.legend(fontsize=7)
        else:
            steps = sec["toolchain"]["steps"]
            names = [n for n in STEP_LABELS if steps.get(n, {}).get("available")]
            ax.bar(
                range(len(names)), [steps[n]["wall"]["median_ms"] for n in names], color="#9467bd"
            )
            ax.set_xticks(range(len(names)))
            ax.set_xticklabels([STEP_LABELS[n] for n in names], fontsize=7, rotation=10)
            ax.set_ylabel("s (median wall, log)")
            ax.set_title("toolchain")
        ax.set_yscale("log")
        ax.grid(axis="y", which="both", alpha=0.3)
    fig.suptitle(
        f"specpress bench - {results['meta']['cpu']}, {results['meta']['cores']} cores, "
        f"Python {results['meta']['python']}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_all(
    results: dict[str, Any], out: Path, *, plot_png: bool = True, **kw: Any
) -> list[Path]:
    plot_png = kw.get("plot", plot_png)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    p = out / "results.json"
    p.write_text(json.dumps(results, indent=1, sort_keys=False) + "\n")
    written.append(p)
    p = out / "results.md"
    p.write_text(render_markdown(results))
    written.append(p)
    if plot_png and plot(results, out / "results.png"):
        written.append(out / "results.png")
    return written
