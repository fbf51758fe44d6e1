"""The schema comparison: `SchemaComparer` builds a `SchemaDiff` tree per pair of schemas.

`values` (keywords and JSON equality), `tree` (the diff tree), `compare` (the comparer),
`members` (list matching), `shapes` (transitions read as one change), `walk` (nested schemas).
"""

from specpress.diff.schema.compare import SchemaComparer
from specpress.diff.schema.tree import MapDiff, SchemaDiff, SubDiff
from specpress.diff.schema.values import (
    ANNOTATIONS,
    as_dict,
    as_list,
    enum_delta,
    is_null_wrapper,
    types_of,
)
from specpress.diff.schema.walk import NewProp, Prop, added_props, deleted_props, modified_props

__all__ = [
    "ANNOTATIONS",
    "MapDiff",
    "NewProp",
    "Prop",
    "SchemaComparer",
    "SchemaDiff",
    "SubDiff",
    "added_props",
    "as_dict",
    "as_list",
    "deleted_props",
    "enum_delta",
    "is_null_wrapper",
    "modified_props",
    "types_of",
]
