"""Mechanical upgrades: loose or outdated spellings every vendor writes, rewritten by rule.

These are not defects of meaning that need a reviewed patch; each has exactly one faithful
rewrite, so a hand patch per occurrence (with its `test` of the exact upstream value) would only
be noise. They run first in normalization (after the patches, so a patch still sees upstream
values), on every schema object of the document, in this order:

- `nullable` (OpenAPI 3.1, where the keyword means nothing): `nullable: true` becomes a type
  list with `"null"` (`anyOf: [..., {type: "null"}]` where there is no `type`); `nullable:
  false` is dropped;
- `null-default`: `default: null` on a schema that does not admit null means the API sends or
  takes null: the schema admits it (3.1: as above; 3.0: `nullable: true`);
- `coerce-default`: a scalar default of the wrong JSON type that converts without loss (`1` for
  a string, `"5"` for an integer, `"true"` for a boolean) and then validates;
- `exclusive-bounds`: 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` in a 3.1 document
  become the numeric form, and the numeric form in a 3.0 document the boolean one;
- `const` (3.0 has no `const`): `enum: [value]`;
- `examples`: a schema's `examples` must be a list in 3.1 (a mapping of Example objects becomes
  the list of their values) and does not exist in 3.0 (its first item becomes `example`); a
  media type or parameter with both `example` and `examples` keeps both in `examples`, and a
  list there becomes a mapping;
- `operation-keys`: keys an Operation object does not define (`title`, ...) become `x-` extensions.

Which run is `normalize.upgrades` in sdk.yaml: `true` (default), `false`, or a list of names.
Each rule returns the JSON Pointers it rewrote; the build prints how many per rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specpress.openapi import pointer
from specpress.openapi.load import to_plain
from specpress.spec.lint.places import iter_operations, iter_schemas
from specpress.spec.lint.values import ValueChecker

# Schema keywords that describe a value rather than constrain it: they stay outside an `anyOf`.
ANNOTATIONS = (
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
    "discriminator",
)
OPERATION_KEYS = frozenset(
    {
        "tags",
        "summary",
        "description",
        "externalDocs",
        "operationId",
        "parameters",
        "requestBody",
        "responses",
        "callbacks",
        "deprecated",
        "security",
        "servers",
    }
)


class Doc:
    """The document being upgraded: its OpenAPI version and new nodes of the tree's own kind
    (ruamel nodes in a round-trip tree, plain dicts and lists otherwise)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.v31 = (
            str(data.get("openapi", "")).startswith("3.1") if isinstance(data, dict) else False
        )
        self.roundtrip = type(data) is not dict
        self._checker: ValueChecker | None = None

    def mapping(self, items: dict[str, Any] | None = None) -> Any:
        if self.roundtrip:
            from ruamel.yaml.comments import CommentedMap

            made = CommentedMap()
            made.update(items or {})
            return made
        return dict(items or {})

    def sequence(self, items: list[Any]) -> Any:
        if self.roundtrip:
            from ruamel.yaml.comments import CommentedSeq

            return CommentedSeq(items)
        return list(items)

    def checker(self) -> ValueChecker:
        """Validates values against schemas of the document as it is now (built once per rule
        that needs it: a rewrite changes what validates)."""
        if self._checker is None:
            self._checker = ValueChecker(to_plain(self.data))
        return self._checker

    def changed(self) -> None:
        self._checker = None


def _schemas(doc: Doc) -> list[tuple[str, Any]]:
    """Every schema object, collected before any is rewritten."""
    return list(iter_schemas(doc.data))


def admits_null_by_type(schema: Any, doc: Doc) -> bool:
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return not doc.v31 and schema.get("nullable") is True


def make_nullable(schema: Any, doc: Doc) -> None:
    """Let `schema` admit null, in the document's own dialect."""
    enum = schema.get("enum")
    if isinstance(enum, list) and None not in enum:
        enum.append(None)
    if not doc.v31:
        if "$ref" in schema:  # 3.0 ignores a $ref's siblings: wrap it
            schema["allOf"] = doc.sequence([doc.mapping({"$ref": schema.pop("$ref")})])
        schema["nullable"] = True
        return
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = doc.sequence([kind, "null"])
        return
    if isinstance(kind, list):
        kind.append("null")
        return
    null = doc.mapping({"type": "null"})
    structural = [k for k in schema if k not in ANNOTATIONS and not str(k).startswith("x-")]
    for combiner in ("anyOf", "oneOf"):
        if structural == [combiner] and isinstance(schema[combiner], list):
            schema[combiner].append(null)
            return
    if not structural:
        return  # no constraint at all: null already validates
    inner = doc.mapping({k: schema.pop(k) for k in structural})
    schema["anyOf"] = doc.sequence([inner, null])


def upgrade_nullable(doc: Doc) -> list[str]:
    if not doc.v31:
        return []
    done = []
    for at, schema in _schemas(doc):
        if "nullable" in schema:
            value = schema.pop("nullable")
            if value is True and not admits_null_by_type(schema, doc):
                make_nullable(schema, doc)
            done.append(at)
    return done


def admit_null_defaults(doc: Doc) -> list[str]:
    done = []
    for at, schema in _schemas(doc):
        if (
            "default" in schema
            and schema["default"] is None
            and doc.checker().error(at, None) is not None
        ):
            make_nullable(schema, doc)
            done.append(at)
    doc.changed()
    return done


def _coerced(value: Any, kind: Any) -> tuple[bool, Any]:
    """A lossless conversion of a scalar `value` to the JSON type `kind` (found, value)."""
    if kind == "string" and isinstance(value, bool):
        return True, "true" if value else "false"
    if kind == "string" and isinstance(value, int | float):
        return True, str(value)
    if kind in ("integer", "number") and isinstance(value, str):
        text = value.strip()
        try:
            return True, int(text)
        except ValueError:
            pass
        if kind == "number":
            try:
                number = float(text)
            except ValueError:
                return False, None
            return number == number and abs(number) != float("inf"), number
    if kind == "boolean" and isinstance(value, str) and value in ("true", "false"):
        return True, value == "true"
    return False, None


def coerce_defaults(doc: Doc) -> list[str]:
    done = []
    for at, schema in _schemas(doc):
        value = schema.get("default")
        if value is None or isinstance(value, dict | list):
            continue
        if doc.checker().error(at, value) is None:
            continue
        found, converted = _coerced(value, schema.get("type"))
        if found and doc.checker().error(at, converted) is None:
            schema["default"] = converted
            done.append(f"{at}/default")
    doc.changed()
    return done


def upgrade_exclusive_bounds(doc: Doc) -> list[str]:
    done = []
    for at, schema in _schemas(doc):
        for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if exclusive not in schema:
                continue
            value = schema[exclusive]
            if doc.v31 and isinstance(value, bool):
                del schema[exclusive]
                if value and bound in schema:
                    schema[exclusive] = schema.pop(bound)
                done.append(f"{at}/{exclusive}")
            elif not doc.v31 and isinstance(value, int | float) and not isinstance(value, bool):
                schema[bound] = value
                schema[exclusive] = True
                done.append(f"{at}/{exclusive}")
    return done


def const_to_enum(doc: Doc) -> list[str]:
    if doc.v31:
        return []
    done = []
    for at, schema in _schemas(doc):
        if "const" in schema:
            value = schema.pop("const")
            if "enum" not in schema:
                schema["enum"] = doc.sequence([value])
            done.append(f"{at}/const")
    return done


def _example_value(entry: Any) -> Any:
    return entry["value"] if isinstance(entry, dict) and "value" in entry else entry


def fix_examples(doc: Doc) -> list[str]:
    done = []
    schemas = _schemas(doc)
    for at, schema in schemas:
        examples = schema.get("examples")
        if doc.v31 and isinstance(examples, dict):
            schema["examples"] = doc.sequence([_example_value(e) for e in examples.values()])
            done.append(f"{at}/examples")
        elif not doc.v31 and isinstance(examples, list):
            del schema["examples"]
            if examples and "example" not in schema:
                schema["example"] = examples[0]
            done.append(f"{at}/examples")
    for at, holder in _example_holders(doc, {at for at, _ in schemas}):
        examples = holder.get("examples")
        if isinstance(examples, list):
            named = {f"example{i + 1}": doc.mapping({"value": v}) for i, v in enumerate(examples)}
            examples = holder["examples"] = doc.mapping(named)
            done.append(f"{at}/examples")
        if "example" in holder and isinstance(examples, dict):
            name = "example"
            while name in examples:
                name += "_"
            examples[name] = doc.mapping({"value": holder.pop("example")})
            done.append(f"{at}/example")
    return done


def _example_holders(doc: Doc, schemas: set[str]) -> list[tuple[str, Any]]:
    """Media types, parameters and headers with `examples` (Example objects, not a schema's)."""
    found = []
    for at, node in pointer.walk(doc.data):
        if not isinstance(node, dict) or "examples" not in node or at in schemas or not at:
            continue
        parent = pointer.parent(at)[0]
        if parent.endswith(("/content", "/headers", "/parameters")) or "in" in node:
            found.append((at, node))
    return found


def extension_keys(doc: Doc) -> list[str]:
    done = []
    for at, operation in list(iter_operations(doc.data)):
        for key in [k for k in operation if k not in OPERATION_KEYS]:
            if isinstance(key, str) and not key.startswith("x-"):
                new = f"x-{key}"
                while new in operation:
                    new = f"x-{new}"
                rename_key(operation, key, new)
                done.append(pointer.child(at, key))
    return done


def rename_key(mapping: Any, old: Any, new: Any) -> None:
    """Rename a key in place, keeping its position (plain dicts and ruamel maps alike)."""
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        mapping[new if key == old else key] = value


#: Name -> rule, in the order they run (the names are `config.model.UPGRADE_NAMES`, which
#: sdk.yaml's `normalize.upgrades` is checked against; a test keeps the two equal).
UPGRADES: dict[str, Callable[[Doc], list[str]]] = {
    "nullable": upgrade_nullable,
    "null-default": admit_null_defaults,
    "coerce-default": coerce_defaults,
    "exclusive-bounds": upgrade_exclusive_bounds,
    "const": const_to_enum,
    "examples": fix_examples,
    "operation-keys": extension_keys,
}


def upgrade(data: Any, names: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """Run the upgrades (all, or those named) in place; returns the rewritten pointers by rule."""
    doc = Doc(data)
    report: dict[str, list[str]] = {}
    for name, rule in UPGRADES.items():
        if names is None or name in names:
            done = rule(doc)
            if done:
                report[name] = done
                doc.changed()
    return report
