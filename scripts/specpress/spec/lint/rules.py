"""The project's lint rules: what openapi-spec-validator misses, each a located `Finding`.

Each rule is a function of the plain document; `RULES` lists them in the order they run.
Findings that change nothing a client does (an example that fails its schema, a code documented
twice in prose) are warnings: printed by lint and build, listed in lint-expected.yaml like any
other, but a patched document with only warnings still builds. Everything else is an error.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from specpress.openapi import pointer
from specpress.spec.lint.findings import Finding, Severity
from specpress.spec.lint.places import items, iter_example_holders, iter_operations, iter_schemas
from specpress.spec.lint.values import ValueChecker, short

_DOCUMENTED_CODE = re.compile(r"^\s*[-*]\s+(['\"`])([^'\"`\s]+)\1\s*[:=\u2013\u2014-]\s*(.*)$")


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
                        f"enum value {short(value)} repeats item {seen.index(canonical)}",
                    )
                )
            seen.append(canonical)
    return findings


def check_duplicate_documented_codes(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    for at, node in pointer.walk(doc):
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
                        "warning",
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
            message = f"{what} {short(value)} does not validate against its schema: {problem}"
            severity: Severity = "warning" if rule == "example-invalid" else "error"
            findings.append(Finding(rule, value_at, message, severity))

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
        for name, example in items(holder.get("examples")):
            if isinstance(example, dict) and "value" in example:
                value_at = pointer.child(at, "examples", name, "value")
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
                    message = f"tag {short(tag)} is not a string"
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
    fragment = unquote(ref[1:])
    if fragment == "":
        return True
    return fragment.startswith("/") and pointer.lookup(doc, fragment)[0]


def check_refs(doc: Any) -> list[Finding]:
    findings: list[Finding] = []
    for at, node in pointer.walk(doc):
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
            pointer.join("paths", path),
            f"path key {path!r} has a URL fragment; clients cannot call it as written",
        )
        for path, _ in items(doc.get("paths"))
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
