"""`specs/<api>/CHANGELOG.md`: one entry per release, written from the diff since the last one.

The changelog lives in `specs/<api>/` rather than in `generated/<dist>/`: the generator swaps
`generated/<dist>/` atomically on every run and `generate --check` would flag a foreign file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specpress.release.history import Plan
from specpress.semver import effective_bump

CHANGELOG_NAME = "CHANGELOG.md"


def changelog_entry(plan: Plan) -> str:
    """`## <version>` with Breaking / Added / Changed / Fixed sections from the diff."""
    from specpress.diff import DiffResult, bump_for, render_markdown

    lines = [f"## {plan.version}", ""]
    state = plan.state
    lines.append(
        f"Upstream `{state.upstream}` (info.version `{state.upstream_version}`); patched spec "
        f"sha256 `{state.spec_sha256[:12]}`. Bump: {effective_bump(plan.version, plan.bump)}."
    )
    lines.append("")
    # an addition is an INFO change the diff rates a minor bump (its one notion of "additive")
    info = [c for c in plan.changes if c.level == "INFO"]
    added = [c for c in info if bump_for([c]) == "minor"]
    other_info = [c for c in info if c not in added]
    sections: list[tuple[str, list[Any]]] = [
        ("Breaking", [c for c in plan.changes if c.level == "ERR"]),
        ("Added", added),
        ("Changed", [c for c in plan.changes if c.level == "WARN"] + other_info),
    ]
    fixed: list[str] = []
    if plan.toolchain_bump != "none":
        fixed.append("- Regenerated with changed templates or toolchain.")
    fixed += [f"- {note}" for note in plan.notes]
    for title, items in sections:
        if items:
            lines += [f"### {title}", ""]
            lines += [f"- {c.operation}: {c.message} (`{c.label}`)" for c in items]
            lines.append("")
    if fixed:
        lines += ["### Fixed", "", *fixed, ""]
    if plan.changes:
        detail = render_markdown(DiffResult(list(plan.changes)))
        lines += ["<details><summary>Full diff</summary>", "", detail.replace("## ", "#### ", 1)]
        lines += ["</details>", ""]
    if len(lines) == 4:
        lines += ["No API changes.", ""]
    return "\n".join(lines) + "\n"


def prepend_changelog(path: Path, entry: str, dist: str) -> str:
    title = f"# Changelog: {dist}\n\n"
    old = path.read_text("utf-8") if path.is_file() else title
    body = old[len(title) :] if old.startswith(title) else old
    return title + entry + ("\n" + body if body.strip() else "")
