"""Recordings as contracts: `recordings` (format, loader), `validate` (openapi-core, the
`specpress contract` entry point), `mutants`, `record` (the `specpress record` entry point) and
`secretscan`. The names the client suites and other stages use are handed on here."""

from __future__ import annotations

from specpress.contract.mutants import SPEC_MUST_REJECT, Mutant, mutants
from specpress.contract.recordings import (
    Recording,
    load_recordings,
    parse_recording,
    recordings_dir,
    scan_recording,
)
from specpress.contract.validate import SpecValidator, response_schema, validate_recordings

__all__ = [
    "SPEC_MUST_REJECT",
    "Mutant",
    "Recording",
    "SpecValidator",
    "load_recordings",
    "mutants",
    "parse_recording",
    "recordings_dir",
    "response_schema",
    "scan_recording",
    "validate_recordings",
]
