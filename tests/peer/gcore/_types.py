"""Alias-only shim of ``gcore._types``."""

from gcore_streaming_ai._types import NOT_GIVEN, NoneType, NotGiven, Omit, omit

__all__ = ["NOT_GIVEN", "NoneType", "NotGiven", "Omit", "omit"]
