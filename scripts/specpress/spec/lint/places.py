"""Where a lint rule looks: every schema object of a document, operations, example holders.

Schemas are found through the document layer's subschema positions (`iter_subschemas`), from
every place an OpenAPI document holds one: components, parameters, headers, bodies, responses,
path items and webhooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specpress.openapi import pointer
from specpress.openapi.document import HTTP_METHODS, OpenAPIDocument, iter_subschemas

Schemas = Iterator[tuple[str, dict[str, Any]]]


def items(value: Any) -> Iterator[tuple[str, Any]]:
    """The entries of a mapping (none for anything else)."""
    if isinstance(value, dict):
        yield from value.items()


def iter_schemas(doc: Any) -> Schemas:
    """Every schema object in an OpenAPI document with its pointer, in document order."""
    if not isinstance(doc, dict):
        return
    components = doc.get("components") or {}
    if isinstance(components, dict):
        for name, schema in items(components.get("schemas")):
            yield from _schema_tree(schema, pointer.join("components", "schemas", name))
        for section in ("parameters", "headers"):
            for name, holder in items(components.get(section)):
                yield from _holder_schemas(holder, pointer.join("components", section, name))
        for section in ("requestBodies", "responses"):
            for name, holder in items(components.get(section)):
                yield from _body_schemas(holder, pointer.join("components", section, name))
    for section in ("paths", "webhooks"):
        for path, item in items(doc.get(section)):
            yield from _path_item_schemas(item, pointer.join(section, path))


def _schema_tree(schema: Any, at: str) -> Schemas:
    """A schema and all its subschemas, parents first (an explicit stack: no recursion)."""
    stack: list[tuple[str, Any]] = [(at, schema)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            yield here, node
            stack.extend(reversed(list(iter_subschemas(node, here))))


def _holder_schemas(holder: Any, at: str) -> Schemas:
    """A parameter or header: `schema`, or `content/<media>/schema`."""
    if isinstance(holder, dict):
        yield from _schema_tree(holder.get("schema"), f"{at}/schema")
        yield from _body_schemas(holder, at)


def _body_schemas(holder: Any, at: str) -> Schemas:
    """A request body or response: `content/<media>/schema`, and response headers."""
    if not isinstance(holder, dict):
        return
    for media, entry in items(holder.get("content")):
        if isinstance(entry, dict):
            yield from _schema_tree(
                entry.get("schema"), pointer.child(at, "content", media, "schema")
            )
    for name, header in items(holder.get("headers")):
        yield from _holder_schemas(header, pointer.child(at, "headers", name))


def _path_item_schemas(item: Any, at: str) -> Schemas:
    if not isinstance(item, dict):
        return
    owners = [(at, item)] + [
        (f"{at}/{m}", item[m]) for m in HTTP_METHODS if isinstance(item.get(m), dict)
    ]
    for operation_at, owner in owners:
        for index, parameter in enumerate(owner.get("parameters") or []):
            yield from _holder_schemas(parameter, f"{operation_at}/parameters/{index}")
        if owner is not item:
            yield from _body_schemas(owner.get("requestBody"), f"{operation_at}/requestBody")
            for code, response in items(owner.get("responses")):
                yield from _body_schemas(response, pointer.child(operation_at, "responses", code))


def iter_operations(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every operation object with its pointer."""
    for operation in OpenAPIDocument(doc).operations():
        yield operation.pointer, operation.node


def iter_example_holders(doc: Any) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Media types and parameters carrying `example(s)`: (pointer, holder, schema pointer)."""
    for at, node in pointer.walk(doc):
        if not (isinstance(node, dict) and isinstance(node.get("schema"), dict)):
            continue
        if "example" in node or isinstance(node.get("examples"), dict):
            yield at, node, f"{at}/schema"
