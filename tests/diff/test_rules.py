"""Minimal OLD/NEW document pairs, one or more per wire rule, shared by the diff tests.

Each case is (expected rule id, old document, new document, expected operation, options). The
schema-facet cases are generated: one schema pair per facet (overridable per position),
embedded at each position the rule table lists for it (request body / property, response body /
property, query parameter / a property of an object parameter, response header). Every rule
of the table has a case (`test_every_wire_rule_has_a_case`), and each case must report its
rule at the table's level and nothing outside the facet's known companions. The rules
document generated from the table must be the committed one.
"""

# ruff: noqa: E501  (the case tables read best one pair per line)
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from specpress.diff import DiffOptions, diff_documents
from specpress.diff.rules import FACETS, POSITIONS, RULES, render_rules_markdown, rule

from .documents import Doc, I, N, S, doc, embed, json_body, obj, op, with_response

Case = tuple[str, Doc, Doc, str, dict[str, Any]]


# --- schema facets: suffix -> (old schema, new schema) ----------------------------------------

PAIRS: dict[str, tuple[Any, Any]] = {
    "type-changed": (I, S),
    "type-generalized": (I, N),
    "type-specialized": (N, I),
    "type-compatible": (I, S),
    "list-of-types-widened": (S, {"oneOf": [S, I]}),
    "list-of-types-narrowed": ({"anyOf": [S, I]}, S),
    "content-media-type-changed": ({**S, "contentMediaType": "image/png"}, {**S, "contentMediaType": "image/jpeg"}),
    "content-encoding-changed": ({**S, "contentEncoding": "base64"}, {**S, "contentEncoding": "base32"}),
    "became-nullable": (S, {"type": ["string", "null"]}),
    "became-not-nullable": ({"type": ["string", "null"]}, S),
    "enum-value-added": ({**S, "enum": ["a", "b"]}, {**S, "enum": ["a", "b", "c"]}),
    "enum-value-removed": ({**S, "enum": ["a", "b", "c"]}, {**S, "enum": ["a", "b"]}),
    "became-enum": (S, {**S, "enum": ["a", "b"]}),
    "x-extensible-enum-value-removed": ({**S, "x-extensible-enum": ["a", "b"]}, {**S, "x-extensible-enum": ["a"]}),
    "default-value-added": (I, {**I, "default": 1}),
    "default-value-removed": ({**I, "default": 1}, I),
    "default-value-changed": ({**I, "default": 1}, {**I, "default": 2}),
    "const-added": (S, {**S, "const": "v1"}),
    "const-removed": ({**S, "const": "v1"}, S),
    "const-changed": ({**S, "const": "v1"}, {**S, "const": "v2"}),
    "pattern-added": (S, {**S, "pattern": "^a$"}),
    "pattern-removed": ({**S, "pattern": "^a$"}, S),
    "pattern-changed": ({**S, "pattern": "^a$"}, {**S, "pattern": "^b$"}),
    "pattern-generalized": ({**S, "pattern": "^a$"}, {**S, "pattern": ".*"}),
    "min-contains-increased": ({"type": "array", "contains": S, "minContains": 1}, {"type": "array", "contains": S, "minContains": 5}),
    "min-contains-decreased": ({"type": "array", "contains": S, "minContains": 5}, {"type": "array", "contains": S, "minContains": 1}),
    "max-contains-increased": ({"type": "array", "contains": S, "maxContains": 1}, {"type": "array", "contains": S, "maxContains": 5}),
    "max-contains-decreased": ({"type": "array", "contains": S, "maxContains": 5}, {"type": "array", "contains": S, "maxContains": 1}),
    "pattern-property-added": ({"type": "object"}, {"type": "object", "patternProperties": {"^x-": S}}),
    "pattern-property-removed": ({"type": "object", "patternProperties": {"^x-": S}}, {"type": "object"}),
    "one-of-added": ({"oneOf": [obj(a=S), obj(b=S)]}, {"oneOf": [obj(a=S), obj(b=S), obj(c=S)]}),
    "one-of-removed": ({"oneOf": [obj(a=S), obj(b=S), obj(c=S)]}, {"oneOf": [obj(a=S), obj(b=S)]}),
    "any-of-added": ({"anyOf": [obj(a=S), obj(b=S)]}, {"anyOf": [obj(a=S), obj(b=S), obj(c=S)]}),
    "any-of-removed": ({"anyOf": [obj(a=S), obj(b=S), obj(c=S)]}, {"anyOf": [obj(a=S), obj(b=S)]}),
    "any-of-became-one-of": ({"anyOf": [obj(a=S), obj(b=S)]}, {"oneOf": [obj(a=S), obj(b=S)]}),
    "one-of-became-any-of": ({"oneOf": [obj(a=S), obj(b=S)]}, {"anyOf": [obj(a=S), obj(b=S)]}),
    "all-of-added": ({"allOf": [obj(a=S)]}, {"allOf": [obj(a=S), obj(b=S)]}),
    "all-of-removed": ({"allOf": [obj(a=S), obj(b=S)]}, {"allOf": [obj(a=S)]}),
    "all-of-added-annotation-only": ({"allOf": [obj(a=S)]}, {"allOf": [obj(a=S), {"description": "x"}]}),
    "all-of-removed-annotation-only": ({"allOf": [obj(a=S), {"description": "x"}]}, {"allOf": [obj(a=S)]}),
    "discriminator-added": (obj(kind=S), {**obj(kind=S), "discriminator": {"propertyName": "kind"}}),
    "discriminator-removed": ({**obj(kind=S), "discriminator": {"propertyName": "kind"}}, obj(kind=S)),
    "discriminator-property-name-changed": ({**obj(kind=S, type=S), "discriminator": {"propertyName": "kind"}},
                                            {**obj(kind=S, type=S), "discriminator": {"propertyName": "type"}}),
    "discriminator-mapping-added": ({**obj(kind=S), "discriminator": {"propertyName": "kind", "mapping": {"a": "#/A"}}},
                                    {**obj(kind=S), "discriminator": {"propertyName": "kind", "mapping": {"a": "#/A", "b": "#/B"}}}),
    "discriminator-mapping-deleted": ({**obj(kind=S), "discriminator": {"propertyName": "kind", "mapping": {"a": "#/A", "b": "#/B"}}},
                                      {**obj(kind=S), "discriminator": {"propertyName": "kind", "mapping": {"a": "#/A"}}}),
    "discriminator-mapping-changed": ({**obj(kind=S), "discriminator": {"propertyName": "kind", "mapping": {"a": "#/A"}}},
                                      {**obj(kind=S), "discriminator": {"propertyName": "kind", "mapping": {"a": "#/B"}}}),
    "prefix-items-added": ({"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S, I]}),
    "prefix-items-removed": ({"type": "array", "prefixItems": [S, I]}, {"type": "array", "prefixItems": [S]}),
    "dependent-required-added": ({"type": "object"}, {"type": "object", "dependentRequired": {"a": ["b"]}}),
    "dependent-required-removed": ({"type": "object", "dependentRequired": {"a": ["b"]}}, {"type": "object"}),
    "dependent-required-changed": ({"type": "object", "dependentRequired": {"a": ["b"]}}, {"type": "object", "dependentRequired": {"a": ["b", "c"]}}),
    "dependent-schema-added": ({"type": "object"}, {"type": "object", "dependentSchemas": {"a": {"required": ["b"]}}}),
    "dependent-schema-removed": ({"type": "object", "dependentSchemas": {"a": {"required": ["b"]}}}, {"type": "object"}),
    "content-schema-added": ({**S, "contentMediaType": "application/json"}, {**S, "contentMediaType": "application/json", "contentSchema": obj(a=S)}),
    "content-schema-removed": ({**S, "contentMediaType": "application/json", "contentSchema": obj(a=S)}, {**S, "contentMediaType": "application/json"}),
    "wrapped-in-one-of": (obj(a=S), {"oneOf": [obj(a=S), obj(b=S)]}),
}  # fmt: skip
for _keyword, _word in (("if", "if"), ("then", "then"), ("else", "else"), ("contains", "contains"),
                        ("propertyNames", "property-names"), ("unevaluatedItems", "unevaluated-items"),
                        ("unevaluatedProperties", "unevaluated-properties")):  # fmt: skip
    _with = {"type": "object", _keyword: {"required": ["a"]} if _keyword in ("if", "then", "else")
             else {"pattern": "^a"} if _keyword == "propertyNames" else S}  # fmt: skip
    PAIRS[f"{_word}-added"] = ({"type": "object"}, _with)
    PAIRS[f"{_word}-removed"] = (_with, {"type": "object"})

BOUND_KEYWORDS = {"max": ("maximum", I), "exclusive-max": ("exclusiveMaximum", N),
                  "min": ("minimum", I), "exclusive-min": ("exclusiveMinimum", N),
                  "max-length": ("maxLength", S), "min-length": ("minLength", S),
                  "max-items": ("maxItems", {"type": "array"}),
                  "min-items": ("minItems", {"type": "array"})}  # fmt: skip
for _facet, (_keyword, _base) in BOUND_KEYWORDS.items():
    _small, _big, _none = {**_base, _keyword: 1}, {**_base, _keyword: 5}, dict(_base)
    PAIRS[f"{_facet}-increased"] = (_small, _big)
    PAIRS[f"{_facet}-decreased"] = (_big, _small)
    PAIRS[f"{_facet}-set"] = (_none, _small)
    PAIRS[f"{_facet}-unset"] = (_small, _none)

# Per-position pairs where the default one means something else there.
OVERRIDES: dict[tuple[str, str], tuple[Any, Any]] = {
    ("type-changed", "pa"): (S, I),  # a query value is a string on the wire: int -> string widens
    ("type-compatible", "sb"): (S, I),  # a response narrows toward the old type
    ("type-compatible", "sp"): (S, I),
    ("type-compatible", "hd"): (S, I),
    ("type-changed", "pp"): (I, S),  # strongly typed (JSON) breaks, form-encoded does not: WARN
}
# Facets whose pair also reports these (suffixes at the same position), as oasdiff does.
COMPANIONS: dict[str, set[str]] = {
    "became-enum": {"enum-value-added"},
}
COMPANION_IDS: dict[str, set[str]] = {
    "request-header-property-became-enum": {"request-parameter-property-enum-value-added"},
}
# Facets whose pair must sit in a loosely typed media type.
TEXT_PLAIN = {"type-compatible"}


def facet_cases() -> list[Case]:
    cases = []
    for facet in FACETS:
        if facet.suffix.startswith("media-type-schema-"):
            continue  # not a schema pair: see STRUCTURAL
        for pos in facet.levels:
            old, new = OVERRIDES.get((facet.suffix, pos), PAIRS[facet.suffix])
            media = "text/plain" if facet.suffix in TEXT_PLAIN else "application/json"
            prefix = POSITIONS[pos][0]
            method = "POST" if pos in ("rb", "rp") else "GET"
            cases.append((f"{prefix}-{facet.suffix}", embed(pos, old, media),
                          embed(pos, new, media), f"{method} /t", {}))  # fmt: skip
    return cases


# --- structural cases -------------------------------------------------------------------------

A = {"/a": {"get": op()}}
AB = {"/a": {"get": op()}, "/b": {"get": op()}}
OBJ = obj(x=S)
OBJ_REQ = {**OBJ, "required": ["x"]}
OBJ_XY = obj(x=S, y=S)
OBJ_XY_REQ_Y = {**OBJ_XY, "required": ["y"]}
APIKEY = {"type": "apiKey", "in": "header", "name": "X-Key"}
POLICY = {"deprecation_days_stable": 30}
SOON = {"x-sunset": "2026-01-05"}  # TODAY + 4 days
LATER = {"x-sunset": "2026-06-30"}
DEP = {"deprecated": True}


def _param(name: str, where: str = "query", **fields: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": {"type": "string"}, **fields}


def _get(**fields: Any) -> Doc:
    return doc({"/t": {"get": op(**fields)}})


def _post(**fields: Any) -> Doc:
    return doc({"/t": {"post": op(**fields)}})


def _body(schema: Any) -> Doc:
    return _post(requestBody=json_body(schema))


def _resp(schema: Any) -> Doc:
    return _get(**with_response(schema))


def _with_param(**fields: Any) -> Doc:
    return _get(parameters=[_param("q", **fields)])


def _header_param(schema: Any) -> Doc:
    return _get(parameters=[{"name": "X-Meta", "in": "header", "schema": schema}])


def _secured(security: Any, schemes: dict[str, Any] | None = None,
             top: Any = None) -> Doc:  # fmt: skip
    extra = {"security": top} if top is not None else {}
    return doc(
        {"/t": {"get": op(**({"security": security} if security is not None else {}))}},
        components={"securitySchemes": schemes or {"K": APIKEY, "O": {"type": "oauth2"}}},
        **extra,
    )


def _oauth(**implicit: Any) -> Doc:
    flow = {"authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token",
            "scopes": {"read": "read it"}, **implicit}  # fmt: skip
    return _secured([{"O": []}], {"O": {"type": "oauth2", "flows": {"implicit": flow}}})


def _headers(headers: dict[str, Any]) -> Doc:
    return _get(responses={"200": {"description": "ok", "headers": headers}})


def _prop(flags: dict[str, Any], required: bool = False, response: bool = False) -> Doc:
    schema = {"type": "object", "properties": {"x": S, "t": {**S, **flags}}}
    if required:
        schema["required"] = ["t"]
    return _resp(schema) if response else _body(schema)


def _stab(level: str | None, **fields: Any) -> dict[str, Any]:
    return op(**({"x-stability-level": level} if level else {}), **fields)


HDR = {"schema": {"type": "string"}}
RO = {"readOnly": True}
WO = {"writeOnly": True}


def _mutability_cases() -> list[Case]:
    cases: list[Case] = []
    for side, response in (("request", False), ("response", True)):
        method = "GET" if response else "POST"
        for required in (False, True):
            kind = "required" if required else "optional"
            for flag, word in (("writeOnly", "write-only"), ("readOnly", "read-only")):
                on = {flag: True}
                cases.append((f"{side}-{kind}-property-became-{word}", _prop({}, required, response),
                              _prop(on, required, response), f"{method} /t", {}))  # fmt: skip
                cases.append((f"{side}-{kind}-property-became-not-{word}", _prop(on, required, response),
                              _prop({}, required, response), f"{method} /t", {}))  # fmt: skip
    return cases


def _lifecycle_cases() -> list[Case]:
    """Deprecation and sunset of request and response properties."""
    cases: list[Case] = []
    for side, response in (("request", False), ("response", True)):
        method = "GET" if response else "POST"
        p = f"{side}-property"
        cases += [
            (f"{p}-deprecated", _prop({}, response=response), _prop(DEP, response=response), f"{method} /t", {}),
            (f"{p}-deprecated-with-sunset", _prop({}, response=response), _prop({**DEP, **LATER}, response=response), f"{method} /t", {}),
            (f"{p}-deprecated-sunset-missing", _prop({}, response=response), _prop(DEP, response=response), f"{method} /t", POLICY),
            (f"{p}-deprecated-sunset-invalid", _prop({}, response=response), _prop({**DEP, "x-sunset": "soon"}, response=response), f"{method} /t", {}),
            (f"{p}-sunset-date-too-small", _prop({}, response=response), _prop({**DEP, **SOON}, response=response), f"{method} /t", POLICY),
            (f"{p}-reactivated", _prop(DEP, response=response), _prop({}, response=response), f"{method} /t", {}),
            (f"{p}-stability-decreased", _prop({}, response=response), _prop({"x-stability-level": "beta"}, response=response), f"{method} /t", {}),
            (f"{p}-stability-increased", _prop({"x-stability-level": "beta"}, response=response), _prop({}, response=response), f"{method} /t", {}),
        ]  # fmt: skip
    return cases


def _read_only_bounds() -> list[Case]:
    cases: list[Case] = []
    for facet, keyword, before, after in (("max-decreased", "maximum", 5, 1),
                                          ("exclusive-max-decreased", "exclusiveMaximum", 5, 1),
                                          ("max-length-decreased", "maxLength", 5, 1),
                                          ("min-increased", "minimum", 1, 5),
                                          ("exclusive-min-increased", "exclusiveMinimum", 1, 5)):  # fmt: skip
        cases.append((f"request-read-only-property-{facet}", _prop({**RO, keyword: before}),
                      _prop({**RO, keyword: after}), "POST /t", {}))  # fmt: skip
    return cases


STRUCTURAL: list[Case] = [
    # paths and operations
    ("endpoint-added", doc(A), doc(AB), "GET /b", {}),
    ("api-path-removed-without-deprecation", doc(AB), doc(A), "GET /b", {}),
    ("api-path-removed-with-deprecation", doc({**A, "/b": {"get": op(deprecated=True)}}), doc(A), "GET /b", {}),
    ("api-path-removed-before-sunset", doc({**A, "/b": {"get": op(deprecated=True, **{"x-sunset": "2099-01-01"})}}), doc(A), "GET /b", {}),
    ("api-path-sunset-parse", doc({**A, "/b": {"get": op(deprecated=True, **{"x-sunset": "next spring"})}}), doc(A), "GET /b", {}),
    ("api-removed-without-deprecation", doc({"/a": {"get": op(), "post": op()}}), doc(A), "POST /a", {}),
    ("api-removed-with-deprecation", doc({"/a": {"get": op(), "post": op(deprecated=True)}}), doc(A), "POST /a", {}),
    ("api-removed-before-sunset", doc({"/a": {"get": op(), "post": op(deprecated=True, **{"x-sunset": "2099-01-01"})}}), doc(A), "POST /a", {}),
    ("endpoint-deprecated", doc(A), doc({"/a": {"get": op(deprecated=True)}}), "GET /a", {}),
    ("endpoint-deprecated-with-sunset", doc(A), doc({"/a": {"get": op(**DEP, **LATER)}}), "GET /a", {}),
    ("endpoint-reactivated", doc({"/a": {"get": op(deprecated=True)}}), doc(A), "GET /a", {}),
    ("api-deprecated-sunset-parse", doc(A), doc({"/a": {"get": op(**DEP, **{"x-sunset": "soon"})}}), "GET /a", {}),
    ("api-deprecated-sunset-missing", doc(A), doc({"/a": {"get": op(**DEP)}}), "GET /a", POLICY),
    ("api-sunset-date-too-small", doc(A), doc({"/a": {"get": op(**DEP, **SOON)}}), "GET /a", POLICY),
    ("sunset-deleted", doc({"/a": {"get": op(**DEP, **LATER)}}), doc({"/a": {"get": op(**DEP)}}), "GET /a", {}),
    ("api-sunset-date-changed-too-small", doc({"/a": {"get": op(**DEP, **LATER)}}), doc({"/a": {"get": op(**DEP, **SOON)}}), "GET /a", POLICY),
    ("api-invalid-stability-level", doc({"/a": {"get": _stab("stable")}}), doc({"/a": {"get": _stab("ga")}}), "GET /a", {}),
    ("api-stability-decreased", doc({"/a": {"get": _stab("stable")}}), doc({"/a": {"get": _stab("beta")}}), "GET /a", {}),
    ("api-stability-increased", doc({"/a": {"get": _stab("beta")}}), doc({"/a": {"get": _stab("stable")}}), "GET /a", {}),
    ("api-operation-id-changed", _get(operationId="x"), _get(operationId="y"), "GET /t", {}),
    ("api-operation-id-added", _get(), _get(operationId="y"), "GET /t", {}),
    ("api-operation-id-removed", _get(operationId="x"), _get(), "GET /t", {}),
    ("api-tag-added", _get(tags=["A"]), _get(tags=["A", "B"]), "GET /t", {}),
    ("api-tag-removed", _get(tags=["A", "B"]), _get(tags=["A"]), "GET /t", {}),
    ("webhook-added", doc(A), doc(A, webhooks={"done": {"post": op()}}), "components", {}),
    ("webhook-removed", doc(A, webhooks={"done": {"post": op()}}), doc(A), "components", {}),
    # parameters
    ("new-required-request-parameter", _get(), _get(parameters=[_param("q", required=True)]), "GET /t", {}),
    ("new-optional-request-parameter", _get(), _get(parameters=[_param("q")]), "GET /t", {}),
    ("new-request-path-parameter", doc({"/t/{a}": {"get": op(parameters=[_param("a", "path", required=True)])}}),
     doc({"/t/{a}": {"get": op(parameters=[_param("a", "path", required=True), _param("b", "path", required=True)])}}), "GET /t/{a}", {}),
    ("new-required-request-default-parameter-to-existing-path", _get(),
     doc({"/t": {"parameters": [_param("q", required=True)], "get": op()}}), "GET /t", {}),
    ("new-optional-request-default-parameter-to-existing-path", _get(),
     doc({"/t": {"parameters": [_param("q")], "get": op()}}), "GET /t", {}),
    ("request-parameter-removed", _with_param(), _get(), "GET /t", {}),
    ("request-parameter-removed-with-deprecation", _with_param(deprecated=True), _get(), "GET /t", {}),
    ("request-parameter-removed-before-sunset", _with_param(**DEP, **LATER), _get(), "GET /t", {}),
    ("request-parameter-sunset-parse", _with_param(**DEP, **{"x-sunset": "soon"}), _get(), "GET /t", {}),
    ("request-parameter-became-required", _with_param(), _with_param(required=True), "GET /t", {}),
    ("request-parameter-became-optional", _with_param(required=True), _with_param(), "GET /t", {}),
    ("request-parameter-deprecated", _with_param(), _with_param(deprecated=True), "GET /t", {}),
    ("request-parameter-reactivated", _with_param(deprecated=True), _with_param(), "GET /t", {}),
    ("request-parameter-deprecated-sunset-missing", _with_param(), _with_param(**DEP), "GET /t", POLICY),
    ("request-parameter-sunset-date-too-small", _with_param(), _with_param(**DEP, **SOON), "GET /t", POLICY),
    ("request-parameter-sunset-deleted", _with_param(**DEP, **LATER), _with_param(**DEP), "GET /t", {}),
    ("request-parameter-sunset-date-changed-too-small", _with_param(**DEP, **LATER), _with_param(**DEP, **SOON), "GET /t", POLICY),
    ("request-header-property-became-enum", _header_param(obj(kind=S)), _header_param(obj(kind={**S, "enum": ["a"]})), "GET /t", {}),
    ("request-header-property-became-required", _header_param(obj(kind=S)), _header_param({**obj(kind=S), "required": ["kind"]}), "GET /t", {}),
    ("new-required-request-header-property", _header_param(obj(kind=S)), _header_param({**obj(kind=S, v=S), "required": ["v"]}), "GET /t", {}),
    # request body
    ("request-body-added-required", _post(), _post(requestBody=json_body(OBJ, required=True)), "POST /t", {}),
    ("request-body-added-optional", _post(), _post(requestBody=json_body(OBJ)), "POST /t", {}),
    ("request-body-removed", _post(requestBody=json_body(OBJ)), _post(), "POST /t", {}),
    ("request-body-became-required", _post(requestBody=json_body(OBJ)), _post(requestBody=json_body(OBJ, required=True)), "POST /t", {}),
    ("request-body-became-optional", _post(requestBody=json_body(OBJ, required=True)), _post(requestBody=json_body(OBJ)), "POST /t", {}),
    ("request-body-media-type-added", _post(requestBody=json_body(OBJ)),
     _post(requestBody={"content": {"application/json": {"schema": OBJ}, "text/plain": {"schema": S}}}), "POST /t", {}),
    ("request-body-media-type-removed", _post(requestBody={"content": {"application/json": {"schema": OBJ}, "text/plain": {"schema": S}}}),
     _post(requestBody=json_body(OBJ)), "POST /t", {}),
    ("request-body-media-type-schema-added", _post(requestBody={"content": {"application/json": {}}}), _post(requestBody=json_body(OBJ)), "POST /t", {}),
    ("request-body-media-type-schema-removed", _post(requestBody=json_body(OBJ)), _post(requestBody={"content": {"application/json": {}}}), "POST /t", {}),
    ("new-required-request-property", _body(OBJ), _body(OBJ_XY_REQ_Y), "POST /t", {}),
    ("new-required-request-property-with-default", _body(OBJ), _body({**obj(x=S, y={**S, "default": "d"}), "required": ["y"]}), "POST /t", {}),
    ("new-optional-request-property", _body(OBJ), _body(OBJ_XY), "POST /t", {}),
    ("request-property-removed", _body(OBJ_XY), _body(OBJ), "POST /t", {}),
    ("request-property-became-required", _body(OBJ), _body(OBJ_REQ), "POST /t", {}),
    ("request-property-became-required-with-default", _body(obj(x={**S, "default": "d"})),
     _body({**obj(x={**S, "default": "d"}), "required": ["x"]}), "POST /t", {}),
    ("request-property-became-optional", _body(OBJ_REQ), _body(OBJ), "POST /t", {}),
    ("request-read-only-property-enum-value-removed", _prop({**RO, "enum": ["a", "b"]}), _prop({**RO, "enum": ["a"]}), "POST /t", {}),
    *_read_only_bounds(),
    *_mutability_cases(),
    *_lifecycle_cases(),
    # responses
    ("response-success-status-added", _get(), _get(responses={"200": {"description": "ok"}, "201": {"description": "ok"}}), "GET /t", {}),
    ("response-success-status-removed", _get(responses={"200": {"description": "ok"}, "201": {"description": "ok"}}), _get(), "GET /t", {}),
    ("response-non-success-status-added", _get(), _get(responses={"200": {"description": "ok"}, "404": {"description": "no"}}), "GET /t", {}),
    ("response-non-success-status-removed", _get(responses={"200": {"description": "ok"}, "404": {"description": "no"}}), _get(), "GET /t", {}),
    ("response-media-type-added", _resp(OBJ), _get(responses={"200": {"description": "ok", "content": {"application/json": {"schema": OBJ}, "text/csv": {"schema": S}}}}), "GET /t", {}),
    ("response-media-type-removed", _get(responses={"200": {"description": "ok", "content": {"application/json": {"schema": OBJ}, "text/csv": {"schema": S}}}}), _resp(OBJ), "GET /t", {}),
    ("response-body-media-type-schema-added", _get(responses={"200": {"description": "ok", "content": {"application/json": {}}}}), _resp(OBJ), "GET /t", {}),
    ("response-body-media-type-schema-removed", _resp(OBJ), _get(responses={"200": {"description": "ok", "content": {"application/json": {}}}}), "GET /t", {}),
    ("response-mediatype-enum-value-removed", _resp({**S, "enum": ["a", "b"]}), _resp({**S, "enum": ["a"]}), "GET /t", {}),
    ("response-required-property-added", _resp(OBJ), _resp(OBJ_XY_REQ_Y), "GET /t", {}),
    ("response-optional-property-added", _resp(OBJ), _resp(OBJ_XY), "GET /t", {}),
    ("response-required-property-removed", _resp(OBJ_XY_REQ_Y), _resp(OBJ), "GET /t", {}),
    ("response-optional-property-removed", _resp(OBJ_XY), _resp(OBJ), "GET /t", {}),
    ("response-required-write-only-property-added", _resp(OBJ), _resp({**obj(x=S, y={**S, **WO}), "required": ["y"]}), "GET /t", {}),
    ("response-optional-write-only-property-added", _resp(OBJ), _resp(obj(x=S, y={**S, **WO})), "GET /t", {}),
    ("response-required-write-only-property-removed", _resp({**obj(x=S, y={**S, **WO}), "required": ["y"]}), _resp(OBJ), "GET /t", {}),
    ("response-optional-write-only-property-removed", _resp(obj(x=S, y={**S, **WO})), _resp(OBJ), "GET /t", {}),
    ("response-property-became-optional", _resp(OBJ_REQ), _resp(OBJ), "GET /t", {}),
    ("response-property-became-required", _resp(OBJ), _resp(OBJ_REQ), "GET /t", {}),
    ("response-write-only-property-became-optional", _resp({**obj(x={**S, **WO}), "required": ["x"]}), _resp(obj(x={**S, **WO})), "GET /t", {}),
    ("response-write-only-property-became-required", _resp(obj(x={**S, **WO})), _resp({**obj(x={**S, **WO}), "required": ["x"]}), "GET /t", {}),
    ("response-write-only-property-enum-value-added", _prop({**WO, "enum": ["a"]}, response=True), _prop({**WO, "enum": ["a", "b"]}, response=True), "GET /t", {}),
    ("response-header-added", _headers({}), _headers({"X-Id": HDR}), "GET /t", {}),
    ("required-response-header-removed", _headers({"X-Id": {**HDR, "required": True}}), _headers({}), "GET /t", {}),
    ("optional-response-header-removed", _headers({"Retry-After": HDR}), _headers({}), "GET /t", {}),
    ("response-header-became-optional", _headers({"X-Id": {**HDR, "required": True}}), _headers({"X-Id": HDR}), "GET /t", {}),
    # security
    ("api-security-removed", _secured([{"K": []}, {"O": []}]), _secured([{"O": []}]), "GET /t", {}),
    ("api-security-added", _secured([{"K": []}]), _secured([{"K": []}, {"O": []}]), "GET /t", {}),
    ("api-security-scope-added", _secured([{"O": ["r"]}]), _secured([{"O": ["r", "w"]}]), "GET /t", {}),
    ("api-security-scope-removed", _secured([{"O": ["r", "w"]}]), _secured([{"O": ["r"]}]), "GET /t", {}),
    ("api-global-security-removed", _secured(None, top=[{"K": []}, {"O": []}]), _secured(None, top=[{"O": []}]), "api", {}),
    ("api-global-security-added", _secured(None, top=[{"K": []}]), _secured(None, top=[{"K": []}, {"O": []}]), "api", {}),
    ("api-global-security-scope-added", _secured(None, top=[{"O": ["r"]}]), _secured(None, top=[{"O": ["r", "w"]}]), "api", {}),
    ("api-global-security-scope-removed", _secured(None, top=[{"O": ["r", "w"]}]), _secured(None, top=[{"O": ["r"]}]), "api", {}),
    ("api-anonymous-access-removed", _secured([{}, {"K": []}]), _secured([{"K": []}]), "GET /t", {}),
    ("api-security-component-added", _secured([{"K": []}], {"K": APIKEY}), _secured([{"K": []}], {"K": APIKEY, "O": {"type": "oauth2"}}), "components", {}),
    ("api-security-component-removed", _secured([{"K": []}], {"K": APIKEY, "O": {"type": "oauth2"}}), _secured([{"K": []}], {"K": APIKEY}), "components", {}),
    ("api-security-component-type-changed", _secured([{"K": []}], {"K": APIKEY}), _secured([{"K": []}], {"K": {"type": "http", "scheme": "bearer"}}), "components", {}),
    ("api-security-component-changed", _secured([{"K": []}], {"K": APIKEY}), _secured([{"K": []}], {"K": {**APIKEY, "name": "Authorization"}}), "components", {}),
    ("api-security-component-oauth-url-changed", _oauth(), _oauth(authorizationUrl="https://b/auth"), "components", {}),
    ("api-security-component-oauth-token-url-changed", _oauth(), _oauth(tokenUrl="https://b/token"), "components", {}),
    ("api-security-component-oauth-scope-added", _oauth(), _oauth(scopes={"read": "read it", "write": "w"}), "components", {}),
    ("api-security-component-oauth-scope-removed", _oauth(scopes={"read": "read it", "write": "w"}), _oauth(), "components", {}),
    ("api-security-component-oauth-scope-changed", _oauth(), _oauth(scopes={"read": "read all of it"}), "components", {}),
    # servers, components, what no rule judges
    ("api-server-added", doc(A, servers=[{"url": "https://a"}]), doc(A, servers=[{"url": "https://a"}, {"url": "https://b"}]), "api", {}),
    ("api-server-removed", doc(A, servers=[{"url": "https://a"}, {"url": "https://b"}]), doc(A, servers=[{"url": "https://a"}]), "api", {}),
    ("api-schema-added", doc(A, components={"schemas": {}}), doc(A, components={"schemas": {"S": OBJ}}), "components", {}),
    ("api-schema-removed", doc(A, components={"schemas": {"S": OBJ}}), doc(A), "components", {}),
    ("unsupported-change", _resp({**I, "multipleOf": 2}), _resp({**I, "multipleOf": 3}), "GET /t", {}),
]  # fmt: skip

ALL_CASES: list[Case] = facet_cases() + STRUCTURAL


# --- the tests --------------------------------------------------------------------------------

TODAY = dt.date(2026, 1, 1)


def _options(extra: dict[str, Any]) -> DiffOptions:
    return DiffOptions(today=TODAY, **extra)


def _companions(rule_id: str) -> set[str]:
    if rule_id in COMPANION_IDS:
        return COMPANION_IDS[rule_id]
    for facet in FACETS:
        if rule_id.endswith(f"-{facet.suffix}") and facet.suffix in COMPANIONS:
            prefix = rule_id.removesuffix(f"-{facet.suffix}")
            return {f"{prefix}-{c}" for c in COMPANIONS[facet.suffix]}
    return set()


@pytest.mark.parametrize(("rule_id", "old", "new", "operation", "options"), ALL_CASES,
                         ids=[f"{c[0]}@{i}" for i, c in enumerate(ALL_CASES)])  # fmt: skip
def test_rule_fires_on_its_minimal_pair(
    rule_id: str, old: Doc, new: Doc, operation: str, options: dict[str, Any]
) -> None:
    result = diff_documents(old, new, _options(options))
    public = rule(rule_id).public_id
    hits = [c for c in result.changes if c.id == public and c.operation == operation
            and (c.detail_id or c.id) == rule_id]  # fmt: skip
    assert hits, f"{rule_id} not reported; got {[(c.id, c.operation) for c in result.changes]}"
    assert all(c.level == rule(rule_id).level for c in hits)
    assert all(c.location.startswith("/") for c in hits)
    others = {c.detail_id or c.id for c in result.changes} - {rule_id} - _companions(rule_id)
    assert others == set(), "a minimal pair reports its rule and its facet's companions only"
    assert diff_documents(old, old, _options(options)).changes == []
    assert diff_documents(new, new, _options(options)).changes == []


def test_every_wire_rule_has_a_case() -> None:
    covered = {case[0] for case in ALL_CASES}
    wire = {r.id for r in RULES if not r.id.startswith("python-")}
    assert wire - covered == set()
    assert covered - wire == set()


def test_rules_doc_is_up_to_date(repo_root: Path) -> None:
    committed = (repo_root / "docs" / "diff-rules.md").read_text(encoding="utf-8")
    assert committed == render_rules_markdown(), (
        "docs/diff-rules.md is stale: run `python -m specpress.diff.rules > docs/diff-rules.md`"
    )
