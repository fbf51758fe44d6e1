"""Minimal OLD/NEW document pairs, one or more per wire rule, shared by the diff tests.

Each case is (expected rule id, old document, new document, expected operation). The schema
facet cases are generated: one schema pair per facet, embedded at each of the five schema
positions (query parameter, request body, request property, response body, response property).
"""

# ruff: noqa: E501  (the case tables read best one pair per line)
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from specpress.diff import DiffOptions, diff_documents
from specpress.diff_rules import RULES, rule

Doc = dict[str, Any]
Case = tuple[str, Doc, Doc, str]


def doc(paths: dict[str, Any] | None = None, **top: Any) -> Doc:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths or {}, **top}


def op(**fields: Any) -> dict[str, Any]:
    return {"responses": {"200": {"description": "ok"}}, **fields}


def json_body(schema: Any, **fields: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}, **fields}


def with_response(schema: Any, status: str = "200", **fields: Any) -> dict[str, Any]:
    return {"responses": {status: {"description": "ok", **json_body(schema), **fields}}}


# --- schema facets: (facet, old schema, new schema) -----------------------------------------

FACETS: list[tuple[str, Any, Any]] = [
    ("type-changed", {"type": "integer"}, {"type": "string"}),
    ("type-generalized", {"type": "integer"}, {"type": "number"}),
    ("type-specialized", {"type": "number"}, {"type": "integer"}),
    ("became-nullable", {"type": "string"}, {"type": ["string", "null"]}),
    ("became-not-nullable", {"anyOf": [{"type": "string"}, {"type": "null"}]}, {"type": "string"}),
    ("enum-value-added", {"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["a", "b", "c"]}),
    ("enum-value-removed", {"type": "string", "enum": ["a", "b", "c"]}, {"type": "string", "enum": ["a", "b"]}),
    ("became-enum", {"type": "string"}, {"type": "string", "enum": ["a", "b"]}),
    ("one-of-added", {"oneOf": [{"type": "string"}, {"type": "integer"}]},
     {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}),
    ("one-of-removed", {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]},
     {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
    ("any-of-added", {"anyOf": [{"type": "string"}, {"type": "integer"}]},
     {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}),
    ("any-of-removed", {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]},
     {"anyOf": [{"type": "string"}, {"type": "integer"}]}),
    ("pattern-added", {"type": "string"}, {"type": "string", "pattern": "^a$"}),
    ("pattern-removed", {"type": "string", "pattern": "^a$"}, {"type": "string"}),
    ("pattern-changed", {"type": "string", "pattern": "^a$"}, {"type": "string", "pattern": "^b$"}),
    ("default-value-added", {"type": "integer"}, {"type": "integer", "default": 1}),
    ("default-value-removed", {"type": "integer", "default": 1}, {"type": "integer"}),
    ("default-value-changed", {"type": "integer", "default": 1}, {"type": "integer", "default": 2}),
]  # fmt: skip

for _keyword, _facet, _type in (
    ("maximum", "max", "integer"),
    ("minimum", "min", "integer"),
    ("maxLength", "max-length", "string"),
    ("minLength", "min-length", "string"),
    ("maxItems", "max-items", "array"),
    ("minItems", "min-items", "array"),
    ("exclusiveMaximum", "exclusive-max", "number"),
    ("exclusiveMinimum", "exclusive-min", "number"),
):
    _small, _big = {"type": _type, _keyword: 1}, {"type": _type, _keyword: 5}
    _none = {"type": _type}
    FACETS += [
        (f"{_facet}-increased", _small, _big),
        (f"{_facet}-decreased", _big, _small),
        (f"{_facet}-set", _none, _small),
        (f"{_facet}-unset", _small, _none),
    ]


def embed(prefix: str, schema: Any) -> Doc:
    """A one-operation document with `schema` at the position the rule-id prefix names."""
    schema = copy.deepcopy(schema)
    if prefix == "request-parameter":
        param = {"name": "p", "in": "query", "schema": schema}
        return doc({"/t": {"get": op(parameters=[param])}})
    if prefix in ("request-body", "request-property"):
        if prefix == "request-property":
            schema = {"type": "object", "properties": {"x": schema}}
        return doc({"/t": {"post": op(requestBody=json_body(schema))}})
    if prefix == "response-property":
        schema = {"type": "object", "properties": {"x": schema}}
    return doc({"/t": {"get": with_response(schema)}})


PREFIXES = ("request-parameter", "request-body", "request-property", "response-body",
            "response-property")  # fmt: skip


def facet_cases() -> list[Case]:
    cases = []
    for prefix in PREFIXES:
        method = "POST" if prefix in ("request-body", "request-property") else "GET"
        for facet, old, new in FACETS:
            cases.append(
                (f"{prefix}-{facet}", embed(prefix, old), embed(prefix, new), f"{method} /t")
            )
    return cases


# --- structural cases -------------------------------------------------------------------------

A = {"/a": {"get": op()}}
AB = {"/a": {"get": op()}, "/b": {"get": op()}}
OBJ = {"type": "object", "properties": {"x": {"type": "string"}}}
OBJ_REQ = {**OBJ, "required": ["x"]}
OBJ_XY = {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "string"}}}
OBJ_XY_REQ_Y = {**OBJ_XY, "required": ["y"]}
APIKEY = {"type": "apiKey", "in": "header", "name": "X-Key"}


def _param(name: str, where: str = "query", **fields: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": {"type": "string"}, **fields}


def _get(**fields: Any) -> Doc:
    return doc({"/t": {"get": op(**fields)}})


def _post(**fields: Any) -> Doc:
    return doc({"/t": {"post": op(**fields)}})


def _secured(security: Any, schemes: dict[str, Any] | None = None) -> Doc:
    return doc(
        {"/t": {"get": op(security=security)}},
        components={"securitySchemes": schemes or {"K": APIKEY, "O": {"type": "oauth2"}}},
    )


def _headers(headers: dict[str, Any]) -> Doc:
    return _get(responses={"200": {"description": "ok", "headers": headers}})


HDR = {"schema": {"type": "string"}}

STRUCTURAL: list[Case] = [
    ("endpoint-added", doc(A), doc(AB), "GET /b"),
    ("api-path-removed-without-deprecation", doc(AB), doc(A), "GET /b"),
    ("api-path-removed-with-deprecation", doc({**A, "/b": {"get": op(deprecated=True)}}), doc(A), "GET /b"),
    ("api-path-removed-before-sunset",
     doc({**A, "/b": {"get": op(deprecated=True, **{"x-sunset": "2099-01-01"})}}), doc(A), "GET /b"),
    ("api-removed-without-deprecation", doc({"/a": {"get": op(), "post": op()}}), doc(A), "POST /a"),
    ("api-removed-with-deprecation", doc({"/a": {"get": op(), "post": op(deprecated=True)}}), doc(A),
     "POST /a"),
    ("api-removed-before-sunset",
     doc({"/a": {"get": op(), "post": op(deprecated=True, **{"x-sunset": "2099-01-01"})}}), doc(A),
     "POST /a"),
    ("api-deprecated-sunset-parse", doc({**A, "/b": {"get": op(**{"x-sunset": "next spring"})}}), doc(A),
     "GET /b"),
    ("endpoint-deprecated", doc(A), doc({"/a": {"get": op(deprecated=True)}}), "GET /a"),
    ("endpoint-reactivated", doc({"/a": {"get": op(deprecated=True)}}), doc(A), "GET /a"),
    ("api-operation-id-changed", _get(operationId="x"), _get(operationId="y"), "GET /t"),
    ("api-operation-id-added", _get(), _get(operationId="y"), "GET /t"),
    ("api-operation-id-removed", _get(operationId="x"), _get(), "GET /t"),
    ("api-tag-added", _get(tags=["A"]), _get(tags=["A", "B"]), "GET /t"),
    ("api-tag-removed", _get(tags=["A", "B"]), _get(tags=["A"]), "GET /t"),
    ("new-required-request-parameter", _get(), _get(parameters=[_param("q", required=True)]), "GET /t"),
    ("new-optional-request-parameter", _get(), _get(parameters=[_param("q")]), "GET /t"),
    ("request-parameter-removed", _get(parameters=[_param("q")]), _get(), "GET /t"),
    ("request-parameter-removed-with-deprecation", _get(parameters=[_param("q", deprecated=True)]),
     _get(), "GET /t"),
    ("request-parameter-became-required", _get(parameters=[_param("q")]),
     _get(parameters=[_param("q", required=True)]), "GET /t"),
    ("request-parameter-became-optional", _get(parameters=[_param("q", required=True)]),
     _get(parameters=[_param("q")]), "GET /t"),
    ("request-parameter-location-changed", _get(parameters=[_param("q")]),
     _get(parameters=[_param("q", "header")]), "GET /t"),
    ("request-parameter-deprecated", _get(parameters=[_param("q")]),
     _get(parameters=[_param("q", deprecated=True)]), "GET /t"),
    ("request-body-added-required", _post(), _post(requestBody=json_body(OBJ, required=True)), "POST /t"),
    ("request-body-added-optional", _post(), _post(requestBody=json_body(OBJ)), "POST /t"),
    ("request-body-removed", _post(requestBody=json_body(OBJ)), _post(), "POST /t"),
    ("request-body-became-required", _post(requestBody=json_body(OBJ)),
     _post(requestBody=json_body(OBJ, required=True)), "POST /t"),
    ("request-body-became-optional", _post(requestBody=json_body(OBJ, required=True)),
     _post(requestBody=json_body(OBJ)), "POST /t"),
    ("request-body-media-type-added", _post(requestBody=json_body(OBJ)),
     _post(requestBody={"content": {"application/json": {"schema": OBJ}, "text/plain": {}}}), "POST /t"),
    ("request-body-media-type-removed",
     _post(requestBody={"content": {"application/json": {"schema": OBJ}, "text/plain": {}}}),
     _post(requestBody=json_body(OBJ)), "POST /t"),
    ("new-required-request-property", _post(requestBody=json_body(OBJ)),
     _post(requestBody=json_body(OBJ_XY_REQ_Y)), "POST /t"),
    ("new-optional-request-property", _post(requestBody=json_body(OBJ)),
     _post(requestBody=json_body(OBJ_XY)), "POST /t"),
    ("request-property-removed", _post(requestBody=json_body(OBJ_XY)), _post(requestBody=json_body(OBJ)),
     "POST /t"),
    ("request-property-became-required", _post(requestBody=json_body(OBJ)),
     _post(requestBody=json_body(OBJ_REQ)), "POST /t"),
    ("request-property-became-optional", _post(requestBody=json_body(OBJ_REQ)),
     _post(requestBody=json_body(OBJ)), "POST /t"),
    ("response-success-status-added", _get(), _get(responses={"200": {"description": "ok"},
                                                              "201": {"description": "c"}}), "GET /t"),
    ("response-success-status-removed", _get(responses={"200": {"description": "ok"},
                                                        "201": {"description": "c"}}), _get(), "GET /t"),
    ("response-non-success-status-added", _get(),
     _get(responses={"200": {"description": "ok"}, "422": {"description": "bad"}}), "GET /t"),
    ("response-non-success-status-removed",
     _get(responses={"200": {"description": "ok"}, "default": {"description": "bad"}}), _get(), "GET /t"),
    ("response-media-type-added", _get(**with_response(OBJ)),
     _get(responses={"200": {"description": "ok", "content": {"application/json": {"schema": OBJ},
                                                              "text/csv": {}}}}), "GET /t"),
    ("response-media-type-removed",
     _get(responses={"200": {"description": "ok", "content": {"application/json": {"schema": OBJ},
                                                              "text/csv": {}}}}),
     _get(**with_response(OBJ)), "GET /t"),
    ("response-required-property-added", _get(**with_response(OBJ)), _get(**with_response(OBJ_XY_REQ_Y)),
     "GET /t"),
    ("response-optional-property-added", _get(**with_response(OBJ)), _get(**with_response(OBJ_XY)),
     "GET /t"),
    ("response-required-property-removed", _get(**with_response(OBJ_XY_REQ_Y)), _get(**with_response(OBJ)),
     "GET /t"),
    ("response-optional-property-removed", _get(**with_response(OBJ_XY)), _get(**with_response(OBJ)),
     "GET /t"),
    ("response-property-became-optional", _get(**with_response(OBJ_REQ)), _get(**with_response(OBJ)),
     "GET /t"),
    ("response-property-became-required", _get(**with_response(OBJ)), _get(**with_response(OBJ_REQ)),
     "GET /t"),
    ("required-response-header-removed", _headers({"X-Id": {**HDR, "required": True}}), _headers({}),
     "GET /t"),
    ("optional-response-header-removed", _headers({"Retry-After": HDR}), _headers({}), "GET /t"),
    ("response-header-became-optional", _headers({"X-Id": {**HDR, "required": True}}),
     _headers({"x-id": HDR}), "GET /t"),
    ("api-security-removed", _secured([{"K": []}, {"O": []}]), _secured([{"O": []}]), "GET /t"),
    ("api-security-added", _secured([{"K": []}]), _secured([{"K": []}, {"O": []}]), "GET /t"),
    ("api-security-scope-added", _secured([{"O": ["r"]}]), _secured([{"O": ["r", "w"]}]), "GET /t"),
    ("api-security-scope-removed", _secured([{"O": ["r", "w"]}]), _secured([{"O": ["r"]}]), "GET /t"),
    ("api-security-component-added", _secured([{"K": []}], {"K": APIKEY}),
     _secured([{"K": []}], {"K": APIKEY, "O": {"type": "oauth2"}}), "components"),
    ("api-security-component-removed", _secured([{"K": []}], {"K": APIKEY, "O": {"type": "oauth2"}}),
     _secured([{"K": []}], {"K": APIKEY}), "components"),
    ("api-security-component-changed", _secured([{"K": []}], {"K": APIKEY}),
     _secured([{"K": []}], {"K": {**APIKEY, "name": "Authorization"}}), "components"),
    ("api-server-added", doc(A, servers=[{"url": "https://a"}]),
     doc(A, servers=[{"url": "https://a"}, {"url": "https://b"}]), "api"),
    ("api-server-removed", doc(A, servers=[{"url": "https://a"}, {"url": "https://b"}]),
     doc(A, servers=[{"url": "https://a"}]), "api"),
    ("api-schema-added", doc(A, components={"schemas": {}}), doc(A, components={"schemas": {"S": OBJ}}),
     "components"),
    ("api-schema-removed", doc(A, components={"schemas": {"S": OBJ}}), doc(A), "components"),
]  # fmt: skip

ALL_CASES: list[Case] = facet_cases() + STRUCTURAL


# --- the tests --------------------------------------------------------------------------------


TODAY = DiffOptions(today=dt.date(2026, 1, 1))


@pytest.mark.parametrize(("rule_id", "old", "new", "operation"), ALL_CASES,
                         ids=[f"{c[0]}@{i}" for i, c in enumerate(ALL_CASES)])  # fmt: skip
def test_rule_fires_on_its_minimal_pair(rule_id: str, old: Doc, new: Doc, operation: str) -> None:
    result = diff_documents(old, new, TODAY)
    hits = [c for c in result.changes if c.id == rule_id and c.operation == operation]
    assert hits, f"{rule_id} not reported; got {[(c.id, c.operation) for c in result.changes]}"
    assert all(c.level == rule(rule_id).level for c in hits)
    assert all(c.location.startswith("/") for c in hits)
    assert {c.id for c in result.changes} == {rule_id}, "a minimal pair reports exactly one kind"
    assert diff_documents(old, old, TODAY).changes == []


def test_every_wire_rule_has_a_case() -> None:
    covered = {case[0] for case in ALL_CASES}
    wire = {r.id for r in RULES if not r.id.startswith("python-")}
    assert wire - covered == set()
    assert covered - wire == set()
