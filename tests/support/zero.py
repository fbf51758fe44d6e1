"""Packages generated from documents no one here wrote, with a few lines of sdk.yaml, and a
harness that calls every method of such a package against a loopback server.

``DOCUMENTS`` names each document (read at test time: openapi-python-client's baselines from
``tests/fixtures/openapi-python-client/``, the full Gcore Streaming and the TwelveLabs documents
from ``../shared/reference-specs/``) and its whole sdk.yaml. ``example_of`` makes a minimal JSON
value that satisfies a schema (every required field, first enum value, the format's shape), so
the server can answer every method with a body its model accepts. ``call_every_method`` calls
each method once, with a placeholder for each required argument, and checks the request the
server saw (method and path).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from specpress.config.model import SdkConfig
from specpress.config.sdk import load_sdk_config
from specpress.generate import generate_package
from specpress.generate.endpoints import Endpoint, Layout, Skipped, build_resources
from specpress.generate.layout import resource_specs
from specpress.generate.naming import package_names
from specpress.generate.pages import PAGE_STYLES
from specpress.generate.responses import success_response
from specpress.generate.types import Literal, TypeNode, TypeRef, Union
from specpress.generate.working import working_document
from specpress.openapi.document import OpenAPIDocument
from support.mock_server import MockServer, Reply

__all__ = [
    "DOCUMENTS",
    "Document",
    "GeneratedDocument",
    "acall_every_method",
    "call_every_method",
    "example_of",
    "generate_document",
    "imported",
    "mypy_errors",
]

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "openapi-python-client"
KEY = "zero-config-key-0123456789"


@dataclass(frozen=True)
class Document:
    """One document and the whole sdk.yaml written for it."""

    name: str
    source: str  # "fixture:<file>" or "shared:<path below ../shared>"
    sdk_yaml: str

    def path(self, shared: Path) -> Path:
        kind, _, rest = self.source.partition(":")
        return FIXTURES / rest if kind == "fixture" else shared / rest

    @property
    def sdk_lines(self) -> int:
        """Hand-written lines: every non-blank, non-comment line."""
        return sum(
            1 for ln in self.sdk_yaml.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
        )


_NO_SCHEMES = """\
client:
  default_base_url: http://localhost:8080
  auth: {kind: bearer}
"""
DOCUMENTS = [
    Document(
        "opc-baseline-3.0",
        "fixture:baseline_openapi_3.0.json",
        "package: {dist: opc-baseline-thirty, client_class: Baseline}\n" + _NO_SCHEMES,
    ),
    Document(
        "opc-baseline-3.1",
        "fixture:baseline_openapi_3.1.yaml",
        "package: {dist: opc-baseline-thirty-one, client_class: Baseline}\n" + _NO_SCHEMES,
    ),
    Document(
        "gcore-streaming-full",
        "shared:reference-specs/gcore-streaming/streaming_api.2026-05-14.yaml",
        "package: {dist: gcore-streaming-full, client_class: Gcore}\n",
    ),
    Document(
        "twelvelabs-2026-02-17",
        "shared:reference-specs/twelvelabs/openapi-1.3.2026-02-17.yaml",
        "package: {dist: twelvelabs-full, client_class: TwelveLabs}\n",
    ),
    Document(
        "twelvelabs-2025-08-28",
        "shared:reference-specs/twelvelabs/openapi-1.3.2025-08-28.yaml",
        "package: {dist: twelvelabs-august, client_class: TwelveLabs}\n"
        "client: {auth: {header: x-api-key}}\n",
    ),
    Document(
        "twelvelabs-2025-02-25",
        "shared:reference-specs/twelvelabs/openapi-1.3.2025-02-25.yaml",
        "package: {dist: twelvelabs-february, client_class: TwelveLabs}\n"
        "client: {auth: {header: x-api-key}}\n",
    ),
]


@dataclass
class GeneratedDocument:
    """A package generated from one document, with what the generator decided."""

    document: Document
    doc: OpenAPIDocument  # the working document (inline responses named)
    out: Path
    layout: Layout
    left_out: list[Skipped]
    seconds: float
    config: SdkConfig

    @property
    def import_name(self) -> str:
        return self.config.package.import_name

    def client(
        self, package: ModuleType, server: MockServer, *, is_async: bool = False, **options: Any
    ) -> Any:
        p = self.config.package
        cls = getattr(package, p.async_client_class if is_async else p.client_class)
        return cls(api_key=KEY, base_url=server.url, max_retries=0, **options)


def generate_document(document: Document, shared: Path, tmp: Path) -> GeneratedDocument:
    spec = document.path(shared)
    sdk = tmp / "sdk.yaml"
    sdk.write_text(document.sdk_yaml, encoding="utf-8")
    left_out: list[Skipped] = []
    started = time.monotonic()
    out = generate_package(spec, sdk, tmp / "out", left_out=left_out)
    seconds = time.monotonic() - started
    doc = working_document(OpenAPIDocument.read(spec))
    config = load_sdk_config(sdk, doc)
    specs = resource_specs(doc, config)
    names = package_names(doc, config, list(PAGE_STYLES.values()), specs)
    layout = build_resources(doc, config, names, specs)
    return GeneratedDocument(document, doc, out, layout, left_out, seconds, config)


@contextlib.contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    src = str(out / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(src)
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def mypy_errors(out: Path) -> str:
    """What ``mypy --strict`` says about a generated package ("" when it passes)."""
    proc = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
            "--cache-dir", str(out / ".mypy_cache"),
            "--config-file", str(out / "pyproject.toml"), str(out / "src"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    return proc.stdout + proc.stderr if proc.returncode else ""


# --- values ------------------------------------------------------------------------------------

_FORMATS = {
    "date-time": "2026-01-02T03:04:05Z",
    "date": "2026-01-02",
    "time": "03:04:05",
    "uuid": "0b6c7d4e-1f2a-4b3c-8d9e-0a1b2c3d4e5f",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "email": "a@example.com",
}


def example_of(doc: OpenAPIDocument, schema: Any, depth: int = 0) -> Any:
    """A minimal JSON value of ``schema`` (required fields only; first choices)."""
    node = doc.resolve(schema)
    if not isinstance(node, dict) or depth > 12:
        return None
    if "const" in node:
        return node["const"]
    if isinstance(node.get("enum"), list) and node["enum"]:
        return next((v for v in node["enum"] if v is not None), node["enum"][0])
    for combiner in ("oneOf", "anyOf"):
        members = [m for m in node.get(combiner) or [] if doc.resolve(m).get("type") != "null"]
        if members:
            return example_of(doc, members[0], depth + 1)
    members = node.get("allOf")
    if isinstance(members, list) and members and "properties" not in node:
        parts = [example_of(doc, m, depth + 1) for m in members]
        if not all(isinstance(part, dict) for part in parts):
            return parts[0]
        return {k: v for part in parts for k, v in part.items()}
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in node or "allOf" in node:
        props, required = doc.object_view(node)
        value = {k: example_of(doc, props[k], depth + 1) for k in required if k in props}
        for name, prop in props.items():  # empty lists cost nothing and fill page envelopes
            if name not in value and doc.resolve(prop).get("type") == "array":
                value[name] = []
        return value
    if kind == "array":
        count = int(node.get("minItems") or 0)
        return [example_of(doc, node.get("items") or {}, depth + 1) for _ in range(count)]
    if kind == "string":
        text = _FORMATS.get(str(node.get("format")), "x")
        return text * max(1, int(node.get("minLength") or 1)) if text == "x" else text
    if kind == "integer":
        return int(node.get("minimum") or 1)
    if kind == "number":
        return float(node.get("minimum") or 1)
    if kind == "boolean":
        return True
    return None


def value_of(node: TypeNode) -> Any:
    """A value a keyword of that type accepts."""
    if isinstance(node, Literal):
        return node.values[0]
    if isinstance(node, Union):
        return value_of(node.members[0])
    assert isinstance(node, TypeRef)
    return {"str": "x1", "int": 1, "float": 1.5, "bool": True, "list": [], "None": None}.get(
        node.name, {}
    )


# --- calling every method ----------------------------------------------------------------------


def _reply(doc: OpenAPIDocument, endpoint: Endpoint) -> Reply:
    op = next(
        o
        for o in doc.operations()
        if o.method.upper() == endpoint.http_method and o.path.split("#")[0] == endpoint.path
    )
    success = success_response(doc, op)
    status = int(success.code) if success.code.isdigit() else 200
    if success.kind == "none" or status == 204:
        return Reply(status)
    if success.kind == "text":
        return Reply(status, b"ok", headers={"Content-Type": "text/plain"})
    if success.kind == "bytes":
        return Reply(status, b"\x00\x01", headers={"Content-Type": "application/octet-stream"})
    body = json.dumps(example_of(doc, success.schema or {})).encode()
    return Reply(status, body, headers={"Content-Type": "application/json"})


def _arguments(endpoint: Endpoint) -> tuple[list[Any], dict[str, Any]]:
    args = [f"v{i}" for i, _ in enumerate(endpoint.path_params)]
    kwargs = {p.name: value_of(p.type) for p in endpoint.keyword_params if p.required}
    return args, kwargs


def _path(endpoint: Endpoint, args: list[Any]) -> str:
    values = iter(args)
    by_name = {p.name: next(values) for p in endpoint.path_params}
    return "".join(
        quote(str(by_name[text]), safe="") if is_param else text
        for is_param, text in endpoint.path_parts
    )


def _calls(
    generated: GeneratedDocument, server: MockServer
) -> Iterator[tuple[str, Callable[[Any], Any], Callable[[Any], None]]]:
    """Per method: its dotted name, a call of it on a client (the reply already queued), and the
    check of the request the server saw and of the result."""
    for resource in generated.layout.resources:
        for endpoint in resource.operations:
            name = f"{resource.dotted}.{endpoint.name}"
            args, kwargs = _arguments(endpoint)
            path = _path(endpoint, args)
            server.enqueue(path, _reply(generated.doc, endpoint))
            before = len(server.requests)
            yield (
                name,
                functools.partial(_invoke, resource.path, endpoint.name, args, kwargs),
                functools.partial(_check, server, before, name, endpoint, path),
            )


def _invoke(at: tuple[str, ...], method: str, args: list[Any], kwargs: dict[str, Any],
            client: Any) -> Any:  # fmt: skip
    target = client
    for part in at:
        target = getattr(target, part)
    return getattr(target, method)(*args, **kwargs)


def _check(
    server: MockServer, before: int, name: str, endpoint: Endpoint, path: str, result: Any
) -> None:
    seen = server.requests[before:]
    assert len(seen) == 1, f"{name}: {len(seen)} requests"
    assert (seen[0].method, seen[0].path) == (endpoint.http_method, path), name
    if endpoint.returns is None and endpoint.page is None:
        assert result is None, name


def call_every_method(generated: GeneratedDocument, client: Any, server: MockServer) -> list[str]:
    """Call each method once (sync); returns the dotted names called. Every request must reach
    the server with the operation's method and path, and the call must return."""
    called = []
    for name, invoke, check in _calls(generated, server):
        check(invoke(client))
        called.append(name)
    return called


async def acall_every_method(
    generated: GeneratedDocument, client: Any, server: MockServer
) -> list[str]:
    """``call_every_method`` on the async client: each method awaited once (a list method's
    await is its first page)."""
    called = []
    for name, invoke, check in _calls(generated, server):
        check(await invoke(client))
        called.append(name)
    return called
