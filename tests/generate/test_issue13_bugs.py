"""The bugs issue 13 lists, one test each: each spec here failed (a refused operation, a
TypeError or SyntaxError, a wrong type, a misleading message) and now generates a package that
passes mypy --strict and sends the right request to a loopback server."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest

from specpress.errors import SpecpressError
from specpress.generate import generate_package
from specpress.generate.models import DerivedModels, _culprit
from support.mock_server import MockServer, Reply
from support.zero import imported, mypy_errors

ROOT = Path(__file__).resolve().parents[2]
SDK = """\
package: {dist: bug-pkg, client_class: Bug}
client: {default_base_url: https://x.io, auth: {kind: bearer}}
"""
THING = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def spec(paths: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "bugs", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Thing": THING, **schemas}},
    }


def build(tmp_path: Path, document: dict[str, Any], sdk: str = SDK) -> Path:
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    (tmp_path / "sdk.yaml").write_text(sdk)
    return generate_package(tmp_path / "openapi.json", tmp_path / "sdk.yaml", tmp_path / "out")


def serve_and_call(out: Path, path: str, body: Any, call: Any) -> tuple[Any, Any]:
    with imported(out, "bug_pkg") as package, MockServer() as server:
        encoded = json.dumps(body).encode()  # a str too: JSON, not text
        server.set_default(path, Reply(200, encoded, {"Content-Type": "application/json"}))
        with package.Bug(api_key="k", base_url=server.url, max_retries=0) as client:
            result = call(client)
        return result, server.requests[-1]


def mypy_clean(out: Path) -> None:
    assert mypy_errors(out) == ""


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def test_path_placeholders_that_are_no_python_names(tmp_path: Path) -> None:
    """`{userId}` and `{type}` used to be looked up under openapi-python-client's renamed
    placeholders ("could not parse operation")."""
    paths = {
        "/users/{userId}/items/{type}": {
            "get": {
                "operationId": "get-item",
                "parameters": [path_param("userId"), path_param("type")],
                "responses": ok(ref("Thing")),
            }
        }
    }
    out = build(tmp_path, spec(paths))
    mypy_clean(out)
    thing, sent = serve_and_call(
        out, "/users/u%201/items/t%2F2", {"id": "7"}, lambda c: c.users.items.retrieve("u 1", "t/2")
    )
    assert thing.id == "7" and sent.path == "/users/u%201/items/t%2F2"


HELPERS = ["path_param", "make_options", "given", "cast", "timeout", "request_options"]


def test_parameters_named_like_helpers_and_options(tmp_path: Path) -> None:
    """A query parameter `path_param` shadowed the path helper (TypeError at run time); a body
    field `timeout` was a duplicate keyword (SyntaxError)."""
    body = {"type": "object", "properties": {n: {"type": "string"} for n in HELPERS}}
    paths = {
        "/things": {
            "get": {"operationId": "find", "responses": ok(ref("Thing")),
                    "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                                   for n in HELPERS]},
            "post": {"operationId": "make", "responses": ok(ref("Thing")),
                     "requestBody": {"content": {"application/json": {"schema": body}}}},
        }
    }  # fmt: skip
    out = build(tmp_path, spec(paths))
    mypy_clean(out)
    kwargs = {f"{n}_": f"v-{n}" for n in HELPERS}
    _, sent = serve_and_call(out, "/things", {}, lambda c: c.things.list(**kwargs, timeout=5))
    assert dict(p.split("=") for p in sent.query.split("&")) == {n: f"v-{n}" for n in HELPERS}
    _, sent = serve_and_call(out, "/things", {}, lambda c: c.things.create(**kwargs, timeout=5))
    assert sent.json() == {n: f"v-{n}" for n in HELPERS}


def test_a_body_field_named_like_a_path_parameter(tmp_path: Path) -> None:
    body = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    }
    paths = {
        "/things/{id}": {
            "patch": {"operationId": "rename", "parameters": [path_param("id")],
                      "requestBody": {"content": {"application/json": {"schema": body}}},
                      "responses": ok(ref("Thing"))}
        }
    }  # fmt: skip
    out = build(tmp_path, spec(paths))
    mypy_clean(out)
    _, sent = serve_and_call(
        out, "/things/a", {}, lambda c: c.things.update("a", id_="b", name="n")
    )
    assert sent.path == "/things/a" and sent.json() == {"id": "b", "name": "n"}


def test_an_operation_level_parameter_overrides_the_path_level_one(tmp_path: Path) -> None:
    paths = {
        "/things": {
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
            "get": {"operationId": "find", "responses": ok({"type": "array",
                                                            "items": ref("Thing")}),
                    "parameters": [{"name": "limit", "in": "query", "required": True,
                                    "schema": {"type": "string", "enum": ["few", "many"]}}]},
        }
    }  # fmt: skip
    out = build(tmp_path, spec(paths))
    mypy_clean(out)
    with imported(out, "bug_pkg"):
        from bug_pkg.resources.things import ThingsResource  # type: ignore[import-not-found]

        limit = inspect.signature(ThingsResource.list).parameters["limit"]
    assert limit.default is inspect.Parameter.empty  # required, as the operation says
    assert limit.annotation.replace("'", '"') == 'Literal["few", "many"] | str'
    things, sent = serve_and_call(
        out, "/things", [{"id": "1"}], lambda c: c.things.list(limit="few")
    )
    assert [t.id for t in things] == ["1"] and sent.query == "limit=few"


def test_an_enum_inside_all_of_is_its_literal_not_a_mapping(tmp_path: Path) -> None:
    status = {"type": "string", "enum": ["open", "done"]}
    wrapped = {"allOf": [ref("Status")], "description": "The status."}
    body = {"type": "object", "properties": {"status": wrapped}}
    paths = {
        "/things": {
            "get": {"operationId": "find", "responses": ok(ref("Thing")),
                    "parameters": [{"name": "status", "in": "query", "schema": wrapped}]},
            "post": {"operationId": "make", "responses": ok(ref("Thing")),
                     "requestBody": {"content": {"application/json": {"schema": body}}}},
        }
    }  # fmt: skip
    out = build(tmp_path, spec(paths, Status=status))
    mypy_clean(out)
    with imported(out, "bug_pkg"):
        from bug_pkg.resources.things import ThingsResource

        for method in (ThingsResource.list, ThingsResource.create):
            annotation = inspect.signature(method).parameters["status"].annotation
            assert annotation.replace("'", '"').startswith('Literal["open", "done"] | str')
    _, sent = serve_and_call(out, "/things", {}, lambda c: c.things.create(status="done"))
    assert sent.json() == {"status": "done"}


WAITED = {
    "/tasks/{task_id}": {
        "get": {"operationId": "get-task", "parameters": [path_param("task_id")],
                "responses": ok(ref("Task"))}
    }
}  # fmt: skip
TASK = {"type": "object", "properties": {"state": {"type": "string", "enum": ["run", "ok", "bad"]}}}


@pytest.mark.parametrize(
    ("waiter", "key", "message"),
    [
        ("{retrieve: get, status_field: state, terminal: [ok, done]}", "terminal",
         "waiter.terminal ['done'] are not values of Task.state (one of run, ok, bad)"),
        ("{retrieve: get, status_field: status, terminal: [ok]}", "status_field",
         "'status' is not a field of Task"),
    ],
)  # fmt: skip
def test_waiter_terminal_values_are_checked_against_the_enum(
    tmp_path: Path, waiter: str, key: str, message: str
) -> None:
    resource = f"{{path: tasks, methods: {{get: {{operation: get-task}}}}, waiter: {waiter}}}"
    sdk = SDK + f"resources:\n  - {resource}\n"
    with pytest.raises(SpecpressError) as info:
        build(tmp_path, spec(WAITED, Task=TASK), sdk)
    assert info.value.location == f"/resources/0/waiter/{key}" and message in info.value.message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("schema", "body", "check"),
    [
        ({"type": "object", "properties": {"n": {"type": "integer"}}}, {"n": 2},
         lambda r: type(r).__name__ == "PokeResponse" and r.n == 2),
        ({"type": "array", "items": {"type": "string"}}, ["a", "b"], lambda r: r == ["a", "b"]),
        ({"type": "array", "items": {"type": "object", "properties": {"x": {"type": "integer"}}}},
         [{"x": 1}], lambda r: type(r[0]).__name__ == "PokeResponseItem" and r[0].x == 1),
        ({"type": "integer"}, 42, lambda r: r == 42),
        ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, "s", lambda r: r == "s"),
    ],
)  # fmt: skip
def test_success_responses_that_are_no_ref(
    tmp_path: Path, schema: Any, body: Any, check: Any
) -> None:
    """ "the success response schema must be a $ref (run specpress build to hoist it)" is gone:
    inline objects become named models, bare arrays and scalars are typed as they are."""
    paths = {"/poke": {"post": {"operationId": "poke", "responses": ok(schema)}}}
    out = build(tmp_path, spec(paths))
    mypy_clean(out)
    result, _ = serve_and_call(out, "/poke", body, lambda c: c.poke.create())
    assert check(result), result
    assert "must be a $ref" not in "".join(
        p.read_text() for p in (ROOT / "scripts" / "specpress").rglob("*.py")
    )


def test_a_response_from_components_responses_and_a_body_from_request_bodies(
    tmp_path: Path,
) -> None:
    document = spec(
        {"/things": {"post": {"operationId": "make",
                              "requestBody": {"$ref": "#/components/requestBodies/NewThing"},
                              "responses": {"201": {"$ref": "#/components/responses/Made"}}}}}
    )  # fmt: skip
    document["components"]["requestBodies"] = {
        "NewThing": {"$ref": "#/components/requestBodies/Inner"},
        "Inner": {"required": True, "content": {"application/json": {"schema": ref("Thing")}}},
    }
    document["components"]["responses"] = {
        "Made": {"description": "made", "content": {"application/json": {"schema": ref("Thing")}}}
    }
    out = build(tmp_path, document)
    mypy_clean(out)
    thing, sent = serve_and_call(out, "/things", {"id": "9"}, lambda c: c.things.create(name="n"))
    assert type(thing).__name__ == "Thing" and thing.id == "9" and sent.json() == {"name": "n"}


def test_a_path_item_a_parameter_and_a_schema_part_by_ref(tmp_path: Path) -> None:
    """A path item `$ref` (3.1 `components/pathItems`) used to drop its operations silently
    (neither a method nor left out); parameters and schemas may point anywhere local."""
    item = {
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "get": {"operationId": "get-thing", "parameters": [{"$ref": "#/components/parameters/Lim"}],
                "responses": ok({"$ref": "#/components/schemas/Thing/properties/name"})},
    }  # fmt: skip
    document = spec({"/things/{id}": {"$ref": "#/components/pathItems/ThingItem"}})
    document["components"]["pathItems"] = {"ThingItem": item}
    document["components"]["parameters"] = {
        "Id": path_param("id"),
        "Lim": {"name": "limit", "in": "query", "schema": {"$ref": "#/components/schemas/N"}},
    }
    document["components"]["schemas"]["N"] = {"type": "integer"}
    out = build(tmp_path, document)
    mypy_clean(out)
    name, sent = serve_and_call(
        out, "/things/a%2Fb", "x", lambda c: c.things.retrieve("a/b", limit=3)
    )
    assert name == "x" and sent.params == {"limit": ["3"]}
    resource = (out / "src" / "bug_pkg" / "resources" / "things.py").read_text()
    assert "limit: int | None = None," in resource  # typed through the parameter's $ref


def test_a_dotted_schema_name_generates_and_a_model_failure_names_the_schema(
    tmp_path: Path,
) -> None:
    """datamodel-code-generator reads `a.b` as a module path ("Modular references require an
    output directory", naming no schema); our class names have no dots."""
    paths = {"/x": {"get": {"operationId": "get-x", "responses": ok(ref("com.example.Thing"))}}}
    out = build(tmp_path, spec(paths, **{"com.example.Thing": THING}))
    result, _ = serve_and_call(out, "/x", {"id": "1"}, lambda c: c.x.list())
    assert type(result).__name__ == "ComExampleThing"
    bad = {"properties": {"x": {"$ref": "other.yaml#/X"}}}
    derived = DerivedModels({"components": {"schemas": {"Good": THING, "Bad": bad}}}, {}, {}, {})
    message = "Modular references require an output directory, not a file"
    named = " (schema 'Bad' at /properties/x refers to 'other.yaml#/X')"
    assert _culprit(message, derived) == named
    assert _culprit("cannot parse 'Good'", derived) == ""
