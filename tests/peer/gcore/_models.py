"""Alias-only shim of ``gcore._models``."""

from gcore_streaming_ai._models import BaseModel

__all__ = ["BaseModel"]
