"""The `specpress` command: one sub-command per pipeline stage, one clear line per failure."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from specpress import __version__
from specpress.errors import SpecpressError

# Each module registers its own sub-command(s) through `register(subparsers)` and sets
# `func(args) -> int` on its parser; the CLI knows nothing else about them.
COMMAND_MODULES = (
    "specpress.build",
    "specpress.lint",
    "specpress.generate",
    "specpress.diff",
    "specpress.vendor",
    "specpress.contract",
    "specpress.record",
    "specpress.release",
)
# Sub-command name -> its module: only the chosen stage is imported (the validators behind
# `lint` alone cost about half a second), so `specpress diff` starts fast.
COMMANDS = {name.rsplit(".", 1)[1]: name for name in COMMAND_MODULES}


def _modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The chosen stage's module, or every module (for help and for an unknown command)."""
    chosen = next((w for w in argv or () if not w.startswith("-")), None)
    return (COMMANDS[chosen],) if chosen in COMMANDS else COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specpress",
        description="Vendored, patched OpenAPI specs in; typed, tested, published clients out.",
    )
    parser.add_argument("--version", action="version", version=f"specpress {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _modules_for(argv):
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except SpecpressError as exc:
        for line in exc.lines():
            print(f"specpress: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("specpress: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
