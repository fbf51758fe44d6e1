"""``Param``: one keyword of a generated method (path, query or body), shared by ``endpoints``
and ``bodies`` so neither imports the other's module."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from . import types

__all__ = ["Param", "field_doc", "first_paragraph"]


@dataclass
class Param:
    """One keyword of a generated method."""

    name: str  # python keyword
    wire: str  # name on the wire (python literal via pyrepr in templates)
    location: str  # path | query | body
    required: bool
    type: types.TypeNode  # without the optional part (``| None``, ``= NOT_GIVEN``)
    nullable: bool = False
    doc: str = ""
    default_doc: str = ""


class _Schemas(Protocol):
    def resolve(self, node: Any, where: str) -> Any: ...


def first_paragraph(text: object) -> str:
    """The first paragraph of a description (a keyword's one-line doc)."""
    return str(text or "").strip().split("\n\n")[0].strip()


def field_doc(doc: _Schemas, schema: Any, where: str) -> tuple[str, str]:
    """A field's one-line description (its own, else its schema's) and its default as JSON."""
    resolved = doc.resolve(schema, where) if isinstance(schema, dict) else {}
    desc = str(schema.get("description") or "") if isinstance(schema, dict) else ""
    if not desc and isinstance(resolved, dict):
        desc = str(resolved.get("description") or "")
    default = ""
    if isinstance(resolved, dict) and resolved.get("default") is not None:
        default = json.dumps(resolved["default"], ensure_ascii=False)
    return first_paragraph(desc), default
