"""The vendored upstream document of an API: its lock, its sha256, and how it is edited.

Two modes, recorded per file in `upstream.lock` (`mode:`) by `specpress vendor`:

- `roundtrip`: ruamel.yaml reads the file into a tree that writes back byte for byte, so the
  patched `openapi.yaml` differs from the upstream text only where a patch or a normalization
  rule changed something (the reviewable diff the shipped APIs have);
- `normalized`: the round-trip writer cannot reproduce the file (JSON, multi-line flow
  mappings, folded quoted scalars, ...). The file is still vendored verbatim; patches apply to
  its parsed data and `openapi.yaml` is normalized YAML (`specpress.openapi.emit`).

A lock entry without `mode:` is detected at build time: a cheap scan for what the writer cannot
reproduce, then a full load-and-dump comparison. `vendor` records the answer so builds do not
pay for the comparison again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.openapi import pointer
from specpress.openapi.load import RoundTripDocument, read_plain, read_roundtrip, read_text
from specpress.openapi.refs import LOCK_NAME, Lock, read_lock, require_inside
from specpress.paths import api_names, specs_dir

MODES = ("roundtrip", "normalized")
ADDING = "see README 'Adding a vendor API'"
UPDATING = "see README 'Updating an upstream spec'"


@dataclass
class Upstream:
    """The current upstream document, loaded for its mode."""

    path: Path
    mode: str
    reason: str  # why this mode, for the build output
    data: Any  # a round-trip tree (roundtrip) or plain data (normalized)
    document: RoundTripDocument | None  # the round-trip document (roundtrip mode only)

    def describe(self) -> str:
        return f"upstream/{self.path.name}: {self.mode} mode ({self.reason})"


def api_dir(root: Path, api: str) -> Path:
    """`specs/<api>/`, which must hold an `upstream/` folder."""
    path = specs_dir(root) / api
    if not (path / "upstream").is_dir():
        known = ", ".join(api_names(root)) or "none"
        raise SpecpressError(
            f"unknown API {api!r} (known: {known}); to add it, run `specpress vendor {api} FILE` "
            f"({ADDING})",
            file=path,
        )
    return path


def lock_of(folder: Path) -> Lock:
    if not (folder / LOCK_NAME).is_file():
        raise SpecpressError(
            f"no {LOCK_NAME}: run `specpress vendor {folder.name} FILE` to vendor the document "
            f"and write the lock ({ADDING})",
            file=folder / LOCK_NAME,
        )
    return read_lock(folder)


def verify_lock(root: Path, api: str) -> Path:
    """Check the sha256 of every upstream file against upstream.lock; return the current one."""
    folder = api_dir(root, api)
    lock = lock_of(folder)
    upstream = folder / "upstream"
    for name, entry in sorted(lock.files.items()):
        path = upstream / name
        require_inside(folder, path)
        expected = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(expected, str):
            raise SpecpressError(
                f"no sha256 for {name}", file=lock.path, location=pointer.join("files", name)
            )
        if not path.is_file():
            raise SpecpressError(
                f"listed in {LOCK_NAME} but missing: restore it from git, or remove its entry",
                file=path,
            )
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise SpecpressError(
                f"sha256 {actual} does not match {LOCK_NAME} ({expected}): upstream files are "
                f"never edited; restore it (`git checkout {path.name}`) and vendor a new version "
                f"with `specpress vendor {api} NEWFILE` ({UPDATING})",
                file=path,
            )
    unlisted = sorted(
        p.name for p in upstream.iterdir() if p.is_file() and p.name not in lock.files
    )
    if unlisted:
        raise SpecpressError(
            f"upstream files not in {LOCK_NAME}: {unlisted}; vendor them with `specpress vendor "
            f"{api} FILE` or delete them",
            file=lock.path,
        )
    return upstream / lock.current


def recorded_mode(lock: Lock, name: str) -> str | None:
    """The `mode:` of a lock entry (None: detect it)."""
    entry = lock.files.get(name)
    mode = entry.get("mode") if isinstance(entry, dict) else None
    if mode is None:
        return None
    if mode not in MODES:
        raise SpecpressError(
            f"mode {mode!r} is not one of {', '.join(MODES)}",
            file=lock.path,
            location=pointer.join("files", name, "mode"),
        )
    return str(mode)


def round_trip_difference(document: RoundTripDocument) -> int | None:
    """The 1-based line where load+dump first differs from the source (None: identical)."""
    if document.style is None:
        return 1
    dumped = document.dump()
    if dumped == document.source_text:
        return None
    old, new = document.source_text.splitlines(), dumped.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    return (min(len(old), len(new)) if line is None else line) + 1


def detect_mode(path: Path, text: str | None = None) -> tuple[str, str, RoundTripDocument | None]:
    """(mode, reason, the round-trip document when it was read) for an upstream file."""
    if path.suffix.lower() == ".json":
        return "normalized", "JSON source: the output is YAML", None
    text = read_text(path) if text is None else text
    from specpress.openapi import _libyaml

    line = _libyaml.unreproducible_line(text)
    if line is not None:
        return "normalized", f"line {line}: multi-line flow or quoted text", None
    document = read_roundtrip(path, text)
    differs = round_trip_difference(document)
    if differs is not None:
        return "normalized", f"load+dump differs from line {differs}", document
    return "roundtrip", "byte-identical round trip", document


def load_upstream(root: Path, api: str, path: Path) -> Upstream:
    """The current upstream document in its mode (recorded in the lock, else detected)."""
    lock = lock_of(api_dir(root, api))
    mode = recorded_mode(lock, path.name)
    if mode == "normalized":
        return Upstream(path, mode, f"recorded in {LOCK_NAME}", read_plain(path), None)
    if mode == "roundtrip":
        recorded = read_roundtrip(path)
        return Upstream(path, mode, f"recorded in {LOCK_NAME}", recorded.data, recorded)
    mode, reason, detected = detect_mode(path)
    reason += f"; detected: record `mode: {mode}` in {LOCK_NAME} to skip the check"
    if mode == "roundtrip" and detected is not None:
        return Upstream(path, mode, reason, detected.data, detected)
    return Upstream(path, mode, reason, read_plain(path), None)


# --- vendoring a file ----------------------------------------------------------------------

HEADER_LINES = (
    "# {title} {version}: vendored verbatim by `specpress vendor` from {source} (sha256 {digest}).",
    "# NEVER EDIT THIS FILE: fixes live in ../patches.yaml; its sha256 is pinned in"
    " ../upstream.lock.",
)


@dataclass(frozen=True)
class Vendored:
    """A document about to be stored under `upstream/`: its bytes and its lock entry."""

    name: str
    payload: bytes
    entry: dict[str, str]
    data: Any  # plain data, for the caller's checks

    @property
    def version(self) -> str:
        return self.entry["version"]

    @property
    def mode(self) -> str:
        return self.entry["mode"]


def read_openapi(path: Path) -> tuple[str, Any]:
    """The text and plain data of a file that must be an OpenAPI 3 document."""
    if not path.is_file():
        raise SpecpressError("no such file (give the path of the vendor's document)", file=path)
    text = read_text(path)
    from specpress.openapi.load import parse_plain

    data = parse_plain(text, path)
    if isinstance(data, dict) and "swagger" in data:
        raise SpecpressError(
            "a Swagger 2.0 document: convert it to OpenAPI 3 first (for example with "
            "swagger2openapi), then vendor the result",
            file=path,
        )
    version = data.get("openapi") if isinstance(data, dict) else None
    if (
        not isinstance(version, str)
        or not version.startswith("3.")
        or not isinstance(data.get("info"), dict)
    ):
        raise SpecpressError(
            "not an OpenAPI 3 document (it needs `openapi: 3.x` and an `info` mapping)", file=path
        )
    if not isinstance(data.get("paths", {}), dict):
        raise SpecpressError("`paths` is not a mapping", file=path, location="/paths")
    return text, data


def _one_line(value: Any, limit: int = 80) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _header(data: Any, source: str, digest: str, newline: str) -> str:
    info = data["info"]
    fields = {
        "title": _one_line(info.get("title", "untitled")),
        "version": _one_line(info.get("version", "")),
        "source": _one_line(source),
        "digest": digest,
    }
    return "".join(line.format(**fields) + newline for line in HEADER_LINES)


def _with_header(path: Path, text: str, data: Any, header: str) -> str | None:
    """`header + text` when that still reads as the same document (else None)."""
    from specpress.openapi.emit import first_difference
    from specpress.openapi.load import parse_plain

    if path.suffix.lower() == ".json" or text.startswith("\ufeff"):
        return None
    candidate = header + text
    try:
        same = first_difference(parse_plain(candidate, path), data) is None
    except SpecpressError:
        return None
    return candidate if same else None


def prepare_vendored(path: Path) -> Vendored:
    """Read a vendor's document and decide how to store it: verbatim, with a provenance
    header comment when that keeps it the same document (and keeps a byte-identical round trip
    where there is one), else with the provenance in its lock entry; and its mode."""
    text, data = read_openapi(path)
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    newline = "\r\n" if "\r\n" in text else "\n"
    header = _header(data, path.name, digest, newline)
    candidate = _with_header(path, text, data, header)
    mode, _reason, _ = detect_mode(path, text)
    if candidate is not None and mode == "roundtrip":
        kept, _why, _ = detect_mode(path, candidate)
        candidate = candidate if kept == "roundtrip" else None
    entry = {"version": str(data["info"].get("version", "")), "mode": mode}
    if candidate is None:
        payload = raw
        entry["provenance"] = (
            f"vendored verbatim by `specpress vendor` from {path.name} (no header comment: it "
            "would change the document or its round trip)"
        )
    else:
        payload = candidate.encode("utf-8")
    entry = {"version": entry["version"], "sha256": hashlib.sha256(payload).hexdigest(), **entry}
    return Vendored(path.name, payload, entry, data)
