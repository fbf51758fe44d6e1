"""`specpress diff OLD NEW [options]`: parse the arguments, run the diff, print a report.

Exit 1 when a change at or above `--fail-on` exists, 0 otherwise; bad input is a
SpecpressError (one line, exit 2, printed by `specpress.cli`). The Python API view (`--sdk`)
and every report format are imported only when used, so a plain diff stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from specpress.diff.engine import diff_files
from specpress.diff.model import STABILITY_LEVELS, DiffOptions, DiffResult, sort_key
from specpress.diff.overrides import (
    apply_ignore,
    apply_levels,
    apply_overrides,
    load_ignore,
    load_rule_overrides,
    load_severity_levels,
)
from specpress.diff.report import FORMATS, render
from specpress.diff.rules import LEVELS


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
    parser.add_argument("--format", choices=tuple(FORMATS), default="text")
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
        from specpress.diff.sdk import sdk_changes  # the generator: only for --sdk

        changes += sdk_changes(args.sdk, args.old, args.new)
    changes = apply_overrides(apply_ignore(apply_levels(changes, levels), ignore), overrides)
    result = DiffResult(sorted(changes, key=sort_key))
    output = render(result, args.format, color=_use_color(), source=str(args.new))
    sys.stdout.write(output)
    return 1 if result.fails(args.fail_on) else 0


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
