"""Alias-only shim of ``gcore._utils``: typing-introspection helpers of our runtime."""

from gcore_streaming_ai._typing import (
    extract_type_arg,
    is_annotated_type,
    is_dict,
    is_list,
    is_list_type,
    is_sequence_type,
    is_type_alias_type,
    is_union_type,
)

__all__ = [
    "extract_type_arg",
    "is_annotated_type",
    "is_dict",
    "is_list",
    "is_list_type",
    "is_sequence_type",
    "is_type_alias_type",
    "is_union_type",
]
