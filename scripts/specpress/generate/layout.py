"""Resources and method names of a package without a hand map: from tags and paths.

Why: a new API should generate with no `resources:` list. The rules are deterministic and close
to what the official SDKs do (README "sdk.yaml without a hand map" sums them up):

- a **collection** is a run of static path segments that an item path continues with a
  parameter (`/streaming/ai/tasks/{task_id}`), or a path with operations that other paths extend,
  or a one-segment path;
- a collection's resource path: the first segment, then the segments up to the next collection
  boundary joined with `_` (`/streaming/ai/tasks` -> `streaming.ai_tasks`), and after each
  parameter the next run nested below (`/streaming/streams/{stream_id}/overlays` ->
  `streaming.streams.overlays`); a tag that names a hierarchy (`embed > v2 > tasks`,
  `subpackage_embed/v2/tasks`) names the resource instead (`embed.v_2.tasks`);
- methods: on a collection `list` (GET), `create` (POST), `update` (PUT, PATCH), `delete`; on an
  item `retrieve` (or `get`, `generator.retrieve_name`), `update`, `delete`; any other path is an
  **action** on the nearest collection or item, named from its last static segments
  (`/tasks/{id}/cancel` -> `cancel`, a GET `/directories/tree` -> `get_tree`), and a path
  under no collection at all goes to the resource of its first two segments;
- every name that two operations of one resource would share, and every shape without a usual
  name (a POST on an item, HEAD, OPTIONS), is the operation's own name: its operationId in
  snake_case, or the method and path for an operation without one (`get_common_parameters`);
  what still clashes gets `_2`, `_3` in document order.

With a hand map, ``generator.operations: all`` adds every operation it does not list, by the
same rules, beside the listed ones.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from specpress.config.model import MethodSpec, ResourceSpec
from specpress.openapi.document import OpenAPIDocument, Operation

if TYPE_CHECKING:
    from specpress.config.model import SdkConfig

__all__ = [
    "RESERVED_CLIENT_ATTRIBUTES",
    "RESERVED_METHOD_NAMES",
    "method_name",
    "operation_key",
    "operations_by_key",
    "request_path",
    "resource_specs",
]

#: Public attributes of the runtime's client classes: a root resource with one of these names
#: would shadow them (tests check the list against the runtime).
RESERVED_CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key", "auth_headers", "base_url", "timeout", "max_retries", "retry_non_idempotent",
        "strict_response_validation", "max_response_size", "max_pages", "default_headers",
        "request", "request_raw", "get", "post", "put", "patch", "delete", "with_options",
        "copy", "close", "aclose", "is_closed", "with_raw_response", "with_streaming_response",
        "initial_retry_delay", "max_retry_delay", "max_retry_after",
    }
)  # fmt: skip
#: Attributes every resource class has itself.
RESERVED_METHOD_NAMES = frozenset({"with_raw_response", "with_streaming_response"})

_PARAM = re.compile(r"\{[^{}]*\}")
_VERBS = frozenset(
    {
        "get", "list", "create", "update", "delete", "set", "start", "stop", "cancel", "reset",
        "clear", "add", "remove", "enable", "disable", "upload", "download", "search", "send",
        "run", "retry", "restart", "pause", "resume", "publish", "unpublish", "approve",
        "reject", "sync", "validate", "verify", "generate", "export", "import", "copy", "move",
        "merge", "archive", "restore", "refresh", "lock", "unlock", "login", "logout",
        "register", "subscribe", "unsubscribe", "activate", "deactivate", "confirm", "submit",
        "execute", "trigger", "check", "test", "query", "replace", "attach", "detach", "share",
        "revoke", "rotate", "renew", "close", "open", "complete", "fetch", "count", "report",
    }
)  # fmt: skip
_COLLECTION_NAMES = {"get": "list", "post": "create", "put": "update", "patch": "update",
                     "delete": "delete"}  # fmt: skip
_ITEM_NAMES = {"put": "update", "patch": "update", "delete": "delete"}
_ACTION_PREFIX = {"get": "get_", "put": "update_", "patch": "update_", "delete": "delete_",
                  "post": ""}  # fmt: skip
_TAG_SEPARATORS = re.compile(r"\s*(?:>|/)\s*")


def request_path(op: Operation) -> str:
    """The path an operation is sent to: a fragment path key (`/x#variant`) loses its fragment."""
    return op.path.split("#", 1)[0] or "/"


def operation_key(op: Operation) -> str:
    """How sdk.yaml names an operation: its operationId, else ``"<METHOD> <path key>"``."""
    return op.operation_id or f"{op.method.upper()} {op.path}"


def operations_by_key(doc: OpenAPIDocument) -> dict[str, Operation]:
    """Every operation under its operationId and under ``"<METHOD> <path key>"``."""
    found = dict(doc.operations_by_id())
    for op in doc.operations():
        found.setdefault(f"{op.method.upper()} {op.path}", op)
    return found


def _snake(text: str) -> str:
    from openapi_python_client.strings import sanitize, snake_case

    return snake_case(sanitize(text))


def _identifier(words: str, *, resource: bool) -> str:
    """A usable attribute name: snake_case, digits after letters split for resources (`v_2`),
    never a keyword, never starting with a digit or `_`."""
    name = _snake(words)
    if resource:
        name = re.sub(r"(?<=[a-z])(?=[0-9])", "_", name)
    name = re.sub(r"\W+", "_", name).strip("_") or "default"
    if name[0].isdigit():
        name = "n_" + name
    while keyword.iskeyword(name) or name in RESERVED_METHOD_NAMES:
        name += "_"
    return name


def method_name(op: Operation) -> str:
    """An operation's own method name: its operationId, or its method and static segments."""
    if op.operation_id:
        return _identifier(op.operation_id, resource=False)
    words = [s for s in _segments(op) if not _PARAM.search(s)]
    return _identifier("_".join([op.method, *words]), resource=False)


def _segments(op: Operation) -> tuple[str, ...]:
    return tuple(s for s in request_path(op).split("/") if s)


def _is_param(segment: str) -> bool:
    return bool(_PARAM.search(segment))


@dataclass(frozen=True)
class _Placed:
    resource: tuple[str, ...]
    name: str
    op: Operation
    key: str


class _Tree:
    """The paths of the document: which static prefixes are collections, and their resources."""

    def __init__(self, ops: list[Operation]) -> None:
        self.op_paths = {_segments(op) for op in ops}
        self.collections: set[tuple[str, ...]] = set()
        for segments in self.op_paths:
            for i, segment in enumerate(segments):
                if _is_param(segment) and i and not _is_param(segments[i - 1]):
                    self.collections.add(segments[:i])
            if len(segments) == 1 and not _is_param(segments[0]):
                self.collections.add(segments)
            if (
                segments
                and not _is_param(segments[-1])
                and any(
                    other[: len(segments)] == segments and len(other) > len(segments)
                    for other in self.op_paths
                )
            ):
                self.collections.add(segments)

    def resource_of(self, prefix: tuple[str, ...]) -> tuple[str, ...]:
        """The resource path of a collection (or any static-ending prefix), see the module doc."""
        chain: list[str] = []
        pending: list[str] = []
        first_run = True
        for i, segment in enumerate(prefix):
            if _is_param(segment):
                if pending:
                    chain.append(_identifier("_".join(pending), resource=True))
                    pending = []
                first_run = False
                continue
            if first_run and not chain and not pending:
                chain.append(_identifier(segment, resource=True))
                continue
            pending.append(segment)
            if prefix[: i + 1] in self.collections and i + 1 < len(prefix):
                chain.append(_identifier("_".join(pending), resource=True))
                pending = []
        if pending:
            chain.append(_identifier("_".join(pending), resource=True))
        return tuple(chain)

    def place(self, op: Operation, retrieve: str) -> tuple[tuple[str, ...], str | None]:
        """(resource path, method name or None for "use the operation's own name")."""
        segments = _segments(op)
        method = op.method
        if not segments:
            return ("root",), _COLLECTION_NAMES.get(method)
        if segments in self.collections:
            return self.resource_of(segments), _COLLECTION_NAMES.get(method)
        if _is_param(segments[-1]) and segments[:-1] in self.collections:
            names = {**_ITEM_NAMES, "get": retrieve}
            return self.resource_of(segments[:-1]), names.get(method)
        for cut in range(len(segments) - 1, 0, -1):
            head, tail = segments[:cut], segments[cut:]
            if any(_is_param(s) for s in tail):
                break
            if head in self.collections:
                return self.resource_of(head), _action(method, tail)
            if _is_param(head[-1]) and head[:-1] in self.collections:
                return self.resource_of(head[:-1]), _action(method, tail)
        static = [s for s in segments if not _is_param(s)]
        if len(static) <= 2:
            return self.resource_of(tuple(static[:1])), _action(method, tuple(static[1:]))
        return self.resource_of(tuple(static[:2])), _action(method, tuple(static[2:]))


def _action(method: str, tail: tuple[str, ...]) -> str | None:
    if not tail:
        return _COLLECTION_NAMES.get(method)
    words = _identifier("_".join(tail), resource=False)
    if words.split("_")[0] in _VERBS:
        return words
    prefix = _ACTION_PREFIX.get(method)
    return None if prefix is None else _identifier(prefix + words, resource=False)


def _tag_resource(op: Operation) -> tuple[str, ...] | None:
    """A resource path named by a hierarchical tag (`embed > v2 > tasks`, `a/b/c`, Fern's
    `[[subpackage_embed, subpackage_embed/v2, subpackage_embed/v2/tasks]]`)."""
    tags = op.node.get("tags")
    if not isinstance(tags, list):
        return None
    candidates: list[str] = []
    for tag in tags:
        if isinstance(tag, str):
            candidates.append(tag)
        elif isinstance(tag, list):
            candidates.extend(t for t in tag if isinstance(t, str))
    hierarchical = [t for t in candidates if _TAG_SEPARATORS.search(t)]
    if not hierarchical:
        return None
    deepest = max(hierarchical, key=lambda t: len(_TAG_SEPARATORS.split(t)))
    parts = [p.removeprefix("subpackage_") for p in _TAG_SEPARATORS.split(deepest) if p.strip()]
    path = tuple(_identifier(p, resource=True) for p in parts)
    return path or None


def _derive(doc: OpenAPIDocument, ops: list[Operation], retrieve: str) -> list[_Placed]:
    tree = _Tree(list(doc.operations()))
    placed = []
    for op in ops:
        resource, name = tree.place(op, retrieve)
        resource = _tag_resource(op) or resource
        placed.append(_Placed(resource, name or method_name(op), op, operation_key(op)))
    return placed


def _settle(placed: list[_Placed], taken: dict[tuple[str, ...], set[str]]) -> list[_Placed]:
    """Unique method names per resource: every shared name becomes the operation's own name;
    what still clashes (with each other or a hand-mapped method) gets `_2`, `_3`."""
    by_resource: dict[tuple[str, ...], list[_Placed]] = {}
    for item in placed:
        by_resource.setdefault(item.resource, []).append(item)
    settled: list[_Placed] = []
    for resource, items in by_resource.items():
        used = set(taken.get(resource, set()))
        counts: dict[str, int] = {}
        for item in items:
            counts[item.name] = counts.get(item.name, 0) + 1
        for item in items:
            name = item.name
            if counts[name] > 1 or name in used:
                name = method_name(item.op)
            stem, number = name, 2
            while name in used:
                name = f"{stem}_{number}"
                number += 1
            used.add(name)
            settled.append(replace(item, name=name))
    return settled


def _with_parents(paths: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    every: set[tuple[str, ...]] = set()
    for path in paths:
        every.update(path[:depth] for depth in range(1, len(path) + 1))
    return every


def _unclash_resources(specs: dict[tuple[str, ...], ResourceSpec]) -> None:
    """A derived child resource named like a method of its parent, or a root resource named like
    a client attribute, gets a trailing `_` (the hand map's own names are left alone)."""
    for path in sorted(specs, key=len):
        spec = specs[path]
        parent = specs.get(path[:-1])
        clash = (len(path) == 1 and path[0] in RESERVED_CLIENT_ATTRIBUTES) or (
            parent is not None and path[-1] in {m.name for m in parent.methods}
        )
        if not clash or any(m.where for m in spec.methods):
            continue
        new = (*path[:-1], path[-1] + "_")
        for old in sorted(p for p in specs if p[: len(path)] == path):
            moved = specs.pop(old)
            target = (*new, *old[len(path) :])
            specs[target] = replace(moved, path=target)


def resource_specs(doc: OpenAPIDocument, config: SdkConfig) -> tuple[ResourceSpec, ...]:
    """The package's resources: the hand map, plus (``generator.operations: all``) every other
    operation by the module's rules; containers for every parent path; sorted by path."""
    hand = {spec.path: spec for spec in config.resources}
    if config.generator.operations == "listed":
        return tuple(hand[p] for p in sorted(hand))
    keys = operations_by_key(doc)
    listed = {
        keys[m.operation].pointer
        for r in config.resources
        for m in r.methods
        if m.operation in keys
    }
    rest = [op for op in doc.operations() if op.pointer not in listed]
    taken = {path: {m.name for m in spec.methods} for path, spec in hand.items()}
    placed = _settle(_derive(doc, rest, config.generator.retrieve_name), taken)
    specs = dict(hand)
    for item in placed:
        method = MethodSpec(item.name, item.key, None, "", detect=True)
        current = specs.get(item.resource) or ResourceSpec(item.resource, (), None)
        specs[item.resource] = replace(current, methods=(*current.methods, method))
    for path in _with_parents(specs) - set(specs):
        specs[path] = ResourceSpec(path, (), None)
    _unclash_resources(specs)
    return tuple(specs[p] for p in sorted(specs))
