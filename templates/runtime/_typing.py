"""Typing introspection used by the lenient parser (and re-exported for test helpers that
expect the official SDKs' ``_utils`` / ``_compat`` names).

Each helper answers one question about a type annotation (``list[int]``, ``X | None``,
``Annotated[T, ...]``, a ``TypeAliasType``) or about a value, with no side effects.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from typing import Annotated, Any, Union, get_args, get_origin

import pydantic
import typing_extensions

__all__ = [
    "PYDANTIC_V1",
    "extract_type_arg",
    "field_outer_type",
    "get_model_fields",
    "is_annotated_type",
    "is_dict",
    "is_list",
    "is_list_type",
    "is_sequence_type",
    "is_type_alias_type",
    "is_union_type",
]

PYDANTIC_V1: bool = pydantic.VERSION.startswith("1.")
"""Always False here (pydantic v2 is required); kept for code written against both."""

_ALIAS_TYPES: tuple[type, ...] = tuple(
    dict.fromkeys(
        t
        for t in (getattr(typing, "TypeAliasType", None), typing_extensions.TypeAliasType)
        if isinstance(t, type)
    )
)


def is_dict(obj: object) -> typing.TypeGuard[dict[Any, Any]]:
    return isinstance(obj, dict)


def is_list(obj: object) -> typing.TypeGuard[list[Any]]:
    return isinstance(obj, list)


def is_list_type(tp: Any) -> bool:
    """``list`` or ``list[X]``."""
    return (get_origin(tp) or tp) is list


def is_sequence_type(tp: Any) -> bool:
    """``Sequence[X]`` (``typing`` or ``collections.abc``)."""
    origin = get_origin(tp) or tp
    return origin is collections.abc.Sequence or origin is typing.Sequence


def is_union_type(tp: Any) -> bool:
    """``Union[A, B]``, ``Optional[A]`` or ``A | B``."""
    origin = get_origin(tp)
    return origin is Union or origin is types.UnionType


def is_annotated_type(tp: Any) -> bool:
    """``Annotated[T, ...]``."""
    return get_origin(tp) is Annotated


def is_type_alias_type(tp: Any) -> bool:
    """A PEP 695 ``type X = ...`` alias (``typing`` or ``typing_extensions``)."""
    return isinstance(tp, _ALIAS_TYPES)


def extract_type_arg(tp: Any, index: int) -> Any:
    """The ``index``-th type argument of ``tp``; ``RuntimeError`` when it has none there."""
    args = get_args(tp)
    try:
        return args[index]
    except IndexError:
        raise RuntimeError(f"Expected type {tp} to have a type argument at index {index}") from None


def get_model_fields(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The model's fields by Python name (pydantic ``FieldInfo`` objects)."""
    return dict(model.model_fields)


def field_outer_type(field: Any) -> Any:
    """The declared annotation of a pydantic field."""
    return field.annotation
