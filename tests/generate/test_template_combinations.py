"""Every template renders for any combination of what an API has (issue 13: the package templates
assumed a task-shaped API, a paginated list and a waiter on the first resource): no operation at
all, resources that only hold others, pages without a waiter, a waiter, no models. Each package
passes ruff and mypy --strict, imports, reaches each resource (and its raw and streaming views)
from the client, and its README's Python blocks compile."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specpress.generate import generate_package
from support.mock_server import MockServer, json_reply
from support.zero import imported, mypy_errors

TASK = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {"id": {"type": "string"}, "status": {"type": "string",
                                                         "enum": ["queued", "done", "failed"]}},
}  # fmt: skip


def _json(schema: Any, code: str = "200") -> dict[str, Any]:
    return {code: {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _get(op_id: str, schema: Any, *params: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": op_id,
            "parameters": [
                {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                for p in params
            ],
            "responses": _json(schema),
        }
    }


TASK_REF = {"$ref": "#/components/schemas/Task"}
PAGE = {
    "type": "object",
    "required": ["results"],
    "properties": {"count": {"type": "integer"}, "next": {"type": ["string", "null"]},
                   "results": {"type": "array", "items": TASK_REF}},
}  # fmt: skip
CASES: dict[str, tuple[dict[str, Any], str, list[str]]] = {
    "no-operations": ({}, "", []),
    "only-nested": (
        {"/streaming/ai/tasks": _get("list-tasks", {"type": "array", "items": TASK_REF}),
         "/streaming/ai/tasks/{id}": _get("get-task", TASK_REF, "id")},
        "", ["streaming", "streaming.ai_tasks"],
    ),
    "pages-no-waiter": (
        {"/tasks": _get("list-tasks", PAGE), "/tasks/{id}": _get("get-task", TASK_REF, "id")},
        "", ["tasks"],
    ),
    "waiter": (
        {"/tasks": _get("list-tasks", PAGE), "/tasks/{id}": _get("get-task", TASK_REF, "id")},
        "resources:\n  - path: tasks\n    methods: {retrieve: {operation: get-task}}\n"
        "    waiter: {retrieve: retrieve, id_param: id, status_field: status,\n"
        "             terminal: [done, failed]}\n"
        "generator: {operations: all}\n",
        ["tasks"],
    ),
    "no-models": (
        {"/ping": {"post": {"operationId": "ping", "responses": {"200": {"description": "ok",
                   "content": {"text/plain": {"schema": {"type": "string"}}}}}}}},
        "", ["ping"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_package_renders_checks_and_works(tmp_path: Path, case: str) -> None:
    paths, extra, resources = CASES[case]
    schemas = {"Task": TASK} if "Task" in json.dumps(paths) else {}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Shapes", "version": "1"},
        "servers": [{"url": "https://shapes.example.com"}],
        "components": {"securitySchemes": {"k": {"type": "http", "scheme": "bearer"}},
                       "schemas": schemas},
        "paths": paths,
    }  # fmt: skip
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    (tmp_path / "sdk.yaml").write_text("package: {dist: shapes-pkg}\n" + extra)
    out = generate_package(tmp_path / "openapi.json", tmp_path / "sdk.yaml", tmp_path / "out")
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
            str(out / "pyproject.toml"), str(out)]  # fmt: skip
    ruffed = subprocess.run(ruff, capture_output=True, text=True)
    assert ruffed.returncode == 0, ruffed.stdout
    assert mypy_errors(out) == ""
    readme = (out / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks  # control: the README shows the client at least
    for block in blocks:
        ast.parse(block)
    resource = (out / "src" / "shapes_pkg" / "resources").glob("*.py")
    waits = any("def wait(" in p.read_text() for p in resource)
    assert waits == (case == "waiter")
    with (
        imported(out, "shapes_pkg") as package,
        MockServer() as server,
        package.ShapesPkg(api_key="k", base_url=server.url, max_retries=0) as client,
    ):
        for dotted in resources:
            for root in (client, client.with_raw_response, client.with_streaming_response):
                target = root
                for part in dotted.split("."):
                    target = getattr(target, part)
        if case == "waiter":
            server.enqueue("/tasks/t1", json_reply({"id": "t1", "status": "queued"}))
            server.enqueue("/tasks/t1", json_reply({"id": "t1", "status": "done"}))
            task = client.tasks.wait("t1", poll_interval=0.01, timeout=5)
            assert task.status == "done" and len(server.requests) == 2
