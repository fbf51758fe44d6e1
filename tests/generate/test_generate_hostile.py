"""Generation is correct or refuses cleanly (issue 10): hostile specs give a package that imports,
passes mypy --strict and validates a loopback call with the right class, or one clear error.

Each case builds a small spec in the test, generates a package into tmp, imports it from there,
type-checks it, and calls it against a real server on 127.0.0.1."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.generate import MAX_MODEL_DEPTH, generate_package
from support.mock_server import MockServer, json_reply
from support.zero import imported, mypy_errors

SDK = """\
package:
  dist: {dist}
  import_name: {pkg}
  version: 0.1.0
  description: A hostile package.
  client_class: Hostile
  async_client_class: AsyncHostile
client:
  default_base_url: https://example.invalid
  auth: {{header: x-api-key}}
  env: {{api_key: HOSTILE_API_KEY, base_url: HOSTILE_BASE_URL, log: HOSTILE_LOG}}
resources:
  - path: things
    methods:
{methods}
"""


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: dict[str, Any], code: str = "200") -> dict[str, Any]:
    return {code: {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def spec(schemas: dict[str, Any], paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "hostile", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def get_op(op_id: str, schema: dict[str, Any], params: list[Any] | None = None) -> dict[str, Any]:
    return {"get": {"operationId": op_id, "parameters": params or [], "responses": ok(schema)}}


def build(tmp: Path, pkg: str, document: dict[str, Any], methods: dict[str, str]) -> Path:
    lines = "\n".join(f"      {name}: {{operation: {op}}}" for name, op in methods.items())
    spec_path = tmp / "openapi.json"
    spec_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    sdk_path = tmp / "sdk.yaml"
    sdk_path.write_text(SDK.format(dist=pkg.replace("_", "-"), pkg=pkg, methods=lines))
    return generate_package(spec_path, sdk_path, tmp / "out")


def mypy_clean(out: Path) -> str:
    return mypy_errors(out)


def call(pkg: ModuleType, path: str, body: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """Serve `body` on `path` and call `client.things.<method>(...)`; returns (result, request)."""
    with MockServer() as server:
        server.set_default(path, json_reply(body))
        with pkg.Hostile(api_key="hostile-key", base_url=server.url, max_retries=0) as client:
            result = getattr(client.things, method)(*args, **kwargs)
        return result, server.requests_for(path)[-1]


def test_case_insensitive_duplicates_get_distinct_names_and_the_right_class(tmp_path: Path) -> None:
    document = spec(
        {
            "Thing": {"type": "object", "properties": {"big": {"type": "integer"}}},
            "thing": {"type": "object", "properties": {"small": {"type": "string"}}},
        },
        {
            "/big/{thing_id}": get_op("get-big", ref("Thing"), [_path_param()]),
            "/small/{thing_id}": get_op("get-small", ref("thing"), [_path_param()]),
        },
    )
    out = build(tmp_path, "case_pkg", document, {"big": "get-big", "small": "get-small"})
    assert mypy_clean(out) == ""
    with imported(out, "case_pkg") as pkg:
        models = importlib.import_module("case_pkg.models")
        assert {"Thing", "Thing2"} <= set(models.__all__)
        big, _ = call(pkg, "/big/1", {"big": 3}, "big", "1")
        small, _ = call(pkg, "/small/1", {"small": "s"}, "small", "1")
        assert type(big) is models.Thing and big.big == 3
        assert type(small) is models.Thing2 and small.small == "s"


def _path_param() -> dict[str, Any]:
    return {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}


RESERVED_SCHEMAS = ["Any", "BaseModel", "Self", "Field", "Literal", "Annotated", "str", "Timeout"]


def test_reserved_schema_names_are_renamed_and_still_referenced(tmp_path: Path) -> None:
    schemas: dict[str, Any] = {
        name: {"type": "object", "properties": {"n": {"type": "integer"}}}
        for name in RESERVED_SCHEMAS
    }
    schemas["Holder"] = {
        "type": "object",
        "properties": {name.lower() + "_x": ref(name) for name in RESERVED_SCHEMAS},
    }
    document = spec(schemas, {"/holder": get_op("get-holder", ref("Holder"))})
    out = build(tmp_path, "reserved_pkg", document, {"retrieve": "get-holder"})
    assert mypy_clean(out) == ""
    with imported(out, "reserved_pkg") as pkg:
        models = importlib.import_module("reserved_pkg.models")
        for name in RESERVED_SCHEMAS:
            assert name not in models.__all__
        assert {"AnyModel", "BaseModelModel", "SelfModel", "Str", "TimeoutModel"} <= set(
            models.__all__
        )
        body = {name.lower() + "_x": {"n": i} for i, name in enumerate(RESERVED_SCHEMAS)}
        holder, _ = call(pkg, "/holder", body, "retrieve")
        assert type(holder) is models.Holder
        assert type(holder.any_x) is models.AnyModel and holder.any_x.n == 0
        assert type(holder.basemodel_x) is models.BaseModelModel
        assert holder.to_dict() == body


RESERVED_PARAMS = [
    "timeout", "extra_headers", "extra_query", "extra_body", "request_options", "self", "client",
    "path_param", "class", "import", "type",
]  # fmt: skip


def test_reserved_parameter_names_are_renamed_with_the_wire_name_kept(tmp_path: Path) -> None:
    params = [
        {"name": name, "in": "query", "schema": {"type": "string"}} for name in RESERVED_PARAMS
    ]
    body_schema = {
        "type": "object",
        "properties": {"extra_body": {"type": "string"}, "timeout": {"type": "integer"}},
    }
    document = spec(
        {"Thing": {"type": "object", "properties": {"ok": {"type": "boolean"}}}},
        {
            "/things": {
                **get_op("find", ref("Thing"), params),
                "post": {
                    "operationId": "make",
                    "requestBody": {"content": {"application/json": {"schema": body_schema}}},
                    "responses": ok(ref("Thing")),
                },
            }
        },
    )
    out = build(tmp_path, "params_pkg", document, {"find": "find", "make": "make"})
    assert mypy_clean(out) == ""
    with imported(out, "params_pkg") as pkg:
        import inspect

        resources = importlib.import_module("params_pkg.resources.things")
        signature = inspect.signature(resources.ThingsResource.find)
        for name in ("timeout_", "extra_headers_", "self_", "client_", "path_param_", "class_"):
            assert name in signature.parameters, name
        assert "type" in signature.parameters  # builtin names stay (official `type=` keyword)
        kwargs = {
            n + ("" if n == "type" else "_"): f"v-{n}" for n in RESERVED_PARAMS
        }  # e.g. timeout_="v-timeout"
        result, request = call(pkg, "/things", {"ok": True}, "find", **kwargs, timeout=5.0)
        assert result.ok is True
        sent = dict(p.split("=", 1) for p in request.query.split("&"))
        assert sent == {n: f"v-{n}" for n in RESERVED_PARAMS}  # the wire names, unchanged
        _, request = call(pkg, "/things", {"ok": True}, "make", extra_body_="b", timeout_=3)
        assert json.loads(request.body) == {"extra_body": "b", "timeout": 3}


ENUMS: dict[str, dict[str, Any]] = {
    "huge": {"type": "integer", "enum": [1, 10**20]},
    "floats": {"type": "number", "enum": [0.5, 1.25]},
    "mixed": {"enum": [1.5, "a b", None, True, 3]},
    "odd": {"type": "string", "enum": ['quo"te', "back\\slash", "new\nline", "tab\t", "ünï"]},
    "ints": {"type": "integer", "enum": [-3, 0, 7]},
}


def test_enum_values_that_are_no_literals_are_typed_and_accepted(tmp_path: Path) -> None:
    document = spec(
        {"Thing": {"type": "object", "properties": ENUMS}},
        {
            "/things": get_op(
                "find", ref("Thing"), [{"name": "huge", "in": "query", "schema": ENUMS["huge"]}]
            )
        },
    )
    out = build(tmp_path, "enum_pkg", document, {"find": "find"})
    assert mypy_clean(out) == ""
    with imported(out, "enum_pkg") as pkg:
        models = importlib.import_module("enum_pkg.models")
        for field, schema in ENUMS.items():
            for value in schema["enum"]:
                thing = models.Thing.model_validate_json(json.dumps({field: value}))
                assert getattr(thing, field) == value and thing.to_dict() == {field: value}
        result, request = call(pkg, "/things", {"huge": 10**20}, "find", huge=10**20)
        assert result.huge == 10**20 and request.query == f"huge={10**20}"


def test_a_package_without_waiter_unions_examples_or_pages_renders(tmp_path: Path) -> None:
    document = spec(
        {"Thing": {"type": "object", "properties": {"n": {"type": "integer"}}}},
        {"/things": {"post": {"operationId": "poke", "responses": ok(ref("Thing"))}}},
    )
    out = build(tmp_path, "bare_pkg", document, {"poke": "poke"})
    readme = (out / "README.md").read_text()
    assert "client.things.poke()" in readme
    for section in ("## Pagination", "## Waiting for a task", "## Every method", "## Typed"):
        assert section not in readme
    assert mypy_clean(out) == ""
    with imported(out, "bare_pkg") as pkg:
        result, request = call(pkg, "/things", {"n": 1}, "poke")
        assert result.n == 1 and request.method == "POST"


def _chain(depth: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {
        f"Level{i}": {"type": "object", "properties": {"child": ref(f"Level{i + 1}")}}
        for i in range(depth - 1)
    }
    schemas[f"Level{depth - 1}"] = {"type": "object", "properties": {"leaf": {"type": "string"}}}
    return spec(schemas, {"/deep": get_op("deep", ref("Level0"))})


def test_deep_schema_at_the_limit_works_at_call_time(tmp_path: Path) -> None:
    out = build(tmp_path, "deep_pkg", _chain(MAX_MODEL_DEPTH), {"deep": "deep"})
    body: dict[str, Any] = {"leaf": "bottom"}
    for _ in range(MAX_MODEL_DEPTH - 1):
        body = {"child": body}
    with imported(out, "deep_pkg") as pkg:
        result, _ = call(pkg, "/deep", body, "deep")
        node = result
        for _ in range(MAX_MODEL_DEPTH - 1):
            node = node.child
        assert node.leaf == "bottom"
        assert result.to_dict() == body


def test_deeper_schema_is_refused_with_the_chain(tmp_path: Path) -> None:
    with pytest.raises(SpecpressError) as info:
        build(tmp_path, "deeper_pkg", _chain(200), {"deep": "deep"})
    message = info.value.message
    assert f"more than {MAX_MODEL_DEPTH} levels" in message and "Level0 > Level1" in message
    assert info.value.location == "/components/schemas/Level0"
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_a_recursive_schema_is_not_too_deep(tmp_path: Path) -> None:
    node = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": ref("Node")},
        },
    }
    out = build(
        tmp_path,
        "tree_pkg",
        spec({"Node": node}, {"/tree": get_op("tree", ref("Node"))}),
        {"tree": "tree"},
    )
    with imported(out, "tree_pkg") as pkg:
        body = {
            "name": "a",
            "children": [{"name": "b", "children": [{"name": "c", "children": []}]}],
        }
        result, _ = call(pkg, "/tree", body, "tree")
        assert result.children[0].children[0].name == "c"


def test_a_name_map_clash_is_one_clear_error(tmp_path: Path) -> None:
    document = spec(
        {
            "a": {"type": "object", "properties": {"n": {"type": "integer"}}},
            "b": {"type": "object", "properties": {"n": {"type": "integer"}}},
        },
        {"/a": get_op("get-a", ref("a"))},
    )
    spec_path = tmp_path / "openapi.json"
    spec_path.write_text(json.dumps(document))
    sdk = SDK.format(dist="clash-pkg", pkg="clash_pkg", methods="      a: {operation: get-a}")
    sdk_path = tmp_path / "sdk.yaml"
    sdk_path.write_text(sdk + "names:\n  schemas: {a: Thing, b: THING}\n")
    with pytest.raises(SpecpressError) as info:
        generate_package(spec_path, sdk_path, tmp_path / "out")
    assert "'THING' clashes with schema 'a'" in info.value.message
    assert info.value.location == "/names/schemas/b"
