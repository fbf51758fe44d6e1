"""Engine behaviour of `specpress.diff`: direction semantics, matching, refs, overrides, loading."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from specpress.diff import (
    Change,
    DiffOptions,
    DiffResult,
    RuleOverride,
    apply_overrides,
    bump_for,
    diff_documents,
    load_rule_overrides,
)
from specpress.errors import SpecpressError

from .documents import doc, embed, json_body, op, with_response

TODAY = dt.date(2026, 1, 1)
ENUM2 = {"type": "string", "enum": ["a", "b"]}
ENUM3 = {"type": "string", "enum": ["a", "b", "c"]}


def levels(old: dict[str, Any], new: dict[str, Any], **options: Any) -> dict[str, str]:
    result = diff_documents(old, new, DiffOptions(today=TODAY, **options))
    return {c.id: c.level for c in result.changes}


# --- direction semantics (oasdiff) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "old", "new", "expected"),
    [
        ("request-property", ENUM3, ENUM2, {"request-property-enum-value-removed": "ERR"}),
        ("request-property", ENUM2, ENUM3, {"request-property-enum-value-added": "INFO"}),
        ("request-parameter", ENUM3, ENUM2, {"request-parameter-enum-value-removed": "ERR"}),
        ("request-body", ENUM2, ENUM3, {"request-body-enum-value-added": "INFO"}),
        ("response-property", ENUM2, ENUM3, {"response-property-enum-value-added": "WARN"}),
        ("response-property", ENUM3, ENUM2, {"response-property-enum-value-removed": "INFO"}),
        ("response-body", ENUM2, ENUM3, {"response-body-enum-value-added": "WARN"}),
        ("request-property", {"type": "string", "maxLength": 9}, {"type": "string", "maxLength": 3},
         {"request-property-max-length-decreased": "ERR"}),
        ("response-property", {"type": "string", "maxLength": 3},
         {"type": "string", "maxLength": 9},
         {"response-property-max-length-increased": "ERR"}),
        ("response-property", {"type": "string"}, {"type": ["string", "null"]},
         {"response-property-became-nullable": "ERR"}),
        ("request-property", {"type": "string"}, {"type": ["string", "null"]},
         {"request-property-became-nullable": "INFO"}),
        ("request-parameter", {"type": "integer", "default": 1}, {"type": "integer", "default": 2},
         {"request-parameter-default-value-changed": "ERR"}),
        ("request-property", {"type": "integer", "default": 1}, {"type": "integer", "default": 2},
         {"request-property-default-value-changed": "INFO"}),
    ],
)  # fmt: skip
def test_direction_semantics(prefix: str, old: Any, new: Any, expected: dict[str, str]) -> None:
    assert levels(embed(prefix, old), embed(prefix, new)) == expected


def test_forward_compatible_clients_take_response_enum_additions_as_info() -> None:
    old, new = embed("response-property", ENUM2), embed("response-property", ENUM3)
    assert levels(old, new, forward_compatible_enums=True) == {
        "response-property-enum-value-added": "INFO"
    }
    req_old, req_new = embed("request-property", ENUM3), embed("request-property", ENUM2)
    assert levels(req_old, req_new, forward_compatible_enums=True) == {
        "request-property-enum-value-removed": "ERR"
    }


def test_required_and_optional_response_property_removal_differ() -> None:
    both = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "required": ["a"]}  # fmt: skip
    none: dict[str, Any] = {"type": "object", "properties": {}}
    old, new = doc({"/t": {"get": with_response(both)}}), doc({"/t": {"get": with_response(none)}})
    assert levels(old, new) == {
        "response-required-property-removed": "ERR",
        "response-optional-property-removed": "WARN",
    }


# --- deprecation and x-sunset -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ("api-path-removed-without-deprecation", "ERR")),
        ({"deprecated": True}, ("api-path-removed-with-deprecation", "INFO")),
        ({"deprecated": True, "x-sunset": "2025-06-30"},
         ("api-path-removed-with-deprecation", "INFO")),
        # as in oasdiff, only `deprecated: true` makes a removal announced; x-sunset alone does not
        ({"x-sunset": "2025-06-30"}, ("api-path-removed-without-deprecation", "ERR")),
        ({"deprecated": True, "x-sunset": "2026-06-30"}, ("api-path-removed-before-sunset", "ERR")),
        ({"deprecated": True, "x-sunset": "2026-01-01T00:00:00Z"},
         ("api-path-removed-with-deprecation", "INFO")),
        ({"deprecated": True, "x-sunset": "2026-01-02T00:00:00Z"},
         ("api-path-removed-before-sunset", "ERR")),
        ({"deprecated": True, "x-sunset": "soon"}, ("api-path-sunset-parse", "ERR")),
        ({"deprecated": True, "x-sunset": "2026-13-01"}, ("api-path-sunset-parse", "ERR")),
    ],
)  # fmt: skip
def test_removal_honours_deprecation_and_sunset(
    fields: dict[str, Any], expected: tuple[str, str]
) -> None:
    old = doc({"/a": {"get": op()}, "/gone": {"get": op(**fields)}})
    new = doc({"/a": {"get": op()}})
    assert list(levels(old, new).items()) == [expected]


def test_sunset_is_judged_against_the_given_day() -> None:
    old = doc({"/gone": {"get": op(deprecated=True, **{"x-sunset": "2026-03-01"})}})
    before = diff_documents(old, doc(), DiffOptions(today=dt.date(2026, 2, 28)))
    after = diff_documents(old, doc(), DiffOptions(today=dt.date(2026, 3, 1)))
    assert [c.id for c in before.changes] == ["api-path-removed-before-sunset"]
    assert [c.id for c in after.changes] == ["api-path-removed-with-deprecation"]


# --- matching -----------------------------------------------------------------------------------


def test_path_parameter_names_are_ignored_and_params_match_by_position() -> None:
    def tasks(name: str, enum: list[str]) -> dict[str, Any]:
        param = {"name": name, "in": "path", "required": True,
                 "schema": {"type": "string", "enum": enum}}  # fmt: skip
        return doc({f"/tasks/{{{name}}}": {"get": op(parameters=[param])}})

    assert diff_documents(tasks("task_id", ["x"]), tasks("id", ["x"])).changes == []
    changes = diff_documents(tasks("task_id", ["x", "y"]), tasks("id", ["x"])).changes
    assert [(c.id, c.operation) for c in changes] == [
        ("request-parameter-enum-value-removed", "GET /tasks/{id}")
    ]


def test_fragment_path_keys_are_distinct_paths() -> None:
    old = doc({"/ai/tasks#transcribe": {"post": op()}, "/ai/tasks#nsfw": {"post": op()}})
    new = doc({"/ai/tasks#transcribe": {"post": op()}})
    changes = diff_documents(old, new).changes
    assert [(c.id, c.operation, c.location) for c in changes] == [
        (
            "api-path-removed-without-deprecation",
            "POST /ai/tasks#nsfw",
            "/paths/~1ai~1tasks#nsfw/post",
        )
    ]


def test_path_level_parameters_merge_into_operations() -> None:
    param = {"name": "q", "in": "query", "schema": ENUM3}
    old = doc({"/t": {"parameters": [param], "get": op()}})
    new = doc({"/t": {"parameters": [{**param, "schema": ENUM2}], "get": op()}})
    assert levels(old, new) == {"request-parameter-enum-value-removed": "ERR"}


def test_read_only_properties_are_ignored_on_the_request_side() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}}
    new = {"type": "object", "properties": {"a": {"type": "string"},
                                           "id": {"type": "string", "readOnly": True}},
           "required": ["id"]}  # fmt: skip
    assert levels(embed("request-body", old), embed("request-body", new)) == {}
    assert levels(embed("response-body", old), embed("response-body", new)) == {
        "response-required-property-added": "INFO"
    }


# --- refs, cycles, shared components ------------------------------------------------------------


def _tree_doc(enum: list[str]) -> dict[str, Any]:
    node = {"type": "object", "properties": {
        "kind": {"type": "string", "enum": enum},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
    }}  # fmt: skip
    ref = {"$ref": "#/components/schemas/Node"}
    return doc(
        {"/nodes": {"get": with_response(ref), "post": op(requestBody=json_body(ref))},
         "/nodes/{id}": {"get": with_response(ref)}},
        components={"schemas": {"Node": node}},
    )  # fmt: skip


def test_circular_refs_terminate_and_report_once_per_operation_plus_components() -> None:
    result = diff_documents(_tree_doc(["a", "b"]), _tree_doc(["a", "b", "c"]))
    per_op = [(c.id, c.operation) for c in result.changes if c.operation != "components"]
    assert per_op == [
        ("response-property-enum-value-added", "GET /nodes"),
        ("request-property-enum-value-added", "POST /nodes"),
        ("response-property-enum-value-added", "GET /nodes/{id}"),
    ]
    shared = [c for c in result.changes if c.operation == "components"]
    assert [(c.id, c.level) for c in shared] == [
        ("request-property-enum-value-added", "INFO"),
        ("response-property-enum-value-added", "WARN"),
    ]
    assert all(
        c.location == "/components/schemas/Node/properties/kind/enum" for c in result.changes
    )
    assert "2 operations: GET /nodes, GET /nodes/{id}" in shared[1].message
    assert result.summary == {"ERR": 0, "WARN": 3, "INFO": 2}


def test_a_schema_reached_twice_in_one_operation_is_one_change() -> None:
    def body(enum: list[str]) -> dict[str, Any]:
        ref = {"$ref": "#/components/schemas/S"}
        wrapper = {"type": "object", "properties": {"a": ref, "b": {"type": "array", "items": ref}}}
        s = {"type": "string", "enum": enum}
        return doc({"/t": {"get": with_response(wrapper)}}, components={"schemas": {"S": s}})

    changes = diff_documents(body(["x"]), body(["x", "y", "z"])).changes
    y, z = (f'response property `a`: enum value "{v}" added' for v in "yz")
    assert [(c.operation, c.message) for c in changes] == [
        ("GET /t", y),
        ("GET /t", z),
        ("components", f"{y} (in 1 operation: GET /t)"),
        ("components", f"{z} (in 1 operation: GET /t)"),
    ]
    assert {c.id for c in changes} == {"response-property-enum-value-added"}


def test_nullable_anyof_around_a_ref_is_a_nullable_ref() -> None:
    def body(schema: Any) -> dict[str, Any]:
        wrapper = {"type": "object", "properties": {"s": schema}}
        return doc({"/t": {"get": with_response(wrapper)}},
                   components={"schemas": {"S": {"type": "object", "properties": {}}}})  # fmt: skip

    ref = {"$ref": "#/components/schemas/S"}
    assert levels(body(ref), body({"anyOf": [ref, {"type": "null"}]})) == {
        "response-property-became-nullable": "ERR"
    }
    assert (
        levels(body({"anyOf": [ref, {"type": "null"}]}), body({"oneOf": [ref, {"type": "null"}]}))
        == {}
    )


def test_allof_members_are_merged() -> None:
    base = {"type": "object", "properties": {"a": {"type": "string"}}}

    def body(extra: dict[str, Any]) -> dict[str, Any]:
        schema = {"allOf": [{"$ref": "#/components/schemas/Base"}, extra]}
        return doc({"/t": {"post": op(requestBody=json_body(schema))}},
                   components={"schemas": {"Base": base}})  # fmt: skip

    old = body({"type": "object", "properties": {"b": {"type": "string"}}})
    new = body({"type": "object", "properties": {"b": {"type": "string"}, "c": {"type": "string"}},
                "required": ["c"]})  # fmt: skip
    assert levels(old, new) == {"new-required-request-property": "ERR"}


# --- results, bump, overrides -------------------------------------------------------------------


def _change(rule_id: str, level: str, operation: str = "GET /t") -> Change:
    return Change(rule_id, level, operation, "/x", "m")


@pytest.mark.parametrize(
    ("changes", "bump"),
    [
        ([], "none"),
        ([_change("api-operation-id-changed", "INFO")], "patch"),
        ([_change("endpoint-added", "INFO")], "minor"),
        ([_change("response-property-enum-value-added", "WARN")], "minor"),
        ([_change("endpoint-added", "INFO"), _change("request-body-removed", "ERR")], "major"),
    ],
)
def test_bump(changes: list[Change], bump: str) -> None:
    assert bump_for(changes) == bump
    assert DiffResult(changes).bump == bump


def test_fail_on_thresholds() -> None:
    result = DiffResult([_change("response-property-enum-value-added", "WARN")])
    assert result.fails("WARN") and result.fails("INFO")
    assert not result.fails("ERR") and not result.fails(None)
    assert not DiffResult([]).fails("INFO")


def test_overrides_most_specific_entry_wins() -> None:
    changes = [_change("request-body-removed", "ERR", "POST /a/{x}"),
               _change("request-body-removed", "ERR", "POST /b")]  # fmt: skip
    overrides = [
        RuleOverride("WARN", "agreed", id="request-body-removed"),
        RuleOverride(None, "gone on purpose", id="request-body-removed", operation="post /a/{id}"),
    ]
    assert apply_overrides(changes, overrides) == [
        _change("request-body-removed", "WARN", "POST /b")
    ]
    per_op = [RuleOverride("INFO", "internal endpoint", operation="POST /b")]
    assert [c.level for c in apply_overrides(changes, per_op)] == ["ERR", "INFO"]


def test_rules_file_is_validated(tmp_path: Path) -> None:
    good = tmp_path / "rules.yaml"
    good.write_text(
        "rules:\n"
        "  - id: request-body-removed\n    level: ignore\n    reason: agreed with vendor\n"
        "  - operation: GET /x/{id}\n    level: INFO\n    reason: internal\n"
    )
    assert load_rule_overrides(good) == (
        RuleOverride(None, "agreed with vendor", "request-body-removed", None),
        RuleOverride("INFO", "internal", None, "GET /x/{id}"),
    )
    RB = "rules:\n  - id: request-body-removed\n"
    bad_cases = {
        RB + "    level: INFO\n": "non-empty `reason`",
        RB + "    level: INFO\n    reason: '  '\n": "non-empty `reason`",
        "rules:\n  - id: no-such-rule\n    level: INFO\n    reason: r\n": "unknown rule id",
        RB + "    level: FATAL\n    reason: r\n": "`level` must be",
        "rules:\n  - level: INFO\n    reason: r\n": "needs `id`, `operation` or both",
        RB + "    level: INFO\n    reason: r\n    why: x\n": "unknown keys",
        "- just a list\n": "`rules:` list",
    }
    for text, message in bad_cases.items():
        good.write_text(text)
        with pytest.raises(SpecpressError, match=message):
            load_rule_overrides(good)


def test_output_is_deterministic() -> None:
    first = diff_documents(_tree_doc(["a"]), _tree_doc(["b", "c"])).to_json()
    second = diff_documents(_tree_doc(["a"]), _tree_doc(["b", "c"])).to_json()
    assert json.dumps(first) == json.dumps(second)
