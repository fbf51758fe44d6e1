"""Alias-only shim of ``gcore._compat``."""

from gcore_streaming_ai._typing import PYDANTIC_V1, field_outer_type, get_model_fields

__all__ = ["PYDANTIC_V1", "field_outer_type", "get_model_fields"]
