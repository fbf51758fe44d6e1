"""`specpress record`: call the API through the generated client and save the exchange as a case.

The client gets an httpx transport that keeps a copy of every request and response it carries;
secret headers are scrubbed, then the whole exchange goes through the secret scanner the tests
and `specpress contract` run (`secretscan`), with the API key the call used: if the server echoed
the key (in a body, a header, a URL, escaped or encoded) or anything else that looks like a
credential, nothing is written and the error says what and where, never the value.
`--base-url` points the call anywhere (the tests use a loopback server); without it the client's
own default (the vendor's API) is used.
"""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

from specpress.config.sdk import SDK_NAME, load_sdk_config
from specpress.contract.recordings import recordings_dir, refuse_leaks
from specpress.contract.secretscan import (
    SECRET_HEADERS,
    scan_data,
    scan_text,
    scrub_headers,
    secret_header_value,
)
from specpress.errors import SpecpressError
from specpress.fsutil import write_text_atomic
from specpress.paths import display, repo_root, specs_dir

KEPT_REQUEST_HEADERS = frozenset({"accept", "content-type", "authorization", "x-api-key"})
DROPPED_RESPONSE_HEADERS = frozenset(
    {
        "date",
        "content-length",
        "connection",
        "keep-alive",
        "set-cookie",
        "server",
        "transfer-encoding",
    }
)


@dataclass
class RecordingTransport(httpx.BaseTransport):
    """Delegates to a real transport and keeps every (request, response) pair it carried."""

    inner: httpx.BaseTransport = field(default_factory=httpx.HTTPTransport)
    exchanges: list[tuple[httpx.Request, httpx.Response]] = field(default_factory=list)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response

    def close(self) -> None:
        self.inner.close()


@dataclass(frozen=True)
class ClientTarget:
    import_name: str
    client_class: str
    method: str  # dotted path from the client, e.g. "streaming.ai_tasks.list"
    auth_header: str = "authorization"
    env_api_key: str = ""


def client_target(api: str, operation: str) -> ClientTarget:
    """Which generated client method calls `operation`, from specs/<api>/sdk.yaml."""
    sdk_path = specs_dir() / api / SDK_NAME
    if not sdk_path.is_file():
        raise SpecpressError(f"unknown API {api!r} (no sdk.yaml)", file=sdk_path)
    config = load_sdk_config(sdk_path)
    for resource in config.resources:
        for method in resource.methods:
            if method.operation == operation:
                dotted = ".".join((*resource.path, method.name))
                return ClientTarget(
                    config.package.import_name,
                    config.package.client_class,
                    dotted,
                    config.client.auth_header.lower(),
                    config.client.env_api_key,
                )
    known = ", ".join(sorted(config.operations()))
    raise SpecpressError(
        f"no client method calls operation {operation!r}; known: {known}",
        file=sdk_path,
        location="/resources",
    )


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """`k=v` pairs: JSON values when they parse as JSON, else strings; repeated keys make lists."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise SpecpressError(f"--param expects k=v, got {pair!r}")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        if key in params:
            previous = params[key]
            params[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            params[key] = value
    return params


def exchange_to_recording(
    request: httpx.Request,
    response: httpx.Response,
    call: dict[str, Any],
    note: str,
    auth_header: str = "authorization",
) -> dict[str, Any]:
    """The documented recording format, secret headers scrubbed."""
    kept = KEPT_REQUEST_HEADERS | {auth_header}
    headers = {k.lower(): v for k, v in request.headers.items() if k.lower() in kept}
    content = request.content
    return {
        "note": note,
        "call": call,
        "request": {
            "method": request.method,
            "path": request.url.path,
            "query": [
                list(kv) for kv in parse_qsl(request.url.query.decode(), keep_blank_values=True)
            ],
            "headers": scrub_headers(headers, extra=(auth_header,)),
            "json": json.loads(content) if content else None,
        },
        "response": {
            "status": response.status_code,
            "headers": {
                k.lower(): v
                for k, v in sorted(response.headers.items())
                if k.lower() not in DROPPED_RESPONSE_HEADERS
            },
            "body": response.text,
        },
    }


def record(
    api: str,
    operation: str,
    params: dict[str, Any],
    case: str,
    *,
    base_url: str | None = None,
    note: str = "",
    force: bool = False,
) -> Path:
    target = client_target(api, operation)
    destination = recordings_dir(repo_root()) / api / operation / f"{case}.json"
    if destination.exists() and not force:
        raise SpecpressError("case exists; choose another --case or pass --force", file=destination)
    try:
        module = importlib.import_module(target.import_name)
    except ImportError as exc:
        raise SpecpressError(
            f"the generated package {target.import_name!r} is not installed "
            "(nox -s record installs it)"
        ) from exc
    transport = RecordingTransport()
    http_client = httpx.Client(transport=transport)
    options: dict[str, Any] = {"http_client": http_client, "max_retries": 0}
    if base_url:
        options["base_url"] = base_url
    client = getattr(module, target.client_class)(**options)
    method: Any = client
    for part in target.method.split("."):
        method = getattr(method, part)
    error: Exception | None = None
    try:
        method(**params)
    except Exception as exc:  # a documented error response is worth recording too
        error = exc
    finally:
        http_client.close()
    keys = _keys_used(target, transport.exchanges)
    if not transport.exchanges:
        detail = str(error) if error is not None and not scan_text(str(error), keys=keys) else ""
        raise SpecpressError(f"the call sent no request: {type(error).__name__} {detail}".strip())
    request, response = transport.exchanges[0]
    call = {"method": target.method, "args": [], "kwargs": params}
    note = note or f"recorded {operation} ({case})"
    data = exchange_to_recording(request, response, call, note, target.auth_header)
    refuse_leaks(
        display(destination), scan_data(data, keys=keys), "refusing to write this recording"
    )
    write_text_atomic(destination, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return destination


def _keys_used(
    target: ClientTarget, exchanges: list[tuple[httpx.Request, httpx.Response]]
) -> tuple[str, ...]:
    """The credentials the call carried: the API key from the environment and every secret
    header value the client sent (without its `APIKey `/`Bearer ` scheme)."""
    keys = {os.environ.get(target.env_api_key, "")} if target.env_api_key else set()
    for request, _ in exchanges:
        for name, value in request.headers.items():
            if name.lower() in SECRET_HEADERS | {target.auth_header}:
                keys |= {value, secret_header_value(value)}
    return tuple(sorted(k.strip() for k in keys if k.strip()))
