"""`specpress build`, `specpress lint`, `specpress vendor`: arguments in, entry functions called.

Each handler imports its stage only when that command runs (the validators behind `lint` alone
cost about half a second).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError, SpecpressErrors
from specpress.paths import display, repo_root


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = subparsers.add_parser(
        "build", help="rebuild specs/<api>/openapi.yaml from upstream/ and patches.yaml"
    )
    build.add_argument("apis", nargs="*", metavar="API", help="default: every API in specs/")
    build.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a committed file is stale"
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild even when the fingerprint is unchanged"
    )
    build.add_argument(
        "--keep-going",
        action="store_true",
        help="run to the end despite problems, report them all and write the patched document "
        "to specs/<api>/openapi.inspect.yaml (git-ignored); still exits non-zero",
    )
    build.set_defaults(func=run_build)

    lint = subparsers.add_parser(
        "lint", help="validate OpenAPI files: openapi-spec-validator plus project rules"
    )
    lint.add_argument("files", nargs="+", type=Path, metavar="FILE")
    lint.add_argument(
        "--expected", type=Path, help="expected-findings list (one FILE only): fail on differences"
    )
    lint.add_argument(
        "--format",
        choices=("text", "json", "expected"),
        default="text",
        help="`expected` prints the findings as a lint-expected.yaml body",
    )
    lint.set_defaults(func=run_lint)

    vendor = subparsers.add_parser(
        "vendor",
        help="add a new API from its document, or take a new upstream version of one: patch, "
        "lint, diff, regenerate, re-validate",
    )
    vendor.add_argument("api", help="the API folder under specs/ (a new name creates specs/<api>/)")
    vendor.add_argument("file", help="the new upstream document (YAML or JSON)")
    vendor.add_argument(
        "--accept-rejections",
        action="store_true",
        help="proceed even when recordings fail against the new spec",
    )
    vendor.set_defaults(func=run_vendor)


def run_build(args: argparse.Namespace) -> int:
    root = repo_root()
    apis = list(args.apis)
    if not (args.check or args.force):
        # the fingerprints first, without the build's imports: a no-op build stays fast
        from specpress.paths import api_names
        from specpress.spec.stamp import skipped_line, up_to_date

        wanted = apis or api_names(root)
        apis = [api for api in wanted if not up_to_date(root, api)]
        for api in wanted:
            if api not in apis:
                print(skipped_line(api))
        if not apis:
            return 0
    from specpress.spec.build import build_all, stale_outputs, write_inspection, write_results

    results = build_all(root, apis, log=print, keep_going=bool(args.keep_going), cache=True)
    failed = [r for r in results if r.problems]
    if failed:
        for result in failed:
            written = write_inspection(result)
            if written is not None:
                print(f"{result.api}: wrote {display(written, root)} (for inspection only)")
        raise SpecpressErrors([e for r in failed for e in r.problems])
    if args.check:
        stale = stale_outputs(results, fingerprints=True)
        for path in stale:
            print(f"stale: {display(path, root)}, run nox -s regenerate")
        return 1 if stale else 0
    write_results(results)
    for result in results:
        print(f"wrote {display(result.output, root)} ({result.mode} mode)")
    return 0


def run_lint(args: argparse.Namespace) -> int:
    from specpress.spec.lint.check import lint_file
    from specpress.spec.lint.findings import Finding, compare, load_expected, render_expected

    if args.expected is not None and len(args.files) != 1:
        raise SpecpressError("--expected takes exactly one FILE")
    expected = load_expected(args.expected) if args.expected is not None else None
    report: list[dict[str, Any]] = []
    failed = False
    for path in args.files:
        _require_built(path)
        findings = lint_file(path)
        entry: dict[str, Any] = {"file": str(path), "findings": [asdict(f) for f in findings]}
        if expected is not None:
            mismatches = compare(findings, expected)
            entry["mismatches"] = [asdict(m) for m in mismatches]
            failed = failed or bool(mismatches)
        else:
            failed = failed or any(f.severity == "error" for f in findings)
        report.append(entry)
    if args.format == "expected":
        print(render_expected([Finding(**f) for e in report for f in e["findings"]]), end="")
    elif args.format == "json":
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_lint(report, expected is not None)
    return 1 if failed else 0


def _require_built(path: Path) -> None:
    """A patched spec not built yet: say how to build it."""
    if not path.exists() and path.name == "openapi.yaml" and path.parent.parent.name == "specs":
        raise SpecpressError(
            f"no such file: run `specpress build {path.parent.name}` first", file=path
        )


def _print_lint(report: list[dict[str, Any]], with_expected: bool) -> None:
    for entry in report:
        file = entry["file"]
        if with_expected:
            for m in entry["mismatches"]:
                detail = f": {m['message']}" if m["message"] else ""
                print(f"{file}:{m['pointer']}: {m['kind']} [{m['rule']}]{detail}")
            listed = len(entry["findings"]) - sum(
                1 for m in entry["mismatches"] if m["kind"] == "unlisted finding"
            )
            print(f"{file}: {listed} listed finding(s), {len(entry['mismatches'])} mismatch(es)")
            continue
        for f in entry["findings"]:
            print(f"{file}:{f['pointer']}: {f['severity']} [{f['rule']}] {f['message']}")
        print(f"{file}: {len(entry['findings'])} finding(s)")


def run_vendor(args: argparse.Namespace) -> int:
    from specpress.spec.vendor import proposed_bump, vendor

    root = repo_root()
    if not (root / "specs" / args.api / "upstream").is_dir():
        return _vendor_new(root, args.api, Path(args.file))
    report = vendor(root, args.api, Path(args.file), accept_rejections=args.accept_rejections)
    print(f"{args.api}: vendored {report.stored}; proposed bump: {proposed_bump(report)}")
    # the version itself is release's business (spec/ never imports release/, which builds on it)
    print(
        "next: review `git diff`, run nox -s tests, then "
        f"`specpress release {args.api} --dry-run` (the next version) and `specpress release`"
    )
    return 0


def _vendor_new(root: Path, api: str, file: Path) -> int:
    from specpress.spec.newapi import vendor_new

    created = vendor_new(root, api, file)
    errors = sum(1 for f in created.findings if f.severity == "error")
    print(
        f"next: `specpress build {api}` (normalization rewrites the mechanical findings; any "
        f"other error of the {errors} listed in lint-expected.yaml needs a patch group; "
        f"`--keep-going` writes the patched document for inspection), then `specpress generate "
        f"{api}`; review specs/{api}/sdk.yaml (README 'Adding a vendor API')"
    )
    return 0
