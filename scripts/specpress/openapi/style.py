"""Block indentation of a YAML file, detected so that a round-trip dump reproduces it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["YamlStyle", "detect_style"]


@dataclass(frozen=True)
class YamlStyle:
    """Block indentation of a file, detected so that dumping reproduces it."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*$")
_DASH_LINE = re.compile(r"^( *)- ")
_NESTED_KEY = re.compile(r"^( *)[^\s#-][^:#]*:")


def detect_style(text: str) -> YamlStyle:
    """Block indentation of `text`: the first nested mapping and the first block sequence."""
    mapping: int | None = None
    offset: int | None = None
    for prev, line in itertools.pairwise(text.splitlines()):
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
