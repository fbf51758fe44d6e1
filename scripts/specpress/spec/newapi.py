"""`specpress vendor <new-api> FILE`: a new API folder, ready for its first build.

Creates `specs/<api>/` with everything the build and the generator need, nothing hand-written:

- `upstream/<FILE name>`: the document verbatim (with a provenance header comment only where
  that keeps it the same document; else the provenance is in the lock entry);
- `upstream.lock`: its sha256, version and mode (`roundtrip` or `normalized`, see
  `specpress.spec.upstream`);
- `lint-expected.yaml`: the document's findings, the vendor's defects as they are today;
- `patches.yaml`: no groups yet;
- `sdk.yaml`: a starter of four settings (package names from `info.title`), unless the folder
  already holds one, which is kept. Everything else is derived from the document.

The folder is assembled in the git-ignored staging area under `specs/` and moved into place in
one rename, so an interrupted or failed run leaves no half-written API behind.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpress.config.package import package_info
from specpress.config.sdk import SDK_NAME
from specpress.errors import SpecpressError
from specpress.fsutil import replace_dir_atomic, staging_dir
from specpress.openapi.emit import scalar
from specpress.openapi.refs import LOCK_NAME
from specpress.paths import api_names, specs_dir
from specpress.spec import stamp
from specpress.spec.lint.check import lint_document
from specpress.spec.lint.findings import Finding, render_expected
from specpress.spec.upstream import ADDING, Vendored, prepare_vendored

API_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
#: Words of a title that name no API (`Gcore OpenAPI - Streaming API` -> gcore-streaming).
GENERIC_WORDS = frozenset({"api", "apis", "openapi", "rest", "specification", "spec", "the", "v1"})
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+")

Log = Callable[[str], None]


@dataclass(frozen=True)
class NewApi:
    api: str
    folder: Path
    stored: str
    version: str
    mode: str
    findings: list[Finding]
    wrote_sdk: bool


def _check_name(root: Path, api: str) -> Path:
    if not API_NAME.match(api):
        raise SpecpressError(
            f"API name {api!r}: use lowercase letters, digits, '-' and '_' (it becomes the "
            "folder specs/<api>/), e.g. `specpress vendor my-api FILE`"
        )
    folder = specs_dir(root) / api
    if folder.is_dir():
        extra = sorted(p.name for p in folder.iterdir() if p.name != SDK_NAME)
        if extra:
            raise SpecpressError(
                f"specs/{api}/ exists but is no vendored API (no upstream/; holds {extra}): "
                "move those files away, or choose another name",
                file=folder,
            )
    elif folder.exists():
        raise SpecpressError("exists and is not a folder", file=folder)
    return folder


def package_names(title: Any, api: str, taken: set[str]) -> tuple[str, str, str]:
    """(dist, import name, client class) from the API title; the API name when the title
    names nothing (or its dist is taken by another API)."""
    words = [w for w in _WORD.findall(str(title or "")) if w.lower() not in GENERIC_WORDS]
    if not words or words[0][0].isdigit():
        words = [w for w in re.split(r"[-_]+", api) if w]
    dist = "-".join(w.lower() for w in words)
    if dist in taken:
        words = [w for w in re.split(r"[-_]+", api) if w]
        dist = "-".join(w.lower() for w in words)
    client = "".join(w[0].upper() + w[1:] for w in words)
    if client[:1].isdigit():
        client = "Api" + client
    return dist, dist.replace("-", "_"), client


def starter_sdk(dist: str, import_name: str, client: str, title: Any) -> str:
    """The starter sdk.yaml: package names only; the rest is derived from the document."""
    return (
        f"# Generation settings of the {dist} package ({_comment(title)}), written by\n"
        "# `specpress vendor`. Everything else (resources, methods, pagination, auth, base URL)\n"
        "# is derived from the document; README 'Adding a vendor API' lists what can be set.\n"
        "package:\n"
        f"  dist: {scalar(dist)}\n"
        f"  import_name: {scalar(import_name)}\n"
        f"  client_class: {scalar(client)}\n"
    )


def _comment(value: Any) -> str:
    return " ".join(str(value or "untitled").split())[:60]


def _lock_text(vendored: Vendored) -> str:
    lines = [
        "# sha256 of each vendored upstream document; `current` is the one openapi.yaml is built "
        "from;",
        "# `mode`: roundtrip (patched in the document's own YAML style) or normalized (normalized "
        "YAML).",
        f"current: {scalar(vendored.name)}",
        "files:",
        f"  {scalar(vendored.name)}:",
    ]
    lines += [f"    {key}: {scalar(value)}" for key, value in vendored.entry.items()]
    return "\n".join(lines) + "\n"


PATCHES_TEXT = """\
# Guarded patches for upstream/{name}, applied in order by `specpress build` (none yet).
# Each group: `id`, `reason`, `upstream` (the vendor's defect) and `ops`, every mutation
# preceded by a `test` of the exact upstream value (README 'Patches and lint').
groups: []
"""

EXPECTED_HEADER = """\
# Expected lint findings of upstream/{name} (the vendor's defects as vendored), written by
# `specpress vendor`. A new finding fails the build as 'unlisted finding', a vanished one as
# 'listed finding gone'. Mechanical ones are normalized by the build; others need a patch group.
"""


def vendor_new(root: Path, api: str, new_file: Path, *, log: Log = print) -> NewApi:
    """Create `specs/<api>/` for a document (see the module docstring); nothing is left behind
    on failure."""
    folder = _check_name(root, api)
    vendored = prepare_vendored(new_file)
    existing_sdk = folder / SDK_NAME
    taken = {
        info.dist
        for other in api_names(root)
        if (specs_dir(root) / other / SDK_NAME).is_file()
        and (info := package_info(specs_dir(root) / other / SDK_NAME)).dist
    }
    with staging_dir(specs_dir(root)) as staging:
        staged = staging / api
        (staged / "upstream").mkdir(parents=True)
        stored = staged / "upstream" / vendored.name
        stored.write_bytes(vendored.payload)
        (staged / LOCK_NAME).write_text(_lock_text(vendored), encoding="utf-8")
        findings = _findings(stored, api)
        expected = EXPECTED_HEADER.format(name=vendored.name) + render_expected(findings)
        (staged / "lint-expected.yaml").write_text(expected, encoding="utf-8")
        (staged / "patches.yaml").write_text(
            PATCHES_TEXT.format(name=vendored.name), encoding="utf-8"
        )
        wrote_sdk = not existing_sdk.is_file()
        if wrote_sdk:
            title = vendored.data["info"].get("title")
            names = package_names(title, api, taken)
            (staged / SDK_NAME).write_text(starter_sdk(*names, title), encoding="utf-8")
        else:
            shutil.copy2(existing_sdk, staged / SDK_NAME)
        if folder.is_dir():
            replace_dir_atomic(staged, folder)
        else:
            os.rename(staged, folder)
    # the first build would lint the same upstream document again: hand it these findings
    stamp.store_findings(root, api, stamp.upstream_digest(folder), findings)
    sdk_note = "sdk.yaml (starter)" if wrote_sdk else "kept the existing sdk.yaml"
    log(
        f"{api}: wrote specs/{api}/: upstream/{vendored.name} ({vendored.mode} mode), {LOCK_NAME}, "
        f"lint-expected.yaml ({len(findings)} finding(s)), patches.yaml, {sdk_note}"
    )
    return NewApi(api, folder, vendored.name, vendored.version, vendored.mode, findings, wrote_sdk)


def _findings(stored: Path, api: str) -> list[Finding]:
    """The stored document's findings; a reference to another file is refused with the way on
    (a new API is vendored from one self-contained document)."""
    from specpress.openapi.load import read_plain

    try:
        return lint_document(read_plain(stored), source=stored)
    except SpecpressError as exc:
        shown = f"specs/{api}/upstream/{stored.name}"
        raise SpecpressError(
            f"{exc.message}; vendor a self-contained (bundled) document, or add the other "
            f"files under specs/{api}/upstream/ with their lock entries ({ADDING})",
            file=shown,
            location=exc.location,
        ) from None


__all__ = ["NewApi", "package_names", "starter_sdk", "vendor_new"]
