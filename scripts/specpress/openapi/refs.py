"""`$ref`s: hermetic stages, bundling, offline validators, and following refs across files.

Hermetic stages: nothing is fetched from the network or read from outside `specs/<api>/`. A
`$ref` is allowed when it is local (`#/...`) or names, by a relative path, a file vendored under
`specs/<api>/upstream/` and listed in `upstream.lock` (whose sha256 the build checks). Everything
else (`http(s)://`, `file://`, any other scheme, an absolute path, `../` leaving the API folder, a
file not in the lock, a `$id` that moves the base URI elsewhere) is refused with one
`SpecpressError` naming the file and the JSON Pointer, before any validator sees the document.

The validators get `offline_handlers` as well: openapi-spec-validator and openapi-core resolve
references through jsonschema-path, whose defaults fetch http(s) and file URLs (and fall back to
urllib for any other scheme), so the handlers claim every scheme, serve the allowed files and
refuse the rest. `bundle` copies vendored components into the document, so `specs/<api>/
openapi.yaml` is self-contained and later stages only ever see local references.

`Resolver` follows the `$ref`s of a document that is not bundled (the two sides of a diff):
relative file refs (`./schemas/pet.yaml#/Pet`) only inside the document's own tree (`ref_tree`:
for `specs/<api>/...`, inside `specs/<api>/`), never `http(s):` or `file:`.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from specpress.errors import SpecpressError
from specpress.openapi import pointer
from specpress.openapi.load import from_plain, read_plain, to_plain

LOCK_NAME = "upstream.lock"
REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")
# `$id` schemes that cannot move relative references onto the network or the file system.
_INERT_ID_SCHEMES = ("", "urn", "tag")


@dataclass(frozen=True)
class Lock:
    """`specs/<api>/upstream.lock`: the `current` document and every vendored file's entry."""

    path: Path
    current: str
    files: dict[str, Any]


def read_lock(folder: Path) -> Lock:
    """The lock of an API folder; every name must be a plain file name inside `upstream/`."""
    path = folder / LOCK_NAME
    require_inside(folder, path)
    data = read_plain(path)
    files = data.get("files") if isinstance(data, dict) else None
    current = data.get("current") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not isinstance(current, str):
        raise SpecpressError("expected `current:` and a `files:` mapping", file=path)
    for name in files:
        if not _plain_name(name):
            raise SpecpressError(
                f"{name!r} is not a file name inside upstream/ (no folders, no `..`)",
                file=path,
                location=f"/files/{pointer.escape(str(name))}",
            )
    if current not in files:
        raise SpecpressError(f"current file {current!r} is not listed under files", file=path)
    return Lock(path, current, files)


def require_inside(folder: Path, *paths: Path) -> None:
    """Every input of an API is read from inside its folder: a symlink out of it is refused."""
    base = folder.resolve()
    for path in paths:
        if path.exists() and not path.resolve().is_relative_to(base):
            raise SpecpressError(
                "resolves outside the API folder (a symlink?): vendor the file itself", file=path
            )


def _plain_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


@dataclass(frozen=True)
class Sandbox:
    """Which files a document's relative `$ref`s may name: resolved paths (empty: none)."""

    api_dir: Path | None = None
    allowed: frozenset[Path] = frozenset()

    def describe(self) -> str:
        return "specs/<api>/upstream/ and upstream.lock" if self.api_dir else "no file at all"


def sandbox_for(path: Path | None) -> Sandbox:
    """A file under `specs/<api>/` may refer to that API's lock-listed upstream files; any other
    file (a new upstream version before `vendor`, a spec given to `contract --spec`) to none."""
    if path is None:
        return Sandbox()
    resolved = path.resolve()
    for folder in resolved.parents:
        if folder.parent.name == "specs" and (folder / LOCK_NAME).is_file():
            try:
                lock = read_lock(folder)
            except SpecpressError:
                return Sandbox(folder)  # the build reports the broken lock itself
            upstream = folder / "upstream"
            return Sandbox(folder, frozenset((upstream / n).resolve() for n in lock.files))
    return Sandbox()


class _Refused(Exception):
    """A reference that would leave the sandbox (message: why)."""


def ref_target(ref: str, base: Path | None, sandbox: Sandbox) -> Path | None:
    """The vendored file a `$ref` names (None when it is local); `_Refused` for anything else."""
    if ref.startswith("#") or ref == "":
        return None
    parts = urlsplit(ref)
    if parts.scheme in ("http", "https"):
        raise _Refused(
            "is a network reference: builds never fetch; vendor the file under upstream/"
        )
    if parts.scheme == "file":
        raise _Refused("is a file:// reference: only files vendored under upstream/ may be used")
    if parts.scheme or parts.netloc:
        raise _Refused(f"uses the {parts.scheme or 'network'!r} scheme: only local references")
    name = unquote(parts.path)
    if not name:
        return None  # `?x#/y`: the same document
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise _Refused("is an absolute path: only files vendored under upstream/ may be used")
    if base is None or sandbox.api_dir is None:
        raise _Refused("names another file, and this document may only use local references")
    target = (base / name).resolve()
    if not target.is_relative_to(sandbox.api_dir):
        raise _Refused(f"leaves the API folder; allowed: {sandbox.describe()}")
    if target not in sandbox.allowed:
        raise _Refused(f"names a file that is not vendored and locked ({sandbox.describe()})")
    return target


def _nodes(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping with its JSON Pointer (iteratively: deep documents must not recurse)."""
    return ((at, node) for at, node in pointer.walk(doc) if isinstance(node, dict))


def _refs(doc: Any) -> Iterator[tuple[str, str, str]]:
    """(pointer of the key, key, value) of every reference-like string in a document."""
    for at, node in _nodes(doc):
        for key in ("$id", *REF_KEYS):  # a moved base first: it changes what refs mean
            value = node.get(key)
            if isinstance(value, str):
                yield f"{at}/{pointer.escape(key)}", key, value


def check_hermetic(doc: Any, file: Path | str | None, sandbox: Sandbox) -> set[Path]:
    """Refuse any reference leaving the sandbox (one error: file and pointer); also checks the
    vendored files it names, recursively. Returns those files."""
    seen: set[Path] = set()
    pending: list[tuple[Any, Path | str | None]] = [(doc, file)]
    while pending:
        data, source = pending.pop()
        base = Path(source).resolve().parent if isinstance(source, Path) else None
        for at, key, value in _refs(data):
            if key == "$id":
                if urlsplit(value).scheme not in _INERT_ID_SCHEMES:
                    message = f"$id {value!r} moves the base URI off the document: not allowed"
                    raise SpecpressError(message, file=source, location=at)
                continue
            try:
                target = ref_target(value, base, sandbox)
            except _Refused as refused:
                raise SpecpressError(
                    f"{key} {value!r} {refused}", file=source, location=at
                ) from None
            if target is not None and target not in seen:
                seen.add(target)
                pending.append((read_plain(target), target))
    return seen


# --- validators ----------------------------------------------------------------------------


class _OfflineHandlers(dict[str, Callable[[str], Any]]):
    """jsonschema-path handlers for every URI scheme: an allowed file is served, all else refused.

    jsonschema-path looks a scheme up with `in` and falls back to urllib when it is missing, so
    this mapping claims to have every scheme."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Callable[[str], Any]:
        return self.serve

    def serve(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if path in self.sandbox.allowed:
                return read_plain(path)
        raise SpecpressError(f"refused to fetch {uri!r}: stages read only vendored files")


def refusal(exc: BaseException) -> SpecpressError | None:
    """The handlers' refusal behind a validator's exception (they wrap it, e.g. Unresolvable)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, SpecpressError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def offline_handlers(sandbox: Sandbox) -> dict[str, Callable[[str], Any]]:
    return _OfflineHandlers(sandbox)


def spec_validator_class(doc: Any, sandbox: Sandbox | None = None) -> type[Any] | None:
    """openapi-spec-validator's class for the document's version (None: unknown version), with
    handlers that resolve references offline only (its defaults fetch http(s) and file URLs)."""
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    version = str(doc.get("openapi") or doc.get("swagger") or "") if isinstance(doc, dict) else ""
    validators: dict[str, type[Any]] = {
        "2.": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }
    prefix, cls = next(((p, v) for p, v in validators.items() if version.startswith(p)), ("", None))
    if cls is None:
        return None
    handlers = offline_handlers(sandbox or Sandbox())
    attributes: dict[str, Any] = {"resolver_handlers": handlers}
    fast = _crawled_schema_validator(prefix)
    if fast is not None:
        attributes["schema_validator"] = fast
    return type(f"Offline{cls.__name__}", (cls,), attributes)


@functools.cache
def _crawled_schema_validator(prefix: str) -> Any:
    """openapi-spec-validator's meta-schema validator for a version, over a registry crawled
    once. Its own registry is not crawled, so every `$dynamicRef` of the 3.1 and 3.2 schemas
    crawls it again: a third of the whole build of a 1,000-operation document. Same schema,
    same errors (tested); None where the validator is not the jsonschema one."""
    from jsonschema.validators import validator_for
    from jsonschema_specifications import REGISTRY
    from openapi_spec_validator import schemas
    from openapi_spec_validator.schemas.backend import get_validator_backend
    from referencing.jsonschema import DRAFT202012, specification_with

    if get_validator_backend() != "jsonschema":
        return None
    schema = {"2.": schemas.schema_v2, "3.0": schemas.schema_v30, "3.1": schemas.schema_v31}.get(
        prefix, schemas.schema_v32
    )
    contents = dict(schema)
    cls = validator_for(contents)
    dialect = specification_with(str(contents.get("$schema", "")), default=DRAFT202012)
    registry = (dialect.create_resource(contents) @ REGISTRY).crawl()
    return cls(contents, registry=registry)


def schema_path(doc: Any, source: Path | None, sandbox: Sandbox, *, cache: int = 0) -> Any:
    """A jsonschema-path `SchemaPath` over `doc` that resolves references offline only."""
    from jsonschema_path import SchemaPath

    base_uri = source.resolve().as_uri() if source is not None else ""
    return SchemaPath.from_dict(
        doc, base_uri=base_uri, handlers=offline_handlers(sandbox), resolved_cache_maxsize=cache
    )


# --- bundling ------------------------------------------------------------------------------


def bundle(data: Any, source: Path, sandbox: Sandbox) -> int:
    """Copy every vendored component a round-trip document refers to into its `components`, and
    point the references there. Returns how many components were copied.

    Only `#/components/<section>/<name>` targets can be bundled (that is where a shared file's
    reusable parts live); a name the document already uses for something else is an error."""
    copied: dict[tuple[Path, str], str] = {}
    # (holder mapping, key, reference, the file it is relative to, its pointer for errors)
    pending: list[tuple[Any, str, str, Path, str]] = []

    def collect(tree: Any, origin: Path, prefix: str, *, external: bool) -> None:
        for at, node in _nodes(tree):
            ref = node.get("$ref")
            if isinstance(ref, str) and (external or not ref.startswith("#")):
                pending.append((node, "$ref", ref, origin, f"{prefix}{at}/$ref"))

    collect(data, source, "", external=False)
    while pending:
        holder, key, ref, origin, at = pending.pop()
        target = ref_target(ref, origin.parent, sandbox) if not ref.startswith("#") else origin
        if target is None:
            continue
        if target == source.resolve():
            holder[key] = "#" + ref.partition("#")[2]
            continue
        fragment = unquote(ref.partition("#")[2])
        tokens = pointer.split(fragment)
        if len(tokens) != 3 or tokens[0] != "components":
            raise SpecpressError(
                f"$ref {ref!r}: only #/components/<section>/<name> of a vendored file can be "
                "bundled",
                file=origin,
                location=at,
            )
        local = f"#/components/{pointer.escape(tokens[1])}/{pointer.escape(tokens[2])}"
        holder[key] = local
        if (target, fragment) in copied:
            continue
        copied[(target, fragment)] = local
        external = read_plain(target)
        try:
            value = external["components"][tokens[1]][tokens[2]]
        except (KeyError, TypeError):
            raise SpecpressError(
                f"$ref {ref!r} points to nothing in {target.name}", file=origin, location=at
            ) from None
        section = data.setdefault("components", from_plain({})).setdefault(
            tokens[1], from_plain({})
        )
        if tokens[2] in section and to_plain(section[tokens[2]]) != value:
            raise SpecpressError(
                f"cannot bundle {ref!r}: the document already has a different "
                f"{tokens[1]}/{tokens[2]}",
                file=origin,
                location=at,
            )
        section[tokens[2]] = from_plain(copy.deepcopy(value))
        collect(section[tokens[2]], target, fragment, external=True)
    return len(copied)


# --- following refs across files ------------------------------------------------------------

MAX_REF_HOPS = 64  # a `$ref` chain longer than this is a loop through siblings or a bug


def ref_tree(path: Path) -> Path:
    """The directory file refs of `path` may point into: `specs/<api>/` for a vendored spec."""
    from specpress.paths import repo_root

    resolved = path.resolve()
    specs = (repo_root() / "specs").resolve()
    if resolved.is_relative_to(specs) and len(resolved.relative_to(specs).parts) >= 2:
        return specs / resolved.relative_to(specs).parts[0]
    return resolved.parent


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Resolver:
    """Follows `$ref`s of one side of the diff, across the files of its tree.

    Locations are strings: a JSON Pointer into the main document (`/components/schemas/A`), or
    `file#pointer` for a node inside a referenced file (`schemas/pet.yaml#/properties/id`), the
    file relative to the main document's directory.
    """

    def __init__(self, doc: Any, source: Path | None = None, tree: Path | None = None) -> None:
        """`doc`: plain data (or an object with `.source`/`.tree`, e.g. a loaded diff side)."""
        self.doc = doc
        self.source: Path | None = source or getattr(doc, "source", None)
        self.tree: Path | None = tree or getattr(doc, "tree", None)
        if self.tree is None and self.source is not None:
            self.tree = ref_tree(self.source)
        self._files: dict[str, Any] = {}

    def _base_dir(self) -> Path | None:
        return self.source.resolve().parent if self.source is not None else None

    @staticmethod
    def _split(location: str) -> tuple[str, str]:
        """(file, pointer): a main-document location is a bare pointer (`/...` or `""`)."""
        if not location or location.startswith("/"):
            return "", location
        file, _, at = location.partition("#")
        return file, at

    def _file_of(self, location: str) -> str:
        return self._split(location)[0]

    def _document(self, file: str) -> Any:
        if not file:
            return self.doc
        if file not in self._files:
            base = self._base_dir()
            assert base is not None
            self._files[file] = read_plain(base / file)
        return self._files[file]

    def _where(self, location: str) -> tuple[str, str]:
        """(file for an error message, pointer inside it) of a location."""
        file, at = self._split(location)
        name = str(self.source) if self.source is not None else "<document>"
        if file:
            base = self._base_dir()
            name = str(base / file) if base is not None else file
        return name, at or "/"

    def _target_file(self, ref_file: str, location: str) -> str:
        """The referenced file, relative to the main document's directory; refused if unsafe."""
        name, at = self._where(location)
        here = pointer.child(at, "$ref") if at != "/" else "/$ref"
        if _SCHEME.match(ref_file) or ref_file.startswith("//"):
            raise SpecpressError(
                f"$ref {ref_file!r} is not a relative file: network and file: refs are not "
                "followed",
                file=name,
                location=here,
            )
        base = self._base_dir()
        if base is None or self.tree is None:
            raise SpecpressError(
                f"$ref {ref_file!r} needs the document's file to be followed", location=here
            )
        current = self._file_of(location)
        folder = (base / current).parent if current else base
        target = (folder / ref_file).resolve()
        if not target.is_relative_to(self.tree.resolve()):
            raise SpecpressError(
                f"$ref {ref_file!r} leaves {self.tree} (file refs are followed only inside "
                "the document's tree)",
                file=name,
                location=here,
            )
        if not target.is_file():
            raise SpecpressError(f"$ref {ref_file!r}: no such file", file=name, location=here)
        if self.source is not None and target == self.source.resolve():
            return ""  # back into the main document
        return Path(os.path.relpath(target, base)).as_posix()

    def locate(self, ref: str, location: str) -> str:
        """The location a `$ref` found at `location` points to."""
        ref_file, _, at = ref.partition("#")
        file = self._file_of(location)
        if ref_file:
            file = self._target_file(ref_file, location)
        return f"{file}#{at}" if file else at

    def node_at(self, location: str) -> tuple[bool, Any]:
        file, at = self._split(location)
        return pointer.lookup(self._document(file), at)

    def deref(self, node: Any, location: str) -> tuple[Any, str, str | None]:
        """Follow a `$ref` chain: (target with any 3.1 siblings merged, its location, first ref).

        An unresolvable local ref leaves the `$ref` node as it is (the diff then compares the
        ref strings); an unsafe or missing file is a SpecpressError.
        """
        first: str | None = None
        seen: set[str] = set()
        siblings: dict[str, Any] = {}
        for _ in range(MAX_REF_HOPS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            ref = node["$ref"]
            target_location = self.locate(ref, location)
            if target_location in seen:
                break
            seen.add(target_location)
            first = first or ref
            siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
            found, target = self.node_at(target_location)
            if not found:
                break
            node, location = target, target_location
        if siblings and isinstance(node, dict):
            node = {**node, **siblings}
        return node, location, first
