"""A spec and sdk.yaml written to break the generator: spec text full of triple quotes, Jinja
markers, backslashes, reserved words and unicode names. ``write_inputs`` writes both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["EVIL", "SDK_YAML", "hostile_spec", "write_inputs"]

SDK_YAML = """\
package:
  dist: hostile-client
  import_name: hostile_client
  version: 0.1.0
  description: A client for a hostile spec.
  client_class: Hostile
  async_client_class: AsyncHostile
client:
  default_base_url: https://example.invalid
  auth: {header: x-api-key}
  env: {api_key: HOSTILE_API_KEY, base_url: HOSTILE_BASE_URL, log: HOSTILE_LOG}
resources:
  - path: things
    methods:
      list: {operation: list-things, paginate: {style: page_info, items: data}}
      retrieve: {operation: get-thing}
      create: {operation: make-thing}
    waiter: {retrieve: retrieve, id_param: thing_id, status_field: status, terminal: [done]}
"""

EVIL = 'Ends with a quote """ and {{ jinja }} {% raw %} \\ backslash \\n and \\""" again "'


def hostile_spec() -> dict[str, Any]:
    thing = {
        "type": "object",
        "description": EVIL,
        "required": ["_id"],
        "properties": {
            "_id": {"type": "string", "description": EVIL},
            "class": {"type": "string", "description": "reserved word"},
            "größe": {"type": "integer", "description": "unicode name"},
            "status": {"type": "string", "enum": ["done", "work'ing", 'quo"te']},
            "from": {"type": "string"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": EVIL, "version": '1.0 """ {{x}}'},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list-things",
                    "summary": EVIL,
                    "description": EVIL,
                    "parameters": [
                        {"name": "class", "in": "query", "schema": {"type": "string"}},
                        {"name": "größe", "in": "query", "schema": {"type": "integer"}},
                        {
                            "name": "import",
                            "in": "query",
                            "description": EVIL,
                            "schema": {"type": "string", "enum": ["a", 'b\\"""']},
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ThingPage"}
                                }
                            },
                        }
                    },
                },
                "post": {
                    "operationId": "make-thing",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                },
            },
            "/things/{thing_id}": {
                "get": {
                    "operationId": "get-thing",
                    "summary": '}}{{ \'"""\' }}',
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Thing": thing,
                "ThingPage": {
                    "type": "object",
                    "properties": {
                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                        "page_info": {
                            "type": "object",
                            "properties": {
                                "page": {"type": "integer"},
                                "total_page": {"type": "integer"},
                            },
                        },
                    },
                },
            }
        },
    }


def write_inputs(tmp: Path, spec: dict[str, Any], sdk: str = SDK_YAML) -> tuple[Path, Path]:
    spec_path = tmp / "openapi.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False))
    sdk_path = tmp / "sdk.yaml"
    sdk_path.write_text(sdk)
    return spec_path, sdk_path
