"""Temporary re-export of `specpress.openapi.load` and `.pointer` under the old module path.

Deleted once every stage imports the document layer directly (issue 12)."""

from __future__ import annotations

from typing import Any

from specpress.openapi.document import HTTP_METHODS as HTTP_METHODS
from specpress.openapi.load import MAX_EXPANDED_NODES as MAX_ALIAS_EXPANSION
from specpress.openapi.load import SAFE_TAGS as SAFE_TAGS
from specpress.openapi.load import RoundTripDocument as Document
from specpress.openapi.load import YamlStyle as YamlStyle
from specpress.openapi.load import detect_style as detect_style
from specpress.openapi.load import dump_yaml as dump_yaml
from specpress.openapi.load import from_plain as from_plain
from specpress.openapi.load import read_plain as load_plain
from specpress.openapi.load import read_roundtrip as load_document
from specpress.openapi.load import read_text as read_text
from specpress.openapi.load import to_plain as to_plain
from specpress.openapi.pointer import escape as escape_pointer_token
from specpress.openapi.pointer import join as pointer
from specpress.openapi.pointer import split as split_pointer
from specpress.openapi.pointer import walk as walk

__all__ = [
    "HTTP_METHODS",
    "MAX_ALIAS_EXPANSION",
    "SAFE_TAGS",
    "Document",
    "YamlStyle",
    "detect_style",
    "dump_yaml",
    "escape_pointer_token",
    "from_plain",
    "load_document",
    "load_plain",
    "pointer",
    "read_text",
    "resolve_pointer",
    "split_pointer",
    "to_plain",
    "walk",
]


def resolve_pointer(document: Any, at: str) -> Any:
    """The value a JSON Pointer names; KeyError when it names nothing (old contract)."""
    from specpress.openapi.pointer import lookup

    found, node = lookup(document, at)
    if not found:
        raise KeyError(at)
    return node
