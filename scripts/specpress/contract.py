"""Recordings as contracts: load them, validate them against a spec, mutate them, scan for secrets.

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
from specpress.load import escape_pointer_token, load_plain, resolve_pointer, split_pointer
from specpress.paths import api_names, repo_root, specs_dir

SCRUBBED = "<scrubbed>"
SECRET_HEADERS = frozenset({"authorization", "x-api-key", "proxy-authorization", "cookie"})
RECORDING_KEYS = frozenset({"note", "call", "request", "response"})

# What a leaked credential looks like: a TwelveLabs key, an `apikey <token>` header value, or any
# long opaque token standing where a secret header value would.
_SECRET_PATTERNS = (
    re.compile(r"\btlk_[A-Za-z0-9]{8,}"),
    re.compile(r"(?i)\bapikey\s+[A-Za-z0-9$._\-]{12,}"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._\-]{12,}"),
    re.compile(r"(?i)\"(authorization|x-api-key)\"\s*:\s*\"(?!<scrubbed>)[^\"]+\""),
)


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
    """Read one recording and check its shape, naming the file and key on any defect."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SpecpressError(f"unreadable recording: {exc}", file=file) from exc
    if not isinstance(data, dict) or set(data) != RECORDING_KEYS:
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise SpecpressError(
            f"a recording has exactly the keys {sorted(RECORDING_KEYS)}, found {keys}", file=file
        )
    for section, required in (
        ("request", ("method", "path", "query", "headers", "json")),
        ("response", ("status", "headers", "body")),
    ):
        missing = [k for k in required if k not in data[section]]
        if missing:
            raise SpecpressError(f"missing {missing}", file=file, location=f"/{section}")
    if not isinstance(data["call"].get("method"), str):
        raise SpecpressError("call.method must name the client method", file=file, location="/call")
    return Recording(
        file, api, operation, file.stem, str(data["note"]), data["call"], data["request"],
        data["response"],
    )  # fmt: skip


def load_recordings(root: Path | None = None, api: str | None = None) -> list[Recording]:
    """Every recording under tests/recordings (of one API if given), in a stable order."""
    base = recordings_dir(root)
    apis = [api] if api else sorted(p.name for p in base.iterdir() if p.is_dir())
    found: list[Recording] = []
    for name in apis:
        for file in sorted((base / name).glob("*/*.json")):
            found.append(parse_recording(file, name, file.parent.name))
    return found


def find_secrets(text: str) -> list[str]:
    """Substrings of `text` that look like credentials (used on every recording and log line)."""
    return [m.group(0) for pattern in _SECRET_PATTERNS for m in pattern.finditer(text)]


def scrub_headers(headers: dict[str, str]) -> dict[str, str]:
    """Header names lower-cased, secret values replaced, so a recording can never hold a key."""
    return {
        name.lower(): (SCRUBBED if name.lower() in SECRET_HEADERS else value)
        for name, value in sorted(headers.items())
    }


class SpecValidator:
    """Validates recorded responses against one OpenAPI document with openapi-core."""

    def __init__(self, spec: dict[str, Any], source: str = "<spec>") -> None:
        from openapi_core import OpenAPI  # heavy import: only when validating

        self.source = source
        self.spec = spec
        try:
            self._api = OpenAPI.from_dict(spec)
        except Exception as exc:  # openapi-core raises many unrelated types
            raise SpecpressError(f"not a valid OpenAPI document: {exc}", file=source) from exc
        servers = spec.get("servers") or [{"url": "http://localhost"}]
        parts = urlsplit(str(servers[0]["url"]))
        self.host_url = f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_file(cls, path: Path) -> SpecValidator:
        return cls(load_plain(path), str(path))

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
    rejected = 0
    total = 0
    for api in apis:
        validator = SpecValidator.from_file(_spec_for(api, args.spec))
        for recording in load_recordings(api=api):
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
