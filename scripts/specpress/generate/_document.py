"""TEMPORARY stand-in for ``specpress.openapi.document`` / ``pointer`` until the foundation
branch is merged: the same names and semantics, only what generate uses. Deleted on merge."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"
MAX_REF_HOPS = 64


def escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(*tokens: object) -> str:
    return "".join("/" + escape(t) for t in tokens)


def child(base: str, *tokens: object) -> str:
    return base + join(*tokens)


def split(pointer: str) -> list[str]:
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def lookup(document: Any, pointer: str) -> tuple[bool, Any]:
    node = document
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    node: dict[str, Any]
    pointer: str
    ref: str | None = None


@dataclass(frozen=True)
class Operation:
    document: OpenAPIDocument = field(repr=False, compare=False)
    path: str
    method: str
    node: dict[str, Any]
    pointer: str

    @property
    def operation_id(self) -> str | None:
        value = self.node.get("operationId")
        return str(value) if value is not None else None

    @property
    def item(self) -> dict[str, Any]:
        item = self.document.paths.get(self.path)
        return item if isinstance(item, dict) else {}

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], Parameter] = {}
        for owner, at in ((self.item, join("paths", self.path)), (self.node, self.pointer)):
            raw = owner.get("parameters")
            if not isinstance(raw, list):
                continue
            for index, entry in enumerate(raw):
                where = child(at, "parameters", index)
                node = self.document.resolve(entry, where)
                if not isinstance(node, dict):
                    raise self.document.error("a parameter must be an object", where)
                name, location = str(node.get("name", "")), str(node.get("in", ""))
                merged[(name, location)] = Parameter(name, location, node, where)
        return tuple(merged.values())


class OpenAPIDocument:
    def __init__(self, data: Any, source: str | Path | None = None) -> None:
        self.data: Any = data
        self.source = source

    @classmethod
    def read(cls, path: Path) -> OpenAPIDocument:
        from specpress.load import load_plain

        data = load_plain(path)
        if not isinstance(data, dict):
            raise SpecpressError(
                "not an OpenAPI document: the top level is not a mapping", file=path
            )
        return cls(data, path)

    def error(self, message: str, where: str | None = None) -> SpecpressError:
        return SpecpressError(message, file=self.source, location=where or None)

    def _mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) if isinstance(self.data, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def info_version(self) -> str:
        value = self._mapping("info").get("version")
        return str(value) if value is not None else ""

    @property
    def paths(self) -> dict[str, Any]:
        return self._mapping("paths")

    @property
    def schemas(self) -> dict[str, Any]:
        value = self._mapping("components").get("schemas")
        return value if isinstance(value, dict) else {}

    def operations(self) -> Iterator[Operation]:
        for path, item in self.paths.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                node = item.get(method)
                if isinstance(node, dict):
                    yield Operation(self, str(path), method, node, join("paths", path, method))

    def operations_by_id(self) -> dict[str, Operation]:
        found: dict[str, Operation] = {}
        for op in self.operations():
            op_id = op.operation_id
            if not op_id:
                continue
            if op_id in found:
                raise self.error(
                    f"duplicate operationId {op_id!r}", child(op.pointer, "operationId")
                )
            found[op_id] = op
        return found

    def resolve(self, node: Any, where: str = "") -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise self.error(f"unsupported $ref {ref!r} (only local references)", where)
            if ref in seen or len(seen) >= MAX_REF_HOPS:
                raise self.error(f"$ref cycle at {ref!r}", where)
            seen.add(ref)
            found, node = lookup(self.data, ref[1:])
            if not found:
                raise self.error(f"unresolvable $ref {ref!r}", where)
        return node

    @staticmethod
    def ref_name(node: Any) -> str | None:
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref.startswith(SCHEMA_REF) and "/" not in ref[len(SCHEMA_REF) :]:
                return unescape(ref[len(SCHEMA_REF) :])
        return None

    def object_view(self, schema: Any, where: str = "") -> tuple[dict[str, Any], list[str]]:
        return self._object_view(schema, where, 0)

    def _object_view(self, schema: Any, where: str, depth: int) -> tuple[dict[str, Any], list[str]]:
        if depth > MAX_REF_HOPS:
            raise self.error("allOf nesting too deep (a cycle?)", where)
        schema = self.resolve(schema, where)
        props: dict[str, Any] = {}
        required: list[str] = []
        if not isinstance(schema, dict):
            return props, required
        for i, member in enumerate(schema.get("allOf") or []):
            p, r = self._object_view(member, child(where, "allOf", i), depth + 1)
            props.update(p)
            required.extend(x for x in r if x not in required)
        for name, prop in (schema.get("properties") or {}).items():
            props[str(name)] = prop
        required.extend(str(x) for x in schema.get("required") or [] if x not in required)
        return props, required
