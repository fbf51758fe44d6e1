"""Recordings against a spec: openapi-core validates each recorded response, offline.

`validate_recordings` (`specpress contract`, and the gates of `specpress vendor` and
`release`) re-validates every recording against the patched spec or another version of it: it
tells which recorded traffic that version would reject. `response_schema` finds the schema the
spec declares for a recording (the mutants start from it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from specpress.contract.recordings import Recording, load_recordings, refuse_leaks, scan_recording
from specpress.errors import SpecpressError
from specpress.openapi.document import OpenAPIDocument
from specpress.openapi.load import read_plain
from specpress.openapi.refs import (
    check_hermetic,
    refusal,
    sandbox_for,
    schema_path,
    spec_validator_class,
)
from specpress.paths import api_names, specs_dir


class SpecValidator:
    """Validates recorded responses against one OpenAPI document with openapi-core."""

    def __init__(
        self, spec: dict[str, Any], source: str = "<spec>", *, path: Path | None = None
    ) -> None:
        """`path`: the file `spec` was read from; its relative `$ref`s may then name the files
        vendored beside it. References never leave the sandbox (see `specpress.openapi.refs`)."""
        from openapi_core import Config, OpenAPI  # heavy import: only when validating

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
        return cls(read_plain(path), str(path), path=path)

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


def response_schema(spec: dict[str, Any], recording: Recording) -> Any:
    """The JSON schema the spec declares for this recording's operation and status."""
    method = str(recording.request["method"]).lower()
    prefix = _server_prefix(spec)
    for operation in OpenAPIDocument(spec).operations():
        if operation.method == method and _path_matches(
            prefix + operation.path, recording.request["path"]
        ):
            responses = operation.node.get("responses", {})
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


def _patched_spec(root: Path, api: str) -> Path:
    return specs_dir(root) / api / "openapi.yaml"


@dataclass(frozen=True)
class Verdict:
    """One recording checked against a spec: `errors` is empty when the spec accepts it."""

    api: str
    recording: Recording
    errors: list[str]

    @property
    def name(self) -> str:
        return f"{self.api}/{self.recording.operation}/{self.recording.case}"


def validate_recordings(
    root: Path, api: str | None = None, spec: str | Path | None = None
) -> list[Verdict]:
    """Every recording (of `api`, or of every API) against its patched spec or `spec`.

    Every file is read and scanned before anything is validated: a malformed recording or one
    holding a credential is one error, whatever the spec says about the others."""
    apis = [api] if api else api_names(root)
    if spec and not api:
        owners = [a for a in apis if (specs_dir(root) / a) in Path(spec).resolve().parents]
        if len(owners) != 1:
            raise SpecpressError("with --spec outside specs/<api>/, name the API with --api")
        apis = owners
    loaded = {name: load_recordings(root, api=name) for name in apis}
    for recording in (r for recordings in loaded.values() for r in recordings):
        refuse_leaks(recording.file, scan_recording(recording), "refusing this recording")
    verdicts = []
    for name in apis:
        validator = SpecValidator.from_file(Path(spec) if spec else _patched_spec(root, name))
        verdicts += [Verdict(name, r, validator.errors(r)) for r in loaded[name]]
    return verdicts
