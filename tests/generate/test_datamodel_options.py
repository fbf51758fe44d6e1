"""sdk.yaml ``generator.datamodel`` reaches datamodel-code-generator (issue 13: passing a setting
through used to end in a 45-line traceback): a valid option changes the models, and a bad one is
one error naming the sdk.yaml key before anything is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.generate import generate_package
from support.zero import mypy_errors

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "opts", "version": "1"},
    "servers": [{"url": "https://x.io"}],
    "components": {
        "securitySchemes": {"k": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Thing": {
                "type": "object",
                "description": "A thing the schema describes.",
                "properties": {"colour": {"type": "string", "enum": ["red", "blue"]}},
            }
        },
    },
    "paths": {
        "/things/{id}": {
            "get": {
                "operationId": "get-thing",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            }
        }
    },
}


def build(tmp_path: Path, generator: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "openapi.json").write_text(json.dumps(DOCUMENT))
    (tmp_path / "sdk.yaml").write_text("package: {dist: opts-pkg}\n" + generator)
    return generate_package(tmp_path / "openapi.json", tmp_path / "sdk.yaml", tmp_path / "out")


def models(out: Path) -> str:
    return "".join(
        path.read_text(encoding="utf-8") for path in sorted((out / "src" / "opts_pkg").glob("*.py"))
    )


def test_an_option_changes_the_models(tmp_path: Path) -> None:
    plain = models(build(tmp_path / "plain", ""))
    assert "A thing the schema describes." in plain  # control: specpress passes it by default
    out = build(tmp_path / "off", "generator: {datamodel: {use_schema_description: false}}\n")
    assert "A thing the schema describes." not in models(out)
    assert mypy_errors(out) == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("{literal_enums: true}", "has no option --literal-enums"),  # openapi-python-client's
        ("{output: x.py}", "--output is set by specpress"),
        ("{enum_field_as_literal: some}", "invalid choice: 'some'"),
        ("{use_schema_description: 1}", "--use-schema-description takes true or false"),
        ("{naming_strategy: true}", "--naming-strategy takes a value"),
    ],
)
def test_a_bad_option_is_one_error_naming_the_key(
    tmp_path: Path, options: str, message: str
) -> None:
    with pytest.raises(SpecpressError) as info:
        build(tmp_path, f"generator: {{datamodel: {options}}}\n")
    assert message in info.value.message
    key = options.strip("{}").split(":")[0]
    assert info.value.location == f"/generator/datamodel/{key}"
    assert str(info.value.file).endswith("sdk.yaml")
    assert not (tmp_path / "out").exists()
