"""The fast read mode: libyaml (PyYAML's `CSafeLoader`) reading YAML exactly as ruamel.yaml does.

ruamel.yaml's pure-Python safe loader needs ~0.7 s for a 330 KB Gcore document, libyaml ~0.1 s
(PyYAML comes with the pinned generators). Its YAML 1.1 rules would read `on`/`yes` as booleans,
`012` as octal and `2025-01-01` as a date, so the implicit resolvers and the int/float
constructors are the YAML 1.2 core ones ruamel.yaml applies, without timestamps. Only core tags
construct. The document's node graph is checked against `specpress.openapi.limits` before it is
constructed; anything this mode refuses or cannot read is `Unsure`, and the caller re-reads the
text with ruamel.yaml, which either accepts it (so both modes agree) or names the exact line.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, ClassVar

from specpress.openapi import limits

__all__ = ["Unsure", "available", "parse"]

_CORE = "tag:yaml.org,2002:"
# YAML 1.2 core-schema implicit types (as ruamel.yaml resolves them).
_RESOLVERS = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
)


class Unsure(Exception):
    """This mode will not decide: the caller reads the text with ruamel.yaml instead."""


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[:1] == "-" else 1.0
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    return sign * float(digits)


def _build_loader() -> Any:
    try:
        yaml = importlib.import_module("yaml")
        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None

    class _Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}
        yaml_constructors: ClassVar[dict[Any, Any]] = {}

        def construct_undefined(self, node: Any) -> Any:
            raise Unsure(limits.tag_message(node.tag))

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [(k.tag, k.value) for k, _ in node.value if not isinstance(k.value, list)]
            if len(keys) != len(set(keys)):
                raise Unsure("duplicate key")
            return super().construct_mapping(node, deep=deep)

    for name, pattern, first in _RESOLVERS:
        _Loader.add_implicit_resolver(_CORE + name, re.compile(pattern, re.X), list(first))
    constructors = base.yaml_constructors
    for name in ("null", "bool", "str", "seq", "map"):
        _Loader.add_constructor(_CORE + name, constructors[_CORE + name])
    _Loader.add_constructor(_CORE + "int", lambda c, n: _int(c.construct_scalar(n)))
    _Loader.add_constructor(_CORE + "float", lambda c, n: _float(c.construct_scalar(n)))
    _Loader.add_constructor(None, _Loader.construct_undefined)
    return _Loader


_LOADER = _build_loader()


def available() -> bool:
    return _LOADER is not None


def _check(root: Any) -> None:
    """Refuse a recursive alias or more than MAX_EXPANDED_NODES added by aliases (no recursion:
    iterative, and memoized by identity so a bomb is refused in linear time)."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    scalars: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise Unsure("recursive alias")
        on_path.add(key)
        stack.append((node, True))
        for item in children:
            if isinstance(item.value, list):
                stack.append((item, False))
            else:
                scalars.add(id(item))
    unique = len(sizes) + len(scalars)
    if sizes.get(id(root), 1) - unique > limits.MAX_EXPANDED_NODES:
        raise Unsure("alias bomb")


def _children(node: Any) -> list[Any]:
    value = node.value
    if not isinstance(value, list):
        return []
    if value and isinstance(value[0], tuple):
        return [part for pair in value for part in pair]
    return value


def parse(text: str, *, anchors: bool) -> Any:
    """Plain data of a YAML text; `Unsure` when ruamel.yaml must decide (or name the error)."""
    yaml = importlib.import_module("yaml")
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if anchors:
            _check(node)
        return loader.construct_document(node)
    except (yaml.YAMLError, RecursionError, ValueError, IndexError, TypeError) as exc:
        raise Unsure(str(exc)) from None
    finally:
        loader.dispose()


def unreproducible_line(text: str) -> int | None:
    """The 1-based line of the first multi-line flow collection or quoted/plain multi-line
    scalar: the round-trip writer puts such a node on one line, so the file cannot round-trip.
    None when there is none, or when libyaml is missing or cannot read the text (the full
    load-and-dump comparison decides then). A cheap scan: events only, nothing constructed."""
    if _LOADER is None:
        return None
    yaml = importlib.import_module("yaml")
    opened: list[tuple[bool, int]] = []  # (flow style, start line) of each open collection
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            start: int = event.start_mark.line
            end: int = event.end_mark.line
            if isinstance(event, yaml.ScalarEvent):
                if event.style in (None, "", '"', "'") and end > start:
                    return start + 1
            elif isinstance(event, starts):
                opened.append((bool(event.flow_style), start))
            elif isinstance(event, ends) and opened:
                flow, line = opened.pop()
                if flow and end > line:
                    return line + 1
    except yaml.YAMLError:
        return None
    return None
