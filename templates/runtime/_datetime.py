"""``WireDatetime``: the type of every ``format: date-time`` field.

The official SDKs give these fields as ``datetime``; this package does too, and also keeps the
exact text the server sent, so ``model_dump(mode="json")`` / ``to_dict()`` / ``to_json()`` give
back the wire value byte for byte (``"2026-06-26T16:26:29.25Z"`` stays that, not
``"2026-06-26T16:26:29.250000Z"``). A recording replayed and re-dumped is the recording.

How: the validator parses with ``datetime.fromisoformat`` (C code, every ISO 8601 form Python
3.11 knows) into a ``datetime`` subclass that remembers the wire value in one slot; anything else
(a Unix timestamp, a form ``fromisoformat`` rejects) goes through pydantic's own ``datetime``
parsing and is remembered the same way. The JSON serializer writes the remembered value, or
``isoformat()`` for a ``datetime`` you built yourself. ``isinstance(value, datetime)`` holds, and
type checkers see plain ``datetime``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeAlias

from pydantic import PlainSerializer, PlainValidator, TypeAdapter

__all__ = ["WireDatetime", "wire_value"]


class _Timestamp(datetime):
    """A ``datetime`` that remembers the value it was parsed from (``_wire``)."""

    __slots__ = ("_wire",)
    _wire: str | int | float

    def __repr__(self) -> str:
        text = datetime.__repr__(self)
        return "datetime.datetime" + text[text.index("(") :]


_from_text = _Timestamp.fromisoformat
_fallback: TypeAdapter[datetime] | None = None


def _parse(value: Any) -> datetime:
    if type(value) is str:
        try:
            parsed = _from_text(value)
        except ValueError:
            pass
        else:
            parsed._wire = value
            return parsed
    elif isinstance(value, datetime):
        return value
    global _fallback
    if _fallback is None:
        _fallback = TypeAdapter(datetime)
    plain = _fallback.validate_python(value)  # raises a ValidationError for garbage
    result = _Timestamp(
        plain.year,
        plain.month,
        plain.day,
        plain.hour,
        plain.minute,
        plain.second,
        plain.microsecond,
        plain.tzinfo,
        fold=plain.fold,
    )
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        result._wire = value
    return result


def wire_value(value: datetime) -> str | int | float:
    """The value as it was on the wire (``isoformat()`` for a ``datetime`` built in Python)."""
    wire = getattr(value, "_wire", None)
    return value.isoformat() if wire is None else wire


WireDatetime: TypeAlias = Annotated[
    datetime,
    PlainValidator(_parse),
    PlainSerializer(wire_value, when_used="json"),
]
