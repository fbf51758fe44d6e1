"""Safe, byte-faithful loading and dumping of OpenAPI documents.

Round-trip documents (`load_document`) keep key order, quoting, folded/literal block scalars,
flow style and comments, so that a patch changes only the lines it means to; `Document.dump()`
of an unpatched upstream file gives back the same bytes (the build checks this). Plain data
(`load_plain`, `to_plain`) is for validators, which need dicts and lists and speed, not style.

Both loaders share one composer that refuses what an OpenAPI document never needs and an
attacker might send: explicit tags other than the YAML core ones (`!!python/object` ...),
recursive aliases, and alias expansion beyond `MAX_ALIAS_EXPANSION` nodes (billion laughs).
Dates stay strings (OpenAPI reads YAML with JSON semantics), and `null` is written as `null`.
Every failure is a `SpecpressError` naming the file and "line N, column M".
"""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from specpress.errors import SpecpressError

# Operation keys of an OpenAPI path item.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Expanding aliases must not create more nodes than this (a real OpenAPI file has none).
MAX_ALIAS_EXPANSION = 100_000
# Explicit tags a document may carry; `!` is the non-specific tag.
_CORE_TYPES = ("str", "int", "float", "bool", "null", "map", "seq")
SAFE_TAGS = frozenset({"!"} | {f"tag:yaml.org,2002:{t}" for t in _CORE_TYPES})
# Implicit resolvers we drop: OpenAPI reads YAML with JSON semantics, so `2024-01-01` is a string.
_DROPPED_IMPLICIT = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"})


@dataclass(frozen=True)
class YamlStyle:
    """Block indentation of a file, detected so that dumping reproduces it."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


@dataclass
class Document:
    """A round-trip document: `data` is a ruamel tree, mutated in place by patches."""

    data: Any
    path: Path
    style: YamlStyle | None  # None: the source was JSON
    source_text: str

    def dump(self) -> str:
        """The document as text in the source's own style (JSON sources dump as JSON)."""
        if self.style is None:
            return json.dumps(to_plain(self.data), indent=2, ensure_ascii=False) + "\n"
        return dump_yaml(self.data, self.style)


class _JsonSemanticsResolver(VersionedResolver):
    """The YAML 1.2 resolver without timestamps: dates stay strings, as JSON tools expect."""

    @property
    def versioned_resolver(self) -> Any:
        table = super().versioned_resolver
        return {
            first: [(tag, rx) for tag, rx in entries if str(tag) not in _DROPPED_IMPLICIT]
            for first, entries in table.items()
        }


class _SafeComposer(Composer):
    """Composer that rejects unknown tags, recursive aliases and alias bombs at their line."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        self._open_anchors: set[str] = set()
        self._sizes: dict[int, int] = {}
        self._expanded = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self._count_alias(event)
            return super().compose_node(parent, index)
        if isinstance(event, ScalarEvent | SequenceStartEvent | MappingStartEvent):
            tag = event.tag
            if tag is not None and str(tag) not in SAFE_TAGS:
                raise ComposerError(
                    None, None, f"unsafe or unknown tag {tag!s} is not allowed", event.start_mark
                )
        anchor = event.anchor
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            if anchor is not None:
                self._open_anchors.discard(anchor)

    def _count_alias(self, event: Any) -> None:
        anchor = event.anchor
        if anchor in self._open_anchors:
            raise ComposerError(
                None, None, f"recursive alias *{anchor} is not allowed", event.start_mark
            )
        node = self.anchors.get(anchor)
        if node is None:
            return  # ruamel reports the undefined alias itself
        self._expanded += self._size(node)
        if self._expanded > MAX_ALIAS_EXPANSION:
            raise ComposerError(
                None,
                None,
                f"alias expansion exceeds {MAX_ALIAS_EXPANSION} nodes (YAML alias bomb?)",
                event.start_mark,
            )

    def _size(self, node: Node) -> int:
        """Nodes an alias to `node` stands for, memoized so nested bombs cost linear time."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._size(k) + self._size(v) for k, v in node.value)
        self._sizes[id(node)] = size
        return size


class _StyleKeepingEmitter(RoundTripEmitter):
    """Emitter fixes for byte-identical round trips: compact `- - a` and minimal block hints."""

    def determine_block_hints(self, text: Any) -> Any:
        """Omit the indentation indicator ruamel adds for leading blank lines when not needed."""
        hints, indent, indicator = super().determine_block_hints(text)
        if hints[:1].isdigit() and text[:1] != " ":
            first_line = text.lstrip("\n")
            if first_line and first_line[0] != " ":
                hints = hints[1:]
        return hints, indent, indicator

    def increase_indent(
        self, flow: bool = False, sequence: bool | None = None, indentless: bool = False
    ) -> None:
        super().increase_indent(flow, sequence, indentless)
        nested = sequence and not flow and not indentless and self.indents.seq_seq()
        if nested and self.indent is not None:
            self.indent -= self.sequence_dash_offset

    def expect_block_sequence_item(self, first: bool = False) -> None:
        event = self.event
        compact = (
            first
            and self.indents.seq_seq()
            and not isinstance(event, SequenceEndEvent)
            and not (event.comment and event.comment[1])
            and self.column > (self.indent or 0)
        )
        if not compact:
            super().expect_block_sequence_item(first)
            return
        self.write_indicator("-", True, indention=True)
        if self.sequence_dash_offset + 2 > self.best_sequence_indent:
            self.no_newline = True
        self.states.append(self.expect_block_sequence_item)
        self.expect_node(sequence=True)


def _represent_none(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml(typ: str, style: YamlStyle | None = None) -> YAML:
    yaml = YAML(typ=typ, pure=True)
    yaml.Resolver = _JsonSemanticsResolver
    yaml.Composer = _SafeComposer
    if typ == "rt":
        yaml.Emitter = _StyleKeepingEmitter
        yaml.preserve_quotes = True
        yaml.width = 1 << 16  # never re-wrap long plain scalars
        style = style or YamlStyle()
        yaml.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
        yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def read_text(path: Path) -> str:
    """The file's text; a missing or unreadable file is a SpecpressError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecpressError("file not found", file=path) from None
    except IsADirectoryError:
        raise SpecpressError("is a directory, expected a file", file=path) from None
    except UnicodeDecodeError as exc:
        raise SpecpressError(f"not UTF-8 text ({exc.reason})", file=path) from None
    except OSError as exc:
        raise SpecpressError(f"cannot read: {exc.strerror}", file=path) from None


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _line_col(line0: int, col0: int) -> str:
    return f"line {line0 + 1}, column {col0 + 1}"


def _yaml_error(exc: YAMLError, path: Path) -> SpecpressError:
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        message = f"invalid YAML: {problem}{context}"
        if "unsafe" in problem or "alias" in problem:
            message = problem
        return SpecpressError(message, file=path, location=_line_col(mark.line, mark.column))
    return SpecpressError(f"invalid YAML: {exc}", file=path)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise SpecpressError(
            f"invalid JSON: {exc.msg}", file=path, location=_line_col(exc.lineno - 1, exc.colno - 1)
        ) from None
    except ValueError as exc:
        raise SpecpressError(f"invalid JSON: {exc}", file=path) from None
    except RecursionError:
        raise SpecpressError("JSON nesting too deep", file=path) from None


def _parse_yaml(yaml: YAML, text: str, path: Path) -> Any:
    try:
        return yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(exc, path) from None
    except RecursionError:
        raise SpecpressError("YAML nesting too deep", file=path) from None


_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*$")
_DASH_LINE = re.compile(r"^( *)- ")
_NESTED_KEY = re.compile(r"^( *)[^\s#-][^:#]*:")


def detect_style(text: str) -> YamlStyle:
    """Block indentation of `text`: the first nested mapping and the first block sequence."""
    mapping: int | None = None
    offset: int | None = None
    lines = text.splitlines()
    for prev, line in itertools.pairwise(lines):
        parent = _KEY_LINE.match(prev)
        if parent is None:
            continue
        base = len(parent.group(1))
        dash = _DASH_LINE.match(line)
        if dash is not None and offset is None:
            offset = len(dash.group(1)) - base
        key = _NESTED_KEY.match(line)
        if key is not None and dash is None and mapping is None and len(key.group(1)) > base:
            mapping = len(key.group(1)) - base
        if mapping is not None and offset is not None:
            break
    default = YamlStyle()
    mapping = mapping or default.mapping
    offset = default.offset if offset is None or offset < 0 else offset
    return YamlStyle(mapping=mapping, sequence=offset + 2, offset=offset)


def load_document(path: Path, text: str | None = None) -> Document:
    """Load a YAML or JSON file for round-trip editing (patches, normalization, dumping)."""
    if text is None:
        text = read_text(path)
    if _is_json(path):
        return Document(from_plain(_parse_json(text, path)), path, None, text)
    style = detect_style(text)
    data = _parse_yaml(_yaml("rt", style), text, path)
    return Document(data, path, style, text)


def load_plain(path: Path, text: str | None = None) -> Any:
    """Load a YAML or JSON file as plain dicts and lists (fast; for validators and lint)."""
    if text is None:
        text = read_text(path)
    if _is_json(path):
        return _parse_json(text, path)
    return _parse_yaml(_yaml("safe"), text, path)


def dump_yaml(data: Any, style: YamlStyle | None = None) -> str:
    """Serialize a round-trip tree with the given block style."""
    out = io.StringIO()
    _yaml("rt", style).dump(data, out)
    return out.getvalue()


def to_plain(value: Any) -> Any:
    """A ruamel tree as plain dict/list/str/int/float/bool/None (shared subtrees copied)."""
    if isinstance(value, dict):
        return {str(k) if isinstance(k, str) else k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def from_plain(value: Any) -> Any:
    """Plain data as a round-trip tree (block style), e.g. a JSON document or a patch value."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = from_plain(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(from_plain(item) for item in value)
    return value


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every node with its JSON Pointer, parents before children, in document order."""
    yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{pointer}/{escape_pointer_token(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{pointer}/{index}")


def escape_pointer_token(token: str) -> str:
    """RFC 6901 escaping of one reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """A JSON Pointer from unescaped tokens."""
    return "".join(f"/{escape_pointer_token(str(t))}" for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON Pointer (`""` is the whole document)."""
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value a JSON Pointer names in plain data; KeyError/IndexError when it names nothing."""
    target = document
    for token in split_pointer(pointer):
        target = target[int(token)] if isinstance(target, list) else target[token]
    return target
