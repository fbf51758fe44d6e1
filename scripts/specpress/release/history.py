"""`specs/<api>/releases.yaml`: what each release was made from (newest first).

A release records the upstream document and its `info.version`, the sha256 of the patched spec
and the generator's fingerprint: the next release diffs against that spec and compares that
fingerprint, so it knows what changed since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.fsutil import write_text_atomic
from specpress.openapi import pointer
from specpress.openapi.document import OpenAPIDocument
from specpress.openapi.load import read_plain
from specpress.paths import specs_dir
from specpress.release.dist import (
    dist_name,
    package_dir,
    package_fingerprint,
    read_project,
    sha256_file,
)
from specpress.semver import parse_version

RELEASES_NAME = "releases.yaml"


@dataclass
class Release:
    version: str
    upstream: str
    upstream_version: str
    spec_sha256: str
    fingerprint: str

    def to_yaml(self) -> str:
        return "".join(
            f"  {'- ' if i == 0 else '  '}{key}: {json.dumps(value)}\n"
            for i, (key, value) in enumerate(
                (
                    ("version", self.version),
                    ("upstream", self.upstream),
                    ("upstream_version", self.upstream_version),
                    ("spec_sha256", self.spec_sha256),
                    ("fingerprint", self.fingerprint),
                )
            )
        )


@dataclass
class ReleaseHistory:
    package: str
    releases: list[Release] = field(default_factory=list)

    @property
    def last(self) -> Release | None:
        return self.releases[0] if self.releases else None

    def render(self, api: str) -> str:
        head = (
            f"# Release history of specs/{api}, newest first. Written by `specpress release`;\n"
            "# the fingerprint is the generator's template/toolchain fingerprint.\n"
            f"package: {json.dumps(self.package)}\n"
            "releases:\n"
        )
        return head + "".join(r.to_yaml() for r in self.releases)


def releases_path(root: Path, api: str) -> Path:
    return specs_dir(root) / api / RELEASES_NAME


def load_history(root: Path, api: str) -> ReleaseHistory | None:
    path = releases_path(root, api)
    if not path.is_file():
        return None
    data = read_plain(path)
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        raise SpecpressError("expected `package:` and a `releases:` list", file=path)
    out = ReleaseHistory(str(data.get("package", "")))
    for i, item in enumerate(data["releases"]):
        try:
            out.releases.append(
                Release(
                    str(item["version"]),
                    str(item["upstream"]),
                    str(item["upstream_version"]),
                    str(item["spec_sha256"]),
                    str(item["fingerprint"]),
                )
            )
            parse_version(out.releases[-1].version)
        except (KeyError, TypeError) as exc:
            raise SpecpressError(
                f"release entry lacks {exc}", file=path, location=pointer.join("releases", i)
            ) from None
    return out


def current_state(root: Path, api: str, version: str) -> Release:
    """What a release made now would record."""
    from specpress.spec.build import verify_lock

    spec = specs_dir(root) / api / "openapi.yaml"
    if not spec.is_file():
        raise SpecpressError("no patched spec; run `specpress build` first", file=spec)
    upstream = verify_lock(root, api)
    return Release(
        version=version,
        upstream=upstream.name,
        upstream_version=OpenAPIDocument.read(upstream).info_version,
        spec_sha256=sha256_file(spec),
        fingerprint=package_fingerprint(root, api),
    )


def init_history(root: Path, api: str) -> Path:
    """Record the current state as the first release (the package's current version)."""
    path = releases_path(root, api)
    if path.exists():
        raise SpecpressError("release history exists already", file=path)
    pkg = package_dir(root, api)
    version = str(read_project(pkg)["version"])
    history = ReleaseHistory(dist_name(root, api), [current_state(root, api, version)])
    write_text_atomic(path, history.render(api))
    return path


@dataclass
class Plan:
    api: str
    dist: str
    last: Release | None
    current_version: str
    wire_bump: str
    python_bump: str
    toolchain_bump: str
    bump: str
    version: str
    notes: list[str]
    changes: list[Any]  # specpress.diff.Change
    state: Release

    def summary(self) -> str:
        last = self.last.version if self.last else "none"
        return (
            f"{self.dist}: {last} -> {self.version} (wire: {self.wire_bump}, python: "
            f"{self.python_bump}, templates/toolchain: {self.toolchain_bump})"
        )
