"""Wire diff of two OpenAPI documents: oasdiff's ids and semantics, a semver bump, the CLI.

The work is split by part, each a `diff_*` module: `diff_model` (Change, DiffOptions,
DiffResult), `diff_rules` (the rule table), `diff_load` (documents and `$ref`s), `diff_schema`
(the schema-diff tree), `diff_site`, `diff_types`, `diff_lifecycle` and `diff_schema_checks`
(the schema rules), `diff_context`, `diff_operations`, `diff_parameters` and `diff_bodies`
(operations and the document), `diff_overrides` (severity, ignore and rules files),
`diff_report` (formats), `diff_sdk` (the Python API view). This module puts them together and
keeps the entry points other stages use: `load_document`, `diff_documents`, `diff_files`,
`bump_for`, `sdk_changes`, `python_changes`, and `diff_report.render`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from specpress.diff_load import Document, load_document
from specpress.diff_model import (
    STABILITY_LEVELS,
    Change,
    DiffOptions,
    DiffResult,
    bump_for,
    sort_key,
)
from specpress.diff_operations import Differ
from specpress.diff_overrides import (
    IgnoreEntry,
    RuleOverride,
    apply_ignore,
    apply_levels,
    apply_overrides,
    load_ignore,
    load_rule_overrides,
    load_severity_levels,
)
from specpress.diff_report import render, render_markdown
from specpress.diff_rules import LEVEL_RANK, LEVELS
from specpress.diff_sdk import python_changes, sdk_changes
from specpress.errors import SpecpressError

__all__ = [
    "Change",
    "DiffOptions",
    "DiffResult",
    "Document",
    "IgnoreEntry",
    "RuleOverride",
    "SpecpressError",
    "apply_overrides",
    "bump_for",
    "diff_documents",
    "diff_files",
    "load_document",
    "load_rule_overrides",
    "python_changes",
    "render",
    "render_markdown",
    "sdk_changes",
]

_SUBJECT = re.compile(r"^[^`:]*`[^`]*`")


def _identity(change: Change) -> tuple[str, str]:
    """Location plus the message without its leading subject (`response property `a.b``)."""
    return change.location, _SUBJECT.sub("", change.message, count=1)


def _component_copies(changes: list[Change]) -> list[Change]:
    """One `components` entry per change found inside a shared component (see docs)."""
    groups: dict[tuple[str, str, str], list[Change]] = {}
    for change in changes:
        if change.location.startswith("/components/") and change.operation not in (
            "components",
            "api",
        ):
            groups.setdefault((change.id, *_identity(change)), []).append(change)
    copies = []
    for (_, _, _), group in sorted(groups.items()):
        first = group[0]
        ops = sorted({c.operation for c in group})
        level = max((c.level for c in group), key=LEVEL_RANK.__getitem__)
        shown = ", ".join(ops[:5]) + (f" and {len(ops) - 5} more" if len(ops) > 5 else "")
        message = f"{min(c.message for c in group)} (in {len(ops)} operation"
        message += f"{'s' if len(ops) > 1 else ''}: {shown})"
        copies.append(
            Change(first.id, level, "components", first.location, message, first.detail_id)
        )
    return copies


def diff_documents(
    old: Mapping[str, Any], new: Mapping[str, Any], options: DiffOptions | None = None
) -> DiffResult:
    """Compare two loaded OpenAPI documents: sorted, de-duplicated, overridden changes.

    Documents from `load_document` know their file, so relative file `$ref`s are followed
    (inside the document's tree only); plain mappings follow local refs only.
    """
    options = options or DiffOptions()
    try:
        raw = Differ(old, new, options).run()
    except RecursionError:
        raise SpecpressError("schemas nest too deeply to compare") from None
    # A schema reached twice inside one operation (two properties referring to it) is still one
    # change: the same rule, location and detail; the first property path names it.
    first: dict[tuple[str, str, str, str], Change] = {}
    for change in sorted(set(raw), key=sort_key):
        first.setdefault((change.id, change.operation, *_identity(change)), change)
    unique = list(first.values())
    changes = unique + _component_copies(unique)
    changes = apply_levels(changes, options.levels)
    changes = apply_ignore(changes, options.ignore)
    changes = apply_overrides(changes, options.overrides)
    return DiffResult(sorted(changes, key=sort_key))


def diff_files(old: str | Path, new: str | Path, options: DiffOptions | None = None) -> DiffResult:
    """Load and compare two OpenAPI files (YAML or JSON)."""
    return diff_documents(load_document(old), load_document(new), options)


# --- CLI --------------------------------------------------------------------------------------


def _level_arg(value: str) -> str:
    upper = value.upper()
    if upper not in LEVELS:
        raise argparse.ArgumentTypeError(f"must be one of ERR, WARN, INFO (got {value!r})")
    return upper


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def _days_arg(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of days, got {value!r}")
    return int(value)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="breaking-change report between two OpenAPI documents",
        description="Compare two OpenAPI 3.0/3.1 documents with oasdiff's rules "
        "(docs/diff-rules.md). Exit 1 at or above --fail-on, 2 on bad input.",
    )
    parser.add_argument("old", type=Path, help="the previous document")
    parser.add_argument("new", type=Path, help="the new document")
    parser.add_argument(
        "--format", choices=("text", "json", "markdown", "github", "junit"), default="text"
    )
    parser.add_argument(
        "--fail-on",
        type=_level_arg,
        metavar="ERR|WARN|INFO",
        help="exit 1 when a change at or above this level exists",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="FILE",
        help="per-rule / per-operation level overrides (YAML), each with a reason",
    )
    parser.add_argument(
        "--severity-levels",
        type=Path,
        metavar="FILE",
        help="oasdiff's format: `<id> err|warn|info|none` per line",
    )
    parser.add_argument(
        "--ignore",
        type=Path,
        metavar="FILE",
        help="oasdiff's format: `METHOD /path <change text>` per line; matching changes dropped",
    )
    parser.add_argument(
        "--forward-compatible",
        action="store_true",
        help="clients keep unknown enum values: response enum additions are INFO",
    )
    parser.add_argument(
        "--today",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="the date x-sunset is judged against (default: today, UTC)",
    )
    parser.add_argument(
        "--include-path-params",
        action="store_true",
        help="path parameter names are part of the path (a rename is a removed and an added "
        "operation); default: ignored",
    )
    parser.add_argument(
        "--deprecation-days-beta",
        type=_days_arg,
        default=0,
        metavar="N",
        help="a deprecated beta operation must announce an x-sunset at least N days away",
    )
    parser.add_argument(
        "--deprecation-days-stable",
        type=_days_arg,
        default=0,
        metavar="N",
        help="a deprecated stable operation must announce an x-sunset at least N days away",
    )
    parser.add_argument(
        "--stability-level",
        choices=STABILITY_LEVELS,
        default="beta",
        help="operations with a lower x-stability-level are left out (default: beta)",
    )
    parser.add_argument(
        "--sdk",
        metavar="API",
        help="also regenerate the client of specs/API for both and diff its Python API",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    overrides = load_rule_overrides(args.rules) if args.rules else ()
    levels = load_severity_levels(args.severity_levels) if args.severity_levels else {}
    ignore = load_ignore(args.ignore) if args.ignore else ()
    options = DiffOptions(
        forward_compatible_enums=args.forward_compatible,
        today=args.today,
        deprecation_days_beta=args.deprecation_days_beta,
        deprecation_days_stable=args.deprecation_days_stable,
        stability_level=args.stability_level,
        include_path_params=args.include_path_params,
    )
    result = diff_files(args.old, args.new, options)
    changes = list(result.changes)
    if args.sdk:
        changes += sdk_changes(args.sdk, args.old, args.new)
    changes = apply_overrides(apply_ignore(apply_levels(changes, levels), ignore), overrides)
    result = DiffResult(sorted(changes, key=sort_key))
    output = render(result, args.format, color=_use_color(), source=str(args.new))
    sys.stdout.write(output)
    return 1 if result.fails(args.fail_on) else 0


def _use_color() -> bool:
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
