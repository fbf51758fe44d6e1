"""The type tree of parameters and body fields: built from schemas, merged on the nodes, rendered
by the one `annotation` filter (no annotation string is parsed back)."""

from __future__ import annotations

from typing import Any

import pytest

from specpress.generate import types
from specpress.generate.types import ANY, Literal, TypeRef, Union
from specpress.openapi.document import OpenAPIDocument

STR, INT = TypeRef("str"), TypeRef("int")


class Names:
    def of(self, schema: str) -> str:
        return f"Model{schema}"


DOC = OpenAPIDocument(
    {"components": {"schemas": {"Thing": {"type": "object", "properties": {}}}}}, "spec.yaml"
)


def typed(schema: Any, *, for_input: bool = True) -> str:
    return types.render(types.schema_type(DOC, Names(), schema, "/x", for_input=for_input))


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string"}, "str"),
        ({"type": ["integer", "null"]}, "int"),
        ({"type": "string", "enum": ["a", "b", None]}, 'Literal["a", "b"] | str'),
        ({"type": "integer", "enum": [1, 2]}, "Literal[1, 2] | int"),
        ({"enum": [2**63]}, "int"),  # wider than 64 bits: no Literal (mypy refuses it)
        ({"enum": [1.5, "x"]}, "float | str"),
        ({"const": "fixed"}, 'Literal["fixed"] | str'),
        ({"type": "array", "items": {"type": "boolean"}}, "list[bool]"),
        ({"type": "object"}, "Mapping[str, Any]"),
        ({"$ref": "#/components/schemas/Thing"}, "ModelThing | Mapping[str, Any]"),
        ({"oneOf": [{"type": "string"}, {"type": "null"}, {"type": "string"}]}, "str"),
        ({"anyOf": [{"enum": ["a"]}, {"type": "integer"}]}, 'Literal["a"] | str | int'),
        ({}, "Any"),
    ],
)
def test_schema_types(schema: Any, annotation: str) -> None:
    assert typed(schema) == annotation


def test_outputs_name_the_model_not_a_mapping() -> None:
    assert typed({"$ref": "#/components/schemas/Thing"}, for_input=False) == "ModelThing"
    assert typed({"type": "object"}, for_input=False) == "dict[str, Any]"


def test_models_are_read_from_the_tree() -> None:
    node = types.schema_type(
        DOC,
        Names(),
        {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
        "/x",
        for_input=True,
    )
    assert list(node.models()) == ["ModelThing"]
    assert list(Union((Literal(("a",)), STR)).models()) == []


def test_merge_joins_literal_sets_first_and_unions_the_rest_once() -> None:
    hostile = 'b\\"""\'x'
    merged = types.merge(
        [
            Union((Literal(("a", hostile)), STR)),
            Union((Literal(("a", 3)), INT)),
            Literal(("3",)),  # the string "3" is not the int 3
            STR,
        ]
    )
    assert merged == Union((Literal(("a", hostile, 3, "3")), STR, INT))
    expected = 'Literal["a", ' + repr(hostile) + ', 3, "3"] | str | int'
    assert types.render(merged) == expected


def test_merge_of_one_type_is_that_type() -> None:
    assert types.merge([STR, STR]) == STR
    assert types.merge([Literal(("a",))]) == Literal(("a",))


def test_union_keeps_order_drops_repeats_and_is_any_when_empty() -> None:
    assert types.union([]) == ANY
    assert types.union([STR]) == STR
    assert types.union([STR, INT, STR]) == Union((STR, INT))


def test_closed_literal_only_for_a_single_value() -> None:
    assert types.closed_literal(DOC, {"enum": ["x"]}, "/x") == Literal(("x",))
    assert types.closed_literal(DOC, {"const": 7}, "/x") == Literal((7,))
    assert types.closed_literal(DOC, {"enum": ["x", "y"]}, "/x") is None
    assert types.closed_literal(DOC, {"type": "string"}, "/x") is None


@pytest.mark.parametrize(
    ("schema", "nullable"),
    [
        ({"type": ["string", "null"]}, True),
        ({"type": "string", "nullable": True}, True),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, True),
        ({"type": "string"}, False),
    ],
)
def test_nullable(schema: Any, nullable: bool) -> None:
    assert types.is_nullable(DOC, schema, "/x") is nullable
