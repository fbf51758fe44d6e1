"""The pinned tools a generated package depends on, and the versions that feed its fingerprint.

datamodel-code-generator writes the models, openapi-python-client's string helpers name the
keywords (``naming.parameter_name``) and ruff formats the package: a new version of any of them
may change the output, so their versions are part of every package's fingerprint and the models
header names the generator's.
"""

from __future__ import annotations

__all__ = ["PINNED_TOOLS", "tool_version"]

PINNED_TOOLS = {
    "openapi-python-client": "0.29.1",
    "datamodel-code-generator": "0.89.0",
    "ruff": "0.17.5",
}


def tool_version(name: str) -> str:
    """The pinned version of one of ``PINNED_TOOLS``."""
    return PINNED_TOOLS[name]
