"""JSON Pointers (RFC 6901): the one place that escapes, splits, follows and walks them.

Every stage names places in a document by a JSON Pointer (errors, lint findings, patches, diff
changes), so they all build and read pointers here. `lookup` and `walk` never raise and never
recurse: a pointer that names nothing is `(False, None)`, and a deeply nested document (a JSON
file may nest thousands of levels) is walked with an explicit stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError

__all__ = ["child", "escape", "join", "lookup", "parent", "resolve", "split", "unescape", "walk"]


def escape(token: object) -> str:
    """One reference token, escaped (`~` -> `~0`, `/` -> `~1`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One escaped reference token back to its text."""
    return token.replace("~1", "/").replace("~0", "~")


def join(*tokens: object) -> str:
    """A pointer from unescaped tokens (`join("paths", "/a", "get")` -> `/paths/~1a/get`)."""
    return "".join("/" + escape(t) for t in tokens)


def child(base: str, *tokens: object) -> str:
    """`base` (already a pointer) extended by unescaped tokens."""
    return base + join(*tokens)


def split(pointer: str) -> list[str]:
    """The unescaped tokens of a pointer (`""` is the whole document: no tokens)."""
    return [unescape(t) for t in pointer.split("/")[1:]] if pointer else []


def parent(pointer: str) -> tuple[str, str]:
    """(the parent's pointer, the last token unescaped) of a non-empty pointer."""
    head, _, last = pointer.rpartition("/")
    return head, unescape(last)


def lookup(document: Any, pointer: str) -> tuple[bool, Any]:
    """(found, node) for a pointer into plain or round-trip data; never raises."""
    node = document
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def resolve(document: Any, pointer: str, *, file: str | Path | None = None) -> Any:
    """The node a pointer names; a pointer naming nothing is a SpecpressError at that pointer."""
    found, node = lookup(document, pointer)
    if not found:
        raise SpecpressError("names nothing in the document", file=file, location=pointer or "/")
    return node


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every node with its pointer, parents before children, in document order (no recursion)."""
    stack: list[tuple[str, Any]] = [(pointer, value)]
    while stack:
        at, node = stack.pop()
        yield at, node
        if isinstance(node, dict):
            items = [(f"{at}/{escape(k)}", v) for k, v in node.items()]
        elif isinstance(node, list):
            items = [(f"{at}/{i}", v) for i, v in enumerate(node)]
        else:
            continue
        stack.extend(reversed(items))
