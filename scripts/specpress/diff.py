"""Wire diff of two OpenAPI documents: direction-aware changes, oasdiff-style ids, a semver bump.

Entry points for other stages: `load_document`, `diff_documents`, `diff_files`, `bump_for`,
`load_rule_overrides`, and `diff_report.render`. The rule table lives in `diff_rules`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.diff_rules import (
    BUMP_RANK,
    LEVEL_RANK,
    LEVELS,
    RULES_BY_ID,
    Bump,
    bump_for_level,
    rule,
)
from specpress.errors import SpecpressError

if TYPE_CHECKING:
    from specpress.apisurface import ApiChange

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_EXPANDED_NODES = 5_000_000  # an alias bomb expands far beyond any real spec (~1e5 nodes)
_PATH_PARAM = re.compile(r"\{[^{}/]*\}")

# --- data model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One reported change; `location` is a JSON Pointer (new document, old one for removals)."""

    id: str
    level: str
    operation: str
    location: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "level": self.level,
            "operation": self.operation,
            "location": self.location,
            "message": self.message,
        }


@dataclass(frozen=True)
class RuleOverride:
    """One `--rules` entry: a new level (or None = silence) for an id and/or an operation."""

    level: str | None
    reason: str
    id: str | None = None
    operation: str | None = None

    def matches(self, change: Change) -> bool:
        if self.id is not None and self.id != change.id:
            return False
        return self.operation is None or _op_key(self.operation) == _op_key(change.operation)

    @property
    def specificity(self) -> int:
        return (2 if self.operation is not None else 0) + (1 if self.id is not None else 0)


@dataclass(frozen=True)
class DiffOptions:
    """Knobs of one diff. `today` decides whether an `x-sunset` has passed (UTC date if None)."""

    forward_compatible_enums: bool = False
    today: dt.date | None = None
    overrides: tuple[RuleOverride, ...] = ()


@dataclass
class DiffResult:
    """All changes of one diff, sorted; `summary` and `bump` are derived from them."""

    changes: list[Change] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(LEVELS, 0)
        for change in self.changes:
            counts[change.level] += 1
        return counts

    @property
    def bump(self) -> Bump:
        return bump_for(self)

    def worst_level(self) -> str | None:
        return max((c.level for c in self.changes), key=LEVEL_RANK.__getitem__, default=None)

    def fails(self, fail_on: str | None) -> bool:
        """True when a change at or above `fail_on` exists (the CLI's exit code 1)."""
        worst = self.worst_level()
        return (
            fail_on is not None and worst is not None and LEVEL_RANK[worst] >= LEVEL_RANK[fail_on]
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "changes": [c.to_json() for c in self.changes],
            "summary": self.summary,
            "bump": self.bump,
        }


def bump_for(result: DiffResult | Iterable[Change]) -> Bump:
    """The semver bump a set of changes asks for: major, minor, patch or none."""
    changes = result.changes if isinstance(result, DiffResult) else result
    best: Bump = "none"
    for change in changes:
        candidate = bump_for_level(change.id, change.level)
        if BUMP_RANK[candidate] > BUMP_RANK[best]:
            best = candidate
    return best


# --- loading ----------------------------------------------------------------------------------


def _fast_yaml_loader() -> Any:
    """PyYAML's libyaml loader with YAML 1.2 booleans and no timestamps, or None.

    ruamel.yaml's safe loader (no C extension here) needs ~0.7 s per 330 KB Gcore document;
    libyaml needs ~0.1 s. PyYAML comes with the pinned generator deps. Its YAML 1.1 resolvers
    would read `on`/`yes` as booleans and `2025-01-01` as a date, so those two are swapped for the
    YAML 1.2 core rules that ruamel.yaml applies.
    """
    try:
        yaml = importlib.import_module("yaml")
        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None
    bool_tag, ts_tag = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"
    loader: Any = type("_SpecLoader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (bool_tag, ts_tag)]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


_LOADER = _fast_yaml_loader()


def _parse_yaml(text: str, path: Path) -> Any:
    if _LOADER is not None:
        yaml = importlib.import_module("yaml")
        try:
            return yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise SpecpressError(f"invalid YAML: {problem}", file=path, location=where) from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark is not None else None
        raise SpecpressError(f"invalid YAML: {exc.problem}", file=path, location=where) from None
    except YAMLError as exc:
        raise SpecpressError(f"invalid YAML: {exc}", file=path) from None


def _expanded_size(root: Any) -> int | None:
    """Node count with aliases expanded (None for a recursive alias), in linear time.

    Memoized by identity and iterative, so neither an alias bomb nor deep nesting can make the
    check itself expensive or overflow the stack.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = list(node.values() if isinstance(node, dict) else node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(
                sizes[id(c)] if isinstance(c, dict | list) else 1 for c in children
            )
            continue
        if key in sizes:
            continue
        if key in on_path:
            return None
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, dict | list))
    return sizes[id(root)]


def load_document(path: str | Path) -> dict[str, Any]:
    """Read an OpenAPI 3.x document (YAML or JSON); every failure is a SpecpressError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecpressError("no such file", file=path) from None
    except IsADirectoryError:
        raise SpecpressError("is a directory, expected an OpenAPI document", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecpressError(f"cannot read: {exc}", file=path) from None
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecpressError(
                f"invalid JSON: {exc.msg}", file=path, location=f"line {exc.lineno}"
            ) from None
    else:
        doc = _parse_yaml(text, path)
    if not isinstance(doc, dict):
        raise SpecpressError("not an OpenAPI document: the top level is not a mapping", file=path)
    version = doc.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        hint = " (Swagger 2.0 is not supported)" if "swagger" in doc else ""
        raise SpecpressError(
            f"not an OpenAPI 3.x document: no `openapi: 3.x` field{hint}",
            file=path,
            location="/openapi",
        )
    for key in ("paths", "components"):
        if doc.get(key) is not None and not isinstance(doc[key], dict):
            raise SpecpressError(f"`{key}` must be a mapping", file=path, location=f"/{key}")
    size = _expanded_size(doc)
    if size is None:
        raise SpecpressError("a YAML alias refers to itself (recursive structure)", file=path)
    if size > MAX_EXPANDED_NODES:
        raise SpecpressError(
            "document expands to more than 5 million nodes (YAML alias bomb?)", file=path
        )
    return doc


# --- JSON Pointer and small helpers -----------------------------------------------------------


def _esc(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _ptr(base: str, *tokens: Any) -> str:
    return base + "".join("/" + _esc(t) for t in tokens)


def _unesc(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _resolve_pointer(doc: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        return None  # external refs are not followed: the diff sees the ref string only
    node = doc
    for token in ref[1:].split("/")[1:] if ref != "#" else []:
        token = _unesc(token)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _deref(doc: Any, node: Any, ptr: str) -> tuple[Any, str, str | None]:
    """Follow a `$ref` chain: (target merged with any 3.1 siblings, its pointer, first ref)."""
    first: str | None = None
    seen: set[str] = set()
    siblings: dict[str, Any] = {}
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        first = first or ref
        siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
        target = _resolve_pointer(doc, ref)
        if target is None:
            break
        node, ptr = target, ref[1:]
    if siblings and isinstance(node, dict):
        node = {**node, **siblings}
    return node, ptr, first


def _op_key(label: str) -> str:
    method, _, path = label.strip().partition(" ")
    return f"{method.upper()} {_PATH_PARAM.sub('{}', path.strip())}"


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _show(value: Any, limit: int = 120) -> str:
    """A value for a message: JSON, cut short so one long pattern cannot swamp a report."""
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# --- schema view ------------------------------------------------------------------------------


@dataclass
class _View:
    """A schema as the comparison sees it: refs followed, allOf merged, nullable unwrapped."""

    node: dict[str, Any]
    ptr: str
    ref: str | None
    types: frozenset[str]
    nullable: bool
    props: dict[str, tuple[Any, str]]
    required: frozenset[str]
    variant_kind: str | None  # "oneOf" / "anyOf" with two or more non-null variants
    variants: dict[str, tuple[Any, str]]


def _is_null_schema(doc: Any, node: Any) -> bool:
    node = _deref(doc, node, "")[0]
    return isinstance(node, dict) and (node.get("type") == "null" or node.get("enum") == [None])


def _view(doc: Any, raw: Any, ptr: str, depth: int = 0) -> _View:
    node, ptr, ref = _deref(doc, raw, ptr)
    node = _as_dict(node) if depth < 16 else {}  # allOf/anyOf nesting: real specs use 2-3
    nullable = node.get("nullable") is True
    # anyOf/oneOf: [X, {type: null}] is "nullable X" (the 3.1 / pydantic spelling)
    for kind in ("anyOf", "oneOf"):
        branches = node.get(kind)
        if isinstance(branches, list) and not node.get("properties") and "type" not in node:
            real = [i for i, b in enumerate(branches) if not _is_null_schema(doc, b)]
            if len(real) == 1 and len(branches) > 1:
                inner = _view(doc, branches[real[0]], _ptr(ptr, kind, real[0]), depth + 1)
                extra = {k: v for k, v in node.items() if k != kind}
                combined = {**inner.node, **extra}
                return replace(inner, node=combined, nullable=True, ref=inner.ref or ref)
    props: dict[str, tuple[Any, str]] = {}
    required: set[str] = set()
    merged: dict[str, Any] = {}
    parts: list[tuple[dict[str, Any], str]] = []
    for i, member in enumerate(node.get("allOf") or []):
        sub, sub_ptr, _ = _deref(doc, member, _ptr(ptr, "allOf", i))
        if isinstance(sub, dict):
            nested = _view(doc, sub, sub_ptr, depth + 1)
            props.update(nested.props)
            required |= nested.required
            merged.update({k: v for k, v in nested.node.items() if k not in merged})
            nullable = nullable or nested.nullable
            parts.append((nested.node, nested.ptr))
    merged.update({k: v for k, v in node.items() if k != "allOf"})
    for name, sub in sorted(_as_dict(node.get("properties")).items()):
        props[str(name)] = (sub, _ptr(ptr, "properties", name))
    if isinstance(node.get("required"), list):
        required |= {str(r) for r in node["required"]}
    raw_type = merged.get("type")
    types = (
        {raw_type}
        if isinstance(raw_type, str)
        else set(raw_type)
        if isinstance(raw_type, list)
        else set()
    )
    if "null" in types:
        nullable = True
        types.discard("null")
    if not types and props:
        types = {"object"}
    variant_kind, variants = None, {}
    for kind in ("oneOf", "anyOf"):
        branches = node.get(kind)
        if isinstance(branches, list):
            variant_kind = kind
            for i, branch in enumerate(branches):
                if _is_null_schema(doc, branch):
                    nullable = True
                    continue
                ref_name = branch.get("$ref") if isinstance(branch, dict) else None
                key = ref_name.rsplit("/", 1)[-1] if isinstance(ref_name, str) else f"#{i}"
                variants[key] = (branch, _ptr(ptr, kind, i))
            break
    return _View(
        merged,
        ptr,
        ref,
        frozenset(types),
        nullable,
        props,
        frozenset(required),
        variant_kind,
        variants,
    )


# --- the walker -------------------------------------------------------------------------------

_CONSTRAINTS = (
    ("maximum", "max"),
    ("minimum", "min"),
    ("maxLength", "max-length"),
    ("minLength", "min-length"),
    ("maxItems", "max-items"),
    ("minItems", "min-items"),
    ("exclusiveMaximum", "exclusive-max"),  # 3.1 numbers; 3.0 booleans are skipped
    ("exclusiveMinimum", "exclusive-min"),
)


def _type_change(
    old: frozenset[str], new: frozenset[str], old_fmt: Any, new_fmt: Any
) -> str | None:
    """None, or how the accepted values moved: changed, generalized (wider), specialized."""
    widen = {"integer": "number"}
    old_w = {widen.get(t, t) for t in old}
    if old and new and old != new:
        if old < new or (old_w <= new and not old <= new and "integer" not in new):
            return "generalized"
        if new < old or ({widen.get(t, t) for t in new} <= old and not new <= old):
            return "specialized"
        return "changed"
    if old_fmt == new_fmt or (old and new and old != new):
        return None
    if old_fmt and new_fmt:
        return "changed"
    return "generalized" if old_fmt else "specialized"


@dataclass(frozen=True)
class _Ctx:
    """Where a schema sits: rule-id prefix, direction, operation label and a human subject."""

    op: str
    prefix: str  # request-parameter | request-body | response-body (properties derive from it)
    direction: str
    subject: str
    prop_path: str = ""

    @property
    def id_prefix(self) -> str:
        if self.prop_path and self.prefix != "request-parameter":
            return f"{self.direction}-property"
        return self.prefix

    @property
    def label(self) -> str:
        if self.prop_path and self.prefix != "request-parameter":
            return f"{self.direction} property `{self.prop_path}`"
        return self.subject + (f" `{self.prop_path}`" if self.prop_path else "")

    def child(self, segment: str) -> _Ctx:
        path = (
            f"{self.prop_path}.{segment}"
            if self.prop_path and segment != "[]"
            else (self.prop_path + segment)
        )
        return replace(self, prop_path=path)


class _Differ:
    """Walks both documents once and emits Change objects through the rule table."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any], options: DiffOptions) -> None:
        self.old, self.new, self.options = old, new, options
        self.changes: list[Change] = []
        self.today = options.today or dt.datetime.now(dt.UTC).date()
        self._unchanged: set[tuple[str, str, str, str]] = set()
        self._cuts = 0

    # emission
    def emit(self, rule_id: str, op: str, location: str, message: str) -> None:
        level = rule(rule_id).level
        if (
            self.options.forward_compatible_enums
            and rule_id.startswith("response-")
            and rule_id.endswith("enum-value-added")
        ):
            level = "INFO"
        self.changes.append(Change(rule_id, level, op, location, message))

    # schemas
    def schema(
        self,
        old_raw: Any,
        new_raw: Any,
        o_ptr: str,
        n_ptr: str,
        ctx: _Ctx,
        stack: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        o = _view(self.old, old_raw, o_ptr)
        n = _view(self.new, new_raw, n_ptr)
        pair_key: tuple[str, str, str, str] | None = None
        if o.ref and n.ref:
            pair = (o.ref, n.ref)
            if pair in stack:
                self._cuts += 1
                return
            stack = stack | {pair}
            pair_key = (o.ref, n.ref, ctx.prefix, ctx.direction)
            if pair_key in self._unchanged:
                return
        before_changes, before_cuts = len(self.changes), self._cuts
        self._compare_views(o, n, ctx, stack)
        if pair_key and len(self.changes) == before_changes and self._cuts == before_cuts:
            self._unchanged.add(pair_key)  # complete and empty: safe to skip next time

    def _compare_views(
        self, o: _View, n: _View, ctx: _Ctx, stack: frozenset[tuple[str, str]]
    ) -> None:
        p = ctx.id_prefix
        op, loc = ctx.op, n.ptr
        old_fmt, new_fmt = o.node.get("format"), n.node.get("format")
        kind = _type_change(o.types, n.types, old_fmt, new_fmt)
        if kind is not None:
            before = "/".join(sorted(o.types)) + (f" ({old_fmt})" if old_fmt else "")
            after = "/".join(sorted(n.types)) + (f" ({new_fmt})" if new_fmt else "")
            verb = {"changed": "changed", "generalized": "widened", "specialized": "narrowed"}
            self.emit(
                f"{p}-type-{kind}",
                op,
                loc,
                f"{ctx.label}: type {verb[kind]} from `{before}` to `{after}`",
            )
            if kind == "changed":
                return
        if o.nullable != n.nullable:
            suffix = "became-nullable" if n.nullable else "became-not-nullable"
            self.emit(
                f"{p}-{suffix}",
                op,
                loc,
                f"{ctx.label} {'may now be null' if n.nullable else 'may no longer be null'}",
            )
        self._enum(o, n, ctx)
        for keyword, facet in _CONSTRAINTS:
            self._constraint(o.node.get(keyword), n.node.get(keyword), keyword, facet, ctx, loc)
        self._pattern_and_default(o, n, ctx, loc)
        if o.props or n.props:
            self._properties(o, n, ctx, stack)
        o_items, n_items = o.node.get("items"), n.node.get("items")
        if isinstance(o_items, dict) and isinstance(n_items, dict):
            self.schema(
                o_items,
                n_items,
                _ptr(o.ptr, "items"),
                _ptr(n.ptr, "items"),
                ctx.child("[]") if ctx.prop_path else replace(ctx, subject=f"{ctx.subject} items"),
                stack,
            )
        if o.variant_kind and n.variant_kind:
            self._variants(o, n, ctx, stack)

    def _enum(self, o: _View, n: _View, ctx: _Ctx) -> None:
        p, op = ctx.id_prefix, ctx.op
        old_enum, new_enum = o.node.get("enum"), n.node.get("enum")
        if isinstance(new_enum, list) and not isinstance(old_enum, list):
            self.emit(
                f"{p}-became-enum",
                op,
                _ptr(n.ptr, "enum"),
                f"{ctx.label} is now restricted to {_show(new_enum)}",
            )
            return
        if not (isinstance(old_enum, list) and isinstance(new_enum, list)):
            return
        old_keys = {_canon(v): v for v in old_enum if v is not None}
        new_keys = {_canon(v): v for v in new_enum if v is not None}
        for key, value in sorted(new_keys.items()):
            if key not in old_keys:
                self.emit(
                    f"{p}-enum-value-added",
                    op,
                    _ptr(n.ptr, "enum"),
                    f"{ctx.label}: enum value {_show(value)} added",
                )
        for key, value in sorted(old_keys.items()):
            if key not in new_keys:
                self.emit(
                    f"{p}-enum-value-removed",
                    op,
                    _ptr(o.ptr, "enum"),
                    f"{ctx.label}: enum value {_show(value)} removed",
                )

    def _constraint(
        self, before: Any, after: Any, keyword: str, facet: str, ctx: _Ctx, loc: str
    ) -> None:
        if before == after or isinstance(before, bool) or isinstance(after, bool):
            return
        numbers = (int, float)
        if before is None and isinstance(after, numbers):
            action = "set"
        elif after is None and isinstance(before, numbers):
            action = "unset"
        elif isinstance(before, numbers) and isinstance(after, numbers):
            action = "increased" if after > before else "decreased"
        else:
            return
        text = {
            "set": f"`{keyword}: {after}` introduced",
            "unset": f"`{keyword}: {before}` dropped",
        }
        message = text.get(action, f"`{keyword}` changed from {before} to {after}")
        self.emit(
            f"{ctx.id_prefix}-{facet}-{action}",
            ctx.op,
            _ptr(loc, keyword),
            f"{ctx.label}: {message}",
        )

    def _pattern_and_default(self, o: _View, n: _View, ctx: _Ctx, loc: str) -> None:
        p, op = ctx.id_prefix, ctx.op
        for keyword, facet in (("pattern", "pattern"), ("default", "default-value")):
            has_old, has_new = keyword in o.node, keyword in n.node
            before, after = o.node.get(keyword), n.node.get(keyword)
            if has_old and has_new and _canon(before) == _canon(after):
                continue
            if has_old and has_new:
                action, message = (
                    "changed",
                    f"`{keyword}` changed from {_show(before)} to {_show(after)}",
                )
            elif has_new:
                action, message = "added", f"`{keyword}: {_show(after)}` introduced"
            elif has_old:
                action, message = "removed", f"`{keyword}: {_show(before)}` dropped"
            else:
                continue
            where = _ptr(o.ptr if action == "removed" else loc, keyword)
            self.emit(f"{p}-{facet}-{action}", op, where, f"{ctx.label}: {message}")

    def _properties(self, o: _View, n: _View, ctx: _Ctx, stack: frozenset[tuple[str, str]]) -> None:
        if ctx.prefix == "request-parameter":
            return  # deepObject parameters: their properties are not diffed
        req = ctx.direction == "request"
        hidden = "readOnly" if req else "writeOnly"
        for name in sorted(set(o.props) | set(n.props)):
            child = ctx.child(name)
            label = f"{ctx.direction} property `{child.prop_path}`"
            if name not in n.props:
                raw, ptr = o.props[name]
                if _as_dict(_deref(self.old, raw, ptr)[0]).get(hidden) is True:
                    continue
                if req:
                    self.emit("request-property-removed", ctx.op, ptr, f"{label} removed")
                else:
                    kind = "required" if name in o.required else "optional"
                    self.emit(f"response-{kind}-property-removed", ctx.op, ptr, f"{label} removed")
                continue
            if name not in o.props:
                raw, ptr = n.props[name]
                if _as_dict(_deref(self.new, raw, ptr)[0]).get(hidden) is True:
                    continue
                required = name in n.required
                if req:
                    rid = (
                        "new-required-request-property"
                        if required
                        else "new-optional-request-property"
                    )
                else:
                    rid = f"response-{'required' if required else 'optional'}-property-added"
                self.emit(rid, ctx.op, ptr, f"{label} added" + (" (required)" if required else ""))
                continue
            (o_raw, o_ptr), (n_raw, n_ptr) = o.props[name], n.props[name]
            if _as_dict(_deref(self.new, n_raw, n_ptr)[0]).get(hidden) is True:
                continue
            was, now = name in o.required, name in n.required
            if was != now:
                suffix = "became-required" if now else "became-optional"
                self.emit(
                    f"{ctx.direction}-property-{suffix}",
                    ctx.op,
                    _ptr(n.ptr, "required"),
                    f"{label} {'is now required' if now else 'is no longer required'}",
                )
            self.schema(o_raw, n_raw, o_ptr, n_ptr, child, stack)

    def _variants(self, o: _View, n: _View, ctx: _Ctx, stack: frozenset[tuple[str, str]]) -> None:
        kind = "one-of" if n.variant_kind == "oneOf" else "any-of"
        for key in sorted(set(o.variants) | set(n.variants)):
            if key not in o.variants:
                self.emit(
                    f"{ctx.id_prefix}-{kind}-added",
                    ctx.op,
                    n.variants[key][1],
                    f"{ctx.label}: {n.variant_kind} variant `{key}` added",
                )
            elif key not in n.variants:
                self.emit(
                    f"{ctx.id_prefix}-{kind}-removed",
                    ctx.op,
                    o.variants[key][1],
                    f"{ctx.label}: {o.variant_kind} variant `{key}` removed",
                )
            else:
                (o_raw, o_ptr), (n_raw, n_ptr) = o.variants[key], n.variants[key]
                self.schema(o_raw, n_raw, o_ptr, n_ptr, ctx, stack)

    # operations
    def run(self) -> list[Change]:
        self.servers()
        self.security_schemes()
        self.schemas_index()
        self.paths()
        return self.changes

    def servers(self) -> None:
        def urls(doc: dict[str, Any]) -> dict[str, int]:
            servers = doc.get("servers") if isinstance(doc.get("servers"), list) else []
            return {
                str(s.get("url")): i for i, s in enumerate(servers or []) if isinstance(s, dict)
            }

        old, new = urls(self.old), urls(self.new)
        for url in sorted(set(old) - set(new)):
            self.emit(
                "api-server-removed",
                "api",
                _ptr("", "servers", old[url]),
                f"server `{url}` removed",
            )
        for url in sorted(set(new) - set(old)):
            self.emit(
                "api-server-added", "api", _ptr("", "servers", new[url]), f"server `{url}` added"
            )

    def security_schemes(self) -> None:
        def schemes(doc: dict[str, Any]) -> dict[str, Any]:
            return _as_dict(_as_dict(doc.get("components")).get("securitySchemes"))

        old, new = schemes(self.old), schemes(self.new)
        base = "/components/securitySchemes"
        for name in sorted(set(old) | set(new)):
            where = _ptr(base, name)
            if name not in new:
                self.emit(
                    "api-security-component-removed",
                    "components",
                    where,
                    f"security scheme `{name}` removed",
                )
            elif name not in old:
                self.emit(
                    "api-security-component-added",
                    "components",
                    where,
                    f"security scheme `{name}` added",
                )
            else:
                o = _as_dict(_deref(self.old, old[name], where)[0])
                n = _as_dict(_deref(self.new, new[name], where)[0])
                diffs = [
                    k
                    for k in ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl")
                    if o.get(k) != n.get(k)
                ]
                if diffs:
                    detail = ", ".join(
                        f"`{k}`: {_show(o.get(k))} -> {_show(n.get(k))}" for k in diffs
                    )
                    self.emit(
                        "api-security-component-changed",
                        "components",
                        where,
                        f"security scheme `{name}` changed: {detail}",
                    )

    def schemas_index(self) -> None:
        def schemas(doc: dict[str, Any]) -> dict[str, Any]:
            return _as_dict(_as_dict(doc.get("components")).get("schemas"))

        old, new = schemas(self.old), schemas(self.new)
        for name in sorted(set(old) - set(new)):
            self.emit(
                "api-schema-removed",
                "components",
                _ptr("/components/schemas", name),
                f"schema `{name}` removed",
            )
        for name in sorted(set(new) - set(old)):
            self.emit(
                "api-schema-added",
                "components",
                _ptr("/components/schemas", name),
                f"schema `{name}` added",
            )

    def _operations(
        self, doc: dict[str, Any]
    ) -> dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]]:
        """normalized `METHOD /path` -> (path key, method, path item, operation)."""
        ops: dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]] = {}
        for path, item in _as_dict(doc.get("paths")).items():
            item = _as_dict(_deref(doc, item, "")[0])
            for method in METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    key = _op_key(f"{method} {path}")
                    if key in ops:  # two paths equal up to param names: keep them apart
                        key = f"{method.upper()} {path}"
                    ops[key] = (str(path), method, item, operation)
        return ops

    def paths(self) -> None:
        old_ops, new_ops = self._operations(self.old), self._operations(self.new)
        new_paths = {_PATH_PARAM.sub("{}", p) for p in _as_dict(self.new.get("paths"))}
        for key in sorted(set(old_ops) | set(new_ops)):
            if key not in new_ops:
                path, method, _, operation = old_ops[key]
                self.removed_operation(
                    path, method, operation, _PATH_PARAM.sub("{}", path) not in new_paths
                )
            elif key not in old_ops:
                path, method, _, _ = new_ops[key]
                label = f"{method.upper()} {path}"
                self.emit("endpoint-added", label, _ptr("/paths", path, method), f"`{label}` added")
            else:
                self.operation(old_ops[key], new_ops[key])

    def removed_operation(
        self, path: str, method: str, operation: dict[str, Any], whole_path: bool
    ) -> None:
        label = f"{method.upper()} {path}"
        where = _ptr("/paths", path, method)
        family = "api-path-removed" if whole_path else "api-removed"
        what = f"path `{path}` ({method.upper()})" if whole_path else f"`{label}`"
        deprecated = operation.get("deprecated") is True
        sunset_raw = operation.get("x-sunset")
        sunset: dt.date | None = None
        if sunset_raw is not None:
            try:
                sunset = dt.date.fromisoformat(str(sunset_raw)[:10])
            except ValueError:
                self.emit(
                    "api-deprecated-sunset-parse",
                    label,
                    where,
                    f"{what} removed; its `x-sunset` {_show(sunset_raw)} is not a date",
                )
                return
        if sunset is not None and sunset > self.today:
            self.emit(
                f"{family}-before-sunset",
                label,
                where,
                f"{what} removed before its sunset date {sunset.isoformat()}",
            )
        elif deprecated or sunset is not None:
            why = "was deprecated" if deprecated else f"sunset {sunset} has passed"
            self.emit(f"{family}-with-deprecation", label, where, f"{what} removed ({why})")
        else:
            self.emit(
                f"{family}-without-deprecation", label, where, f"{what} removed without deprecation"
            )

    def operation(
        self,
        old: tuple[str, str, dict[str, Any], dict[str, Any]],
        new: tuple[str, str, dict[str, Any], dict[str, Any]],
    ) -> None:
        o_path, method, o_item, o_op = old
        n_path, _, n_item, n_op = new
        label = f"{method.upper()} {n_path}"
        o_base, n_base = _ptr("/paths", o_path, method), _ptr("/paths", n_path, method)
        if o_op.get("deprecated") is not True and n_op.get("deprecated") is True:
            self.emit(
                "endpoint-deprecated", label, _ptr(n_base, "deprecated"), f"`{label}` deprecated"
            )
        if o_op.get("deprecated") is True and n_op.get("deprecated") is not True:
            self.emit("endpoint-reactivated", label, n_base, f"`{label}` is no longer deprecated")
        o_id, n_id = o_op.get("operationId"), n_op.get("operationId")
        if o_id != n_id:
            where = _ptr(n_base, "operationId")
            if o_id is None:
                self.emit("api-operation-id-added", label, where, f"operationId `{n_id}` added")
            elif n_id is None:
                self.emit(
                    "api-operation-id-removed",
                    label,
                    _ptr(o_base, "operationId"),
                    f"operationId `{o_id}` removed",
                )
            else:
                self.emit(
                    "api-operation-id-changed",
                    label,
                    where,
                    f"operationId changed from `{o_id}` to `{n_id}`",
                )
        o_tags = [str(t) for t in o_op.get("tags") or [] if not isinstance(t, dict | list)]
        n_tags = [str(t) for t in n_op.get("tags") or [] if not isinstance(t, dict | list)]
        for tag in sorted(set(n_tags) - set(o_tags)):
            self.emit("api-tag-added", label, _ptr(n_base, "tags"), f"tag `{tag}` added")
        for tag in sorted(set(o_tags) - set(n_tags)):
            self.emit("api-tag-removed", label, _ptr(o_base, "tags"), f"tag `{tag}` removed")
        self.security(label, o_op, n_op, o_base, n_base)
        self.parameters(label, (o_path, o_item, o_op, o_base), (n_path, n_item, n_op, n_base))
        self.request_body(label, o_op, n_op, o_base, n_base)
        self.responses(label, o_op, n_op, o_base, n_base)

    def security(
        self, label: str, o_op: dict[str, Any], n_op: dict[str, Any], o_base: str, n_base: str
    ) -> None:
        def effective(
            doc: dict[str, Any], op: dict[str, Any]
        ) -> dict[frozenset[str], dict[str, set[str]]]:
            reqs = op.get("security") if "security" in op else doc.get("security")
            alternatives: dict[frozenset[str], dict[str, set[str]]] = {}
            for req in reqs if isinstance(reqs, list) and reqs else [{}]:
                req = _as_dict(req)
                alternatives[frozenset(map(str, req))] = {
                    str(k): {str(s) for s in v or []} for k, v in req.items()
                }
            return alternatives

        def name(alt: frozenset[str]) -> str:
            return " + ".join(sorted(alt)) or "no authentication"

        old, new = effective(self.old, o_op), effective(self.new, n_op)
        o_where = _ptr(o_base, "security") if "security" in o_op else "/security"
        n_where = _ptr(n_base, "security") if "security" in n_op else "/security"
        for alt in sorted(set(old) - set(new), key=sorted):
            self.emit(
                "api-security-removed", label, o_where, f"security `{name(alt)}` no longer accepted"
            )
        for alt in sorted(set(new) - set(old), key=sorted):
            self.emit("api-security-added", label, n_where, f"security `{name(alt)}` now accepted")
        for alt in sorted(set(old) & set(new), key=sorted):
            for scheme in sorted(alt):
                added = new[alt][scheme] - old[alt][scheme]
                removed = old[alt][scheme] - new[alt][scheme]
                if added:
                    self.emit(
                        "api-security-scope-added",
                        label,
                        n_where,
                        f"security `{scheme}` now needs scopes {sorted(added)}",
                    )
                if removed:
                    self.emit(
                        "api-security-scope-removed",
                        label,
                        n_where,
                        f"security `{scheme}` no longer needs scopes {sorted(removed)}",
                    )

    def _params(
        self, doc: dict[str, Any], path: str, item: dict[str, Any], op: dict[str, Any], base: str
    ) -> dict[tuple[str, str], tuple[dict[str, Any], str, str]]:
        """(in, key) -> (parameter, pointer, display name); path params keyed by position."""
        positions = {m.group(0)[1:-1]: i for i, m in enumerate(_PATH_PARAM.finditer(path))}
        params: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
        item_base = base.rsplit("/", 1)[0]
        sources = ((item.get("parameters"), item_base), (op.get("parameters"), base))
        for raw_list, owner in sources:
            for i, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
                param, ptr, _ = _deref(doc, raw, _ptr(owner, "parameters", i))
                if not isinstance(param, dict) or "name" not in param:
                    continue
                where, name = str(param.get("in", "query")), str(param["name"])
                key = name.lower() if where == "header" else name
                if where == "path" and name in positions:
                    key = f"#{positions[name]}"
                params[(where, key)] = (param, ptr, name)
        return params

    def parameters(
        self,
        label: str,
        old: tuple[str, dict[str, Any], dict[str, Any], str],
        new: tuple[str, dict[str, Any], dict[str, Any], str],
    ) -> None:
        o_params = self._params(self.old, *old)
        n_params = self._params(self.new, *new)
        removed = {k: v for k, v in o_params.items() if k not in n_params}
        added = {k: v for k, v in n_params.items() if k not in o_params}
        moved = {
            k_old: k_new
            for k_old in removed
            for k_new in added
            if removed[k_old][2] == added[k_new][2]
        }
        for k_old, k_new in sorted(moved.items()):
            name = added[k_new][2]
            self.emit(
                "request-parameter-location-changed",
                label,
                added[k_new][1],
                f"parameter `{name}` moved from `in: {k_old[0]}` to `in: {k_new[0]}`",
            )
        for key, (param, ptr, name) in sorted(removed.items()):
            if key in moved:
                continue
            rid = (
                "request-parameter-removed-with-deprecation"
                if param.get("deprecated") is True
                else "request-parameter-removed"
            )
            self.emit(rid, label, ptr, f"{key[0]} parameter `{name}` removed")
        for key, (param, ptr, name) in sorted(added.items()):
            if key in moved.values():
                continue
            required = param.get("required") is True or key[0] == "path"
            rid = "new-required-request-parameter" if required else "new-optional-request-parameter"
            self.emit(
                rid,
                label,
                ptr,
                f"{key[0]} parameter `{name}` added" + (" (required)" if required else ""),
            )
        for key in sorted(set(o_params) & set(n_params)):
            (o_p, o_ptr, _), (n_p, n_ptr, name) = o_params[key], n_params[key]
            subject = f"{key[0]} parameter `{name}`"
            was, now = o_p.get("required") is True, n_p.get("required") is True
            if was != now:
                self.emit(
                    f"request-parameter-became-{'required' if now else 'optional'}",
                    label,
                    _ptr(n_ptr, "required"),
                    f"{subject} {'is now required' if now else 'is no longer required'}",
                )
            if o_p.get("deprecated") is not True and n_p.get("deprecated") is True:
                self.emit(
                    "request-parameter-deprecated",
                    label,
                    _ptr(n_ptr, "deprecated"),
                    f"{subject} deprecated",
                )
            if isinstance(o_p.get("schema"), dict) and isinstance(n_p.get("schema"), dict):
                ctx = _Ctx(label, "request-parameter", "request", subject)
                self.schema(
                    o_p["schema"], n_p["schema"], _ptr(o_ptr, "schema"), _ptr(n_ptr, "schema"), ctx
                )

    def _content(
        self,
        label: str,
        o_content: Any,
        n_content: Any,
        o_ptr: str,
        n_ptr: str,
        side: str,
        subject: str,
    ) -> None:
        o_content, n_content = _as_dict(o_content), _as_dict(n_content)
        for media in sorted(set(o_content) | set(n_content)):
            if media not in n_content:
                self.emit(
                    f"{side}-media-type-removed",
                    label,
                    _ptr(o_ptr, media),
                    f"{subject}: media type `{media}` removed",
                )
            elif media not in o_content:
                self.emit(
                    f"{side}-media-type-added",
                    label,
                    _ptr(n_ptr, media),
                    f"{subject}: media type `{media}` added",
                )
            else:
                o_schema = _as_dict(o_content[media]).get("schema")
                n_schema = _as_dict(n_content[media]).get("schema")
                if isinstance(o_schema, dict) and isinstance(n_schema, dict):
                    direction = "request" if side == "request-body" else "response"
                    ctx = _Ctx(label, f"{direction}-body", direction, subject)
                    self.schema(
                        o_schema,
                        n_schema,
                        _ptr(o_ptr, media, "schema"),
                        _ptr(n_ptr, media, "schema"),
                        ctx,
                    )

    def request_body(
        self, label: str, o_op: dict[str, Any], n_op: dict[str, Any], o_base: str, n_base: str
    ) -> None:
        o_body, o_ptr, _ = _deref(self.old, o_op.get("requestBody"), _ptr(o_base, "requestBody"))
        n_body, n_ptr, _ = _deref(self.new, n_op.get("requestBody"), _ptr(n_base, "requestBody"))
        if not isinstance(o_body, dict) and not isinstance(n_body, dict):
            return
        if not isinstance(n_body, dict):
            self.emit("request-body-removed", label, o_ptr, "request body removed")
            return
        now = n_body.get("required") is True
        if not isinstance(o_body, dict):
            self.emit(
                f"request-body-added-{'required' if now else 'optional'}",
                label,
                n_ptr,
                f"{'required' if now else 'optional'} request body added",
            )
            return
        if (o_body.get("required") is True) != now:
            self.emit(
                f"request-body-became-{'required' if now else 'optional'}",
                label,
                _ptr(n_ptr, "required"),
                f"request body {'is now required' if now else 'is no longer required'}",
            )
        self._content(
            label,
            o_body.get("content"),
            n_body.get("content"),
            _ptr(o_ptr, "content"),
            _ptr(n_ptr, "content"),
            "request-body",
            "request body",
        )

    def responses(
        self, label: str, o_op: dict[str, Any], n_op: dict[str, Any], o_base: str, n_base: str
    ) -> None:
        o_resps = {str(k): v for k, v in _as_dict(o_op.get("responses")).items()}
        n_resps = {str(k): v for k, v in _as_dict(n_op.get("responses")).items()}
        for status in sorted(set(o_resps) | set(n_resps)):
            kind = "success" if status.startswith("2") else "non-success"
            if status not in n_resps:
                self.emit(
                    f"response-{kind}-status-removed",
                    label,
                    _ptr(o_base, "responses", status),
                    f"response `{status}` removed",
                )
                continue
            if status not in o_resps:
                self.emit(
                    f"response-{kind}-status-added",
                    label,
                    _ptr(n_base, "responses", status),
                    f"response `{status}` added",
                )
                continue
            o_resp, o_ptr, _ = _deref(self.old, o_resps[status], _ptr(o_base, "responses", status))
            n_resp, n_ptr, _ = _deref(self.new, n_resps[status], _ptr(n_base, "responses", status))
            o_resp, n_resp = _as_dict(o_resp), _as_dict(n_resp)
            self._headers(label, status, o_resp, n_resp, o_ptr, n_ptr)
            self._content(
                label,
                o_resp.get("content"),
                n_resp.get("content"),
                _ptr(o_ptr, "content"),
                _ptr(n_ptr, "content"),
                "response",
                f"response {status}",
            )

    def _headers(
        self,
        label: str,
        status: str,
        o_resp: dict[str, Any],
        n_resp: dict[str, Any],
        o_ptr: str,
        n_ptr: str,
    ) -> None:
        def headers(
            doc: dict[str, Any], resp: dict[str, Any], base: str
        ) -> dict[str, tuple[dict[str, Any], str, str]]:
            out = {}
            for name, raw in _as_dict(resp.get("headers")).items():
                header, ptr, _ = _deref(doc, raw, _ptr(base, "headers", name))
                out[str(name).lower()] = (_as_dict(header), ptr, str(name))
            return out

        old, new = headers(self.old, o_resp, o_ptr), headers(self.new, n_resp, n_ptr)
        for key in sorted(old):
            header, ptr, name = old[key]
            if key not in new:
                kind = "required" if header.get("required") is True else "optional"
                self.emit(
                    f"{kind}-response-header-removed",
                    label,
                    ptr,
                    f"response {status}: header `{name}` removed",
                )
            elif header.get("required") is True and new[key][0].get("required") is not True:
                self.emit(
                    "response-header-became-optional",
                    label,
                    _ptr(new[key][1], "required"),
                    f"response {status}: header `{name}` may now be missing",
                )


# --- rule overrides and post-processing --------------------------------------------------------


def load_rule_overrides(path: str | Path) -> tuple[RuleOverride, ...]:
    """Parse a `--rules` file; each entry needs an id and/or operation, a level and a reason."""
    path = Path(path)
    data = load_data_file(path)
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SpecpressError("expected a mapping with a `rules:` list", file=path)
    overrides: list[RuleOverride] = []
    allowed = {"id", "operation", "level", "reason"}
    for i, entry in enumerate(entries):
        where = f"/rules/{i}"
        if not isinstance(entry, dict):
            raise SpecpressError("each rule entry must be a mapping", file=path, location=where)
        unknown = sorted(set(map(str, entry)) - allowed)
        if unknown:
            raise SpecpressError(
                f"unknown keys {unknown}; allowed: {sorted(allowed)}", file=path, location=where
            )
        rule_id, operation = entry.get("id"), entry.get("operation")
        if rule_id is None and operation is None:
            raise SpecpressError(
                "an entry needs `id`, `operation` or both", file=path, location=where
            )
        if rule_id is not None and rule_id not in RULES_BY_ID:
            raise SpecpressError(
                f"unknown rule id {rule_id!r} (see docs/diff-rules.md)", file=path, location=where
            )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise SpecpressError(
                "every entry needs a non-empty `reason`", file=path, location=f"{where}/reason"
            )
        level = entry.get("level")
        if level not in (*LEVELS, "ignore"):
            raise SpecpressError(
                f"`level` must be one of ERR, WARN, INFO, ignore, not {level!r}",
                file=path,
                location=f"{where}/level",
            )
        if operation is not None and not isinstance(operation, str):
            raise SpecpressError(
                "`operation` must be a string like `GET /path`",
                file=path,
                location=f"{where}/operation",
            )
        overrides.append(
            RuleOverride(
                None if level == "ignore" else str(level), reason.strip(), rule_id, operation
            )
        )
    return tuple(overrides)


def load_data_file(path: Path) -> Any:
    """A small YAML/JSON config file (rules file): parsed with the same safe loader."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecpressError("no such file", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecpressError(f"cannot read: {exc}", file=path) from None
    return _parse_yaml(text, path)


def apply_overrides(changes: Iterable[Change], overrides: Iterable[RuleOverride]) -> list[Change]:
    """Re-level or drop changes: the most specific matching entry wins, later ones break ties."""
    ordered = sorted(enumerate(overrides), key=lambda item: (item[1].specificity, item[0]))
    out: list[Change] = []
    for change in changes:
        chosen: RuleOverride | None = None
        for _, override in ordered:
            if override.matches(change):
                chosen = override
        if chosen is None:
            out.append(change)
        elif chosen.level is not None:
            out.append(replace(change, level=chosen.level))
    return out


_SUBJECT = re.compile(r"^[^`:]*`[^`]*`")


def _identity(change: Change) -> tuple[str, str]:
    """Location plus the message without its leading subject (`response property `a.b``)."""
    return change.location, _SUBJECT.sub("", change.message, count=1)


def _component_copies(changes: list[Change]) -> list[Change]:
    """One `components` entry per change found inside a shared component (see docs)."""
    groups: dict[tuple[str, str, str], list[Change]] = {}
    for change in changes:
        if change.location.startswith("/components/") and change.operation not in (
            "components",
            "api",
        ):
            groups.setdefault((change.id, *_identity(change)), []).append(change)
    copies = []
    for (rule_id, location, _), group in sorted(groups.items()):
        ops = sorted({c.operation for c in group})
        level = max((c.level for c in group), key=LEVEL_RANK.__getitem__)
        shown = ", ".join(ops[:5]) + (f" and {len(ops) - 5} more" if len(ops) > 5 else "")
        message = f"{min(c.message for c in group)} (in {len(ops)} operation"
        message += f"{'s' if len(ops) > 1 else ''}: {shown})"
        copies.append(Change(rule_id, level, "components", location, message))
    return copies


def _sort_key(change: Change) -> tuple[int, str, str, str, str, str]:
    section = (
        0 if change.operation == "api" else 2 if change.operation in ("components", "python") else 1
    )
    method, _, path = change.operation.partition(" ")
    return (section, path, method, change.location, change.id, change.message)


def diff_documents(
    old: Mapping[str, Any], new: Mapping[str, Any], options: DiffOptions | None = None
) -> DiffResult:
    """Compare two loaded OpenAPI documents: sorted, de-duplicated, overridden changes."""
    options = options or DiffOptions()
    try:
        raw = _Differ(dict(old), dict(new), options).run()
    except RecursionError:
        raise SpecpressError("schemas nest too deeply to compare") from None
    # A schema reached twice inside one operation (two properties referring to it) is still one
    # change: the same rule, location and detail; the first property path names it.
    first: dict[tuple[str, str, str, str], Change] = {}
    for change in sorted(set(raw), key=_sort_key):
        first.setdefault((change.id, change.operation, *_identity(change)), change)
    unique = list(first.values())
    changes = unique + _component_copies(unique)
    changes = apply_overrides(changes, options.overrides)
    return DiffResult(sorted(changes, key=_sort_key))


def diff_files(old: str | Path, new: str | Path, options: DiffOptions | None = None) -> DiffResult:
    """Load and compare two OpenAPI files (YAML or JSON)."""
    return diff_documents(load_document(old), load_document(new), options)


# --- CLI --------------------------------------------------------------------------------------


def _level_arg(value: str) -> str:
    upper = value.upper()
    if upper not in LEVELS:
        raise argparse.ArgumentTypeError(f"must be one of ERR, WARN, INFO (got {value!r})")
    return upper


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="breaking-change report between two OpenAPI documents",
        description="Compare two OpenAPI 3.0/3.1 documents; rules in docs/diff-rules.md.",
    )
    parser.add_argument("old", type=Path, help="the previous document")
    parser.add_argument("new", type=Path, help="the new document")
    parser.add_argument("--format", choices=("text", "json", "markdown", "github"), default="text")
    parser.add_argument(
        "--fail-on",
        type=_level_arg,
        metavar="ERR|WARN|INFO",
        help="exit 1 when a change at or above this level exists",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="FILE",
        help="per-rule / per-operation level overrides, each with a reason",
    )
    parser.add_argument(
        "--forward-compatible",
        action="store_true",
        help="clients keep unknown enum values: response enum additions are INFO",
    )
    parser.add_argument(
        "--today",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="the date x-sunset is judged against (default: today, UTC)",
    )
    parser.add_argument(
        "--sdk",
        metavar="API",
        help="also regenerate the client of specs/API for both and diff its Python API",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from specpress.diff_report import render

    overrides = load_rule_overrides(args.rules) if args.rules else ()
    options = DiffOptions(args.forward_compatible, args.today, ())
    result = diff_files(args.old, args.new, options)
    if args.sdk:
        result = DiffResult(
            sorted([*result.changes, *sdk_changes(args.sdk, args.old, args.new)], key=_sort_key)
        )
    result = DiffResult(apply_overrides(result.changes, overrides))
    output = render(result, args.format, color=_use_color(), source=str(args.new))
    sys.stdout.write(output)
    return 1 if result.fails(args.fail_on) else 0


def _use_color() -> bool:
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def sdk_changes(
    api: str,
    old: Path,
    new: Path,
    generate: Callable[[Path, Path, Path], Any] | None = None,
    *,
    sdk_yaml: Path | None = None,
) -> list[Change]:
    """Regenerate the `api` client from both documents and diff the public Python APIs.

    `sdk_yaml` defaults to `specs/<api>/sdk.yaml` under the repo root; the vendor flow passes
    its scratch copy. `generate` defaults to `specpress.generate.generate_package`.
    """
    import tempfile

    from specpress.apisurface import compare_surfaces, extract_surface
    from specpress.paths import repo_root

    check_bindings = generate is None  # an injected generator has its own settings format
    if generate is None:
        try:
            generate = importlib.import_module("specpress.generate").generate_package
        except (ImportError, AttributeError):
            raise SpecpressError(
                "--sdk needs specpress.generate.generate_package(spec, sdk_yaml, out_dir), "
                "which is not available in this checkout yet"
            ) from None
    sdk_yaml = sdk_yaml or repo_root() / "specs" / api / "sdk.yaml"
    if not sdk_yaml.is_file():
        raise SpecpressError(f"no generation settings for API {api!r}", file=sdk_yaml)
    orphaned = _orphaned_methods(sdk_yaml, new) if check_bindings else []
    if orphaned:
        # The settings map an operation the new document no longer has (removed, or its
        # operationId renamed): the client cannot be generated as configured, and every method
        # bound to it is gone for Python users even when the wire is unchanged.
        return orphaned
    with tempfile.TemporaryDirectory(prefix="specpress-sdk-diff-") as tmp:
        old_out, new_out = Path(tmp) / "old", Path(tmp) / "new"
        assert generate is not None
        generate(old, sdk_yaml, old_out)
        generate(new, sdk_yaml, new_out)
        api_changes = compare_surfaces(extract_surface(old_out), extract_surface(new_out))
    return python_changes(api_changes)


def _orphaned_methods(sdk_yaml: Path, new: Path) -> list[Change]:
    """`python-removed` for each configured method whose operationId is missing from `new`."""
    from specpress.sdkconfig import load_sdk_config

    document = load_document(new)
    present = {
        str(op.get("operationId"))
        for item in _as_dict(document.get("paths")).values()
        for method, op in _as_dict(item).items()
        if method in METHODS and isinstance(op, dict)
    }
    config = load_sdk_config(sdk_yaml)
    changes = []
    for resource in config.resources:
        for method in resource.methods:
            if method.operation not in present:
                name = ".".join((*resource.path, method.name))
                message = (
                    f"`client.{name}` can no longer be generated: operation "
                    f"`{method.operation}` is not in the new document (removed or renamed); "
                    "update sdk.yaml"
                )
                changes.append(Change("python-removed", rule("python-removed").level,
                                      "python", f"client.{name}", message))  # fmt: skip
    return changes


def python_changes(api_changes: Iterable[ApiChange]) -> list[Change]:
    """Python API changes as report entries: `operation: "python"`, the dotted name as location."""
    return [Change(c.id, rule(c.id).level, "python", c.name, c.message) for c in api_changes]
