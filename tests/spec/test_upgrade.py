"""Mechanical upgrades: each rule rewrites exactly its spelling, in the document's dialect, on
round-trip and plain data alike, and the result lints clean where the upstream did not."""

from __future__ import annotations

from typing import Any

import pytest

from specpress.config.model import UPGRADE_NAMES
from specpress.config.normalize import parse_normalize_options
from specpress.errors import SpecpressError
from specpress.openapi.load import from_plain, to_plain
from specpress.spec.lint.check import lint_document
from specpress.spec.normalize import normalize
from specpress.spec.upgrade import UPGRADES, upgrade


def _doc(version: str, schemas: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": extra.pop("paths", {}),
        "components": {"schemas": schemas},
        **extra,
    }


OK = {"200": {"description": "ok"}}


@pytest.fixture(params=["plain", "roundtrip"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _run(doc: dict[str, Any], kind: str, *names: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = from_plain(doc) if kind == "roundtrip" else doc
    report = upgrade(data, names or None)
    if kind == "roundtrip":
        assert type(data) is not dict  # new nodes are of the tree's own kind
    return to_plain(data), report


def test_names_are_the_configs() -> None:
    assert tuple(UPGRADES) == UPGRADE_NAMES


def test_nullable_in_31(kind: str) -> None:
    doc = _doc(
        "3.1.0",
        {
            "s": {"type": "string", "nullable": True},
            "e": {"type": "string", "enum": ["a"], "nullable": True},
            "r": {"$ref": "#/components/schemas/s", "nullable": True, "description": "d"},
            "l": {"type": ["string", "integer"], "nullable": True},
            "o": {"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": True},
            "f": {"type": "string", "nullable": False},
        },
    )
    out, report = _run(doc, kind, "nullable")
    schemas = out["components"]["schemas"]
    assert schemas["s"] == {"type": ["string", "null"]}
    assert schemas["e"] == {"type": ["string", "null"], "enum": ["a", None]}
    assert schemas["r"] == {
        "description": "d",
        "anyOf": [{"$ref": "#/components/schemas/s"}, {"type": "null"}],
    }
    assert schemas["l"] == {"type": ["string", "integer", "null"]}
    assert schemas["o"] == {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}
    assert schemas["f"] == {"type": "string"}
    assert len(report["nullable"]) == 6
    assert not [f for f in lint_document(out) if f.rule == "nullable-ignored"]


def test_nullable_in_30_is_left_alone(kind: str) -> None:
    doc = _doc("3.0.3", {"s": {"type": "string", "nullable": True}})
    out, report = _run(doc, kind)
    assert out["components"]["schemas"]["s"] == {"type": "string", "nullable": True}
    assert report == {}


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("3.1.0", {"type": ["integer", "null"], "default": None}),
        ("3.0.3", {"type": "integer", "default": None, "nullable": True}),
    ],
)
def test_null_default_admits_null(kind: str, version: str, expected: dict[str, Any]) -> None:
    doc = _doc(
        version,
        {
            "n": {"type": "integer", "default": None},
            "ok": {"type": "object", "properties": {"a": {"default": None}}},
        },
    )
    upstream = lint_document(doc)
    assert [f.pointer for f in upstream if f.rule == "default-invalid"] == [
        "/components/schemas/n/default"
    ]
    out, report = _run(doc, kind, "null-default")
    assert out["components"]["schemas"]["n"] == expected
    assert out["components"]["schemas"]["ok"]["properties"]["a"] == {"default": None}
    assert report == {"null-default": ["/components/schemas/n"]}
    assert not [f for f in lint_document(out) if f.rule == "default-invalid"]


def test_null_default_on_a_ref_in_30_wraps_it(kind: str) -> None:
    doc = _doc(
        "3.0.3",
        {"t": {"type": "string"}, "r": {"$ref": "#/components/schemas/t", "default": None}},
    )
    out, _ = _run(doc, kind, "null-default")
    assert out["components"]["schemas"]["r"] == {
        "default": None,
        "allOf": [{"$ref": "#/components/schemas/t"}],
        "nullable": True,
    }


def test_coerce_default(kind: str) -> None:
    doc = _doc(
        "3.1.0",
        {
            "s": {"type": "string", "default": 1},
            "b": {"type": "string", "default": True},
            "i": {"type": "integer", "default": "5"},
            "n": {"type": "number", "default": "2.5"},
            "t": {"type": "boolean", "default": "true"},
            "bad": {"type": "integer", "default": "five"},
            "enum": {"type": "string", "enum": ["a"], "default": 1},
            "fine": {"type": "string", "default": "x"},
        },
    )
    out, report = _run(doc, kind, "coerce-default")
    defaults = {k: v.get("default") for k, v in out["components"]["schemas"].items()}
    assert defaults == {
        "s": "1",
        "b": "true",
        "i": 5,
        "n": 2.5,
        "t": True,
        "bad": "five",  # not convertible: left for lint to report
        "enum": 1,  # "1" would still fail the enum
        "fine": "x",
    }
    assert len(report["coerce-default"]) == 5


def test_exclusive_bounds_both_ways(kind: str) -> None:
    v31 = _doc(
        "3.1.0",
        {
            "a": {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
            "b": {"type": "integer", "maximum": 9, "exclusiveMaximum": False},
            "c": {"type": "integer", "exclusiveMinimum": 3},
        },
    )
    out, _ = _run(v31, kind, "exclusive-bounds")
    schemas = out["components"]["schemas"]
    assert schemas["a"] == {"type": "integer", "exclusiveMinimum": 1}
    assert schemas["b"] == {"type": "integer", "maximum": 9}
    assert schemas["c"] == {"type": "integer", "exclusiveMinimum": 3}
    assert not [f for f in lint_document(out) if f.rule == "openapi-schema"]
    v30 = _doc("3.0.3", {"a": {"type": "integer", "exclusiveMinimum": 3}})
    assert lint_document(v30)  # numeric bounds are invalid in 3.0
    out, _ = _run(v30, kind, "exclusive-bounds")
    assert out["components"]["schemas"]["a"] == {
        "type": "integer",
        "exclusiveMinimum": True,
        "minimum": 3,
    }
    assert not lint_document(out)


def test_const_in_30(kind: str) -> None:
    doc = _doc("3.0.3", {"k": {"type": "string", "const": "alpha"}})
    assert lint_document(doc)
    out, _ = _run(doc, kind, "const")
    assert out["components"]["schemas"]["k"] == {"type": "string", "enum": ["alpha"]}
    assert not lint_document(out)
    kept = _doc("3.1.0", {"k": {"type": "string", "const": "alpha"}})
    assert _run(kept, kind, "const")[0] == kept


def test_examples(kind: str) -> None:
    media = {
        "schema": {"type": "string"},
        "example": "a",
        "examples": {"b": {"value": "b"}},
    }
    listed = {"schema": {"type": "string"}, "examples": ["x", "y"]}
    doc = _doc(
        "3.1.0",
        {"m": {"type": "string", "examples": {"one": {"value": "v"}, "two": "w"}}},
        paths={
            "/a": {
                "get": {
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": media}},
                        "201": {"description": "ok", "content": {"application/json": listed}},
                    }
                }
            }
        },
    )
    assert [f for f in lint_document(doc) if f.rule == "openapi-schema"]
    out, _ = _run(doc, kind, "examples")
    assert out["components"]["schemas"]["m"]["examples"] == ["v", "w"]
    responses = out["paths"]["/a"]["get"]["responses"]
    assert responses["200"]["content"]["application/json"] == {
        "schema": {"type": "string"},
        "examples": {"b": {"value": "b"}, "example": {"value": "a"}},
    }
    assert responses["201"]["content"]["application/json"]["examples"] == {
        "example1": {"value": "x"},
        "example2": {"value": "y"},
    }
    assert not lint_document(out)
    v30 = _doc("3.0.3", {"m": {"type": "string", "examples": ["v", "w"]}})
    assert _run(v30, kind, "examples")[0]["components"]["schemas"]["m"] == {
        "type": "string",
        "example": "v",
    }


def test_operation_keys_become_extensions(kind: str) -> None:
    doc = _doc(
        "3.1.0",
        {},
        paths={"/a": {"post": {"title": "t", "x-title": "kept", "responses": OK}}},
    )
    assert lint_document(doc)
    out, _ = _run(doc, kind, "operation-keys")
    assert list(out["paths"]["/a"]["post"]) == ["x-x-title", "x-title", "responses"]
    assert out["paths"]["/a"]["post"]["x-x-title"] == "t"  # the free name, position kept
    assert not lint_document(out)


def test_options_select_upgrades() -> None:
    doc = _doc("3.1.0", {"s": {"type": "string", "nullable": True}})
    off = from_plain(doc)
    normalize(off, parse_normalize_options({"upgrades": False, "hoist": False}))
    assert to_plain(off) == doc
    chosen = from_plain(doc)
    report = normalize(chosen, parse_normalize_options({"upgrades": ["nullable"]}))
    assert report == {"nullable": 1}
    with pytest.raises(SpecpressError, match="unknown upgrades"):
        parse_normalize_options({"upgrades": ["nullable", "nope"]})
    with pytest.raises(SpecpressError, match="must be true, false or a list"):
        parse_normalize_options({"upgrades": "yes"})
