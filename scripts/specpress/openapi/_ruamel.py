"""ruamel.yaml behind `specpress.openapi.load`: the exact (round-trip and safe) reader and writer.

Round-trip trees keep key order, quoting, folded/literal block scalars, flow style and comments,
so a patch changes only the lines it means to, and dumping an unpatched upstream file gives back
its bytes. The composer enforces `specpress.openapi.limits` while composing, so every refusal
names the line and column of the offending tag or alias. Imported only when needed: the fast
read mode never loads ruamel.yaml.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
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
from specpress.openapi import limits
from specpress.openapi.style import YamlStyle

# Implicit resolvers we drop: OpenAPI reads YAML with JSON semantics, so `2024-01-01` is a string.
_DROPPED_IMPLICIT = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"})


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
            if tag is not None and str(tag) not in limits.SAFE_TAGS:
                raise ComposerError(None, None, limits.tag_message(tag), event.start_mark)
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
            raise ComposerError(None, None, limits.recursive_message(anchor), event.start_mark)
        node = self.anchors.get(anchor)
        if node is None:
            return  # ruamel reports the undefined alias itself
        self._expanded += self._size(node)
        if self._expanded > limits.MAX_EXPANDED_NODES:
            raise ComposerError(None, None, limits.bomb_message(), event.start_mark)

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


def _yaml_error(exc: YAMLError, path: Path) -> SpecpressError:
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        message = f"invalid YAML: {problem}{context}"
        if "unsafe" in problem or "alias" in problem:
            message = problem
        return SpecpressError(message, file=path, location=limits.line_col(mark.line, mark.column))
    return SpecpressError(f"invalid YAML: {exc}", file=path)


def parse(text: str, path: Path, *, roundtrip: bool, style: YamlStyle | None = None) -> Any:
    """YAML text as a round-trip tree or plain data; every failure names the file and line."""
    yaml = _yaml("rt", style) if roundtrip else _yaml("safe")
    try:
        return yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(exc, path) from None
    except RecursionError:
        raise SpecpressError("YAML nesting too deep", file=path) from None
    except (ValueError, IndexError, TypeError) as exc:  # a scalar its constructor cannot read
        raise SpecpressError(f"invalid YAML: {exc}", file=path) from None


def dump(data: Any, style: YamlStyle | None = None) -> str:
    """Serialize a round-trip tree with the given block style."""
    out = io.StringIO()
    _yaml("rt", style).dump(data, out)
    return out.getvalue()


def commented(value: Any) -> Any:
    """Plain data as a round-trip tree (block style)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = commented(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(commented(item) for item in value)
    return value
