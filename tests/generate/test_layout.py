"""Resources and method names without a hand map: from paths (and hierarchical tags), nested like
the official SDKs, the usual names for the usual shapes, operationIds on a clash, deterministic."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from specpress.config.sdk import parse_sdk_config
from specpress.generate.layout import (
    RESERVED_CLIENT_ATTRIBUTES,
    method_name,
    operation_key,
    resource_specs,
)
from specpress.openapi.document import OpenAPIDocument

ROOT = Path(__file__).resolve().parents[2]
OK = {"200": {"description": "ok"}}


def op(op_id: str | None = None, **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"responses": OK, **extra}
    if op_id:
        node["operationId"] = op_id
    return node


def layout(paths: dict[str, Any], sdk: str = "", **top: Any) -> dict[str, dict[str, str]]:
    """resource path -> {method name: operation key}"""
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, **top}
    data = parse_yaml(
        "package: {dist: demo}\nclient: {default_base_url: https://x.io, auth: {kind: bearer}}\n"
        + sdk
    )
    config = parse_sdk_config(data, Path("sdk.yaml"), document)
    specs = resource_specs(OpenAPIDocument(document, "spec.json"), config)
    return {".".join(s.path): {m.name: m.operation for m in s.methods} for s in specs}


def parse_yaml(text: str) -> Any:
    from specpress.openapi.load import parse_plain

    return parse_plain(text, Path("sdk.yaml"))


GCORE_LIKE = {
    "/streaming/ai/tasks": {"get": op("get_ai_tasks_list"), "post": op("post_ai_tasks_create")},
    "/streaming/ai/tasks/{task_id}": {"get": op("get_ai_task")},
    "/streaming/ai/tasks/{task_id}/cancel": {"post": op("post_ai_tasks_cancel")},
    "/streaming/ai/info": {"get": op("get_ai_info")},
    "/streaming/streams": {"get": op("get_streams")},
    "/streaming/streams/{stream_id}": {"get": op("get_stream"), "patch": op("patch_stream"),
                                       "delete": op("delete_stream")},
    "/streaming/streams/{stream_id}/overlays": {"get": op("get_overlays"),
                                                "patch": op("patch_overlays")},
    "/streaming/streams/{stream_id}/overlays/{overlay_id}": {"patch": op("patch_overlay_id")},
    "/streaming/streams/{stream_id}/start_recording": {"put": op("start_rec")},
    "/streaming/directories": {"post": op("post_directories")},
    "/streaming/directories/tree": {"get": op("get_tree")},
    "/streaming/directories/{directory_id}": {"get": op("get_directory")},
    "/streaming/statistics/views": {"get": op("getViews")},
    "/streaming/statistics/vod/storage_duration": {"get": op("getVodStorage")},
}  # fmt: skip


def test_resources_nest_like_the_official_sdks() -> None:
    got = layout(GCORE_LIKE)
    assert got["streaming.ai_tasks"] == {
        "list": "get_ai_tasks_list",
        "create": "post_ai_tasks_create",
        "retrieve": "get_ai_task",
        "cancel": "post_ai_tasks_cancel",
    }
    assert got["streaming.ai"] == {"get_info": "get_ai_info"}
    assert got["streaming.streams"] == {
        "list": "get_streams",
        "retrieve": "get_stream",
        "update": "patch_stream",
        "delete": "delete_stream",
        "start_recording": "start_rec",
    }
    # two `update`s (the collection's and an item's): both take their operationId's name
    assert got["streaming.streams.overlays"] == {
        "list": "get_overlays",
        "patch_overlays": "patch_overlays",
        "patch_overlay_id": "patch_overlay_id",
    }
    assert got["streaming.directories"] == {
        "create": "post_directories",
        "get_tree": "get_tree",
        "retrieve": "get_directory",
    }
    assert got["streaming.statistics"] == {
        "get_views": "getViews",
        "get_vod_storage_duration": "getVodStorage",
    }
    assert got["streaming"] == {}  # a container: its children only


def test_the_layout_does_not_depend_on_the_order_of_the_paths() -> None:
    reordered = dict(reversed(list(GCORE_LIKE.items())))
    assert {k: set(v.items()) for k, v in layout(reordered).items()} == {
        k: set(v.items()) for k, v in layout(GCORE_LIKE).items()
    }


def test_item_gets_can_be_called_get() -> None:
    got = layout(GCORE_LIKE, "generator: {retrieve_name: get}\n")
    assert got["streaming.ai_tasks"]["get"] == "get_ai_task"


@pytest.mark.parametrize(
    "tags",
    [
        [["subpackage_embed", "subpackage_embed/v2", "subpackage_embed/v2/tasks"]],  # Fern export
        ["embed > v2 > tasks"],
        ["embed/v2/tasks"],
    ],
)
def test_a_hierarchical_tag_names_the_resource(tags: list[Any]) -> None:
    paths = {
        "/embed-v2/tasks": {"get": op("list", tags=tags), "post": op("create", tags=tags)},
        "/embed-v2/tasks/{task_id}": {"get": op("retrieve", tags=tags)},
        "/tasks/{task_id}": {"get": op("get-task", tags=["Manage tasks"])},  # a flat tag: paths
    }
    got = layout(paths)
    assert got["embed.v_2.tasks"] == {"list": "list", "create": "create", "retrieve": "retrieve"}
    assert got["tasks"] == {"retrieve": "get-task"}
    assert set(got) == {"embed", "embed.v_2", "embed.v_2.tasks", "tasks"}


def test_operations_without_an_operation_id_are_named_from_method_and_path() -> None:
    paths = {
        "/common_parameters": {"get": op(), "post": op()},
        "/common_parameters/{id}": {"get": op(), "post": op()},  # a POST on an item: own name
    }
    got = layout(paths)
    assert got["common_parameters"] == {
        "list": "GET /common_parameters",
        "create": "POST /common_parameters",
        "retrieve": "GET /common_parameters/{id}",
        "post_common_parameters": "POST /common_parameters/{id}",
    }


def test_clashing_operation_names_get_a_number_in_document_order() -> None:
    paths = {
        "/things": {"get": op("list_things"), "post": op("make")},
        "/things#a": {"post": op("make-thing")},  # a fragment key: the same request path
        "/things#b": {"post": op("make_thing")},  # ... and an operationId that snake-cases alike
    }
    got = layout(paths)
    assert got["things"] == {
        "list": "list_things",
        "make": "make",
        "make_thing": "make-thing",
        "make_thing_2": "make_thing",
    }


def test_names_that_would_shadow_the_client_or_a_method_get_an_underscore() -> None:
    paths = {
        "/copy": {"get": op("copy-list")},  # `client.copy` is the client's own method
        "/things/{id}/parts": {"post": op("add-part")},  # an action named `parts`...
        "/things/parts/{part}": {"get": op("get-part")},  # ... and a child `parts`
        "/things": {"get": op("list-things")},
        "/class/{id}": {"get": op("get-class")},  # a keyword
    }
    got = layout(paths)
    assert got["copy_"] == {"list": "copy-list"}
    assert got["things.parts_"] == {"retrieve": "get-part"}
    assert got["things"] == {"list": "list-things", "parts": "add-part"}
    assert got["class_"] == {"retrieve": "get-class"}


def test_the_hand_map_wins_and_all_adds_the_rest() -> None:
    hand = """\
resources:
  - path: ai
    methods:
      get: {operation: get_ai_task}
      create: {operation: "POST /streaming/ai/tasks"}
"""
    listed = layout(GCORE_LIKE, hand)
    assert listed == {"ai": {"get": "get_ai_task", "create": "POST /streaming/ai/tasks"}}
    every = layout(GCORE_LIKE, hand + "generator: {operations: all}\n")
    assert every["ai"] == listed["ai"]
    assert every["streaming.ai_tasks"] == {"list": "get_ai_tasks_list",
                                           "cancel": "post_ai_tasks_cancel"}  # fmt: skip
    assert sum(len(methods) for methods in every.values()) == 18


def test_keys_and_own_names() -> None:
    item = {"get": {}, "post": {"operationId": "2fa"}}
    document = OpenAPIDocument({"paths": {"/a-b/{x}/c": item}})
    get, post = list(document.operations())
    assert (operation_key(get), operation_key(post)) == ("GET /a-b/{x}/c", "2fa")
    assert (method_name(get), method_name(post)) == ("get_a_b_c", "n_2fa")


def test_reserved_client_attributes_cover_the_runtime_clients() -> None:
    """Every public attribute of the runtime's client classes and their bases (in whichever
    runtime module each lives): a root resource named like one would shadow it."""
    classes: dict[str, ast.ClassDef] = {}
    for module in sorted((ROOT / "templates" / "runtime").glob("*.py")):
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
    public: set[str] = set()
    todo, seen = ["SyncAPIClient", "AsyncAPIClient"], set()
    while todo:
        node = classes[todo.pop()]
        seen.add(node.name)
        for base in node.bases:
            name = base.value if isinstance(base, ast.Subscript) else base
            if isinstance(name, ast.Name) and name.id in classes and name.id not in seen:
                todo.append(name.id)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                public.add(item.name)
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                public.add(item.target.id)
            elif isinstance(item, ast.Assign):
                public.update(t.id for t in item.targets if isinstance(t, ast.Name))
    assert {"BaseClient", "SyncAPIClient"} <= seen  # control: the bases were followed
    public = {n for n in public if not n.startswith("_")}
    assert public and public <= RESERVED_CLIENT_ATTRIBUTES, public - RESERVED_CLIENT_ATTRIBUTES
