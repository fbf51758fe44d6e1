"""Loading documents for the diff, fast and safe, and following their `$ref`s.

`load_document` reads YAML (libyaml when available) or JSON and remembers the file, so that
`Resolver` can follow relative file refs (`./schemas/pet.yaml#/Pet`). Those are followed only
inside the document's own tree (for `specs/<api>/...`: inside `specs/<api>/`); `http(s):`,
`file:` and anything escaping the tree is refused with one line naming file and pointer, so a
diff never reads the network or an unrelated file.
"""

from __future__ import annotations

import importlib
import json
import os
import re
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_EXPANDED_NODES = 5_000_000  # an alias bomb expands far beyond any real spec (~1e5 nodes)
MAX_REF_HOPS = 64  # a `$ref` chain longer than this is a loop through siblings or a bug
_ANCHOR_BEFORE = frozenset(" \t\n\r[{,:?-")
_ANCHOR_STOP = frozenset(" \t\n\r[]{},")


class Document(dict[str, Any]):
    """A loaded OpenAPI document that knows its file and the tree its file refs may use."""

    source: Path | None = None
    tree: Path | None = None


# --- YAML / JSON ----------------------------------------------------------------------------


def _fast_yaml_loader() -> Any:
    """PyYAML's libyaml loader with YAML 1.2 booleans and no timestamps, or None.

    ruamel.yaml's safe loader (no C extension here) needs ~0.7 s per 330 KB Gcore document;
    libyaml needs ~0.1 s. PyYAML comes with the pinned generator deps. Its YAML 1.1 resolvers
    would read `on`/`yes` as booleans and `2025-01-01` as a date, so those two are swapped for the
    YAML 1.2 core rules that ruamel.yaml applies.
    """
    try:
        yaml = importlib.import_module("yaml")
        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None
    bool_tag, ts_tag = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"
    loader: Any = type("_SpecLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (bool_tag, ts_tag)]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


_LOADER = _fast_yaml_loader()


def parse_yaml(text: str, path: Path) -> Any:
    """YAML text -> plain data; a syntax error is a SpecpressError naming the line."""
    if _LOADER is not None:
        yaml = importlib.import_module("yaml")
        try:
            return yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise SpecpressError(f"invalid YAML: {problem}", file=path, location=where) from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark is not None else None
        raise SpecpressError(f"invalid YAML: {exc.problem}", file=path, location=where) from None
    except YAMLError as exc:
        raise SpecpressError(f"invalid YAML: {exc}", file=path) from None


def _expanded_size(root: Any) -> int | None:
    """Node count with aliases expanded (None for a recursive alias), in linear time.

    Memoized by identity and iterative, so neither an alias bomb nor deep nesting can make the
    check itself expensive or overflow the stack.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = list(node.values() if isinstance(node, dict) else node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(
                sizes[id(c)] if isinstance(c, dict | list) else 1 for c in children
            )
            continue
        if key in sizes:
            continue
        if key in on_path:
            return None
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, dict | list))
    return sizes[id(root)] if isinstance(root, dict | list) else 1


def _has_anchor(text: str) -> bool:
    """Whether a YAML text may hold an anchor (`&name` where a node can start).

    A cheap scan for `&` (URLs and prose have a few); without an anchor there is no alias, so
    the document cannot expand and the alias-bomb check can be skipped.
    """
    at = text.find("&")
    while at >= 0:
        before = text[at - 1] if at else "\n"
        after = text[at + 1 : at + 2]
        if before in _ANCHOR_BEFORE and after and after not in _ANCHOR_STOP:
            return True
        at = text.find("&", at + 1)
    return False


def read_data(path: Path) -> Any:
    """One YAML or JSON file, read with the safe loader and checked for alias bombs."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecpressError("no such file", file=path) from None
    except IsADirectoryError:
        raise SpecpressError("is a directory, expected a YAML or JSON file", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecpressError(f"cannot read: {exc}", file=path) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecpressError(
                f"invalid JSON: {exc.msg}", file=path, location=f"line {exc.lineno}"
            ) from None
        return data  # JSON has no aliases
    data = parse_yaml(text, path)
    if not _has_anchor(text):
        return data  # no anchor, so no alias: nothing can expand
    size = _expanded_size(data)
    if size is None:
        raise SpecpressError("a YAML alias refers to itself (recursive structure)", file=path)
    if size > MAX_EXPANDED_NODES:
        raise SpecpressError(
            "document expands to more than 5 million nodes (YAML alias bomb?)", file=path
        )
    return data


def ref_tree(path: Path) -> Path:
    """The directory file refs of `path` may point into: `specs/<api>/` for a vendored spec."""
    from specpress.paths import repo_root

    resolved = path.resolve()
    specs = (repo_root() / "specs").resolve()
    if resolved.is_relative_to(specs) and len(resolved.relative_to(specs).parts) >= 2:
        return specs / resolved.relative_to(specs).parts[0]
    return resolved.parent


def load_document(path: str | Path) -> Document:
    """Read an OpenAPI 3.x document (YAML or JSON); every failure is a SpecpressError."""
    path = Path(path)
    if path.is_dir():
        raise SpecpressError("is a directory, expected an OpenAPI document", file=path)
    data = read_data(path)
    if not isinstance(data, dict):
        raise SpecpressError("not an OpenAPI document: the top level is not a mapping", file=path)
    version = data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        hint = " (Swagger 2.0 is not supported)" if "swagger" in data else ""
        raise SpecpressError(
            f"not an OpenAPI 3.x document: no `openapi: 3.x` field{hint}",
            file=path,
            location="/openapi",
        )
    for key in ("paths", "components", "webhooks"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise SpecpressError(f"`{key}` must be a mapping", file=path, location=f"/{key}")
    doc = Document(data)
    doc.source = path
    doc.tree = ref_tree(path)
    return doc


# --- JSON Pointer -----------------------------------------------------------------------------


def esc(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def ptr(base: str, *tokens: Any) -> str:
    """`base` extended by escaped tokens (`ptr("/paths", "/a", "get")` -> `/paths/~1a/get`)."""
    return base + "".join("/" + esc(t) for t in tokens)


def unesc(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def walk_pointer(doc: Any, pointer: str) -> tuple[bool, Any]:
    """(found, node) for a JSON Pointer (`""` is the whole document)."""
    node = doc
    for token in pointer.split("/")[1:] if pointer else []:
        token = unesc(token)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


# --- $ref resolution ----------------------------------------------------------------------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Resolver:
    """Follows `$ref`s of one side of the diff, across the files of its tree.

    Locations are strings: a JSON Pointer into the main document (`/components/schemas/A`), or
    `file#pointer` for a node inside a referenced file (`schemas/pet.yaml#/properties/id`), the
    file relative to the main document's directory.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.source: Path | None = getattr(doc, "source", None)
        self.tree: Path | None = getattr(doc, "tree", None)
        self._files: dict[str, Any] = {}

    def _base_dir(self) -> Path | None:
        return self.source.resolve().parent if self.source is not None else None

    @staticmethod
    def _split(location: str) -> tuple[str, str]:
        """(file, pointer): a main-document location is a bare pointer (`/...` or `""`)."""
        if not location or location.startswith("/"):
            return "", location
        file, _, pointer = location.partition("#")
        return file, pointer

    def _file_of(self, location: str) -> str:
        return self._split(location)[0]

    def _document(self, file: str) -> Any:
        if not file:
            return self.doc
        if file not in self._files:
            base = self._base_dir()
            assert base is not None
            self._files[file] = read_data(base / file)
        return self._files[file]

    def _where(self, location: str) -> tuple[str, str]:
        """(file for an error message, pointer inside it) of a location."""
        file, pointer = self._split(location)
        name = str(self.source) if self.source is not None else "<document>"
        if file:
            base = self._base_dir()
            name = str(base / file) if base is not None else file
        return name, pointer or "/"

    def _target_file(self, ref_file: str, location: str) -> str:
        """The referenced file, relative to the main document's directory; refused if unsafe."""
        name, pointer = self._where(location)
        here = ptr(pointer, "$ref") if pointer != "/" else "/$ref"
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
        ref_file, _, pointer = ref.partition("#")
        file = self._file_of(location)
        if ref_file:
            file = self._target_file(ref_file, location)
        pointer = pointer or ""
        return f"{file}#{pointer}" if file else pointer

    def node_at(self, location: str) -> tuple[bool, Any]:
        file, pointer = self._split(location)
        return walk_pointer(self._document(file), pointer)

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
