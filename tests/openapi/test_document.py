"""document: one operations view, parameter merging, `$ref` chains and object views."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.openapi.document import HTTP_METHODS, OpenAPIDocument, iter_subschemas

ROOT = Path(__file__).resolve().parents[2]

DATA: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "2.0"},
    "paths": {
        "/t/{id}": {
            "parameters": [
                {"$ref": "#/components/parameters/Id"},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
            ],
            "trace": {"operationId": "traceT"},
            "get": {
                "operationId": "getT",
                "parameters": [{"name": "q", "in": "query", "required": True}],
            },
            "x-not-a-method": {"operationId": "nope"},
        },
        "/u": {"post": {"operationId": "postU"}},
    },
    "components": {
        "parameters": {"Id": {"name": "id", "in": "path", "schema": {"type": "string"}}},
        "schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "properties": {"b": {"type": "integer"}},
                "required": ["b"],
            },
            "Base": {"properties": {"id": {"type": "string"}}, "required": ["id"]},
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"},
            "a/b": {"type": "string"},
        },
    },
}


def test_one_method_list_with_trace() -> None:
    assert HTTP_METHODS == ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def test_operations_in_document_then_method_order() -> None:
    doc = OpenAPIDocument(DATA, "spec.yaml")
    got = [(op.path, op.method, op.operation_id, op.pointer) for op in doc.operations()]
    assert got == [
        ("/t/{id}", "get", "getT", "/paths/~1t~1{id}/get"),
        ("/t/{id}", "trace", "traceT", "/paths/~1t~1{id}/trace"),
        ("/u", "post", "postU", "/paths/~1u/post"),
    ]
    assert set(doc.operations_by_id()) == {"getT", "traceT", "postU"}
    assert doc.openapi_version == "3.1.0" and doc.info_version == "2.0"


def test_parameters_merge_path_level_and_operation_level() -> None:
    doc = OpenAPIDocument(DATA, "spec.yaml")
    get, trace = list(doc.operations())[:2]
    assert [(p.name, p.location, p.required, p.pointer, p.ref) for p in get.parameters] == [
        ("id", "path", True, "/paths/~1t~1{id}/parameters/0", "#/components/parameters/Id"),
        ("q", "query", True, "/paths/~1t~1{id}/get/parameters/0", None),
    ]
    assert [p.required for p in trace.parameters] == [True, False]


def test_duplicate_operation_id_names_its_pointer() -> None:
    data = {"paths": {"/a": {"get": {"operationId": "x"}, "put": {"operationId": "x"}}}}
    with pytest.raises(SpecpressError) as info:
        OpenAPIDocument(data, "s.yaml").operations_by_id()
    assert info.value.render() == "s.yaml:/paths/~1a/put/operationId: duplicate operationId 'x'"


def test_resolve_follows_chains_and_refuses_loops_and_dangling_refs() -> None:
    doc = OpenAPIDocument(DATA, "spec.yaml")
    assert doc.resolve({"$ref": "#/components/schemas/A"}) is DATA["components"]["schemas"]["B"]
    assert doc.resolve({"$ref": "#/components/schemas/a~1b"}) == {"type": "string"}
    for ref, message in [
        ("#/components/schemas/Loop1", "$ref cycle"),
        ("#/components/schemas/Nope", "unresolvable $ref"),
        ("other.yaml#/A", "only local references"),
    ]:
        with pytest.raises(SpecpressError, match=message.replace("$", r"\$")) as info:
            doc.resolve({"$ref": ref}, "/here")
        assert info.value.location == "/here" and info.value.file == "spec.yaml"


def test_ref_name_and_object_view() -> None:
    doc = OpenAPIDocument(DATA)
    assert doc.ref_name({"$ref": "#/components/schemas/a~1b"}) == "a/b"
    assert doc.ref_name({"$ref": "#/components/parameters/Id"}) is None
    props, required = doc.object_view({"$ref": "#/components/schemas/A"})
    assert list(props) == ["id", "b"] and required == ["id", "b"]


def test_iter_subschemas_covers_2020_12_positions() -> None:
    schema = {
        "prefixItems": [{"type": "integer"}],
        "items": {"type": "string"},
        "dependentSchemas": {"a": {"required": ["b"]}},
        "unevaluatedProperties": {"type": "boolean"},
        "$defs": {"x": {}},
        "properties": {"p/q": {}},
        "if": {},
        "then": {},
        "else": {},
        "not": {},
    }
    got = sorted(at for at, _ in iter_subschemas(schema, "/s"))
    assert got == sorted(
        [
            "/s/prefixItems/0",
            "/s/items",
            "/s/dependentSchemas/a",
            "/s/unevaluatedProperties",
            "/s/$defs/x",
            "/s/properties/p~1q",
            "/s/if",
            "/s/then",
            "/s/else",
            "/s/not",
        ]
    )


def test_real_specs_read_through_the_document() -> None:
    for api in ("gcore-streaming", "twelvelabs"):
        doc = OpenAPIDocument.read(ROOT / "specs" / api / "openapi.yaml")
        ops = doc.operations_by_id()
        assert ops and all(op.node.get("responses") for op in ops.values())
