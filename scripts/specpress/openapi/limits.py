"""The one policy every YAML/JSON read enforces, in both read modes (see `specpress.openapi.load`).

An OpenAPI document never needs more than the YAML core types and a few aliases; an attacker
might send `!!python/object`, a recursive alias or a billion-laughs alias bomb. So: explicit tags
other than the core ones are refused, a recursive alias is refused, and aliases may add at most
`MAX_EXPANDED_NODES` nodes to the document (real specs use none; the memoized count makes a bomb
cost linear time to refuse). Both modes word the refusals the same way, from here.
"""

from __future__ import annotations

__all__ = [
    "CORE_TYPES",
    "MAX_EXPANDED_NODES",
    "SAFE_TAGS",
    "bomb_message",
    "line_col",
    "recursive_message",
    "tag_message",
]

#: Nodes that expanding aliases may add to a document (an alias bomb adds billions).
MAX_EXPANDED_NODES = 1_000_000
CORE_TYPES = ("str", "int", "float", "bool", "null", "map", "seq")
#: Explicit tags a document may carry; `!` is the non-specific tag.
SAFE_TAGS = frozenset({"!"} | {f"tag:yaml.org,2002:{t}" for t in CORE_TYPES})


def bomb_message() -> str:
    return f"alias expansion exceeds {MAX_EXPANDED_NODES} nodes (YAML alias bomb?)"


def recursive_message(anchor: str) -> str:
    return f"recursive alias *{anchor} is not allowed (it refers to itself)"


def tag_message(tag: object) -> str:
    return f"unsafe or unknown tag {tag!s} is not allowed"


def line_col(line0: int, col0: int) -> str:
    """A 0-based mark as the 1-based location every error names."""
    return f"line {line0 + 1}, column {col0 + 1}"
