"""Checked reading of one YAML settings file that reports every defect, not just the first.

Each check records a `SpecpressError` (file and JSON Pointer of the key) and raises `Skip`, which
abandons only the item being read (one resource, one method, one section); the caller catches it
and goes on with the next item. `Reader.finish()` then raises all recorded errors at once: one
error as it is, several as `SpecpressErrors` (one line each).
"""

from __future__ import annotations

import contextlib
import keyword
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from specpress.errors import SpecpressError, SpecpressErrors
from specpress.openapi import pointer

__all__ = ["Reader", "Skip"]

T = TypeVar("T")


class Skip(Exception):
    """The item being read is unusable; its error is already recorded."""


class Reader:
    def __init__(self, source: Path | None) -> None:
        self.source = source
        self.errors: list[SpecpressError] = []

    def note(self, message: str, where: str) -> None:
        """Record an error and go on reading."""
        self.errors.append(SpecpressError(message, file=self.source, location=where or "/"))

    def fail(self, message: str, where: str) -> Skip:
        """Record an error; the returned `Skip` is raised by the caller to drop the item."""
        self.note(message, where)
        return Skip()

    def item(self) -> contextlib.suppress:
        """Read one item: a `Skip` inside drops it and reading goes on."""
        return contextlib.suppress(Skip)

    def each(self, values: Any, read: Callable[[Any, str], T], where: str) -> list[T]:
        """`read(value, pointer)` of every list item that reads without error."""
        out: list[T] = []
        for index, value in enumerate(values):
            with self.item():
                out.append(read(value, pointer.child(where, index)))
        return out

    def finish(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise SpecpressErrors(self.errors)

    # --- checks ---------------------------------------------------------------------------------

    def mapping(
        self,
        value: Any,
        where: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
        any_keys: bool = False,
    ) -> dict[str, Any]:
        """A mapping: unknown keys are noted (the rest is still read), missing ones drop it."""
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping, got {type(value).__name__}", where)
        if not any_keys:
            allowed = ", ".join(required + optional)
            for key in sorted(str(k) for k in value if k not in required and k not in optional):
                self.note(f"unknown key {key!r} (allowed: {allowed})", pointer.child(where, key))
        missing = [key for key in required if key not in value]
        for key in missing:
            self.note(f"missing required key {key!r}", pointer.child(where, key))
        if missing:
            raise Skip()
        return value

    def string(self, value: Any, where: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value):
            raise self.fail(f"expected a non-empty string, got {value!r}", where)
        return value

    def identifier(self, value: Any, where: str) -> str:
        text = self.string(value, where)
        if not text.isidentifier() or keyword.iskeyword(text) or not text.isascii():
            raise self.fail(f"{text!r} is not a usable Python identifier", where)
        return text

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise self.fail(f"expected a positive number, got {value!r}", where)
        return float(value)

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail("expected true or false", where)
        return value

    def strings(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("expected a non-empty list of strings", where)
        return tuple(self.string(v, pointer.child(where, i)) for i, v in enumerate(value))

    def listing(self, value: Any, where: str) -> list[Any]:
        """An optional list (absent: empty)."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail("expected a list", where)
        return value


def read_sdk_yaml(path: Path) -> Any:
    """The file as plain data (a missing file is an error naming it)."""
    from specpress.openapi.load import read_plain

    if not path.is_file():
        raise SpecpressError("sdk.yaml not found", file=path)
    return read_plain(path)
