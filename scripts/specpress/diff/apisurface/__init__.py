"""Public Python API of a package directory, read with `ast` (never imported), and its diff.

The wire diff cannot see what a regeneration does to user code: a renamed operationId or tag
renames a method while the HTTP traffic stays identical. Comparing the public surface of the
two generated packages gives the bump a user of the Python package needs.

Public means: reachable through a module path without `_`-prefixed parts, via `__all__` when a
module has one, else its own public top-level definitions (and, in `__init__.py`, its re-exports
from inside the package). Classes list their public methods (plus `__init__` and `__call__`),
properties and annotated fields, inherited ones included.

A module-level ``_DEPRECATED_ALIASES: dict[str, str] = {"Old": "New"}`` (what the generated
``models`` modules render from ``sdk.yaml`` ``names.deprecated``) makes ``Old`` a public name of
kind ``deprecated`` pointing at ``New``: a rename that keeps the old name importable is
``python-renamed-deprecated`` (not breaking), and the old class's members and annotations are
compared under the new name. Dropping the alias later is ``python-removed``.
"""

from specpress.diff.apisurface.annotations import annotation_text
from specpress.diff.apisurface.compare import compare_surfaces
from specpress.diff.apisurface.extract import DEPRECATED_ALIASES, extract_surface
from specpress.diff.apisurface.model import ApiChange, Member, Param, Surface

__all__ = [
    "DEPRECATED_ALIASES",
    "ApiChange",
    "Member",
    "Param",
    "Surface",
    "annotation_text",
    "compare_surfaces",
    "extract_surface",
]
