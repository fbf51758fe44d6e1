"""Hostile documents: junk where a schema, a list or a mapping belongs must not crash the diff.

A document rich in every construct the engine reads is mutated at random (fixed seeds): a node
replaced by a value of the wrong type, a key made an integer, a `$ref` pointed nowhere or at
itself. Each mutant is diffed against the original both ways; the diff either reports changes
or refuses with a SpecpressError, never anything else, and a mutant against itself is empty.
"""

from __future__ import annotations

import contextlib
import copy
import random
from collections.abc import Iterator
from typing import Any

import pytest

from specpress.diff import DiffOptions, diff_documents
from specpress.errors import SpecpressError

from .documents import doc, json_body, obj, op, with_response

S = {"type": "string"}
RICH_SCHEMA = {
    "type": "object",
    "required": ["a"],
    "discriminator": {"propertyName": "a", "mapping": {"x": "#/components/schemas/X"}},
    "properties": {
        "a": {**S, "enum": ["x", "y"], "pattern": "^[a-z]$", "maxLength": 3},
        "b": {"type": ["integer", "null"], "minimum": 1, "exclusiveMaximum": 9, "default": 2},
        "c": {"type": "array", "items": {"$ref": "#/components/schemas/X"}, "maxItems": 4},
        "d": {"oneOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]},
        "e": {"anyOf": [S, {"type": "integer"}], "deprecated": True, "x-sunset": "2030-01-01"},
        "f": {"allOf": [obj(g=S), {"description": "note"}], "readOnly": True},
        "h": {"type": "object", "additionalProperties": {"type": "integer"},
              "patternProperties": {"^x": S}, "propertyNames": {"maxLength": 5}},
        "i": {"type": "array", "prefixItems": [S], "contains": S, "minContains": 1},
        "j": {"if": obj(k=S), "then": {"required": ["k"]}, "else": {"not": {"required": ["k"]}},
              "dependentRequired": {"k": ["a"]}, "dependentSchemas": {"k": obj(l=S)}},
        "m": {**S, "contentMediaType": "application/json", "contentSchema": obj(n=S),
              "const": "v", "x-extensible-enum": ["p", "q"], "x-stability-level": "beta"},
    },
}  # fmt: skip
PARAMS = [
    {"name": "q", "in": "query", "schema": {**S, "enum": ["a"]}, "deprecated": True},
    {"name": "X-H", "in": "header", "required": True, "schema": obj(v=S)},
    {"name": "f", "in": "query", "style": "form", "explode": True, "schema": obj(size=S)},
    {"name": "c", "in": "query", "content": {"application/json": {"schema": obj(z=S)}}},
]


def rich() -> dict[str, Any]:
    post = op(
        parameters=PARAMS,
        requestBody=json_body(RICH_SCHEMA, required=True),
        security=[{"K": []}, {"O": ["read"]}],
        tags=["A"],
        operationId="p",
        **{"x-stability-level": "stable"},
    )
    get = op(**with_response(RICH_SCHEMA, headers={"X-Rate": {"schema": {"type": "integer"},
                                                               "required": True}}))  # fmt: skip
    return doc(
        {"/t/{id}": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": S}],
                     "post": post, "get": {**get, "deprecated": True}}},
        components={
            "schemas": {"X": {**obj(a=S, x={"$ref": "#/components/schemas/X"})}},
            "securitySchemes": {"K": {"type": "apiKey", "in": "header", "name": "K"},
                                "O": {"type": "oauth2", "flows": {"implicit": {
                                    "authorizationUrl": "https://a", "scopes": {"read": "r"}}}}},
        },
        security=[{"K": []}],
        servers=[{"url": "https://a"}],
        webhooks={"done": {"post": op(requestBody=json_body(obj(s=S)))}},
    )  # fmt: skip


JUNK: list[Any] = [
    None, 0, -1, 3.5, True, "", "x", [], [1, "a", None], {}, {"$ref": "#/nowhere"},
    {"$ref": "#"}, {"type": 5}, {"enum": "ab"}, {"required": "a"}, {"properties": [1, 2]},
    {"items": [S]}, {"allOf": "x"}, {1: 2, None: 3},
]  # fmt: skip


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, (*path, i))


def mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    mutant = copy.deepcopy(document)
    paths = [p for p in _nodes(mutant) if p]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        parent: Any = mutant
        try:
            for step in path[:-1]:
                parent = parent[step]
            if rng.random() < 0.2 and isinstance(parent, dict) and path[-1] in parent:
                parent[rng.randint(0, 999)] = parent.pop(path[-1])  # a non-string key
            else:
                parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this spot
    return mutant


OPTIONS = DiffOptions(deprecation_days_stable=30)


@pytest.mark.parametrize("seed", range(60))
def test_mutants_never_crash_the_diff(seed: int) -> None:
    rng = random.Random(seed)
    original = rich()
    for _ in range(10):
        mutant = mutate(original, rng)
        for old, new in ((original, mutant), (mutant, original), (mutant, mutant)):
            try:
                result = diff_documents(old, new, OPTIONS)
            except SpecpressError:
                continue
            for change in result.changes:
                assert change.id and change.level in ("ERR", "WARN", "INFO")
            if old is new:
                assert result.changes == [], [c.message for c in result.changes]


def test_the_rich_document_is_a_real_test_bed() -> None:
    """The mutants start from a document that exercises the engine: it diffs to nothing against
    itself and to many kinds of change against a mutant."""
    original = rich()
    assert diff_documents(original, copy.deepcopy(original), OPTIONS).changes == []
    kinds = set()
    rng = random.Random(1)
    for _ in range(60):
        with contextlib.suppress(SpecpressError):
            mutant = mutate(original, rng)
            kinds |= {c.id for c in diff_documents(original, mutant, OPTIONS).changes}
    assert len(kinds) > 40, sorted(kinds)
