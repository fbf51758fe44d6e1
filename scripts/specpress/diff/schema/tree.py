"""The schema-diff tree: what differs between two schemas, shaped as oasdiff's.

A `SchemaDiff` holds the keywords whose values differ (`values`), a diff per single subschema
slot (`items`, `additionalProperties`, `contains`, `if`, ...), per list (`allOf`, `anyOf`,
`oneOf`, `prefixItems`) and per map (`properties`, `patternProperties`, `dependentSchemas`),
plus three derived readings of shape changes (nullable wrapping, list of types, oneOf
wrapping). Only non-empty diffs are kept, so walking the tree costs as much as the change, not
as the documents. `Comparison` is what the parts building and walking it need of the comparer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from specpress.diff.schema.values import ANNOTATIONS, is_null_wrapper, types_of
from specpress.openapi.refs import Resolver


class Comparison(Protocol):
    """The schema comparer as its helpers see it (`compare.SchemaComparer` is the one)."""

    old: Resolver
    new: Resolver

    def diff(self, b_raw: Any, r_raw: Any, b_ptr: str, r_ptr: str) -> SchemaDiff | None: ...

    def equivalent(self, b_raw: Any, r_raw: Any, b_ptr: str, r_ptr: str) -> bool: ...

    def resolve(
        self, side: Resolver, raw: Any, location: str
    ) -> tuple[dict[str, Any] | None, str, str]: ...

    def resolve_old(self, raw: Any, location: str) -> tuple[dict[str, Any], str]: ...

    def resolve_new(self, raw: Any, location: str) -> tuple[dict[str, Any], str]: ...


@dataclass(eq=False)
class SubDiff:
    """A list of subschemas: indexes added (revision), deleted (base), and modified pairs."""

    added: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    modified: list[tuple[int, int, SchemaDiff]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.added or self.deleted or self.modified)


@dataclass(eq=False)
class MapDiff:
    """A map of subschemas (`properties`, ...): names added, deleted, and modified."""

    added: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    modified: dict[str, SchemaDiff] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.added or self.deleted or self.modified)


@dataclass(eq=False)
class SchemaDiff:
    """The changes between two schemas; `base` / `rev` is None for a schema added / removed."""

    base: dict[str, Any] | None
    rev: dict[str, Any] | None
    base_ptr: str
    rev_ptr: str
    values: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    slots: dict[str, SchemaDiff] = field(default_factory=dict)
    lists: dict[str, SubDiff] = field(default_factory=dict)
    maps: dict[str, MapDiff] = field(default_factory=dict)
    circular: bool = False
    list_of_types: tuple[list[str], list[str]] | None = None  # (added, deleted)
    one_of_wrapping: list[str] | None = None  # base properties moved into the alternatives
    nullable_wrapping: str | None = None  # "added" | "removed"
    variant_switch: tuple[str, str] | None = None  # ("anyOf", "oneOf"): same members, new kind

    @property
    def added(self) -> bool:
        return self.base is None and self.rev is not None

    @property
    def deleted(self) -> bool:
        return self.rev is None and self.base is not None

    @property
    def both(self) -> bool:
        return self.base is not None and self.rev is not None

    def empty(self) -> bool:
        return not (
            self.values
            or self.slots
            or self.lists
            or self.maps
            or self.circular
            or self.list_of_types
            or self.one_of_wrapping
            or self.nullable_wrapping
            or self.variant_switch
            or self.added
            or self.deleted
        )

    def old(self, key: str) -> Any:
        return self.values[key][0] if key in self.values else None

    def new(self, key: str) -> Any:
        return self.values[key][1] if key in self.values else None

    @property
    def type_added(self) -> list[str]:
        if "type" not in self.values or not self.both:
            return []
        assert self.base is not None and self.rev is not None
        old = types_of(self.base)
        return [t for t in types_of(self.rev) if t not in old]

    @property
    def type_deleted(self) -> list[str]:
        if "type" not in self.values or not self.both:
            return []
        assert self.base is not None and self.rev is not None
        new = types_of(self.rev)
        return [t for t in types_of(self.base) if t not in new]

    def validation_changed(self) -> bool:
        """True unless the only differences are annotations (oasdiff's equivalence)."""
        if self.added or self.deleted or self.circular:
            return True
        if any(k not in ANNOTATIONS for k in self.values):
            return True
        if self.list_of_types or self.one_of_wrapping or self.nullable_wrapping:
            return True
        if self.variant_switch and not (
            is_null_wrapper(self.base or {}) and is_null_wrapper(self.rev or {})
        ):  # a null wrapper validates the same either way
            return True
        if any(sub.validation_changed() for sub in self.slots.values()):
            return True
        for lst in self.lists.values():
            if lst.added or lst.deleted or any(d.validation_changed() for *_, d in lst.modified):
                return True
        for mp in self.maps.values():
            if mp.added or mp.deleted or any(d.validation_changed() for d in mp.modified.values()):
                return True
        return False
