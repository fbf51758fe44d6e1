# ruff: noqa: E501  (the position table reads best one pair per line)
"""No silent pass: changes in referenced files, nested schema positions and 2020-12 keywords are
reported, and `$ref`s are followed hermetically (inside the document's tree, never the network).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specpress.cli import main
from specpress.diff import DiffOptions, diff_documents, diff_files, load_document
from specpress.errors import SpecpressError

from .documents import doc, embed, op, with_response


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data) if path.suffix == ".json" else _yaml(data))
    return path


def _yaml(data: Any) -> str:
    return json.dumps(data, indent=1)  # JSON is YAML: exercises the YAML loader


def _pet(required: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": required,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}  # fmt: skip


def _main(schema_ref: str) -> dict[str, Any]:
    return doc({"/pets": {"get": with_response({"$ref": schema_ref})}})


def test_a_change_inside_a_referenced_file_is_reported(tmp_path: Path) -> None:
    for side, required in (("old", ["id", "name"]), ("new", ["name"])):
        write(tmp_path / side / "schemas" / "pet.yaml", _pet(required))
        write(tmp_path / side / "openapi.yaml", _main("./schemas/pet.yaml"))
    result = diff_files(tmp_path / "old" / "openapi.yaml", tmp_path / "new" / "openapi.yaml")
    assert [(c.id, c.level, c.location) for c in result.changes] == [
        ("response-property-became-optional", "ERR", "schemas/pet.yaml#/required")
    ]
    assert result.bump == "major"


def test_refs_inside_referenced_files_are_relative_to_them_and_cycles_end(tmp_path: Path) -> None:
    for side, kind in (("old", "string"), ("new", "integer")):
        node = {"type": "object", "properties": {
            "tag": {"$ref": "../common/tag.yaml#/Tag"},
            "parent": {"$ref": "#"},  # a cycle through the file itself
        }}  # fmt: skip
        write(tmp_path / side / "models" / "pet.yaml", node)
        write(tmp_path / side / "common" / "tag.yaml", {"Tag": {"type": kind}})
        write(tmp_path / side / "openapi.yaml", _main("models/pet.yaml"))
    changes = diff_files(tmp_path / "old" / "openapi.yaml", tmp_path / "new" / "openapi.yaml")
    assert [(c.id, c.location) for c in changes.changes] == [
        ("response-property-type-changed", "common/tag.yaml#/Tag/type")
    ]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("https://example.com/pet.yaml", "network and file: refs are not followed"),
        ("http://127.0.0.1/pet.yaml", "network and file: refs are not followed"),
        ("file:///etc/passwd", "network and file: refs are not followed"),
        ("//example.com/pet.yaml", "network and file: refs are not followed"),
        ("../../outside.yaml", "file refs are followed only inside the document's tree"),
        ("/etc/passwd", "file refs are followed only inside the document's tree"),
        ("./missing.yaml#/Pet", "no such file"),
    ],
)
def test_unsafe_or_missing_file_refs_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ref: str, message: str
) -> None:
    (tmp_path / "outside.yaml").write_text("type: string\n")
    old = write(tmp_path / "api" / "v1" / "openapi.yaml", _main("#/components/schemas/Pet"))
    old_doc = json.loads(old.read_text())
    old_doc["components"] = {"schemas": {"Pet": _pet(["id"])}}
    old.write_text(json.dumps(old_doc))
    new = write(tmp_path / "api" / "v2" / "openapi.yaml", _main(ref))
    with pytest.raises(SpecpressError, match=message) as info:
        diff_files(old, new)
    assert info.value.file == str(new)
    assert (
        info.value.location
        == "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"
    )
    code = main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"specpress: error: {new}:/paths/") and message in err
    assert len(err.strip().splitlines()) == 1


def test_a_vendored_spec_may_reference_files_anywhere_in_its_api_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For `specs/<api>/...` documents the tree is `specs/<api>/`, not the document's folder."""
    monkeypatch.setenv("SPECPRESS_ROOT", str(tmp_path))
    api = tmp_path / "specs" / "demo"
    write(api / "shared" / "pet.yaml", _pet(["id"]))
    write(api / "upstream" / "a.yaml", _main("../shared/pet.yaml"))
    write(tmp_path / "specs" / "other" / "pet.yaml", _pet(["id"]))
    write(api / "upstream" / "b.yaml", _main("../../other/pet.yaml"))
    assert diff_files(api / "upstream" / "a.yaml", api / "upstream" / "a.yaml").changes == []
    with pytest.raises(SpecpressError, match=r"leaves .*specs/demo"):
        diff_files(api / "upstream" / "a.yaml", api / "upstream" / "b.yaml")


def test_documents_not_loaded_from_a_file_cannot_follow_file_refs() -> None:
    with pytest.raises(SpecpressError, match="needs the document's file"):
        diff_documents(_main("#/nowhere"), _main("pet.yaml"))


# --- every schema position is walked -----------------------------------------------------------

S = {"type": "string"}
POSITIONS: list[tuple[str, Any, Any, str]] = [
    ("additionalProperties", {"type": "object", "additionalProperties": S},
     {"type": "object", "additionalProperties": {"type": "integer"}},
     "response-property-type-changed"),
    ("items", {"type": "array", "items": S}, {"type": "array", "items": {"type": "integer"}},
     "response-property-type-changed"),
    ("prefixItems", {"type": "array", "prefixItems": [{**S, "maxLength": 5}]},
     {"type": "array", "prefixItems": [{**S, "maxLength": 9}]},
     "response-property-max-length-increased"),
    ("contains", {"type": "array", "contains": {**S, "enum": ["a"]}},
     {"type": "array", "contains": {**S, "enum": ["a", "b"]}}, "response-property-enum-value-added"),
    ("if/then/else", {"if": S, "then": {"maxLength": 3}, "else": {"minimum": 1}},
     {"if": S, "then": {"maxLength": 4}, "else": {"minimum": 1}},
     "response-property-max-length-increased"),
    ("dependentSchemas", {"type": "object", "dependentSchemas": {"a": {"properties": {"b": S}}}},
     {"type": "object", "dependentSchemas": {"a": {"properties": {"b": {"type": ["string", "null"]}}}}},
     "response-property-became-nullable"),
    ("patternProperties", {"type": "object", "patternProperties": {"^x": {**S, "const": "v"}}},
     {"type": "object", "patternProperties": {"^x": {**S, "const": "w"}}},
     "response-property-const-changed"),
    ("propertyNames", {"type": "object", "propertyNames": {"maxLength": 5}},
     {"type": "object", "propertyNames": {"maxLength": 9}}, "response-property-max-length-increased"),
    ("unevaluatedProperties", {"type": "object", "unevaluatedProperties": S},
     {"type": "object", "unevaluatedProperties": {"type": "integer"}},
     "response-property-type-changed"),
    ("contentSchema", {**S, "contentSchema": {"type": "object", "required": ["a"], "properties": {"a": S}}},
     {**S, "contentSchema": {"type": "object", "properties": {"a": S}}},
     "response-property-became-optional"),
    ("not", {"not": {"enum": ["a", "b"]}}, {"not": {"enum": ["a"]}},
     "response-property-enum-value-removed"),
    ("const", {**S, "const": "a"}, {**S, "const": "b"}, "response-body-const-changed"),
    ("contentMediaType", {**S, "contentMediaType": "image/png"}, {**S, "contentMediaType": "image/gif"},
     "response-body-content-media-type-changed"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "old", "new", "expected"), POSITIONS,
                         ids=[p[0] for p in POSITIONS])  # fmt: skip
def test_changes_at_every_schema_position_are_reported(
    where: str, old: Any, new: Any, expected: str
) -> None:
    changes = diff_documents(embed("response-body", old), embed("response-body", new)).changes
    assert expected in {c.id for c in changes}, [(c.id, c.message) for c in changes]


def test_properties_of_an_object_query_parameter_are_walked() -> None:
    def filters(kind: str) -> dict[str, Any]:
        schema = {"type": "object", "properties": {"size": {"type": kind}, "tag": S}}
        param = {"name": "filter", "in": "query", "style": "deepObject", "schema": schema}
        return doc({"/t": {"get": op(parameters=[param])}})

    changes = diff_documents(filters("integer"), filters("boolean")).changes
    assert [(c.id, c.level) for c in changes] == [
        ("request-parameter-property-type-specialized", "ERR")
    ]
    assert "property `size`" in changes[0].message


@pytest.mark.parametrize(
    ("old", "new", "keyword"),
    [
        ({"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}, "multipleOf"),
        ({"type": "array", "items": S}, {"type": "array", "items": S, "uniqueItems": True},
         "uniqueItems"),
        ({"type": "object"}, {"type": "object", "minProperties": 1}, "minProperties"),
        ({"type": "object", "additionalProperties": False},
         {"type": "object", "additionalProperties": True}, "additionalProperties"),
        (S, {**S, "not": {"enum": ["x"]}}, "not"),
    ],
)  # fmt: skip
def test_what_no_rule_judges_is_reported_as_unsupported(old: Any, new: Any, keyword: str) -> None:
    changes = diff_documents(embed("request-body", old), embed("request-body", new)).changes
    assert [(c.id, c.level) for c in changes] == [("unsupported-change", "INFO")]
    assert f"`{keyword}`" in changes[0].message
    assert changes[0].location.startswith("/paths/~1t/post/requestBody/content/")


def test_refs_are_followed_from_yaml_and_json_alike(tmp_path: Path) -> None:
    for side, required in (("old", ["id"]), ("new", [])):
        write(tmp_path / side / "pet.json", _pet(required))
        write(tmp_path / side / "openapi.json", _main("pet.json"))
    loaded = load_document(tmp_path / "old" / "openapi.json")
    assert loaded.source == tmp_path / "old" / "openapi.json"
    result = diff_files(tmp_path / "old" / "openapi.json", tmp_path / "new" / "openapi.json",
                        DiffOptions())  # fmt: skip
    assert [c.id for c in result.changes] == ["response-property-became-optional"]


def test_a_parameter_with_content_instead_of_schema_is_compared() -> None:
    def query(kind: str) -> dict[str, Any]:
        content = {
            "application/json": {"schema": {"type": "object", "properties": {"n": {"type": kind}}}}
        }
        param = {"name": "filter", "in": "query", "content": content}
        return doc({"/t": {"get": op(parameters=[param])}})

    changes = diff_documents(query("integer"), query("string")).changes
    assert [(c.id, c.location) for c in changes] == [
        ("request-parameter-property-type-changed",
         "/paths/~1t/get/parameters/0/content/application~1json/schema/properties/n/type")
    ]  # fmt: skip


def test_a_referenced_file_may_point_back_into_the_main_document(tmp_path: Path) -> None:
    for side, kind in (("old", "string"), ("new", "integer")):
        main_doc = _main("parts/pet.yaml")
        main_doc["components"] = {"schemas": {"Id": {"type": kind}}}
        write(tmp_path / side / "openapi.yaml", main_doc)
        write(tmp_path / side / "parts" / "pet.yaml",
              {"type": "object", "properties": {"id": {"$ref": "../openapi.yaml#/components/schemas/Id"}}})  # fmt: skip
    changes = diff_files(tmp_path / "old" / "openapi.yaml", tmp_path / "new" / "openapi.yaml")
    assert [(c.id, c.operation, c.location) for c in changes.changes] == [
        ("response-property-type-changed", "GET /pets", "/components/schemas/Id/type"),
        ("response-property-type-changed", "components", "/components/schemas/Id/type"),
    ]
