"""``specpress generate``: typed client packages from the patched specs into ``generated/<dist>/``.

Per API (``specs/<api>/openapi.yaml`` + ``specs/<api>/sdk.yaml``), one module per job:

- ``naming``: every class name, public module and deprecated alias, decided before rendering;
- ``endpoints``: each sdk.yaml method as a typed ``Endpoint`` (keywords, ``types`` trees, pages,
  overloads), the resource tree and its waiters;
- ``models``: pydantic v2 models by datamodel-code-generator (pinned) from a derived spec, with
  the template overrides in ``templates/datamodel/``;
- ``runtime``: the plain-Python runtime of ``templates/runtime/`` (only the page styles used);
- ``render``: the client, resources, package files and docs from ``templates/client/``;
- ``package``: ruff, the fingerprint, staging and the atomic swap, ``--check``; ``cli``: the
  sub-command.
"""

from __future__ import annotations

from .cli import register, run
from .models import MAX_MODEL_DEPTH
from .package import (
    FINGERPRINT_NAME,
    PINNED_TOOLS,
    GeneratedPackage,
    check_api,
    fingerprint,
    generate_api,
    generate_package,
    stale_files,
)

__all__ = [
    "FINGERPRINT_NAME",
    "MAX_MODEL_DEPTH",
    "PINNED_TOOLS",
    "GeneratedPackage",
    "check_api",
    "fingerprint",
    "generate_api",
    "generate_package",
    "register",
    "run",
    "stale_files",
]
