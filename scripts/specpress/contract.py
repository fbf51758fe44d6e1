"""Recordings as contracts: load them (strictly), validate them against a spec, mutate them, and
scan them for secrets (with `secretscan`, the scanner `specpress record` uses).

A recording (`tests/recordings/<api>/<operation>/<case>.json`) is one real exchange: the request as
the client sent it and the response as the server answered. The same file drives three checks:
the response must validate against the patched spec (openapi-core), a loopback server replays it to
the generated clients (tests/), and mutated copies prove both checks can fail.
`specpress contract --spec FILE` re-validates every recording against another spec version: it tells
which recorded traffic that version would reject (used by `specpress vendor` and `release`).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from specpress.errors import SpecpressError
from specpress.load import (
    HTTP_METHODS,
    escape_pointer_token,
    load_plain,
    resolve_pointer,
    split_pointer,
)
from specpress.paths import api_names, repo_root, specs_dir
from specpress.sandbox import check_hermetic, refusal, sandbox_for, schema_path
from specpress.secretscan import SCRUBBED as SCRUBBED
from specpress.secretscan import SECRET_HEADERS as SECRET_HEADERS
from specpress.secretscan import Leak, scan_data
from specpress.secretscan import find_secrets as find_secrets
from specpress.secretscan import scrub_headers as scrub_headers

RECORDING_KEYS = frozenset({"note", "call", "request", "response"})
REQUEST_KEYS = ("method", "path", "query", "headers", "json")
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
    data = load_plain(file)  # JSON: UTF-8, syntax, duplicate keys, nesting, all located
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
            expect(item, str, f"{at}/{escape_pointer_token(name)}", "a string")

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
    request, response = data["request"], data["response"]
    keys(request, "/request", REQUEST_KEYS)
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


class SpecValidator:
    """Validates recorded responses against one OpenAPI document with openapi-core."""

    def __init__(
        self, spec: dict[str, Any], source: str = "<spec>", *, path: Path | None = None
    ) -> None:
        """`path`: the file `spec` was read from; its relative `$ref`s may then name the files
        vendored beside it. References never leave the sandbox (see `specpress.sandbox`)."""
        from openapi_core import Config, OpenAPI  # heavy import: only when validating

        from specpress.lint import spec_validator_class

        self.source = source
        self.spec = spec
        sandbox = sandbox_for(path)
        check_hermetic(spec, path or source, sandbox)
        checker = spec_validator_class(spec, sandbox)
        if checker is None:
            raise SpecpressError("not an OpenAPI document: unknown `openapi` version", file=source)
        try:
            # openapi-core's own spec check resolves with jsonschema-path's default (fetching)
            # handlers whatever class it is given: validate here, offline, and turn it off
            checker(spec, base_uri=path.resolve().as_uri() if path else "").validate()
            config = Config(spec_validator_cls=None)
            self._api = OpenAPI(schema_path(spec, path, sandbox), config=config)
        except Exception as exc:  # openapi-core raises many unrelated types
            refused = refusal(exc)
            message = refused.message if refused is not None else _first_line(str(exc))
            raise SpecpressError(f"not a valid OpenAPI document: {message}", file=source) from None
        self.host_url = _host_url(spec)

    @classmethod
    def from_file(cls, path: Path) -> SpecValidator:
        return cls(load_plain(path), str(path), path=path)

    def errors(self, recording: Recording) -> list[str]:
        """Why the spec rejects this response (empty when it is accepted)."""
        from openapi_core.testing import MockRequest, MockResponse

        args: dict[str, Any] = {}
        for key, value in recording.query_pairs():
            args.setdefault(key, []).append(value)
        request = MockRequest(
            self.host_url,
            str(recording.request["method"]).lower(),
            str(recording.request["path"]),
            args={k: v if len(v) > 1 else v[0] for k, v in args.items()},
        )
        headers = {k.lower(): v for k, v in recording.response["headers"].items()}
        response = MockResponse(
            recording.body_text.encode("utf-8"),
            status_code=recording.status,
            content_type=headers.get("content-type", "application/json"),
        )
        try:
            self._api.validate_response(request, response)
        except Exception as exc:
            return [_describe_validation_error(exc)]
        return []


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _host_url(spec: dict[str, Any]) -> str:
    """scheme://host of the first server (openapi-core matches request URLs against it)."""
    servers = spec.get("servers")
    first = servers[0] if isinstance(servers, list) and servers else None
    url = first.get("url") if isinstance(first, dict) else None
    parts = urlsplit(str(url or "http://localhost"))
    return f"{parts.scheme or 'http'}://{parts.netloc or 'localhost'}"


def _describe_validation_error(exc: BaseException) -> str:
    """openapi-core nests the useful part (schema errors with paths) inside its exceptions."""
    parts = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__
    while cause is not None:
        inner = getattr(cause, "schema_errors", None)
        if inner:
            for error in inner:
                where = "/".join(str(p) for p in getattr(error, "absolute_path", []))
                parts.append(f"at /{where}: {getattr(error, 'message', error)}")
        else:
            parts.append(str(cause))
        cause = cause.__cause__
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# Mutants: schema-aware changes of a recorded 2xx body that the checks must notice.

MUTATION_KINDS = (
    "required-removed",
    "enum-unknown",
    "wrong-type",
    "null-not-nullable",
    "extra-field",
)
SPEC_MUST_REJECT = frozenset(MUTATION_KINDS[:4])


@dataclass(frozen=True)
class Mutant:
    kind: str
    pointer: str  # JSON Pointer into the response body
    body: Any
    detail: str = ""


@dataclass
class _Site:
    pointer: str
    schema: dict[str, Any]
    parent_required: list[str] = field(default_factory=list)


class SchemaWalker:
    """Pairs each value of a JSON body with the schema governing it ($ref, allOf, anyOf/oneOf)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: Any) -> dict[str, Any]:
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema:
            ref = str(schema["$ref"])
            if ref in seen:
                break
            seen.add(ref)
            schema = resolve_pointer(self.spec, ref.removeprefix("#"))
        return schema if isinstance(schema, dict) else {}

    def merged(self, schema: Any, value: Any) -> dict[str, Any]:
        """A flat view of the schema for this value: allOf merged, the matching branch picked."""
        schema = self.resolve(schema)
        out: dict[str, Any] = {
            k: v for k, v in schema.items() if k not in ("allOf", "anyOf", "oneOf")
        }
        props: dict[str, Any] = dict(out.get("properties", {}))
        required: list[str] = list(out.get("required", []))
        for part in schema.get("allOf", []):
            sub = self.merged(part, value)
            props.update(sub.get("properties", {}))
            required += [r for r in sub.get("required", []) if r not in required]
            for key in ("type", "enum", "pattern", "maximum", "minimum"):
                if key in sub and key not in out:
                    out[key] = sub[key]
        branches = schema.get("anyOf", []) or schema.get("oneOf", [])
        if branches:
            branch = self._matching_branch(branches, value)
            if branch is not None:
                sub = self.merged(branch, value)
                props.update(sub.get("properties", {}))
                required += [r for r in sub.get("required", []) if r not in required]
                for key, val in sub.items():
                    if key not in ("properties", "required"):
                        out.setdefault(key, val)
            out["x-nullable"] = any(self.resolve(b).get("type") == "null" for b in branches)
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        return out

    def _matching_branch(self, branches: list[Any], value: Any) -> Any:
        import jsonschema

        for branch in branches:
            resolved = self.resolve(branch)
            if resolved.get("type") == "null":
                continue
            try:
                jsonschema.validate(value, {**_inline_refs(self, resolved, 0)})
            except Exception:  # not valid here, or a branch jsonschema cannot read: not the match
                continue
            return branch
        return None

    def sites(self, schema: Any, value: Any, pointer: str = "") -> Iterator[_Site]:
        flat = self.merged(schema, value)
        yield _Site(pointer, flat)
        if isinstance(value, dict):
            for key, sub in flat.get("properties", {}).items():
                if key in value:
                    yield from self.sites(sub, value[key], f"{pointer}/{escape_pointer_token(key)}")
        elif isinstance(value, list) and "items" in flat:
            for index, item in enumerate(value[:2]):
                yield from self.sites(flat["items"], item, f"{pointer}/{index}")


def _inline_refs(walker: SchemaWalker, schema: Any, depth: int) -> Any:
    if depth > 12:
        return {}
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline_refs(walker, walker.resolve(schema), depth + 1)
        return {k: _inline_refs(walker, v, depth + 1) for k, v in schema.items() if k != "example"}
    if isinstance(schema, list):
        return [_inline_refs(walker, v, depth + 1) for v in schema]
    return schema


def _set(body: Any, pointer: str, value: Any, *, delete: bool = False) -> Any:
    out = copy.deepcopy(body)
    parent, token = pointer.rsplit("/", 1)
    target = resolve_pointer(out, parent)
    last: Any = int(token) if isinstance(target, list) else split_pointer("/" + token)[0]
    if delete:
        del target[last]
    else:
        target[last] = value
    return out


_WRONG_VALUE = {
    "string": 12345,
    "integer": "not-a-number",
    "number": "not-a-number",
    "boolean": "not-a-boolean",  # pydantic (lax) reads "yes" as True
    "array": {"not": "a list"},
    "object": ["not", "an", "object"],
}


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return [str(t) for t in declared]
    return [str(declared)] if declared else []


def mutants(spec: dict[str, Any], response_schema: Any, body: Any) -> list[Mutant]:
    """At most one mutant per kind, each at the first site of the body where that kind applies."""
    walker = SchemaWalker(spec)
    chosen: dict[str, Mutant] = {}
    for site in walker.sites(response_schema, body):
        value = resolve_pointer(body, site.pointer)
        schema = site.schema
        types = _types(schema)
        if "required-removed" not in chosen and isinstance(value, dict):
            for name in schema.get("required", []):
                if name in value:
                    pointer = f"{site.pointer}/{escape_pointer_token(name)}"
                    chosen["required-removed"] = Mutant(
                        "required-removed", pointer, _set(body, pointer, None, delete=True), name
                    )
                    break
        if "enum-unknown" not in chosen and "enum" in schema and isinstance(value, str):
            chosen["enum-unknown"] = Mutant(
                "enum-unknown", site.pointer, _set(body, site.pointer, "SOMETHING_NEW"), value
            )
        if site.pointer and value is not None and "wrong-type" not in chosen:
            kind = next((t for t in types if t in _WRONG_VALUE), None)
            if kind in ("string", "integer", "number", "boolean"):
                chosen["wrong-type"] = Mutant(
                    "wrong-type", site.pointer, _set(body, site.pointer, _WRONG_VALUE[kind]), kind
                )
        nullable = "null" in types or bool(schema.get("x-nullable")) or schema.get("nullable")
        if (
            site.pointer
            and "null-not-nullable" not in chosen
            and value is not None
            and types
            and not nullable
            and not isinstance(value, dict | list)
        ):
            chosen["null-not-nullable"] = Mutant(
                "null-not-nullable", site.pointer, _set(body, site.pointer, None), ",".join(types)
            )
        if "extra-field" not in chosen and isinstance(value, dict) and schema.get("properties"):
            pointer = f"{site.pointer}/x_specpress_extra"
            chosen["extra-field"] = Mutant(
                "extra-field", pointer, _set(body, pointer, {"kept": True}), "x_specpress_extra"
            )
    return [chosen[k] for k in MUTATION_KINDS if k in chosen]


def response_schema(spec: dict[str, Any], recording: Recording) -> Any:
    """The JSON schema the spec declares for this recording's operation and status."""
    method = str(recording.request["method"]).lower()
    for template, item in spec.get("paths", {}).items():
        if method in item and _path_matches(
            _server_prefix(spec) + template, recording.request["path"]
        ):
            responses = item[method].get("responses", {})
            answer = responses.get(str(recording.status)) or responses.get("default") or {}
            media = answer.get("content", {}).get("application/json", {})
            return media.get("schema", {})
    raise SpecpressError(
        f"no operation {method.upper()} {recording.request['path']} in the spec",
        file=recording.file,
    )


def _server_prefix(spec: dict[str, Any]) -> str:
    servers = spec.get("servers") or [{"url": ""}]
    return urlsplit(str(servers[0]["url"])).path.rstrip("/")


def _path_matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, str(path)) is not None


# ---------------------------------------------------------------------------------------------
# CLI


def _spec_for(api: str, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    return specs_dir() / api / "openapi.yaml"


def run_contract(args: argparse.Namespace) -> int:
    apis = [args.api] if args.api else api_names()
    if args.spec and not args.api:
        owners = [a for a in apis if (specs_dir() / a) in Path(args.spec).resolve().parents]
        if len(owners) != 1:
            raise SpecpressError("with --spec outside specs/<api>/, name the API with --api")
        apis = owners
    # every file is read and scanned before anything is validated: a malformed recording or one
    # holding a credential is one error line (exit 2), whatever the spec says about the others
    loaded = {api: load_recordings(api=api) for api in apis}
    for recording in (r for recordings in loaded.values() for r in recordings):
        refuse_leaks(recording.file, scan_recording(recording), "refusing this recording")
    rejected = 0
    total = 0
    for api in apis:
        validator = SpecValidator.from_file(_spec_for(api, args.spec))
        for recording in loaded[api]:
            total += 1
            errors = validator.errors(recording)
            name = f"{api}/{recording.operation}/{recording.case}"
            if errors:
                rejected += 1
                print(f"REJECTED {name}: {errors[0]}")
            elif args.verbose:
                print(f"ok       {name}")
    print(f"{total - rejected} of {total} recordings accepted, {rejected} rejected")
    return 1 if rejected else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "contract", help="validate every recording against a spec (default: the patched one)"
    )
    parser.add_argument("--spec", help="an OpenAPI file to validate against (another version)")
    parser.add_argument("--api", help="only this API's recordings")
    parser.add_argument("-v", "--verbose", action="store_true", help="list accepted ones too")
    parser.set_defaults(func=run_contract)
