"""Schema keywords and values as the comparison reads them: JSON equality, types, defaults.

Pure functions of one or two schema nodes, shared by the comparison (`compare`), its list
matching (`members`), its readings of shape changes (`shapes`) and the schema rules.
"""

from __future__ import annotations

import json
from typing import Any

# Keywords that only annotate (oasdiff's list, for "validation-equivalent").
ANNOTATIONS = frozenset(
    {"title", "description", "default", "example", "examples", "externalDocs", "$comment"}
)
# Single subschema slots, lists of subschemas and maps of subschemas, in oasdiff's walk order.
SLOTS = (
    "items",
    "additionalProperties",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "if",
    "then",
    "else",
    "not",
    "contentSchema",
)
LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs")
STRUCTURAL = frozenset((*SLOTS, *LISTS, *MAPS))
# Absent keywords with a default (oasdiff reads them as Go zero values).
_DEFAULTS: dict[str, Any] = {
    "minLength": 0,
    "minItems": 0,
    "minProperties": 0,
    "nullable": False,
    "readOnly": False,
    "writeOnly": False,
    "deprecated": False,
    "uniqueItems": False,
    "allowEmptyValue": False,
    "format": "",
    "pattern": "",
    "contentMediaType": "",
    "contentEncoding": "",
}


def canon(value: Any) -> str:
    """A value as canonical JSON text (keys sorted; non-string YAML keys made strings)."""
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except TypeError:  # mixed key types cannot be sorted
        return json.dumps(_string_keys(value), sort_keys=True, default=str)


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def types_of(node: dict[str, Any]) -> list[str]:
    """`type` as a list; an unquoted YAML `null` in a 3.1 type array means "null"."""
    raw = node.get("type")
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return ["null" if t is None else str(t) for t in raw]
    return []


def _value(node: dict[str, Any], key: str) -> Any:
    value = node.get(key, _DEFAULTS.get(key))
    return _DEFAULTS.get(key) if value is None and key in _DEFAULTS else value


def same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b):
        return False
    return bool(a == b) and (not isinstance(a, dict | list) or canon(a) == canon(b))


def enum_delta(old: Any, new: Any) -> tuple[list[Any], list[Any]]:
    """(added, removed) enum values, compared as JSON values."""
    old_list = old if isinstance(old, list) else []
    new_list = new if isinstance(new, list) else []
    old_keys = {canon(v) for v in old_list}
    new_keys = {canon(v) for v in new_list}
    added = [v for v in new_list if canon(v) not in old_keys]
    removed = [v for v in old_list if canon(v) not in new_keys]
    return added, removed


def keyword_changed(key: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    if key == "type":
        return set(types_of(old)) != set(types_of(new))
    if key == "required":
        return set(map(str, as_list(old.get("required")))) != set(
            map(str, as_list(new.get("required")))
        )
    if key == "enum":
        added, removed = enum_delta(old.get("enum"), new.get("enum"))
        return bool(added or removed)
    return not same(_value(old, key), _value(new, key))


def strict_equal(a: Any, b: Any) -> bool:
    """JSON equality (`==` alone says `1 == true`)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and a.keys() == b.keys()
            and all(strict_equal(v, b[k]) for k, v in a.items())
        )
    if isinstance(a, list):
        return (
            isinstance(b, list)
            and len(a) == len(b)
            and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    return bool(a == b)


def is_ref(raw: Any) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("$ref"), str)


def as_schema(node: Any) -> dict[str, Any] | None:
    """A JSON Schema value as a mapping: `true` accepts all, `false` nothing."""
    if isinstance(node, dict):
        return node
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    return None


def is_bare_null(node: Any) -> bool:
    if not isinstance(node, dict) or types_of(node) != ["null"]:
        return False
    return all(k in ANNOTATIONS or k == "type" for k in node)


def is_null_wrapper(node: dict[str, Any]) -> bool:
    """`oneOf`/`anyOf: [X, {type: 'null'}]` and nothing else: nullable X, whichever keyword."""
    return wrapper_kind(node) is not None


def wrapper_kind(node: dict[str, Any]) -> str | None:
    """ "oneOf"/"anyOf" when `node` is a bare two-branch wrapper with one bare null branch."""
    for kind in ("oneOf", "anyOf"):
        members = node.get(kind)
        if not (isinstance(members, list) and len(members) == 2):
            continue
        others = [k for k in node if k != kind and k not in ANNOTATIONS]
        if others:
            return None
        if sum(1 for m in members if is_bare_null(m)) == 1:
            return kind
    return None
