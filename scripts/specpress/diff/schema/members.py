"""Matching the members of two subschema lists (`allOf`, `anyOf`, `oneOf`, `prefixItems`).

oasdiff's matching: by `$ref`, then identical inline schemas, then titles, then the single
remaining pair; an inline schema refactored into a `$ref` that validates the same is no change.
An `anyOf` that became a `oneOf` (or back) over the same members is one change (`list_kinds`).
"""

from __future__ import annotations

from typing import Any

from specpress.diff.schema.tree import Comparison, SubDiff
from specpress.diff.schema.values import is_ref
from specpress.openapi import pointer
from specpress.openapi.refs import Resolver


def list_kinds(
    cmp: Comparison, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str
) -> dict[str, tuple[str, str]]:
    """anyOf -> oneOf (or back) over the same members is one change, not all members
    removed and added: compare the two lists as one (`variant_switch` says so)."""
    for bk, rk in (("anyOf", "oneOf"), ("oneOf", "anyOf")):
        bl, rl = b.get(bk), r.get(rk)
        if not (isinstance(bl, list) and bl and isinstance(rl, list) and rl):
            continue
        if isinstance(b.get(rk), list) or isinstance(r.get(bk), list):
            continue
        lst = subschemas(cmp, bl, rl, pointer.child(bp, bk), pointer.child(rp, rk))
        if not lst.added and not lst.deleted:
            return {bk: (bk, rk), rk: ("", "")}
    return {}


def subschemas(cmp: Comparison, bl: list[Any], rl: list[Any], bp: str, rp: str) -> SubDiff:
    """oasdiff's matching: by `$ref`, then identical inline schemas, titles, the last pair."""
    out = SubDiff()
    if not bl and not rl:
        return out
    refs_rev: dict[str, list[int]] = {}
    for j, raw in enumerate(rl):
        if is_ref(raw):
            refs_rev.setdefault(raw["$ref"], []).append(j)
    refs_base: dict[str, list[int]] = {}
    for i, raw in enumerate(bl):
        if is_ref(raw):
            refs_base.setdefault(raw["$ref"], []).append(i)
    for i, raw in enumerate(bl):
        if not is_ref(raw):
            continue
        candidates = refs_rev.get(raw["$ref"])
        if candidates:
            j = candidates.pop(0)
            _modified(cmp, out, bl[i], rl[j], i, j, bp, rp)
        else:
            out.deleted.append(i)
    for j, raw in enumerate(rl):
        if is_ref(raw):
            candidates = refs_base.get(raw["$ref"])
            if candidates:
                candidates.pop(0)
            else:
                out.added.append(j)
    inline_b = [i for i, raw in enumerate(bl) if not is_ref(raw)]
    inline_r = [j for j, raw in enumerate(rl) if not is_ref(raw)]
    added = _not_contained(cmp, inline_r, inline_b, rl, bl, rp, bp, reverse=True)
    deleted = _not_contained(cmp, inline_b, inline_r, bl, rl, bp, rp, reverse=False)
    # match by title
    used_titles: set[str] = {""}
    for j in list(added):
        title = str(_title(cmp.new, rl[j], pointer.child(rp, j)))
        if title in used_titles:
            continue
        for i in deleted:
            if str(_title(cmp.old, bl[i], pointer.child(bp, i))) == title:
                _modified(cmp, out, bl[i], rl[j], i, j, bp, rp)
                added.remove(j)
                deleted.remove(i)
                used_titles.add(title)
                break
    if (
        len(added) == 1
        and len(deleted) == 1
        and not _title(cmp.old, bl[deleted[0]], pointer.child(bp, deleted[0]))
        and not _title(cmp.new, rl[added[0]], pointer.child(rp, added[0]))
    ):
        _modified(cmp, out, bl[deleted[0]], rl[added[0]], deleted[0], added[0], bp, rp)
        added, deleted = [], []
    out.added += added
    out.deleted += deleted
    # an inline schema refactored into a $ref (or back) that validates the same is no change
    for i in list(out.deleted):
        for j in list(out.added):
            if is_ref(bl[i]) != is_ref(rl[j]) and cmp.equivalent(
                bl[i], rl[j], pointer.child(bp, i), pointer.child(rp, j)
            ):
                out.deleted.remove(i)
                out.added.remove(j)
                break
    out.added.sort()
    out.deleted.sort()
    return out


def _modified(
    cmp: Comparison, out: SubDiff, b: Any, r: Any, i: int, j: int, bp: str, rp: str
) -> None:
    sub = cmp.diff(b, r, pointer.child(bp, i), pointer.child(rp, j))
    if sub is not None and not sub.empty():
        out.modified.append((i, j, sub))


def _not_contained(
    cmp: Comparison,
    indexes: list[int],
    others: list[int],
    mine: list[Any],
    theirs: list[Any],
    my_ptr: str,
    their_ptr: str,
    *,
    reverse: bool,
) -> list[int]:
    """Indexes of `mine` with no identical (empty diff) schema among `theirs`."""
    matched: set[int] = set()
    missing = []
    for i in indexes:
        for j in others:
            if j in matched:
                continue
            if reverse:
                sub = cmp.diff(
                    theirs[j], mine[i], pointer.child(their_ptr, j), pointer.child(my_ptr, i)
                )
            else:
                sub = cmp.diff(
                    mine[i], theirs[j], pointer.child(my_ptr, i), pointer.child(their_ptr, j)
                )
            if sub is None or sub.empty():
                matched.add(j)
                break
        else:
            missing.append(i)
    return missing


def _title(side: Resolver, raw: Any, location: str) -> str:
    node = side.deref(raw, location)[0]
    return str(node.get("title") or "") if isinstance(node, dict) else ""
