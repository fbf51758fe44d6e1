"""Recordings: the strict format of `tests/recordings/<api>/<operation>/<case>.json` and its loader.

A recording is one real exchange: the request as the client sent it and the response as the
server answered. The same file drives three checks: the response must validate against the
patched spec (`specpress.contract.validate`), a loopback server replays it to the generated
clients (tests/), and mutated copies prove both checks can fail (`specpress.contract.mutants`).
Every file is read whole and checked for shape and secrets (`specpress.contract.secretscan`)
before anything uses it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpress.contract.secretscan import Leak, scan_data
from specpress.errors import SpecpressError
from specpress.openapi import pointer
from specpress.openapi.document import HTTP_METHODS
from specpress.openapi.load import read_plain
from specpress.paths import repo_root

RECORDING_KEYS = frozenset({"note", "call", "request", "response"})
REQUEST_KEYS = ("method", "path", "query", "headers", "json")
#: A multipart/form-data request (``json`` is then null): its parts in order.
REQUEST_OPTIONAL = ("multipart",)
PART_KEYS = ("name", "data")
PART_OPTIONAL = ("filename", "content_type")
#: In ``call.kwargs``, ``{"$file": [filename, text, content_type]}`` stands for a file argument
#: (the tuple form of the runtime's ``FileTypes``, content as UTF-8 text).
FILE_MARKER = "$file"
RESPONSE_KEYS = ("status", "headers", "body")
CALL_KEYS = ("method", "args", "kwargs")
MAX_DEPTH = 64  # nesting of a recording and of its JSON body; real ones stay under 15
_METHODS = frozenset(m.upper() for m in HTTP_METHODS)
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")


@dataclass(frozen=True)
class Recording:
    """One recorded exchange and where it lives."""

    file: Path
    api: str
    operation: str
    case: str
    note: str
    call: dict[str, Any]
    request: dict[str, Any]
    response: dict[str, Any]

    @property
    def status(self) -> int:
        return int(self.response["status"])

    @property
    def body_text(self) -> str:
        return str(self.response["body"])

    def body_json(self) -> Any:
        return json.loads(self.body_text) if self.body_text else None

    def call_kwargs(self) -> dict[str, Any]:
        """``call.kwargs`` with every ``{"$file": [...]}`` as a ``(filename, bytes, type)``
        tuple, the form the generated methods take a file in."""

        def decode(value: Any) -> Any:
            if isinstance(value, dict) and set(value) == {FILE_MARKER}:
                filename, text, content_type = value[FILE_MARKER]
                return (filename, str(text).encode("utf-8"), content_type)
            if isinstance(value, list):
                return [decode(v) for v in value]
            return value

        return {k: decode(v) for k, v in self.call.get("kwargs", {}).items()}

    def query_pairs(self) -> list[tuple[str, str]]:
        return [(str(k), str(v)) for k, v in self.request.get("query", [])]

    def with_body(self, body: Any) -> Recording:
        """A copy whose response body is `body` re-serialized (for mutants)."""
        response = {**self.response, "body": json.dumps(body, ensure_ascii=False)}
        return dataclasses.replace(self, response=response)


def recordings_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "tests" / "recordings"


def parse_recording(file: Path, api: str, operation: str) -> Recording:
    """Read one recording and check its whole shape: any defect (not UTF-8, not JSON, too deep,
    a missing, unknown or mistyped field) is one SpecpressError naming the file and the key."""
    data = read_plain(file)  # JSON: UTF-8, syntax, duplicate keys, nesting, all located
    if _depth(data) > MAX_DEPTH:
        raise SpecpressError(f"nested deeper than {MAX_DEPTH} levels", file=file)
    _check_shape(data, file)
    body = data["response"]["body"]
    if body.lstrip()[:1] in ("{", "[") and _text_depth(body) > MAX_DEPTH:
        raise SpecpressError(
            f"the body's JSON is nested deeper than {MAX_DEPTH} levels",
            file=file,
            location="/response/body",
        )
    return Recording(
        file, api, operation, file.stem, data["note"], data["call"], data["request"],
        data["response"],
    )  # fmt: skip


def _check_shape(data: Any, file: Path) -> None:
    def fail(message: str, at: str = "") -> SpecpressError:
        return SpecpressError(message, file=file, location=at or None)

    def keys(
        value: Any, at: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> None:
        if not isinstance(value, dict):
            raise fail(f"expected an object, found {_kind(value)}", at)
        missing = [k for k in required if k not in value]
        unknown = sorted(str(k) for k in value if k not in required + optional)
        if missing:
            raise fail(f"missing key(s) {missing}", at)
        if unknown:
            raise fail(f"unknown key(s) {unknown} (expected {list(required + optional)})", at)

    def expect(value: Any, kind: type | tuple[type, ...], at: str, what: str) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise fail(f"expected {what}, found {_kind(value)}", at)

    def string_map(value: Any, at: str) -> None:
        expect(value, dict, at, "an object of strings")
        for name, item in value.items():
            expect(item, str, pointer.child(at, name), "a string")

    keys(data, "", tuple(sorted(RECORDING_KEYS)))
    expect(data["note"], str, "/note", "a string")
    call = data["call"]
    keys(call, "/call", ("method",), ("args", "kwargs"))
    if not isinstance(call["method"], str) or not _DOTTED.match(call["method"]):
        raise fail("call.method must name the client method (`resource.method`)", "/call/method")
    if "args" in call:
        expect(call["args"], list, "/call/args", "a list")
    if "kwargs" in call:
        expect(call["kwargs"], dict, "/call/kwargs", "an object")
        for name, value in call["kwargs"].items():
            if isinstance(value, dict) and FILE_MARKER in value:
                marker = value[FILE_MARKER]
                if not (
                    set(value) == {FILE_MARKER}
                    and isinstance(marker, list)
                    and len(marker) == 3
                    and all(isinstance(v, str) for v in marker)
                ):
                    raise fail(
                        'a file is {"$file": [filename, text, content_type]}',
                        pointer.child("/call/kwargs", name),
                    )
    request, response = data["request"], data["response"]
    keys(request, "/request", REQUEST_KEYS, REQUEST_OPTIONAL)
    if "multipart" in request:
        expect(request["multipart"], list, "/request/multipart", "a list of parts")
        if request["json"] is not None:
            raise fail("a multipart request has no JSON body (json: null)", "/request/json")
        for index, part in enumerate(request["multipart"]):
            at = f"/request/multipart/{index}"
            keys(part, at, PART_KEYS, PART_OPTIONAL)
            for key, value in part.items():
                expect(value, str, pointer.child(at, key), "a string")
    if request["method"] not in _METHODS:
        raise fail(f"expected an HTTP method, found {request['method']!r:.40}", "/request/method")
    expect(request["path"], str, "/request/path", "a string")
    if not request["path"].startswith("/"):
        raise fail("the path must start with `/`", "/request/path")
    expect(request["query"], list, "/request/query", "a list of [name, value] pairs")
    for index, pair in enumerate(request["query"]):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        ):
            raise fail("expected a [name, value] pair of strings", f"/request/query/{index}")
    string_map(request["headers"], "/request/headers")
    keys(response, "/response", RESPONSE_KEYS)
    status = response["status"]
    expect(status, int, "/response/status", "an HTTP status code")
    if not 100 <= status <= 599:
        raise fail(f"expected an HTTP status code, found {status}", "/response/status")
    string_map(response["headers"], "/response/headers")
    expect(response["body"], str, "/response/body", "the body as a string")


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _depth(value: Any) -> int:
    """Nesting depth of plain data, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, level + 1) for child in children)
    return deepest


def _text_depth(text: str) -> int:
    """Bracket nesting of JSON text, without parsing it (deep JSON makes the parser recurse)."""
    deepest = level = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def load_recordings(root: Path | None = None, api: str | None = None) -> list[Recording]:
    """Every recording under tests/recordings (of one API if given), in a stable order. A bad
    file raises (so a test module that loads them fails to collect, loudly, naming it)."""
    base = recordings_dir(root)
    if api is None and not base.is_dir():
        raise SpecpressError("no recordings folder", file=base)
    apis = [api] if api else sorted(p.name for p in base.iterdir() if p.is_dir())
    found: list[Recording] = []
    for name in apis:
        folder = base / name
        for file in sorted(folder.rglob("*.json")):
            if len(file.relative_to(folder).parts) != 2:
                raise SpecpressError(
                    "recordings live at <api>/<operationId>/<case>.json", file=file
                )
            found.append(parse_recording(file, name, file.parent.name))
    return found


def scan_recording(recording: Recording, keys: tuple[str, ...] = ()) -> list[Leak]:
    """Credentials the secret scanner finds anywhere in a recording (see `secretscan`)."""
    data = {
        "note": recording.note,
        "call": recording.call,
        "request": recording.request,
        "response": recording.response,
    }
    return scan_data(data, keys=keys)


def refuse_leaks(file: Path | str, leaks: list[Leak], doing: str) -> None:
    """One error for a recording holding credentials (their kind and place, never the value)."""
    if leaks:
        more = f" (and {len(leaks) - 1} more finding(s))" if len(leaks) > 1 else ""
        raise SpecpressError(
            f"{doing}: it holds {leaks[0].kind}{more}; scrub it (see tests/recordings/README.md)",
            file=file,
            location=leaks[0].pointer,
        )
