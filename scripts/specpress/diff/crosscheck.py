"""Side by side: what `specpress diff` and `redocly diff` (pinned @redocly/cli) report for one pair.

Used by `nox -s diff-crosscheck` (needs Node). Both JSON reports are reduced to one row per
operation (or path, for whole-path changes): our rule ids with levels on the left, Redocly's rule
ids with impacts on the right, so a reviewer sees at a glance what each tool notices that the
other does not. Redocly changes without a verdict (it rates them `patch` with no rule) are left
out, as Redocly itself does in its summary of breaking changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from specpress.openapi.document import HTTP_METHODS
from specpress.openapi.pointer import unescape


def redocly_operation(pointer: str) -> str:
    """`#/paths/~1a~1{id}/get/responses/...` -> `GET /a/{id}`; components and info stay as is."""
    tokens = pointer.removeprefix("#").strip("/").split("/")
    if len(tokens) >= 2 and tokens[0] == "paths":
        path = unescape(tokens[1])
        if len(tokens) >= 3 and tokens[2] in HTTP_METHODS:
            return f"{tokens[2].upper()} {path}"
        return path
    return tokens[0] if tokens and tokens[0] else "api"


def redocly_rows(report: dict[str, Any]) -> dict[str, set[str]]:
    rows: dict[str, set[str]] = defaultdict(set)
    for change in report.get("changes", []):
        operation = redocly_operation(str(change.get("path", "")))
        for key in _expand_path_item(operation, change):
            for verdict in change.get("verdicts", []):
                rows[key].add(f"{verdict['ruleId']} ({verdict['impact']})")
    return rows


def _expand_path_item(operation: str, change: dict[str, Any]) -> list[str]:
    """A whole path added or removed is one Redocly change; specpress lists its operations."""
    if " " in operation or not operation.startswith("/"):
        return [operation]
    side = change.get("base") or change.get("revision") or {}
    item = side.get("value") if isinstance(side, dict) else None
    methods = [m for m in HTTP_METHODS if isinstance(item, dict) and m in item]
    return [f"{m.upper()} {operation}" for m in methods] or [operation]


def ours_rows(report: dict[str, Any]) -> dict[str, set[str]]:
    rows: dict[str, set[str]] = defaultdict(set)
    for change in report.get("changes", []):
        if change["operation"] == "components":
            continue  # the same change is listed under each affected operation
        rows[str(change["operation"])].add(f"{change['id']} ({change['level']})")
    return rows


def _path_of(operation: str) -> str:
    return operation.split(" ", 1)[1] if " " in operation else operation


def side_by_side(ours: dict[str, Any], redocly: dict[str, Any]) -> str:
    """A plain-text table plus a one-line tally of agreement."""
    left, right = ours_rows(ours), redocly_rows(redocly)
    keys = sorted(set(left) | set(right), key=lambda k: (_path_of(k), k))
    lines = [f"{'operation':50} | {'specpress':60} | redocly"]
    lines.append("-" * 150)
    both = only_ours = only_redocly = 0
    for key in keys:
        mine, theirs = sorted(left.get(key, ())), sorted(right.get(key, ()))
        if mine and theirs:
            both += 1
        elif mine:
            only_ours += 1
        else:
            only_redocly += 1
        for index in range(max(len(mine), len(theirs), 1)):
            label = key if index == 0 else ""
            a = mine[index] if index < len(mine) else ""
            b = theirs[index] if index < len(theirs) else ""
            lines.append(f"{label[:50]:50} | {a[:60]:60} | {b}")
    lines.append(
        f"{len(keys)} operations changed: {both} flagged by both, {only_ours} only by specpress, "
        f"{only_redocly} only by redocly; redocly bump {redocly.get('bump')}, "
        f"specpress bump {ours.get('bump')}"
    )
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ours", help="specpress diff --format json output")
    parser.add_argument("redocly", help="redocly diff --format json output")
    args = parser.parse_args(list(argv) if argv is not None else None)
    ours = json.loads(Path(args.ours).read_text(encoding="utf-8"))
    redocly = json.loads(Path(args.redocly).read_text(encoding="utf-8"))
    print(side_by_side(ours, redocly))
    return 0


if __name__ == "__main__":
    sys.exit(main())
