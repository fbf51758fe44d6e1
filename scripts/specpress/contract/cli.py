"""`specpress contract` and `specpress record`: arguments in, entry functions called."""

from __future__ import annotations

import argparse

from specpress.paths import repo_root


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    contract = subparsers.add_parser(
        "contract", help="validate every recording against a spec (default: the patched one)"
    )
    contract.add_argument("--spec", help="an OpenAPI file to validate against (another version)")
    contract.add_argument("--api", help="only this API's recordings")
    contract.add_argument("-v", "--verbose", action="store_true", help="list accepted ones too")
    contract.set_defaults(func=run_contract)

    record = subparsers.add_parser(
        "record", help="call the API through the generated client and save a recording"
    )
    record.add_argument("api")
    record.add_argument("operation", help="operationId in specs/<api>/openapi.yaml")
    record.add_argument("--param", action="append", default=[], metavar="K=V")
    record.add_argument("--case", required=True, help="file name of the new case (no .json)")
    record.add_argument("--base-url", help="where to send the call (default: the vendor's API)")
    record.add_argument("--note", default="", help="what this case is")
    record.add_argument("--force", action="store_true", help="overwrite an existing case")
    record.set_defaults(func=run_record)


def run_contract(args: argparse.Namespace) -> int:
    from specpress.contract.validate import validate_recordings

    verdicts = validate_recordings(repo_root(), args.api, args.spec)
    rejected = 0
    for verdict in verdicts:
        if verdict.errors:
            rejected += 1
            print(f"REJECTED {verdict.name}: {verdict.errors[0]}")
        elif args.verbose:
            print(f"ok       {verdict.name}")
    total = len(verdicts)
    print(f"{total - rejected} of {total} recordings accepted, {rejected} rejected")
    return 1 if rejected else 0


def run_record(args: argparse.Namespace) -> int:
    from specpress.contract.record import parse_params, record

    path = record(
        args.api,
        args.operation,
        parse_params(args.param),
        args.case,
        base_url=args.base_url,
        note=args.note,
        force=args.force,
    )
    print(f"wrote {path}")
    return 0
