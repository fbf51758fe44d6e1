"""The document as the generator reads it: request bodies in place, response objects named.

Why: ``specpress build`` normalizes the documents it builds (``spec/normalize.py``), but a
document straight from a vendor, or a part reached through ``components/``, which the build
leaves alone, can still need three things before anything is named or rendered:

- a path item that is a ``$ref`` (``components/pathItems`` in 3.1) is put in place (its siblings
  kept), so its operations are found like any other;
- a ``requestBody`` that is a ``$ref`` (``components/requestBodies``) is put in place, so the
  body code reads every operation's body the same way;
- a method returns a model class, and a class needs a name: each inline JSON object of a success
  response (or the inline object items of a bare array) becomes
  ``components/schemas/<method>_response`` (``..._item``; a numeric suffix when taken).

Each edits a copy: the source document is left as it is (only the dicts on the way to an edited
node are copied), and a document that needs none of it is returned as it is.
"""

from __future__ import annotations

import re
from typing import Any

from specpress.openapi import pointer
from specpress.openapi.document import SCHEMA_REF, OpenAPIDocument

from .layout import method_name
from .responses import success_response

__all__ = ["working_document"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


def _inline_object(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and "$ref" not in schema
        and (
            isinstance(schema.get("properties"), dict)
            or any(isinstance(schema.get(c), list) for c in ("allOf",))
        )
    )


class _Copy:
    """Copy-on-write edits of plain data: the dicts on the way to an edited node are copied once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data: dict[str, Any] = dict(data)
        self._copied: set[str] = {""}

    def container(self, at: str) -> dict[str, Any]:
        """The (copied) mapping at ``at``, creating empty mappings on the way."""
        node: dict[str, Any] = self.data
        here = ""
        for token in pointer.split(at):
            here = pointer.child(here, token)
            value = node.get(token)
            if here not in self._copied:
                value = dict(value) if isinstance(value, dict) else {}
                node[token] = value
                self._copied.add(here)
            node = node[token]
        return node


def _path_items_in_place(doc: OpenAPIDocument) -> OpenAPIDocument:
    referred = {
        str(path): item
        for path, item in doc.paths.items()
        if isinstance(item, dict) and "$ref" in item
    }
    if not referred:
        return doc
    copy = _Copy(doc.data)
    paths = copy.container("/paths")
    for path, item in referred.items():
        target = doc.resolve(item, pointer.join("paths", path))
        siblings = {k: v for k, v in item.items() if k != "$ref"}
        paths[path] = {**target, **siblings} if isinstance(target, dict) else target
    return OpenAPIDocument(copy.data, doc.source)


def working_document(doc: OpenAPIDocument) -> OpenAPIDocument:
    """``doc``, or a copy of it with path items and request bodies in place and response objects
    named."""
    doc = _path_items_in_place(doc)
    edits: list[tuple[str, Any, str]] = []  # (pointer of the schema, schema, wanted name)
    bodies: list[tuple[str, Any]] = []  # (pointer of the requestBody, the body it refers to)
    seen: set[str] = set()
    for op in doc.operations():
        raw = op.node.get("requestBody")
        if isinstance(raw, dict) and "$ref" in raw:
            at = pointer.child(op.pointer, "requestBody")
            bodies.append((at, doc.resolve(raw, at)))
        success = success_response(doc, op)
        if success.kind != "json" or success.where in seen:
            continue
        seen.add(success.where)
        schema = success.schema
        wanted = f"{method_name(op)}_response"
        if _inline_object(schema):
            edits.append((success.where, schema, wanted))
        elif isinstance(schema, dict) and _inline_object(schema.get("items")):
            edits.append((pointer.child(success.where, "items"), schema["items"], f"{wanted}_item"))
    if not edits and not bodies:
        return doc
    copy = _Copy(doc.data)
    for at, body in bodies:
        parent, key = pointer.parent(at)
        copy.container(parent)[key] = body
    if not edits:
        return OpenAPIDocument(copy.data, doc.source)
    schemas = copy.container("/components/schemas")
    for at, schema, wanted in edits:
        name, number = _UNSAFE.sub("_", wanted).strip("_") or "response", 2
        stem = name
        while name in schemas:
            name = f"{stem}_{number}"
            number += 1
        schemas[name] = schema
        parent, key = pointer.parent(at)
        copy.container(parent)[key] = {"$ref": SCHEMA_REF + pointer.escape(name)}
    return OpenAPIDocument(copy.data, doc.source)
