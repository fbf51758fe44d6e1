"""`specpress lint`: openapi-spec-validator plus the checks it misses, as located findings.

Every finding has a rule id, a JSON Pointer, a message and a severity. Rules:

- `openapi-schema`: structural errors from openapi-spec-validator 0.8 (all of them, located);
  its unlocated default-value errors and duplicate-operationId errors are left to the rules below,
  which say where;
- `duplicate-enum-value`: OpenAPI 3.1 (JSON Schema 2020-12) only says enum items SHOULD be unique;
- `duplicate-documented-code`: a quoted code listed twice in a description (`- 'dut': Nynorsk` ...
  `- 'dut': Dutch`): such lists become enums and docs for users;
- `default-invalid`, `example-invalid`: `default`, `example`, `examples` that do not validate
  against their own schema (jsonschema, local `$ref`s resolved; OpenAPI 3.0 `nullable` honoured);
- `nullable-ignored`: `nullable` in an OpenAPI 3.1 document, where it means nothing;
- `tag-not-string`, `duplicate-operation-id`, `unresolved-ref` (local `$ref` to nowhere);
- `fragment-path-key`: `/x#variant` path keys (normalization merges them);
- `allof-sibling-properties`: `allOf` with sibling `properties`/`required` (openapi-python-client
  drops the siblings; normalization splits them).

Upstream files are checked against an expected-findings list (`--expected`): a finding not on the
list fails as "unlisted finding", a listed one that no longer occurs fails as "listed finding gone".
Documents are read in the fast read mode (`specpress.openapi.load.read_plain`): lint needs
plain data, not a round trip. Modules: `check` (this entry point and openapi-spec-validator),
`rules` (the project rules), `places` (where schemas are), `values` (default/example
validation), `findings` (findings and expected-findings lists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError

from specpress.openapi import pointer
from specpress.openapi.load import read_plain
from specpress.openapi.refs import (
    Sandbox,
    check_hermetic,
    refusal,
    sandbox_for,
    spec_validator_class,
)
from specpress.spec.lint.findings import Finding
from specpress.spec.lint.rules import RULES

__all__ = ["check_openapi_schema", "lint_document", "lint_file"]


def check_openapi_schema(
    doc: Any, source: Path | None = None, sandbox: Sandbox | None = None
) -> list[Finding]:
    """Structural errors from openapi-spec-validator, located by their path."""
    cls = spec_validator_class(doc, sandbox)
    if cls is None:
        version = str(doc.get("openapi") or doc.get("swagger") or "")
        return [Finding("openapi-schema", "/openapi", f"unknown OpenAPI version {version!r}")]
    findings: list[Finding] = []
    base_uri = source.resolve().as_uri() if source is not None else ""
    try:
        for error in cls(doc, base_uri=base_uri).iter_errors():
            if isinstance(error, ValidationError):
                if not error.absolute_path:
                    continue  # unlocated default checks: see default-invalid
                findings.append(
                    Finding("openapi-schema", pointer.join(*error.absolute_path), error.message)
                )
            elif type(error).__name__ != "DuplicateOperationIDError":
                findings.append(Finding("openapi-schema", "", str(error)))
    except Exception as exc:  # the validator can crash on broken documents; report, go on
        refused = refusal(exc)
        message = refused.message if refused is not None else str(exc)
        message = message if len(message) <= 200 else message[:197] + "..."
        findings.append(Finding("openapi-schema", "", f"validator stopped: {message}"))
    return findings


def lint_document(
    doc: Any, *, source: Path | None = None, sandbox: Sandbox | None = None
) -> list[Finding]:
    """All findings for a plain-data document, sorted by pointer then rule.

    `source` is the file the document came from: its relative `$ref`s may name files vendored
    beside it (see `sandbox`); a reference leaving the sandbox is a SpecpressError, not a finding.
    """
    if not isinstance(doc, dict):
        return [Finding("openapi-schema", "", "document is not a mapping")]
    sandbox = sandbox if sandbox is not None else sandbox_for(source)
    check_hermetic(doc, source, sandbox)
    findings = set(check_openapi_schema(doc, source, sandbox))
    findings |= {f for rule in RULES for f in rule(doc)}
    # the validator's generic message is dropped where a project rule explains the same spot
    explained = {f.pointer for f in findings if f.rule != "openapi-schema"}
    if any(f.rule == "unresolved-ref" for f in findings):
        explained.add("")  # the validator stops at the first broken $ref
    findings = {f for f in findings if f.rule != "openapi-schema" or f.pointer not in explained}
    return sorted(findings, key=lambda f: (f.pointer, f.rule, f.message))


def lint_file(path: Path) -> list[Finding]:
    return lint_document(read_plain(path), source=path)
