"""`names:` of sdk.yaml: class names per schema, public modules and deprecated aliases.

These are the class- and method-name overrides of a package (the official SDK's public names);
`specpress.generate` applies them, nothing else decides a public name.
"""

from __future__ import annotations

from typing import Any

from specpress.config.model import NameMap
from specpress.config.reader import Reader
from specpress.openapi import pointer

__all__ = ["OWN_MODULES", "read_names"]

#: Package modules a `names.modules` entry may not replace (the client, runtime and resources).
OWN_MODULES = frozenset(
    {"models", "resources", "_client", "_resource", "_schemas", "_version", "py"}
)


def read_names(r: Reader, value: Any) -> NameMap:
    w = "/names"
    if value is None:
        return NameMap()
    m: dict[str, Any] = {}
    with r.item():
        m = r.mapping(value, w, optional=("schemas", "modules", "deprecated"))
    schemas = _pairs(r, m.get("schemas"), f"{w}/schemas")
    deprecated = _pairs(r, m.get("deprecated"), f"{w}/deprecated")
    modules: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    with r.item():
        raw_modules = r.mapping(m.get("modules") or {}, f"{w}/modules", any_keys=True)
        for dotted, exports in raw_modules.items():
            with r.item():
                modules.append(
                    (str(dotted), _module(r, str(dotted), exports, f"{w}/modules/{dotted}"))
                )
    return NameMap(schemas, tuple(modules), deprecated, w)


def _module(r: Reader, dotted: str, exports: Any, mw: str) -> tuple[tuple[str, str], ...]:
    parts = dotted.split(".")
    for part in parts:
        r.identifier(part, mw)
        if part.startswith("_"):
            raise r.fail(f"module {dotted!r}: a public module name cannot start with '_'", mw)
    if parts[0] in OWN_MODULES:
        raise r.fail(f"module {dotted!r} would replace the package's own {parts[0]!r}", mw)
    if isinstance(exports, list):
        # each item: a name exported as itself, or a one-key mapping {Public: Name}
        collected: list[tuple[str, str]] = []
        for i, item in enumerate(exports):
            if isinstance(item, dict) and len(item) == 1:
                collected.extend(_pairs(r, item, f"{mw}/{i}"))
            else:
                with r.item():
                    name = r.identifier(item, f"{mw}/{i}")
                    collected.append((name, name))
        pairs = tuple(collected)
    else:
        pairs = _pairs(r, exports, mw)
    seen: set[str] = set()
    for public, _ in pairs:
        r.identifier(public, pointer.child(mw, public))
        if public in seen:
            raise r.fail(f"{public!r} is exported twice", mw)
        seen.add(public)
    return pairs


def _pairs(r: Reader, value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """A mapping of strings to Python identifiers (keys: any string, e.g. a schema key)."""
    if value is None:
        return ()
    pairs: list[tuple[str, str]] = []
    with r.item():
        for key, item in r.mapping(value, where, any_keys=True).items():
            with r.item():
                pairs.append(
                    (
                        r.string(str(key), pointer.child(where, key)),
                        r.identifier(item, pointer.child(where, key)),
                    )
                )
    return tuple(pairs)
