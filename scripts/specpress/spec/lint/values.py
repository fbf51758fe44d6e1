"""Validating `default` and `example` values against their own schema (jsonschema).

The whole document is one resource, so local `$ref`s resolve; an OpenAPI 3.0 `nullable` is
turned into JSON Schema first, so validation honours it.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4, DRAFT202012

from specpress.openapi import pointer

DOC_URI = "urn:specpress:document"


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
    where = pointer.join(*error.absolute_path)
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


def short(value: Any, limit: int = 80) -> str:
    """A value as JSON, cut to `limit` characters, for a finding's message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
