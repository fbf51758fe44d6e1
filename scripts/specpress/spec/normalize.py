"""Mechanical rewrites the generators need, run after the patches (they fix no defect of meaning).

Applied in this order, each deterministic (document order, no hashing, no sets):

0. `upgrades`: the mechanical upgrades of `specpress.spec.upgrade` (`nullable` in 3.1,
   `default: null`, boolean exclusive bounds, `examples`, ...).
1. `merge_fragments`: path keys with a URL fragment (`/x#a`, `/x#b`, as Gcore publishes its create
   variants) are not valid distinct paths for any client generator. They become one operation on
   `/x`, placed where the first fragment key was (or added to an existing `/x` entry):
   - `requestBody`: per media type, `oneOf` of the variants' body schemas (refs kept, equal ones
     once); `required` if any variant requires it;
   - `responses`: per status code; equal responses kept once; otherwise the first description and,
     per media type, `oneOf` of the distinct schemas;
   - `operationId`: configured, else the common prefix of the variants' operationIds;
     `summary`/`description`: configured, else the first variant's;
     `tags` and `parameters`: the union in order; other keys: first variant that has them;
   - `x-specpress-fragments`: the merged path keys, so the origin stays visible.
   - without a common prefix: `<method>_<path>` (`post_streaming_ai_tasks`).
   If `/x` already has that method, it joins the merge as the first variant (its operationId,
   summary and description win: `existing: merge`, the default); configure `existing: keep`
   (the existing operation alone, the fragments dropped), `replace` (the fragments alone) or
   `error`.
2. `split_allof_siblings`: `allOf: [...]` with sibling `properties`/`required`/
   `additionalProperties` becomes `allOf: [..., {type: object, properties, required}]`;
   openapi-python-client silently drops such siblings otherwise.
3. `hoist_inline_schemas`: inline object schemas (with `properties`) become named components so both
   generators agree on class names: response bodies -> `<operationId>_response_<code>`, request
   bodies -> `<operationId>_request`, properties of a named schema -> `<parent>_<property>`, array
   items -> `<name>_item`, `additionalProperties` -> `<name>_value`. Names never collide with
   existing components (a numeric suffix `_2`, `_3`, ... is added). `allOf`/`oneOf`/`anyOf`
   members stay inline (their properties are still visited).

Options come from the optional `normalize:` key of `specs/<api>/sdk.yaml`, e.g.
`merge_fragments: {"/streaming/ai/tasks": {operationId: post_ai_tasks_create}}`; without it the
defaults apply. Every rewrite works on a round-trip tree and on plain data alike (new nodes are
of the tree's own kind), and `normalize` returns how many places each one rewrote.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from specpress.config.model import FragmentConfig, NormalizeOptions
from specpress.errors import SpecpressError
from specpress.openapi import pointer
from specpress.openapi.document import HTTP_METHODS, OpenAPIDocument
from specpress.openapi.load import to_plain
from specpress.spec.upgrade import upgrade

COMBINERS = ("allOf", "oneOf", "anyOf")
MERGED_KEYS = ("operationId", "summary", "description", "tags", "parameters", "requestBody")
SCHEMA_REF = "#/components/schemas/"


def normalize(document: Any, options: NormalizeOptions | None = None) -> dict[str, int]:
    """Apply every rewrite in place, in the documented order; returns how many places each
    rewrite changed (rules that changed nothing are left out)."""
    options = options or NormalizeOptions()
    report = {name: len(done) for name, done in upgrade(document, options.upgrades).items()}
    report["merge_fragments"] = merge_fragments(document, options)
    if options.split_allof:
        report["split_allof"] = len(split_allof_siblings(document))
    if options.hoist:
        report["hoist"] = len(hoist_inline_schemas(document))
    return {name: count for name, count in report.items() if count}


def describe(report: dict[str, int]) -> str:
    """`nullable 3, hoist 12` (or `nothing to rewrite`), for the build output."""
    return ", ".join(f"{name} {count}" for name, count in report.items()) or "nothing to rewrite"


def _new_map(document: Any) -> Any:
    """An empty mapping of the document's own kind (a ruamel map in a round-trip tree)."""
    return CommentedMap() if isinstance(document, CommentedMap) else {}


def _new_seq(document: Any, items: Any) -> Any:
    return CommentedSeq(items) if isinstance(document, CommentedMap) else list(items)


# --- 1. fragment path keys -----------------------------------------------------------------


def fragment_groups(paths: Any) -> dict[str, list[str]]:
    """Base path -> its fragment path keys (`/x#a`), in document order."""
    groups: dict[str, list[str]] = {}
    if isinstance(paths, dict):
        for key in paths:
            if isinstance(key, str) and "#" in key:
                groups.setdefault(key.split("#", 1)[0], []).append(key)
    return groups


def merge_fragments(document: Any, options: NormalizeOptions) -> int:
    """Rewrite 1: merge `/x#a`, `/x#b` into one operation per method on `/x`; returns how many
    fragment keys were merged."""
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return 0
    groups = fragment_groups(paths)
    for base, keys in groups.items():
        config = options.merge_fragments.get(base, FragmentConfig())
        by_method: dict[str, list[tuple[str, Any]]] = {}
        for key in keys:
            item = paths[key]
            for method in HTTP_METHODS:
                if isinstance(item, dict) and method in item:
                    by_method.setdefault(method, []).append((key, item[method]))
        position = list(paths).index(keys[0])
        for key in keys:
            del paths[key]
        if base not in paths:
            _insert(document, paths, position, base, _new_map(document))
            paths = document["paths"]
        target = paths[base]
        for method, variants in by_method.items():
            at = pointer.join("paths", base, method)
            if method in target:
                if config.existing == "keep":
                    continue
                if config.existing == "error":
                    raise SpecpressError(
                        f"fragment keys {[k for k, _ in variants]} merge into {method.upper()} "
                        f"{base}, which already exists; set normalize.merge_fragments."
                        f"{base}.existing to merge, keep or replace in sdk.yaml",
                        file=options.source,
                        location=at,
                    )
                if config.existing == "merge":
                    variants = [(base, target[method]), *variants]
            target[method] = _merge_operations(document, variants, config, method, base)
    return sum(len(keys) for keys in groups.values())


def _insert(document: Any, paths: Any, position: int, key: str, value: Any) -> None:
    """Insert a path key at a position (ruamel maps can; a plain dict is rebuilt in order)."""
    if isinstance(paths, CommentedMap):
        paths.insert(position, key, value)
        return
    items = list(paths.items())
    items.insert(position, (key, value))
    document["paths"] = dict(items)


def _merge_operations(
    document: Any, variants: list[tuple[str, Any]], config: FragmentConfig, method: str, base: str
) -> Any:
    operations = [op for _, op in variants]
    merged = _new_map(document)
    ids = [str(op.get("operationId", "")) for op in operations]
    existing = variants[0][0] == base
    operation_id = config.operation_id or (ids[0] if existing and ids[0] else None)
    operation_id = operation_id or _common_prefix(ids).rstrip("_-.") or _fallback_id(method, base)
    first = operations[0]
    merged["operationId"] = operation_id
    for key in ("summary", "description"):
        value = getattr(config, key) or first.get(key)
        if value is not None:
            merged[key] = value
    tags = _union(op.get("tags") or [] for op in operations)
    if tags:
        merged["tags"] = _new_seq(document, tags)
    parameters = _union(op.get("parameters") or [] for op in operations)
    if parameters or any("parameters" in op for op in operations):
        merged["parameters"] = _new_seq(document, parameters)
    bodies = [op["requestBody"] for op in operations if "requestBody" in op]
    if bodies:
        merged["requestBody"] = _merge_bodies(document, bodies)
    merged["responses"] = _merge_responses(
        document, [op.get("responses") or {} for op in operations]
    )
    for op in operations:
        for key, value in op.items():
            if key not in merged and key not in (*MERGED_KEYS, "responses"):
                merged[key] = value
    merged["x-specpress-fragments"] = _new_seq(document, [k for k, _ in variants if k != base])
    return merged


def _fallback_id(method: str, base: str) -> str:
    """`post_streaming_ai_tasks` for POST /streaming/ai/tasks (no operationId prefix to share)."""
    words = _UNSAFE_NAME.sub("_", base).strip("_")
    return f"{method}_{words}" if words else method


def _common_prefix(names: list[str]) -> str:
    """The longest common prefix of operationIds (character-wise, like `post_ai_`)."""
    if not names:
        return ""
    low, high = min(names), max(names)
    size = 0
    while size < len(low) and low[size] == high[size]:
        size += 1
    return low[:size]


def _union(lists: Any) -> list[Any]:
    """Items of several lists in order, equal items once."""
    seen: list[Any] = []
    result: list[Any] = []
    for items in lists:
        for item in items:
            plain = to_plain(item)
            if plain not in seen:
                seen.append(plain)
                result.append(item)
    return result


def _one_of(document: Any, schemas: list[Any]) -> Any:
    distinct = _union([schemas])
    if len(distinct) == 1:
        return distinct[0]
    result = _new_map(document)
    result["oneOf"] = _new_seq(document, distinct)
    return result


def _merge_content(document: Any, contents: list[Any]) -> Any:
    """Per media type, `oneOf` of the distinct schemas."""
    merged = _new_map(document)
    media_types = _union([list(c) for c in contents if isinstance(c, dict)])
    for media in media_types:
        schemas = [c[media]["schema"] for c in contents if media in c and "schema" in c[media]]
        entry = _new_map(document)
        if schemas:
            entry["schema"] = _one_of(document, schemas)
        merged[media] = entry
    return merged


def _merge_bodies(document: Any, bodies: list[Any]) -> Any:
    merged = _new_map(document)
    first = bodies[0]
    if "description" in first:
        merged["description"] = first["description"]
    if any(body.get("required") for body in bodies):
        merged["required"] = True
    merged["content"] = _merge_content(document, [body.get("content") or {} for body in bodies])
    return merged


def _merge_responses(document: Any, all_responses: list[Any]) -> Any:
    merged = _new_map(document)
    codes = _union([list(r) for r in all_responses])
    for code in codes:
        candidates = [r[code] for r in all_responses if code in r]
        distinct = _union([candidates])
        if len(distinct) == 1:
            merged[code] = distinct[0]
            continue
        response = _new_map(document)
        response["description"] = distinct[0].get("description", "")
        contents = [c["content"] for c in distinct if c.get("content")]
        if contents:
            response["content"] = _merge_content(document, contents)
        merged[code] = response
    return merged


# --- 2. allOf with sibling properties ------------------------------------------------------

ALLOF_SIBLINGS = ("properties", "required", "additionalProperties")


def split_allof_siblings(document: Any) -> list[str]:
    """Rewrite 2: move sibling properties of `allOf` into a new last member; returns pointers."""
    rewritten: list[str] = []
    for at, node in _mappings(document):
        all_of = node.get("allOf")
        if not isinstance(all_of, list) or not any(k in node for k in ALLOF_SIBLINGS):
            continue
        if not isinstance(node.get("properties", {}), dict):
            continue
        member = _new_map(document)
        member["type"] = "object"
        for key in ALLOF_SIBLINGS:
            if key in node:
                member[key] = node.pop(key)
        all_of.append(member)
        rewritten.append(at)
    return rewritten


def _mappings(node: Any, at: str = "") -> list[tuple[str, Any]]:
    """Every mapping in the tree with its pointer, parents first (collected before rewriting)."""
    return [(here, value) for here, value in pointer.walk(node, at) if isinstance(value, dict)]


# --- 3. hoisting inline schemas ------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_]+")


def _is_inline_object(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and "$ref" not in schema
        and isinstance(schema.get("properties"), dict)
    )


class _Hoister:
    """Moves inline object schemas into components/schemas under deterministic names."""

    def __init__(self, document: Any) -> None:
        self.document = document
        components = document.setdefault("components", _new_map(document))
        self.schemas: Any = components.setdefault("schemas", _new_map(document))
        self.hoisted: list[str] = []

    def name_for(self, wanted: str) -> str:
        base = _UNSAFE_NAME.sub("_", wanted).strip("_") or "schema"
        name, counter = base, 1
        while name in self.schemas:
            counter += 1
            name = f"{base}_{counter}"
        return name

    def hoist(self, holder: Any, key: Any, wanted: str) -> None:
        """Replace holder[key] (an inline object) by a $ref to a new component, then visit it."""
        schema = holder[key]
        name = self.name_for(wanted)
        self.schemas[name] = schema
        ref = _new_map(self.document)
        ref["$ref"] = SCHEMA_REF + name
        holder[key] = ref
        self.hoisted.append(name)
        self.visit(schema, name)

    def place(self, holder: Any, key: Any, wanted: str) -> None:
        """Hoist holder[key] if it is an inline object, or its inline array items."""
        schema = holder[key]
        if _is_inline_object(schema):
            self.hoist(holder, key, wanted)
        elif isinstance(schema, dict) and _is_inline_object(schema.get("items")):
            self.hoist(schema, "items", f"{wanted}_item")
        elif isinstance(schema, dict):
            self.visit(schema, wanted)

    def visit(self, schema: Any, name: str) -> None:
        """Hoist what hangs below a named schema."""
        if not isinstance(schema, dict):
            return
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for prop in list(properties):
                self.place(properties, prop, f"{name}_{prop}")
        if _is_inline_object(schema.get("items")):
            self.hoist(schema, "items", f"{name}_item")
        if _is_inline_object(schema.get("additionalProperties")):
            self.hoist(schema, "additionalProperties", f"{name}_value")
        for combiner in COMBINERS:
            members = schema.get(combiner)
            if isinstance(members, list):
                for member in members:
                    self.visit(member, name)


def hoist_inline_schemas(document: Any) -> list[str]:
    """Rewrite 3: name every inline object schema; returns the new component names in order."""
    if not isinstance(document, dict):
        return []
    hoister = _Hoister(document)
    for name in list(hoister.schemas):
        hoister.visit(hoister.schemas[name], name)
    for op in list(OpenAPIDocument(document).operations()):
        operation = op.node
        op_name = str(operation.get("operationId") or f"{op.method}_{op.path}")
        body = operation.get("requestBody")
        if isinstance(body, dict):
            for media in body.get("content") or {}:
                _place_media(hoister, body["content"][media], f"{op_name}_request")
        for code, response in (operation.get("responses") or {}).items():
            if isinstance(response, dict):
                for media in response.get("content") or {}:
                    entry = response["content"][media]
                    _place_media(hoister, entry, f"{op_name}_response_{code}")
    return hoister.hoisted


def _place_media(hoister: _Hoister, media: Any, wanted: str) -> None:
    if isinstance(media, dict) and "schema" in media:
        hoister.place(media, "schema", wanted)
