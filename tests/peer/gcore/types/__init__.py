"""Alias-only shim of ``gcore.types``."""
