"""The generated client packages as the client suites see them: one ``ApiProfile`` per
``specs/<api>/sdk.yaml`` (its package, clients, auth, paths and recordings), and the replay of a
recording against a loopback server.

Suites parametrize over ``API_PROFILES`` instead of keeping a copy per API: what differs between
APIs (auth header, env names, page style, waiters, unions, examples) is read from sdk.yaml and
the bodies come from ``tests/recordings/<api>/``.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from specpress.config.model import MethodSpec, ResourceSpec, SdkConfig, WaiterSpec
from specpress.config.sdk import load_sdk_config
from specpress.contract import Recording, load_recordings
from specpress.openapi.load import read_plain
from support.mock_server import MockServer, Reply

__all__ = [
    "API_KEY",
    "API_PROFILES",
    "RECORDINGS",
    "ROOT",
    "ApiProfile",
    "Method",
    "body_of",
    "case_id",
    "invoke",
    "make_client",
    "profile_param",
    "run_call",
]

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = load_recordings(ROOT)
API_KEY = "contract-test-key-0123456789"


@dataclass(frozen=True)
class Method:
    """One sdk.yaml method: its resource and its dotted path from the client."""

    resource: ResourceSpec
    spec: MethodSpec

    @property
    def dotted(self) -> str:
        return ".".join((*self.resource.path, self.spec.name))

    def of(self, client: Any) -> Any:
        """The bound method on a client (sync or async)."""
        target = client
        for part in self.dotted.split("."):
            target = getattr(target, part)
        return target


@dataclass(frozen=True)
class ApiProfile:
    """One API of ``specs/``: its sdk.yaml, spec and recordings, and its installed package."""

    api: str
    config: SdkConfig

    @cached_property
    def spec(self) -> dict[str, Any]:
        data = read_plain(ROOT / "specs" / self.api / "openapi.yaml")
        assert isinstance(data, dict)
        return data

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.config.package.import_name)

    @property
    def models(self) -> ModuleType:
        return importlib.import_module(f"{self.config.package.import_name}.models")

    @property
    def base_path(self) -> str:
        """The path part of the spec's server URL (``/v1.3``), which recorded paths include."""
        return urlsplit(str(self.spec["servers"][0]["url"])).path.rstrip("/")

    def auth(self, key: str) -> tuple[str, str]:
        """(header, value) the client must send for ``key``."""
        c = self.config.client
        return c.auth_header.lower(), f"{c.auth_prefix} {key}" if c.auth_prefix else key

    def client(self, server: MockServer, *, use_async: bool = False, **options: Any) -> Any:
        """A client of this package against ``server`` (no retries unless asked)."""
        package = self.config.package
        cls = getattr(
            self.module, package.async_client_class if use_async else package.client_class
        )
        options = {"api_key": API_KEY, "max_retries": 0, **options}
        return cls(base_url=server.url + self.base_path, **options)

    # --- sdk.yaml -----------------------------------------------------------------------------

    @property
    def methods(self) -> list[Method]:
        return [Method(r, m) for r in self.config.resources for m in r.methods]

    def method(self, dotted: str) -> Method:
        return next(m for m in self.methods if m.dotted == dotted)

    @property
    def paginated(self) -> list[Method]:
        return [m for m in self.methods if m.spec.paginate is not None]

    @property
    def waiters(self) -> list[tuple[ResourceSpec, WaiterSpec]]:
        return [(r, r.waiter) for r in self.config.resources if r.waiter is not None]

    # --- recordings ---------------------------------------------------------------------------

    @property
    def recordings(self) -> list[Recording]:
        return [r for r in RECORDINGS if r.api == self.api]

    def recorded(self, method: Method, *, ok: bool = True) -> list[Recording]:
        """The recordings of a method (by default the 2xx ones with a JSON body)."""
        found = [r for r in self.recordings if r.call["method"] == method.dotted]
        if ok:
            found = [r for r in found if 200 <= r.status < 300 and r.body_text]
        return found


def _profiles() -> Iterator[ApiProfile]:
    for sdk in sorted((ROOT / "specs").glob("*/sdk.yaml")):
        yield ApiProfile(sdk.parent.name, load_sdk_config(sdk))


API_PROFILES = list(_profiles())


def profile_param(profile: ApiProfile, *values: Any, id: str = "") -> Any:
    """A ``pytest.param`` for ``profile`` (and more values), skipped when its package is not
    installed (the tests session installs every generated package)."""
    try:
        importlib.import_module(profile.config.package.import_name)
        marks: list[Any] = []
    except ImportError:
        marks = [pytest.mark.skip(reason=f"{profile.config.package.dist} is not installed")]
    label = profile.api + (f"/{id}" if id else "")
    return pytest.param(profile, *values, id=label, marks=marks)


# --- replaying one recording ----------------------------------------------------------------


def case_id(recording: Recording) -> str:
    return f"{recording.api}/{recording.operation}/{recording.case}"


def _profile(api: str) -> ApiProfile:
    return next(p for p in API_PROFILES if p.api == api)


def make_client(
    recording: Recording, server: MockServer, *, use_async: bool, strict: bool | None = False
) -> Any:
    return _profile(recording.api).client(
        server, use_async=use_async, strict_response_validation=strict
    )


def invoke(client: Any, recording: Recording) -> Any:
    target = client
    for part in recording.call["method"].split("."):
        target = getattr(target, part)
    return target(*recording.call.get("args", []), **recording.call_kwargs())


async def _invoke_async(client: Any, recording: Recording) -> Any:
    async with client:
        result = invoke(client, recording)
        return await result if inspect.isawaitable(result) else result


def run_call(
    recording: Recording,
    body_text: str | None = None,
    *,
    use_async: bool,
    strict: bool | None = False,
) -> Any:
    """Serve the recorded response (or another body) and call the client once.
    Returns (result or exception, the request the server saw)."""
    response = recording.response
    headers = {k: v for k, v in response["headers"].items() if k.lower() != "content-length"}
    text = recording.body_text if body_text is None else body_text
    with MockServer() as server:
        server.enqueue(
            recording.request["path"],
            Reply(status=response["status"], body=text.encode("utf-8"), headers=headers),
        )
        client = make_client(recording, server, use_async=use_async, strict=strict)
        outcome: Any
        try:
            if use_async:
                outcome = asyncio.run(_invoke_async(client, recording))
            else:
                with client:
                    outcome = invoke(client, recording)
        except Exception as exc:
            outcome = exc
        seen = server.requests_for(recording.request["path"])
    assert len(seen) == 1, f"expected one request, the server saw {len(seen)}"
    return outcome, seen[0]


def body_of(recording: Recording) -> Any:
    """A fresh copy of the recorded JSON body."""
    return json.loads(recording.body_text)
