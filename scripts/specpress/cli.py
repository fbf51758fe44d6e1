"""The `specpress` command: parses arguments and calls the stages' entry functions.

Each stage's `cli` module registers its sub-commands (`register(subparsers)`, setting
`func(args) -> int`) and imports the stage itself only inside the handler, and only the chosen
command's `cli` module is imported at all: `specpress diff` never loads ruamel.yaml, the
validators or the generator. Every `SpecpressError` becomes one `specpress: error:` line per
defect and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from specpress import __version__
from specpress.errors import SpecpressError

# Sub-command -> the module that registers it.
COMMANDS = {
    "build": "specpress.spec.cli",
    "lint": "specpress.spec.cli",
    "vendor": "specpress.spec.cli",
    "generate": "specpress.generate.cli",
    "diff": "specpress.diff.cli",
    "contract": "specpress.contract.cli",
    "record": "specpress.contract.cli",
    "release": "specpress.release.cli",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def _modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The chosen command's module, or every module (for help and for an unknown command)."""
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
        from specpress.paths import repo_root

        for line in exc.relative_to(repo_root()).lines():
            print(f"specpress: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("specpress: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
