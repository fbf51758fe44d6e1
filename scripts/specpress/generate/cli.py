"""``specpress generate [--check] [--force] [API...]``: arguments in, ``package`` functions out."""

from __future__ import annotations

import argparse
import sys
import time

from specpress.errors import SpecpressError
from specpress.paths import api_names, display, repo_root, specs_dir

from .package import check_api, generate_api

__all__ = ["register", "run"]


def _apis(requested: list[str]) -> list[str]:
    root = repo_root()
    known = [a for a in api_names(root) if (specs_dir(root) / a / "sdk.yaml").is_file()]
    if not requested:
        return known
    for api in requested:
        if api not in api_names(root):
            raise SpecpressError(f"unknown API {api!r} (known: {', '.join(api_names(root))})")
    return requested


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "generate", help="regenerate the client packages in generated/<dist>/"
    )
    parser.add_argument(
        "apis", nargs="*", metavar="API", help="default: every API with an sdk.yaml"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 naming stale generated files"
    )
    parser.add_argument(
        "--force", action="store_true", help="regenerate even when the fingerprint is unchanged"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root()
    apis = _apis(list(args.apis))
    if args.check:
        stale = [rel for api in apis for rel in check_api(root, api)]
        for rel in stale:
            print(f"stale: {rel}, run `specpress generate`")
        return 1 if stale else 0
    for api in apis:
        started = time.monotonic()
        result = generate_api(root, api, force=bool(getattr(args, "force", False)))
        if result.skipped:
            print(f"{result.dist}: up to date, skipped")
            continue
        for left in result.left_out:
            spec = display(result.spec, root) if result.spec else api
            print(f"specpress: warning: {spec}:{left.where}: {left.line}", file=sys.stderr)
        note = f", {len(result.left_out)} operations left out" if result.left_out else ""
        print(f"{result.dist}: generated in {time.monotonic() - started:.1f}s{note}")
    return 0
