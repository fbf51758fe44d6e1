"""Guarded RFC 6902 patch groups, applied in place on a round-trip document.

Every mutation in `patches.yaml` is preceded by a `test` of the exact upstream value, so an
upstream change can never be patched silently wrong. Each group ends in one of three states:

- `applied`: every test matched and every operation was applied;
- `obsolete`: the tests fail, but the document already is what the group would produce
  (upstream fixed the defect: delete the group);
- `stale`: neither; the report names the JSON Pointer of the first failing test and what the
  upstream document now holds there (or "missing"). The build fails on any stale group.

A group is first dry-run on a plain copy, so a failing group never leaves the document half
patched. Replaced strings keep their YAML style (quotes, literal/folded blocks; folded scalars
keep the line breaks of the unchanged text), and replaced collections reuse the old nodes for
equal parts, so only the patched lines change in the dump.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jsonpath import JSONPatch, JSONPatchError, JSONPointerError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

from specpress.errors import SpecpressError, SpecpressErrors
from specpress.openapi import pointer as jsonpointer
from specpress.openapi.load import from_plain, read_roundtrip, to_plain

Status = Literal["applied", "obsolete", "stale"]
MUTATIONS = ("add", "remove", "replace", "move", "copy")
OPS = ("test", *MUTATIONS)
GROUP_KEYS = ("id", "reason", "upstream", "ops")
FOLD_WIDTH = 80  # where re-folded text breaks when no old fold position maps onto it
_MISSING = object()


@dataclass(frozen=True)
class PatchGroup:
    """One reviewed change: its `ops`, why (`reason`), and the vendor defect (`upstream`)."""

    id: str
    reason: str
    upstream: str
    ops: tuple[dict[str, Any], ...]  # plain data, validated


@dataclass(frozen=True)
class GroupResult:
    """The verdict for one group; `pointer`/`current` explain a stale one."""

    group_id: str
    status: Status
    pointer: str | None = None
    current: str | None = None

    def describe(self) -> str:
        """One line for the build log."""
        if self.status == "applied":
            return f"{self.group_id} applied"
        if self.status == "obsolete":
            return f"{self.group_id} obsolete: upstream already has the result, delete this patch"
        return (
            f"{self.group_id} stale: test failed at {self.pointer}, upstream now has {self.current}"
        )


# --- the patch file ------------------------------------------------------------------------


def load_patches(path: Path) -> list[PatchGroup]:
    """Read and validate a patches.yaml; a missing file means no patches."""
    if not path.exists():
        return []
    document = read_roundtrip(path)
    return parse_patches(document.data, path)


def _line_of(node: Any, key: Any = None) -> str | None:
    """`line N` of a round-trip node (or of one of its keys), for error messages."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        line = lc.key(key)[0] if key is not None else lc.line
    except (KeyError, IndexError, TypeError):
        line = lc.line
    return f"line {line + 1}"


def parse_patches(data: Any, path: Path) -> list[PatchGroup]:
    """Validate the structure of a patch file and return its groups in order."""
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise SpecpressError(
            "expected a mapping with a `groups:` list", file=path, location="line 1"
        )
    groups: list[PatchGroup] = []
    seen: set[str] = set()
    for index, node in enumerate(data["groups"]):
        where = _line_of(data["groups"], index) if isinstance(data["groups"], list) else None
        group = _parse_group(node, index, path, where)
        if group.id in seen:
            raise SpecpressError(f"duplicate group id {group.id!r}", file=path, location=where)
        seen.add(group.id)
        groups.append(group)
    return groups


def _parse_group(node: Any, index: int, path: Path, where: str | None) -> PatchGroup:
    if not isinstance(node, dict):
        raise SpecpressError(f"group {index} is not a mapping", file=path, location=where)
    label = f"group {node.get('id', index)!r}"
    for key in GROUP_KEYS:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise SpecpressError(f"{label} has no `{key}`", file=path, location=where)
    for key in ("id", "reason", "upstream"):
        if not isinstance(node[key], str):
            raise SpecpressError(f"{label}: `{key}` must be text", file=path, location=where)
    unknown = sorted(set(node) - set(GROUP_KEYS))
    if unknown:
        raise SpecpressError(f"{label}: unknown keys {unknown}", file=path, location=where)
    ops_node = node["ops"]
    if not isinstance(ops_node, list) or not ops_node:
        raise SpecpressError(f"{label}: `ops` must be a non-empty list", file=path, location=where)
    ops = tuple(
        _parse_op(op, label, i, path, _line_of(ops_node, i)) for i, op in enumerate(ops_node)
    )
    _check_guarded(ops, label, path, [_line_of(ops_node, i) for i in range(len(ops))])
    return PatchGroup(str(node["id"]), str(node["reason"]), str(node["upstream"]), ops)


def _parse_op(node: Any, label: str, index: int, path: Path, where: str | None) -> dict[str, Any]:
    what = f"{label} op {index}"
    if not isinstance(node, dict):
        raise SpecpressError(f"{what} is not a mapping", file=path, location=where)
    op = node.get("op")
    if op not in OPS:
        raise SpecpressError(
            f"{what}: unknown op {op!r} (expected one of {', '.join(OPS)})",
            file=path,
            location=where,
        )
    required = {"path"} | ({"value"} if op in ("test", "add", "replace") else set())
    required |= {"from"} if op in ("move", "copy") else set()
    allowed = required | {"op"}
    for key in sorted(required):
        if key not in node:
            raise SpecpressError(f"{what} ({op}) has no `{key}`", file=path, location=where)
    extra = sorted(set(node) - allowed)
    if extra:
        raise SpecpressError(f"{what} ({op}): unexpected keys {extra}", file=path, location=where)
    for key in ("path", "from"):
        if key in node:
            pointer = node[key]
            if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
                raise SpecpressError(
                    f"{what}: `{key}` must be a JSON Pointer starting with '/', got {pointer!r}",
                    file=path,
                    location=where,
                )
    return {str(k): to_plain(v) for k, v in node.items()}


def _parent(pointer: str) -> str:
    return jsonpointer.parent(pointer)[0]


def _covers(tested: str, target: str) -> bool:
    """A test of `tested` pins `target`: same node or an ancestor of it."""
    return target == tested or target.startswith(tested + "/")


def _check_guarded(
    ops: tuple[dict[str, Any], ...], label: str, path: Path, lines: list[str | None]
) -> None:
    """Every mutation needs an earlier test of its target (or parent/sibling for a new key)."""
    tested: list[str] = []
    for index, op in enumerate(ops):
        if op["op"] == "test":
            tested.append(op["path"])
            continue
        targets = [op["from"]] if op["op"] in ("move", "copy") else [op["path"]]
        for target in targets:
            ok = any(_covers(t, target) for t in tested)
            if not ok and op["op"] == "add":  # a new key: its parent or something in it was tested
                ok = any(_covers(t, _parent(target)) or _covers(_parent(target), t) for t in tested)
            if not ok:
                raise SpecpressError(
                    f"{label} op {index} ({op['op']} {target}) is not preceded by a `test` "
                    "of the upstream value at that path",
                    file=path,
                    location=lines[index],
                )


# --- applying ------------------------------------------------------------------------------


def _resolve(data: Any, pointer: str) -> Any:
    found, node = jsonpointer.lookup(data, pointer)
    return node if found else _MISSING


def _render(value: Any, limit: int = 300) -> str:
    if value is _MISSING:
        return "missing"
    text = json.dumps(to_plain(value), ensure_ascii=False, sort_keys=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_equal(a: Any, b: Any) -> bool:
    """Equality with JSON types: `1 != true`, `1 == 1.0`, key order ignored."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(type(a) is type(b) or (_is_number(a) and _is_number(b))) and a == b


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _apply_one(data: Any, op: dict[str, Any]) -> Any:
    """Apply one op in place; its value is copied, so the document never shares a node with
    the patch (a later op of the group may edit what an earlier one added)."""
    if isinstance(op.get("value"), dict | list):
        op = {**op, "value": copy.deepcopy(op["value"])}
    return JSONPatch([op]).apply(data)


def _pointers(ops: tuple[dict[str, Any], ...]) -> list[str]:
    return [p for op in ops for p in (op["path"], op.get("from")) if isinstance(p, str)]


def scoped_copy(data: Any, pointers: list[str]) -> Any:
    """Plain data that equals `data` wherever `pointers` (and their parents) lead, for a dry
    run: mappings on the way are copied shallowly, the nodes at the pointers and every list on
    the way (whose indexes an op may shift) deeply; the rest is shared, never touched. Costs
    what the group touches, not what the document weighs."""
    if any(p == "" for p in pointers) or not isinstance(data, dict):
        return to_plain(data)
    root = dict(data)
    owned = {id(root)}  # containers of the copy (safe to edit)
    for at in pointers:
        node: Any = root
        tokens = jsonpointer.split(at)
        for index, token in enumerate(tokens):
            if not isinstance(node, dict) or token not in node:
                break  # lists below here are deep copies already; a missing key stays missing
            child = node[token]
            if id(child) in owned:
                node = child
                continue
            last = index == len(tokens) - 1
            if last or not isinstance(child, dict):
                node[token] = copied = to_plain(child)
                owned.add(id(copied))
                break
            node[token] = node = dict(child)
            owned.add(id(node))
    return root


def _first_failure(plain: Any, ops: tuple[dict[str, Any], ...]) -> tuple[str, str] | None:
    """Dry-run on plain data: the pointer and current value where the group first fails."""
    tested: list[str] = []
    for op in ops:
        before = _resolve(plain, op["path"])
        if op["op"] == "test":
            if before is _MISSING or not _json_equal(before, op["value"]):
                return op["path"], _render(before)
            tested.append(op["path"])
        elif op["op"] == "add" and _adds_existing_key(plain, op["path"], tested):
            return op["path"], _render(before)
        try:
            plain = _apply_one(plain, op)
        except (JSONPatchError, JSONPointerError, KeyError, IndexError, TypeError):
            where = op.get("from", op["path"]) if op["op"] in ("move", "copy") else op["path"]
            missing = _resolve(plain, where) is _MISSING
            target = where if missing else _parent(where)
            return target, _render(_resolve(plain, target))
    return None


def _adds_existing_key(plain: Any, path: str, tested: list[str]) -> bool:
    """An `add` that would silently overwrite an untested existing key (upstream added it)."""
    parent = _resolve(plain, _parent(path))
    exists = isinstance(parent, dict) and _resolve(plain, path) is not _MISSING
    return exists and not any(_covers(t, path) for t in tested)


def _force_set(data: Any, pointer: str, value: Any) -> bool:
    """Make `pointer` hold `value` in plain data (parent must exist); False if impossible."""
    if pointer == "":
        return False
    parent_at, token = jsonpointer.parent(pointer)
    parent = _resolve(data, parent_at)
    if isinstance(parent, dict):
        parent[token] = value
        return True
    if isinstance(parent, list) and token.isdigit():
        index = int(token)
        if index < len(parent):
            parent[index] = value
            return True
        if index == len(parent):
            parent.append(value)
            return True
    return False


def _is_obsolete(plain: Any, ops: tuple[dict[str, Any], ...]) -> bool:
    """Would the group, run on the upstream its tests describe, produce what `plain` already is?
    (`plain`: a scoped copy, see `scoped_copy`.)"""
    current = plain
    simulated = scoped_copy(plain, _pointers(ops))
    touched: list[str] = []
    try:
        for op in ops:
            touched.append(op["path"])
            if op["op"] in ("move", "copy"):
                touched.append(op["from"])
            if op["op"] == "test":
                if not _force_set(simulated, op["path"], to_plain(op["value"])):
                    return False
                continue
            simulated = _apply_one(simulated, op)
    except (JSONPatchError, JSONPointerError, KeyError, IndexError, TypeError):
        return False
    for pointer in touched:
        after, now = _resolve(simulated, pointer), _resolve(current, pointer)
        if (after is _MISSING) != (now is _MISSING):
            return False
        if after is not _MISSING and not _json_equal(after, now):
            return False
    return True


def apply_group(data: Any, group: PatchGroup) -> GroupResult:
    """Apply one group in place if all its tests pass; otherwise judge obsolete or stale.

    `data` is a round-trip tree (new values are styled like the ones they replace) or plain
    data (values go in as they are)."""
    touched = _pointers(group.ops)
    failure = _first_failure(scoped_copy(data, touched), group.ops)
    if failure is not None:
        if _is_obsolete(scoped_copy(data, touched), group.ops):
            return GroupResult(group.id, "obsolete")
        pointer, current = failure
        return GroupResult(group.id, "stale", pointer=pointer, current=current)
    if type(data) is dict:
        for op in group.ops:
            data = _apply_one(data, op)
        return GroupResult(group.id, "applied")
    for op in group.ops:
        styled = dict(op)
        if op["op"] == "replace" or (
            op["op"] == "add" and isinstance(_resolve(data, _parent(op["path"])), dict)
        ):
            styled["value"] = restyle(_resolve(data, op["path"]), op["value"])
        elif "value" in op and op["op"] != "test":
            styled["value"] = from_plain(op["value"])
        data = _apply_one(data, styled)
    return GroupResult(group.id, "applied")


def apply_groups(data: Any, groups: list[PatchGroup]) -> list[GroupResult]:
    """Apply every group in order, in place; stale groups are reported, not raised."""
    return [apply_group(data, group) for group in groups]


def stale_error(result: GroupResult, patches_path: Path) -> SpecpressError:
    """A stale group as an error naming the file, the group, the pointer and what to do."""
    return SpecpressError(
        f"patch group {result.group_id!r} is stale: test failed at {result.pointer}, upstream "
        f"now has {result.current}; rewrite the group against the new upstream value "
        "(README 'Updating an upstream spec')",
        file=patches_path,
        location=result.pointer,
    )


def raise_if_stale(results: list[GroupResult], patches_path: Path) -> None:
    """Fail on the stale groups, one line each, naming the file, the group and the pointer."""
    stale = [stale_error(r, patches_path) for r in results if r.status == "stale"]
    if stale:
        raise SpecpressErrors(stale)


# --- keeping YAML style --------------------------------------------------------------------


def restyle(old: Any, new: Any) -> Any:
    """`new` (plain data) as a round-trip node styled like `old`, reusing equal old parts."""
    if old is _MISSING:
        return from_plain(new)
    if isinstance(new, str) and isinstance(old, str):
        return _restyle_string(old, new)
    if isinstance(new, dict) and isinstance(old, dict):
        mapping = CommentedMap()
        for key, value in new.items():
            mapping[key] = restyle(old[key], value) if key in old else from_plain(value)
        _copy_flow_style(old, mapping)
        return mapping
    if isinstance(new, list) and isinstance(old, list):
        unused = list(old)
        items = []
        for value in new:
            match = next((o for o in unused if _json_equal(to_plain(o), value)), _MISSING)
            if match is not _MISSING:
                unused.remove(match)
            items.append(restyle(match, value))
        sequence = CommentedSeq(items)
        _copy_flow_style(old, sequence)
        return sequence
    return from_plain(new)


def _copy_flow_style(old: Any, new: Any) -> None:
    fa = getattr(old, "fa", None)
    if fa is not None and fa.flow_style():
        new.fa.set_flow_style()


def _restyle_string(old: str, new: str) -> Any:
    if old == new:
        return old
    if isinstance(old, FoldedScalarString):
        return refold(old, new)
    if isinstance(old, ScalarString):
        return type(old)(new)
    return new


def refold(old: FoldedScalarString, new: str) -> FoldedScalarString:
    """A folded scalar for `new` that breaks lines where `old` did in the unchanged text.

    Old fold positions are carried through a character alignment of old and new, so a word
    edit changes only its own line; lines that end up far too long are folded at FOLD_WIDTH.
    """
    result = FoldedScalarString(new)
    folds: list[int] = []
    matcher = difflib.SequenceMatcher(None, str(old), new, autojunk=False)
    blocks = matcher.get_matching_blocks()
    for position in getattr(old, "fold_pos", []):
        for a, b, size in blocks:
            if a <= position < a + size:
                folds.append(b + position - a)
                break
    folds = sorted(p for p in set(folds) if _can_fold(new, p))
    result.fold_pos = _fill_long_lines(new, folds)
    return result  # type: ignore[no-any-return]


def _can_fold(text: str, position: int) -> bool:
    """Where ruamel can write a fold: a single space between two non-space characters."""
    return (
        0 < position < len(text) - 1
        and text[position] == " "
        and not text[position - 1].isspace()
        and not text[position + 1].isspace()
    )


def _fill_long_lines(text: str, folds: list[int]) -> list[int]:
    """Add folds inside segments longer than 1.5 x FOLD_WIDTH (new text with no old breaks)."""
    breaks = sorted(set(folds) | {i for i, c in enumerate(text) if c == "\n"} | {-1, len(text)})
    extra: list[int] = []
    for start, end in itertools.pairwise(breaks):
        if end - start <= FOLD_WIDTH * 3 // 2:
            continue
        line_start = start + 1
        candidate = -1
        for index in range(line_start, end):
            if _can_fold(text, index):
                candidate = index
            if index - line_start >= FOLD_WIDTH and candidate > line_start:
                extra.append(candidate)
                line_start = candidate + 1
                candidate = -1
    return sorted(set(folds) | set(extra))
