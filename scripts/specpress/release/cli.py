"""`specpress release`: arguments in, entry functions called (imported only when chosen)."""

from __future__ import annotations

import argparse
from pathlib import Path

from specpress.errors import SpecpressError
from specpress.paths import display, generated_dir, repo_root


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "release",
        help="compute the next version of a package, regenerate it, write the changelog",
        description="Gates (build, generate --check, recordings), version from the diff since "
        "specs/<api>/releases.yaml, then sdk.yaml + regenerate + CHANGELOG.md + releases.yaml.",
    )
    parser.add_argument("api", nargs="?", help="the API under specs/")
    parser.add_argument("--version", dest="release_version", metavar="X.Y.Z")
    parser.add_argument(
        "--repository-url", metavar="URL", help="refuse if the version is on this index already"
    )
    parser.add_argument("--dry-run", action="store_true", help="check and compute; write nothing")
    parser.add_argument(
        "--init", action="store_true", help="record the current state as the first release"
    )
    parser.add_argument(
        "--build", nargs="*", metavar="PKG_DIR",
        help="only build sdist+wheel of these package dirs (default: generated/*) into dist/",
    )  # fmt: skip
    parser.add_argument(
        "--publish", nargs="*", metavar="DIST_DIR",
        help="only upload these dist/<dist>/ dirs (default: all) to --repository-url",
    )  # fmt: skip
    parser.set_defaults(func=run)


def _generated(root: Path) -> list[Path]:
    return sorted(p for p in generated_dir(root).glob("*") if (p / "pyproject.toml").is_file())


def run(args: argparse.Namespace) -> int:
    root = repo_root()
    if args.build is not None:
        from specpress.release.dist import build_package, sha256_file

        pkgs = [Path(p) for p in args.build] or _generated(root)
        for pkg in pkgs:
            files = build_package(pkg, root / "dist" / pkg.name)
            for file in files:
                shown = display(file, root)
                print(f"{sha256_file(file)}  {shown}")
        return 0
    if args.publish is not None:
        from specpress.release.dist import publish

        if not args.repository_url:
            raise SpecpressError("--publish needs --repository-url URL")
        dirs = [Path(p) for p in args.publish] or sorted(
            p for p in (root / "dist").glob("*") if p.is_dir()
        )
        for folder in dirs:
            files = sorted(f for f in folder.iterdir() if f.name.endswith((".whl", ".tar.gz")))
            publish(files, args.repository_url, dry_run=args.dry_run)
        return 0
    if not args.api:
        raise SpecpressError("name the API to release (one of specs/*)")
    if args.init:
        from specpress.release.history import init_history

        print(f"wrote {init_history(root, args.api)}")
        return 0
    from specpress.release.plan import release

    release(
        root,
        args.api,
        version=args.release_version,
        repository_url=args.repository_url,
        dry_run=args.dry_run,
    )
    return 0
