"""Lenient parsing: rebuild a response that failed strict validation, recording each deviation.

Only reached after the one strict ``validate_json`` pass failed on valid JSON (so never on the
fast path). Each subtree is first validated strictly; only the parts that fail are rebuilt:

- a model from a JSON object: every field validated on its own; a field that fails is rebuilt
  recursively (nested models, lists, dicts, unions) or, for a scalar, kept exactly as sent; a
  missing required field reads as ``None`` (and stays out of ``model_fields_set``, so dumps with
  ``exclude_unset=True`` still match the wire); unknown fields are kept as extras;
- a discriminated union: the variant its tag names, rebuilt; no such variant: kept as sent;
- anything else that does not match (an object where a list was declared ...): kept as sent.

Every model built here remembers the deviations inside it: ``obj.model_deviations()``.
"""

from __future__ import annotations

import reprlib
import weakref
from dataclasses import dataclass
from typing import Annotated, Any

import pydantic
from pydantic import TypeAdapter, ValidationError

from ._typing import (
    extract_type_arg,
    is_annotated_type,
    is_list_type,
    is_sequence_type,
    is_type_alias_type,
    is_union_type,
)

__all__ = ["Deviation", "build_lenient", "deviations_of"]


@dataclass(frozen=True)
class Deviation:
    """One place where a response did not match its model."""

    operation: str
    """``METHOD /path`` of the request."""
    path: str
    """Dotted field path from the top of the body (``results.3.status``; ``""`` = the body)."""
    expected: str
    """The declared type (``int``, ``AiTaskBase``, ``list[Item]`` ...)."""
    got: str
    """What came instead: ``missing``, or the JSON type and a short excerpt of the value."""

    def __str__(self) -> str:
        where = self.path or "(body)"
        return f"{where}: expected {self.expected}, got {self.got}"


_short = reprlib.Repr()
_short.maxstring = 40
_short.maxother = 40
_short.maxlist = 3
_short.maxdict = 3
_short.maxlevel = 2

_JSON_TYPES = {
    dict: "object",
    list: "array",
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
}

# id(model) -> (weak reference, deviations inside it); entries vanish with the model.
_RECORDS: dict[int, tuple[weakref.ref[Any], tuple[Deviation, ...]]] = {}
_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def deviations_of(obj: object) -> list[Deviation]:
    """The deviations recorded while building ``obj`` leniently (empty if it validated)."""
    entry = _RECORDS.get(id(obj))
    if entry is None or entry[0]() is not obj:
        return []
    return list(entry[1])


def _remember(obj: object, found: list[Deviation]) -> None:
    key = id(obj)

    def forget(_ref: weakref.ref[Any]) -> None:
        _RECORDS.pop(key, None)

    try:
        ref = weakref.ref(obj, forget)
    except TypeError:  # not weak-referenceable (a plain list, dict)
        return
    _RECORDS[key] = (ref, tuple(found))


def _adapter(tp: Any) -> TypeAdapter[Any]:
    try:
        return _ADAPTERS[tp]
    except KeyError:
        adapter = _ADAPTERS[tp] = TypeAdapter(tp)
        return adapter
    except TypeError:  # unhashable annotation
        return TypeAdapter(tp)


def _type_name(tp: Any) -> str:
    if isinstance(tp, type):
        return tp.__name__
    text = repr(tp).replace("typing.", "")
    return text if len(text) <= 80 else text[:77] + "..."


def _got(value: Any) -> str:
    kind = _JSON_TYPES.get(type(value), type(value).__name__)
    return f"{kind} {_short.repr(value)}"


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


class _Builder:
    def __init__(self, operation: str) -> None:
        self.operation = operation
        self.found: list[Deviation] = []

    def note(self, path: tuple[str, ...], expected: Any, got: str) -> None:
        self.found.append(Deviation(self.operation, ".".join(path), _type_name(expected), got))

    def build(self, tp: Any, data: Any, path: tuple[str, ...]) -> Any:
        try:
            return _adapter(tp).validate_python(data)
        except ValidationError:
            pass
        return self.repair(tp, data, path)

    def repair(self, tp: Any, data: Any, path: tuple[str, ...]) -> Any:
        declared = tp
        if is_type_alias_type(tp):
            tp = tp.__value__
        metadata: tuple[Any, ...] = ()
        if is_annotated_type(tp):
            metadata = tuple(getattr(tp, "__metadata__", ()))
            tp = extract_type_arg(tp, 0)
        if is_union_type(tp):
            return self.repair_union(tp, metadata, data, path, declared)
        if _is_model(tp):
            if not isinstance(data, dict):
                self.note(path, declared, _got(data))
                return data
            return self.repair_model(tp, data, path)
        if is_list_type(tp) or is_sequence_type(tp):
            if not isinstance(data, list):
                self.note(path, declared, _got(data))
                return data
            item = extract_type_arg(tp, 0) if getattr(tp, "__args__", None) else Any
            return [self.build(item, v, (*path, str(i))) for i, v in enumerate(data)]
        origin = getattr(tp, "__origin__", None)
        if origin is dict and isinstance(data, dict) and len(getattr(tp, "__args__", ())) == 2:
            value_type = extract_type_arg(tp, 1)
            return {k: self.build(value_type, v, (*path, str(k))) for k, v in data.items()}
        self.note(path, declared, _got(data))
        return data

    def repair_union(
        self,
        tp: Any,
        metadata: tuple[Any, ...],
        data: Any,
        path: tuple[str, ...],
        declared: Any,
    ) -> Any:
        members = [m for m in tp.__args__ if m is not type(None)]
        discriminator = next((m for m in metadata if isinstance(m, pydantic.Discriminator)), None)
        if discriminator is not None and callable(discriminator.discriminator):
            tag = discriminator.discriminator(data)
            for member in members:
                if is_annotated_type(member) and any(
                    isinstance(m, pydantic.Tag) and m.tag == tag for m in member.__metadata__
                ):
                    return self.repair(member, data, path)
            self.note(path, declared, _got(data))
            return data
        models = [m for m in members if _is_model(m)]
        if isinstance(data, dict) and models:
            # The model sharing the most keys with the object is the one the server meant.
            best = max(models, key=lambda m: _overlap(m, data))
            return self.repair_model(best, data, path)
        if len(members) == 1:
            return self.repair(members[0], data, path)
        self.note(path, declared, _got(data))
        return data

    def repair_model(self, cls: Any, data: dict[str, Any], path: tuple[str, ...]) -> Any:
        start = len(self.found)
        values: dict[str, Any] = {}
        fields_set: set[str] = set()
        extra = dict(data)
        for name, field in cls.model_fields.items():
            key = field.alias if field.alias is not None and field.alias in extra else name
            if key in extra:
                raw = extra.pop(key)
                values[name] = self.build(_field_type(cls, name, field), raw, (*path, key))
                fields_set.add(name)
            elif field.is_required():
                self.note((*path, field.alias or name), field.annotation, "missing")
                values[name] = None
        for key in list(extra):
            if key in cls.model_fields:  # a field name used where an alias exists
                values[key] = extra.pop(key)
                fields_set.add(key)
        obj = cls.model_construct(fields_set, **values, **extra)
        _remember(obj, self.found[start:])
        return obj


_FIELD_TYPES: dict[tuple[Any, str], Any] = {}


def _field_type(cls: Any, name: str, field: Any) -> Any:
    """The field's annotation with its validation metadata (constraints, discriminator)."""
    key = (cls, name)
    try:
        return _FIELD_TYPES[key]
    except KeyError:
        pass
    extra: list[Any] = list(field.metadata)
    if field.discriminator is not None:
        disc = field.discriminator
        extra.append(
            disc if isinstance(disc, pydantic.Discriminator) else pydantic.Field(discriminator=disc)
        )
    tp = Annotated[(field.annotation, *extra)] if extra else field.annotation
    _FIELD_TYPES[key] = tp
    return tp


def _overlap(model: Any, data: dict[str, Any]) -> int:
    names = set()
    for name, field in model.model_fields.items():
        names.add(name)
        if field.alias:
            names.add(field.alias)
    return len(names & data.keys())


def build_lenient(cast_to: Any, data: Any, operation: str) -> tuple[Any, list[Deviation]]:
    """``data`` (parsed JSON) as ``cast_to``, rebuilt where it does not match; the deviations."""
    builder = _Builder(operation)
    value = builder.repair(cast_to, data, ())
    if builder.found:
        _remember(value, builder.found)
    return value, builder.found
