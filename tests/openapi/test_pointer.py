"""pointer: RFC 6901 escaping both ways, lookups that never raise, walks that never recurse."""

from __future__ import annotations

import pytest

from specpress.errors import SpecpressError
from specpress.openapi import pointer

DOC = {"paths": {"/a/{b}": {"get": {"x~y": [10, 20]}}}}


def test_join_child_split_are_inverse() -> None:
    at = pointer.join("paths", "/a/{b}", "get", "x~y", 1)
    assert at == "/paths/~1a~1{b}/get/x~0y/1"
    assert pointer.child("/paths", "/a/{b}") == "/paths/~1a~1{b}"
    assert pointer.split(at) == ["paths", "/a/{b}", "get", "x~y", "1"]
    assert pointer.split("") == []
    # `~01` is `~1` escaped, not `/`: unescaping order matters
    assert pointer.unescape("~01") == "~1" and pointer.escape("~1") == "~01"


def test_parent_splits_off_the_last_token_unescaped() -> None:
    assert pointer.parent("/paths/~1a~1{b}/get") == ("/paths/~1a~1{b}", "get")
    assert pointer.parent("/paths/~1a~1{b}") == ("/paths", "/a/{b}")
    assert pointer.parent("/x") == ("", "x")


def test_lookup_and_resolve() -> None:
    assert pointer.lookup(DOC, "/paths/~1a~1{b}/get/x~0y/1") == (True, 20)
    assert pointer.lookup(DOC, "") == (True, DOC)
    for missing in ("/paths/nope", "/paths/~1a~1{b}/get/x~0y/2", "/paths/~1a~1{b}/get/x~0y/-1"):
        assert pointer.lookup(DOC, missing) == (False, None)
    assert pointer.lookup({"a": None}, "/a") == (True, None)
    with pytest.raises(SpecpressError) as info:
        pointer.resolve(DOC, "/paths/nope", file="spec.yaml")
    assert info.value.render() == "spec.yaml:/paths/nope: names nothing in the document"


def test_walk_is_preorder_in_document_order_and_deep_safe() -> None:
    got = [at for at, _ in pointer.walk({"b": [1, {"c": 2}], "a": 3})]
    assert got == ["", "/b", "/b/0", "/b/1", "/b/1/c", "/a"]
    deep: object = "leaf"
    for _ in range(5000):  # far beyond the recursion limit
        deep = [deep]
    assert sum(1 for _ in pointer.walk(deep)) == 5001
