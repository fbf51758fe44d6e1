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
Plain data is loaded with the pure-Python safe loader: no round trip is needed here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from jsonschema import Draft4Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from openapi_spec_validator import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4, DRAFT202012

from specpress.errors import SpecpressError
from specpress.load import HTTP_METHODS, escape_pointer_token, load_plain, pointer, walk
from specpress.sandbox import Sandbox, check_hermetic, offline_handlers, refusal, sandbox_for

Severity = Literal["error", "warning"]
DOC_URI = "urn:specpress:document"
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
SCHEMA_SINGLE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
)
_DOCUMENTED_CODE = re.compile(r"^\s*[-*]\s+(['\"`])([^'\"`\s]+)\1\s*[:=\u2013\u2014-]\s*(.*)$")


@dataclass(frozen=True)
class Finding:
    """One located problem in one file."""

    rule: str
    pointer: str
    message: str
    severity: Severity = "error"

    def key(self) -> tuple[str, str]:
        return (self.rule, self.pointer)


# --- where the schemas are -----------------------------------------------------------------


def iter_schemas(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in an OpenAPI document with its pointer, in document order."""
    if not isinstance(doc, dict):
        return
    components = doc.get("components") or {}
    if isinstance(components, dict):
        for name, schema in _items(components.get("schemas")):
            yield from _schema_tree(schema, pointer("components", "schemas", name))
        for section in ("parameters", "headers"):
            for name, holder in _items(components.get(section)):
                yield from _holder_schemas(holder, pointer("components", section, name))
        for section in ("requestBodies", "responses"):
            for name, holder in _items(components.get(section)):
                yield from _body_schemas(holder, pointer("components", section, name))
    for section in ("paths", "webhooks"):
        for path, item in _items(doc.get(section)):
            yield from _path_item_schemas(item, pointer(section, path))


def _items(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        yield from value.items()


def _schema_tree(schema: Any, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(schema, dict):
        return
    yield at, schema
    for key in SCHEMA_MAPS:
        for name, sub in _items(schema.get(key)):
            yield from _schema_tree(sub, f"{at}{pointer(key, name)}")
    for key in SCHEMA_LISTS:
        members = schema.get(key)
        if isinstance(members, list):
            for index, sub in enumerate(members):
                yield from _schema_tree(sub, f"{at}{pointer(key, index)}")
    for key in SCHEMA_SINGLE:
        sub = schema.get(key)
        if isinstance(sub, list):  # draft-4 tuple items
            for index, member in enumerate(sub):
                yield from _schema_tree(member, f"{at}{pointer(key, index)}")
        else:
            yield from _schema_tree(sub, f"{at}{pointer(key)}")


def _holder_schemas(holder: Any, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """A parameter or header: `schema`, or `content/<media>/schema`."""
    if isinstance(holder, dict):
        yield from _schema_tree(holder.get("schema"), f"{at}/schema")
        yield from _body_schemas(holder, at)


def _body_schemas(holder: Any, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """A request body or response: `content/<media>/schema`, and response headers."""
    if not isinstance(holder, dict):
        return
    for media, entry in _items(holder.get("content")):
        if isinstance(entry, dict):
            yield from _schema_tree(
                entry.get("schema"), f"{at}{pointer('content', media, 'schema')}"
            )
    for name, header in _items(holder.get("headers")):
        yield from _holder_schemas(header, f"{at}{pointer('headers', name)}")


def _path_item_schemas(item: Any, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(item, dict):
        return
    for operation_at, owner in [(at, item)] + [
        (f"{at}/{m}", item[m]) for m in HTTP_METHODS if isinstance(item.get(m), dict)
    ]:
        for index, parameter in enumerate(owner.get("parameters") or []):
            yield from _holder_schemas(parameter, f"{operation_at}/parameters/{index}")
        if owner is not item:
            yield from _body_schemas(owner.get("requestBody"), f"{operation_at}/requestBody")
            for code, response in _items(owner.get("responses")):
                yield from _body_schemas(response, f"{operation_at}{pointer('responses', code)}")


def iter_operations(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every operation object with its pointer."""
    if not isinstance(doc, dict):
        return
    for path, item in _items(doc.get("paths")):
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    yield pointer("paths", path, method), item[method]


def iter_example_holders(doc: Any) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Media types and parameters carrying `example(s)`: (pointer, holder, schema pointer)."""
    for at, node in walk(doc):
        if not (isinstance(node, dict) and isinstance(node.get("schema"), dict)):
            continue
        if "example" in node or isinstance(node.get("examples"), dict):
            yield at, node, f"{at}/schema"


# --- value validation (default / example) --------------------------------------------------


class ValueChecker:
    """Validates instances against a schema at a pointer, with the whole document as resource."""

    def __init__(self, doc: Any) -> None:
        version = str(doc.get("openapi", "")) if isinstance(doc, dict) else ""
        self.openapi30 = version.startswith("3.0")
        contents = _nullable_to_json_schema(doc) if self.openapi30 else doc
        spec = DRAFT4 if self.openapi30 else DRAFT202012
        self.validator_class = Draft4Validator if self.openapi30 else Draft202012Validator
        self.registry: Registry[Any] = Registry().with_resource(
            DOC_URI, spec.create_resource(contents)
        )

    def error(self, schema_pointer: str, instance: Any) -> str | None:
        """Why `instance` does not validate, or None (also None when a $ref cannot resolve)."""
        validator = self.validator_class(
            {"$ref": f"{DOC_URI}#{schema_pointer}"}, registry=self.registry
        )
        try:
            found = best_match(validator.iter_errors(instance))
        except (Unresolvable, RecursionError):
            return None
        if found is None:
            return None
        return _describe_error(found)


def _describe_error(error: ValidationError) -> str:
    where = "".join(f"/{escape_pointer_token(str(p))}" for p in error.absolute_path)
    return f"{error.message}" + (f" (at {where})" if where else "")


def _nullable_to_json_schema(value: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` expressed in JSON Schema, so validation honours it."""
    if isinstance(value, list):
        return [_nullable_to_json_schema(v) for v in value]
    if not isinstance(value, dict):
        return value
    converted = {k: _nullable_to_json_schema(v) for k, v in value.items()}
    if converted.get("nullable") is True:
        converted.pop("nullable")
        if isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
            if isinstance(converted.get("enum"), list) and None not in converted["enum"]:
                converted["enum"] = [*converted["enum"], None]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- rules ---------------------------------------------------------------------------------


def spec_validator_class(doc: Any, sandbox: Sandbox | None = None) -> type[Any] | None:
    """openapi-spec-validator's class for the document's version (None: unknown version), with
    handlers that resolve references offline only (its defaults fetch http(s) and file URLs)."""
    version = str(doc.get("openapi") or doc.get("swagger") or "") if isinstance(doc, dict) else ""
    validators = {
        "2.": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }
    cls = next((v for prefix, v in validators.items() if version.startswith(prefix)), None)
    if cls is None:
        return None
    handlers = offline_handlers(sandbox or Sandbox())
    return type(f"Offline{cls.__name__}", (cls,), {"resolver_handlers": handlers})


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
                    Finding("openapi-schema", pointer(*error.absolute_path), error.message)
                )
            elif type(error).__name__ != "DuplicateOperationIDError":
                findings.append(Finding("openapi-schema", "", str(error)))
    except Exception as exc:  # the validator can crash on broken documents; report, go on
        refused = refusal(exc)
        message = refused.message if refused is not None else str(exc)
        message = message if len(message) <= 200 else message[:197] + "..."
        findings.append(Finding("openapi-schema", "", f"validator stopped: {message}"))
    return findings


def check_duplicate_enum_values(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    for at, schema in iter_schemas(doc):
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        seen: list[str] = []
        for index, value in enumerate(values):
            canonical = json.dumps(value, sort_keys=True)
            if canonical in seen:
                findings.append(
                    Finding(
                        "duplicate-enum-value",
                        f"{at}/enum/{index}",
                        f"enum value {_short(value)} repeats item {seen.index(canonical)}",
                    )
                )
            seen.append(canonical)
    return findings


def check_duplicate_documented_codes(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    for at, node in walk(doc):
        if not at.endswith("/description") or not isinstance(node, str):
            continue
        first: dict[str, str] = {}
        for line in node.splitlines():
            match = _DOCUMENTED_CODE.match(line)
            if match is None:
                continue
            code, meaning = match.group(2), match.group(3).strip()
            if code in first:
                findings.append(
                    Finding(
                        "duplicate-documented-code",
                        at,
                        f"code {code!r} is documented twice ({first[code]!r} and {meaning!r})",
                    )
                )
            else:
                first[code] = meaning
    return findings


def check_values(doc: Any) -> list[Finding]:
    """`default-invalid` and `example-invalid` for schemas, media types and parameters."""
    checker = ValueChecker(doc)
    findings: list[Finding] = []

    def check(rule: str, schema_at: str, value_at: str, value: Any, what: str) -> None:
        problem = checker.error(schema_at, value)
        if problem is not None:
            message = f"{what} {_short(value)} does not validate against its schema: {problem}"
            findings.append(Finding(rule, value_at, message))

    for at, schema in iter_schemas(doc):
        if "default" in schema:
            check("default-invalid", at, f"{at}/default", schema["default"], "default")
        if "example" in schema:
            check("example-invalid", at, f"{at}/example", schema["example"], "example")
        if isinstance(schema.get("examples"), list):
            for index, value in enumerate(schema["examples"]):
                check("example-invalid", at, f"{at}/examples/{index}", value, "example")
    for at, holder, schema_at in iter_example_holders(doc):
        if "example" in holder:
            check("example-invalid", schema_at, f"{at}/example", holder["example"], "example")
        for name, example in _items(holder.get("examples")):
            if isinstance(example, dict) and "value" in example:
                value_at = f"{at}{pointer('examples', name, 'value')}"
                check("example-invalid", schema_at, value_at, example["value"], "example")
    return findings


def check_nullable_ignored(doc: Any) -> list[Finding]:
    if not str(doc.get("openapi", "")).startswith("3.1"):
        return []
    return [
        Finding(
            "nullable-ignored",
            f"{at}/nullable",
            "`nullable` has no meaning in OpenAPI 3.1; use `type: [..., 'null']`",
        )
        for at, schema in iter_schemas(doc)
        if "nullable" in schema
    ]


def check_tags(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    for at, operation in iter_operations(doc):
        tags = operation.get("tags")
        if isinstance(tags, list):
            for index, tag in enumerate(tags):
                if not isinstance(tag, str):
                    message = f"tag {_short(tag)} is not a string"
                    findings.append(Finding("tag-not-string", f"{at}/tags/{index}", message))
    return findings


def check_operation_ids(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    first: dict[str, str] = {}
    for at, operation in iter_operations(doc):
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str):
            continue
        if operation_id in first:
            message = f"operationId {operation_id!r} is already used at {first[operation_id]}"
            findings.append(Finding("duplicate-operation-id", f"{at}/operationId", message))
        else:
            first[operation_id] = at
    return findings


def resolve_local_ref(doc: Any, ref: str) -> bool:
    """Does a `#/...` reference point at something in `doc`?"""
    node = doc
    fragment = unquote(ref[1:])
    if fragment == "":
        return True
    if not fragment.startswith("/"):
        return False
    for raw in fragment[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def check_refs(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    for at, node in walk(doc):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref.startswith("#") and not resolve_local_ref(doc, ref):
                message = f"$ref {ref!r} points to nothing in this document"
                findings.append(Finding("unresolved-ref", f"{at}/$ref", message))
    return findings


def check_fragment_paths(doc: Any) -> list[Finding]:
    return [
        Finding(
            "fragment-path-key",
            pointer("paths", path),
            f"path key {path!r} has a URL fragment; clients cannot call it as written",
        )
        for path, _ in _items(doc.get("paths"))
        if "#" in str(path)
    ]


def check_allof_siblings(doc: Any) -> list[Finding]:
    return [
        Finding(
            "allof-sibling-properties",
            at,
            "allOf with sibling properties/required: openapi-python-client drops the siblings",
        )
        for at, schema in iter_schemas(doc)
        if isinstance(schema.get("allOf"), list) and any(k in schema for k in ALLOF_SIBLINGS)
    ]


ALLOF_SIBLINGS = ("properties", "required")

RULES = (
    check_duplicate_enum_values,
    check_duplicate_documented_codes,
    check_values,
    check_nullable_ignored,
    check_tags,
    check_operation_ids,
    check_refs,
    check_fragment_paths,
    check_allof_siblings,
)


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
    return lint_document(load_plain(path), source=path)


# --- expected findings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """A difference between the findings and the expected list."""

    kind: Literal["unlisted finding", "listed finding gone (its patch may be obsolete)"]
    rule: str
    pointer: str
    message: str


def load_expected(path: Path) -> set[tuple[str, str]]:
    """The (rule, pointer) pairs of an expected-findings file."""
    data = load_plain(path)
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SpecpressError("expected a mapping with a `findings:` list", file=path)
    expected: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            raise SpecpressError(
                "each finding needs `rule` and `pointer`", file=path, location=f"/findings/{index}"
            )
        if not isinstance(entry.get("pointer"), str):
            raise SpecpressError(
                "each finding needs `rule` and `pointer`", file=path, location=f"/findings/{index}"
            )
        expected.add((entry["rule"], entry["pointer"]))
    return expected


def compare(findings: list[Finding], expected: set[tuple[str, str]]) -> list[Mismatch]:
    """Unlisted findings and listed findings that are gone, in pointer order."""
    actual = {f.key() for f in findings}
    mismatches = [
        Mismatch("unlisted finding", f.rule, f.pointer, f.message)
        for f in findings
        if f.key() not in expected
    ]
    mismatches += [
        Mismatch("listed finding gone (its patch may be obsolete)", rule, pointer, "")
        for rule, pointer in sorted(expected - actual, key=lambda k: (k[1], k[0]))
    ]
    return mismatches


def render_expected(findings: list[Finding]) -> str:
    """A lint-expected.yaml body for these findings (to review, not to accept blindly)."""
    lines = ["findings:"] + [
        f"  - {{rule: {f.rule}, pointer: {json.dumps(f.pointer)}}}" for f in findings
    ]
    return "\n".join(lines) + "\n" if findings else "findings: []\n"


# --- CLI -----------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lint", help="validate OpenAPI files: openapi-spec-validator plus project rules"
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--expected", type=Path, help="expected-findings list (one FILE only): fail on differences"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "expected"),
        default="text",
        help="`expected` prints the findings as a lint-expected.yaml body",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.expected is not None and len(args.files) != 1:
        raise SpecpressError("--expected takes exactly one FILE")
    expected = load_expected(args.expected) if args.expected is not None else None
    report: list[dict[str, Any]] = []
    failed = False
    for path in args.files:
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
        _print_text(report, expected is not None)
    return 1 if failed else 0


def _print_text(report: list[dict[str, Any]], with_expected: bool) -> None:
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
