"""Normalized YAML: one deterministic block style for any plain document, fast, no recursion.

The round-trip writer (`RoundTripDocument.dump`) reproduces a source's own style, which only
works where ruamel.yaml can write that style back. A document it cannot reproduce byte for byte
(multi-line flow mappings, folded quoted scalars, JSON) is written here instead: block mappings
and sequences indented by two, multi-line text as literal blocks, every other scalar plain when
that reads back as the same string under YAML 1.2 and 1.1 rules alike (so `yes`, `012` and
`2024-01-01` are quoted), else double-quoted with YAML escapes. The choice of style
depends only on the data (never on the machine, the locale or an installed C library), and the
text reads back to equal data in both read modes (the build proves it for each output with
`first_difference`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from specpress.errors import SpecpressError

__all__ = ["dump_normalized", "first_difference"]

INDENT = 2
MAX_IMPLICIT_KEY = 1000  # YAML caps an implicit key at 1024 characters: longer ones use `? `

# Characters that may stand unescaped in a double-quoted scalar (YAML's printable set minus the
# line and paragraph separators, NEL and the BOM, which some readers treat as breaks or marks).
_PRINTABLE = "\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_UNSAFE = re.compile(f'[^{_PRINTABLE}]|["\\\\]')
_UNSAFE_IN_BLOCK = re.compile(f"[^\n{_PRINTABLE}]")
# A plain scalar that starts like a number, a date or a sign, or holds an indicator pair.
_NUMBERISH = re.compile(r"^[-+.]?[0-9]|^[-+]?\.(?:inf|nan)$", re.IGNORECASE)
_FIRST_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@`~= \t")
_WORDS = frozenset(
    {"y", "yes", "n", "no", "on", "off", "true", "false", "null", "<<", "=", ".inf", ".nan"}
)
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\0": "\\0"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    known = _ESCAPES.get(char)
    if known is not None:
        return known
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quoted(text: str) -> str:
    """`text` as a double-quoted scalar (escapes only where needed)."""
    return '"' + _UNSAFE.sub(_escape, text) + '"'


def _plain_ok(text: str) -> bool:
    """Whether `text` can be written plain and read back as this very string (YAML 1.1 and
    1.2 readers alike: `yes`, `012` or `2024-01-01` are quoted)."""
    return not (
        not text
        or text[0] in _FIRST_FORBIDDEN
        or text[-1] in " :\t"
        or ": " in text
        or " #" in text
        or text.lower() in _WORDS
        or _NUMBERISH.match(text) is not None
        or _UNSAFE.search(text) is not None
    )


def _literal_ok(text: str) -> bool:
    """A multi-line string a literal block keeps exactly: printable, no tabs or carriage
    returns, and no leading space or break (the reader guesses the indentation from there)."""
    if "\n" not in text or text[0] in " \n" or "\t" in text or "\r" in text:
        return False
    return _UNSAFE_IN_BLOCK.search(text) is None


def scalar(value: Any) -> str:
    """A non-collection value as a one-line YAML scalar."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(float(value))
        mantissa, e, exponent = text.partition("e")
        if "." not in mantissa:
            mantissa += ".0"  # YAML 1.1 readers need the dot (`1e-05` would be a string)
        return mantissa + e + exponent
    if isinstance(value, str):
        text = str(value)
        return text if _plain_ok(text) else quoted(text)
    raise SpecpressError(f"cannot write a {type(value).__name__} value as YAML")


def _literal(text: str, indent: int) -> list[str]:
    """A literal block: header, then the lines at `indent` (empty lines stay empty)."""
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    pad = " " * indent
    lines = [f"|{chomp}"] + [f"\n{pad}{line}" if line else "\n" for line in body.split("\n")]
    lines.extend("\n" for _ in range(trailing - 1))
    return lines


def dump_normalized(data: Any) -> str:
    """The document as normalized YAML text (see the module docstring)."""
    out: list[str] = []
    # tasks: ("w", text) writes text; ("n", node, column, mode) writes a node, where mode says
    # what precedes it on the current line: "top" (nothing), "key" (`key:`), "dash" (`- `).
    tasks: list[tuple[Any, ...]] = [("n", data, 0, "top")]
    while tasks:
        task = tasks.pop()
        if task[0] == "w":
            out.append(task[1])
            continue
        _, node, column, mode = task
        if isinstance(node, Mapping) and node:
            tasks.extend(reversed(_mapping_tasks(node, column, mode)))
        elif isinstance(node, list) and node:
            tasks.extend(reversed(_sequence_tasks(node, column, mode)))
        else:
            out.extend(_leaf(node, column, mode))
    text = "".join(out).lstrip("\n")
    return text + "\n"


def _mapping_tasks(node: Mapping[Any, Any], column: int, mode: str) -> list[tuple[Any, ...]]:
    inner = 0 if mode == "top" else column + INDENT
    tasks: list[tuple[Any, ...]] = []
    for index, (key, value) in enumerate(node.items()):
        lead = "" if index == 0 and mode == "dash" else "\n" + " " * inner
        key_text = scalar(key)
        if len(key_text) > MAX_IMPLICIT_KEY or "\n" in key_text:
            tasks.append(("w", f"{lead}? {key_text}\n{' ' * inner}:"))
        else:
            tasks.append(("w", f"{lead}{key_text}:"))
        tasks.append(("n", value, inner, "key"))
    return tasks


def _sequence_tasks(node: list[Any], column: int, mode: str) -> list[tuple[Any, ...]]:
    dash = 0 if mode == "top" else column + INDENT
    tasks: list[tuple[Any, ...]] = []
    for index, item in enumerate(node):
        lead = "" if index == 0 and mode == "dash" else "\n" + " " * dash
        tasks.append(("w", f"{lead}- "))
        tasks.append(("n", item, dash, "dash"))
    return tasks


def _leaf(node: Any, column: int, mode: str) -> list[str]:
    space = " " if mode == "key" else ""
    if isinstance(node, Mapping):
        return [space + "{}"]
    if isinstance(node, list):
        return [space + "[]"]
    if isinstance(node, str) and mode == "top":
        return [quoted(str(node))]  # a top-level `...` or `---` would end the document
    if isinstance(node, str) and _literal_ok(str(node)):
        return [space, *_literal(str(node), column + INDENT)]
    return [space + scalar(node)]


def first_difference(a: Any, b: Any) -> str | None:
    """The JSON Pointer of the first place two plain documents differ (JSON types: `1` is not
    `1.0` or `true`), or None when they are equal. No recursion."""
    from specpress.openapi import pointer

    stack: list[tuple[str, Any, Any]] = [("", a, b)]
    while stack:
        at, x, y = stack.pop()
        if isinstance(x, Mapping) and isinstance(y, Mapping):
            if list(x) != list(y):
                return at or "/"
            stack.extend((f"{at}/{pointer.escape(str(k))}", x[k], y[k]) for k in x)
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return at or "/"
            stack.extend((f"{at}/{i}", p, q) for i, (p, q) in enumerate(zip(x, y, strict=True)))
        elif _kind(x) != _kind(y) or not (x == y or (_is_nan(x) and _is_nan(y))):
            return at or "/"
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return type(value).__name__


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
