"""normalize: each rewrite on its own, deterministic, and configurable from sdk.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from specpress.config.model import NormalizeOptions
from specpress.config.normalize import load_normalize_options, parse_normalize_options
from specpress.errors import SpecpressError
from specpress.openapi.load import from_plain, read_roundtrip, to_plain
from specpress.spec.normalize import (
    hoist_inline_schemas,
    merge_fragments,
    normalize,
    split_allof_siblings,
)

JSON = "application/json"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "mini"


def _op(op_id: str, schema: str, responses: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "tags": ["t"],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "responses": responses or {"201": {"description": "Created"}},
    }


def _fragments_doc(existing: bool = False) -> Any:
    paths: dict[str, Any] = {"/other": {"get": {"responses": {}}}}
    if existing:
        paths["/x"] = {"post": {"operationId": "old", "responses": {}}}
    paths["/x#a"] = {"post": _op("create_x_a", "A")}
    paths["/x#b"] = {"post": _op("create_x_b", "B", {"201": {"description": "Other"}})}
    return from_plain({"openapi": "3.1.0", "paths": paths})


def test_merge_fragments_default_names_and_oneof() -> None:
    doc = _fragments_doc()
    merge_fragments(doc, NormalizeOptions())
    assert list(doc["paths"]) == ["/other", "/x"]
    post = to_plain(doc["paths"]["/x"]["post"])
    assert post["operationId"] == "create_x"
    assert post["tags"] == ["t"]
    assert post["requestBody"]["required"] is True
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]
    }
    assert post["responses"] == {"201": {"description": "Created"}}
    assert post["x-specpress-fragments"] == ["/x#a", "/x#b"]


def test_merge_fragments_oneof_of_differing_response_schemas() -> None:
    doc = _fragments_doc()
    for key, name in (("/x#a", "RA"), ("/x#b", "RB")):
        doc["paths"][key]["post"]["responses"] = from_plain(
            {
                "200": {
                    "description": key,
                    "content": {"application/json": {"schema": {"$ref": name}}},
                }
            }
        )
    merge_fragments(
        doc, parse_normalize_options({"merge_fragments": {"/x": {"operationId": "make"}}})
    )
    post = to_plain(doc["paths"]["/x"]["post"])
    assert post["operationId"] == "make"
    assert post["responses"]["200"] == {
        "description": "/x#a",
        "content": {"application/json": {"schema": {"oneOf": [{"$ref": "RA"}, {"$ref": "RB"}]}}},
    }


def test_fragments_merge_into_an_existing_method_by_default() -> None:
    """No config needed: the existing operation is the first variant and keeps its name."""
    merged = _fragments_doc(existing=True)
    merge_fragments(merged, NormalizeOptions())
    post = to_plain(merged["paths"]["/x"]["post"])
    assert post["operationId"] == "old"
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]
    }
    assert post["x-specpress-fragments"] == ["/x#a", "/x#b"]
    assert list(merged["paths"]) == ["/other", "/x"]


def test_merge_into_existing_method_as_configured() -> None:
    with pytest.raises(SpecpressError) as exc:
        merge_fragments(
            _fragments_doc(existing=True),
            parse_normalize_options({"merge_fragments": {"/x": {"existing": "error"}}}),
        )
    assert "already exists" in exc.value.message and exc.value.location == "/paths/~1x/post"
    kept = _fragments_doc(existing=True)
    merge_fragments(
        kept, parse_normalize_options({"merge_fragments": {"/x": {"existing": "keep"}}})
    )
    assert kept["paths"]["/x"]["post"]["operationId"] == "old"
    assert "/x#a" not in kept["paths"]
    replaced = _fragments_doc(existing=True)
    merge_fragments(
        replaced, parse_normalize_options({"merge_fragments": {"/x": {"existing": "replace"}}})
    )
    assert replaced["paths"]["/x"]["post"]["operationId"] == "create_x"


def test_no_common_operation_id_prefix_names_it_by_method_and_path() -> None:
    doc = _fragments_doc()
    doc["paths"]["/x#b"]["post"]["operationId"] = "zzz"
    merge_fragments(doc, NormalizeOptions())
    assert doc["paths"]["/x"]["post"]["operationId"] == "post_x"


@pytest.mark.parametrize("plain", [False, True], ids=["roundtrip", "plain"])
def test_merge_fragments_on_plain_and_round_trip_data_alike(plain: bool) -> None:
    doc = _fragments_doc()
    if plain:
        doc = to_plain(doc)
    assert merge_fragments(doc, NormalizeOptions()) == 2
    assert list(doc["paths"]) == ["/other", "/x"]
    assert isinstance(doc["paths"]["/x"]["post"], dict)
    assert (type(doc["paths"]["/x"]["post"]) is dict) == plain


def test_split_allof_siblings() -> None:
    doc = from_plain(
        {
            "components": {
                "schemas": {
                    "s": {
                        "allOf": [{"$ref": "#/components/schemas/base"}],
                        "required": ["k"],
                        "properties": {"k": {"type": "string"}},
                        "example": {"k": "v"},
                    },
                    "plain": {"allOf": [{"$ref": "#/components/schemas/base"}]},
                }
            }
        }
    )
    assert split_allof_siblings(doc) == ["/components/schemas/s"]
    assert to_plain(doc["components"]["schemas"]["s"]) == {
        "allOf": [
            {"$ref": "#/components/schemas/base"},
            {"type": "object", "properties": {"k": {"type": "string"}}, "required": ["k"]},
        ],
        "example": {"k": "v"},
    }
    assert split_allof_siblings(doc) == []


def _inline(props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def test_hoist_inline_schemas_names_and_collisions() -> None:
    doc = from_plain(
        {
            "paths": {
                "/a": {
                    "get": {
                        "operationId": "get_a",
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": _inline(
                                            {
                                                "meta": _inline({"n": {"type": "integer"}}),
                                                "rows": {
                                                    "type": "array",
                                                    "items": _inline({"id": {"type": "string"}}),
                                                },
                                            }
                                        )
                                    }
                                },
                            }
                        },
                    },
                    "post": {
                        "operationId": "post_a",
                        "requestBody": {"content": {"application/json": {"schema": _inline({})}}},
                        "responses": {},
                    },
                }
            },
            "components": {
                "schemas": {
                    "get_a_response_200": {"type": "string"},
                    "named": {"$ref": "#/components/schemas/get_a_response_200"},
                }
            },
        }
    )
    hoisted = hoist_inline_schemas(doc)
    assert hoisted == [
        "get_a_response_200_2",
        "get_a_response_200_2_meta",
        "get_a_response_200_2_rows_item",
        "post_a_request",
    ]
    schemas = to_plain(doc["components"]["schemas"])
    assert schemas["get_a_response_200"] == {"type": "string"}  # existing name untouched
    assert schemas["get_a_response_200_2"]["properties"]["meta"] == {
        "$ref": "#/components/schemas/get_a_response_200_2_meta"
    }
    response = doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert to_plain(response["schema"]) == {"$ref": "#/components/schemas/get_a_response_200_2"}
    assert hoist_inline_schemas(doc) == []


def test_normalize_is_deterministic_on_fixture() -> None:
    options = load_normalize_options(MINI / "sdk.yaml")
    first = read_roundtrip(MINI / "upstream" / "mini.yaml")
    second = read_roundtrip(MINI / "upstream" / "mini.yaml")
    normalize(first.data, options)
    normalize(second.data, options)
    assert first.dump() == second.dump()
    assert "/tasks#short" not in first.data["paths"]
    assert first.data["paths"]["/tasks"]["post"]["operationId"] == "create_task"
    assert "list_tasks_response_200" in first.data["components"]["schemas"]


def test_options_defaults_and_validation(tmp_path: Path) -> None:
    assert load_normalize_options(tmp_path / "sdk.yaml") == NormalizeOptions(
        source=tmp_path / "sdk.yaml"
    )
    with pytest.raises(SpecpressError, match="unknown normalize options"):
        parse_normalize_options({"bogus": 1})
    with pytest.raises(SpecpressError, match="`existing` must be one of"):
        parse_normalize_options({"merge_fragments": {"/x": {"existing": "maybe"}}})
    sdk = tmp_path / "sdk.yaml"
    sdk.write_text("package: x\n", encoding="utf-8")
    assert load_normalize_options(sdk).merge_fragments == {}
