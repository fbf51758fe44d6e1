"""Comparison of two public API surfaces: removed, renamed, added and changed names.

A removed and an added name with the same parent and an identical signature, with no other
candidate, is a rename. A name the new surface keeps as a deprecated alias of another
(`_DEPRECATED_ALIASES`) is `python-renamed-deprecated`, its members compared under the new name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from specpress.diff.apisurface.model import ApiChange, Member, Surface

_POSITIONAL = ("positional-only", "positional")


def _parent(name: str) -> str:
    return name.rpartition(".")[0]


def _compare_params(name: str, old: Member, new: Member) -> Iterable[ApiChange]:
    o_params, n_params = {p.name: p for p in old.params}, {p.name: p for p in new.params}
    o_pos = [p.name for p in old.params if p.kind in _POSITIONAL]
    n_pos = [p.name for p in new.params if p.kind in _POSITIONAL]
    for pname, param in o_params.items():
        if pname not in n_params and param.kind not in ("*args", "**kwargs"):
            yield ApiChange(
                "python-parameter-removed", name, f"`{name}`: parameter `{pname}` removed"
            )
    for pname, param in n_params.items():
        if pname in o_params or param.kind in ("*args", "**kwargs"):
            continue
        if param.required:
            yield ApiChange(
                "python-parameter-added-required",
                name,
                f"`{name}`: required parameter `{pname}` added",
            )
        else:
            yield ApiChange(
                "python-parameter-added", name, f"`{name}`: optional parameter `{pname}` added"
            )
    for pname in [p for p in o_params if p in n_params]:
        before, after = o_params[pname], n_params[pname]
        if before.required != after.required:
            rid = (
                "python-parameter-became-required"
                if after.required
                else ("python-parameter-became-optional")
            )
            state = "is now required" if after.required else "is now optional"
            yield ApiChange(rid, name, f"`{name}`: parameter `{pname}` {state}")
        narrowed = (before.kind in _POSITIONAL and after.kind not in _POSITIONAL) or (
            before.kind == "positional" and after.kind == "positional-only"
        )
        moved = pname in o_pos and pname in n_pos and o_pos.index(pname) != n_pos.index(pname)
        if narrowed or moved:
            detail = (
                f"moved from position {o_pos.index(pname) + 1} to {n_pos.index(pname) + 1}"
                if moved and not narrowed
                else f"changed from {before.kind} to {after.kind}"
            )
            yield ApiChange(
                "python-parameter-kind-changed", name, f"`{name}`: parameter `{pname}` {detail}"
            )
        if before.annotation != after.annotation and before.annotation and after.annotation:
            yield ApiChange(
                "python-type-changed",
                name,
                f"`{name}`: parameter `{pname}` type changed from "
                f"`{before.annotation}` to `{after.annotation}`",
            )


def _compare_member(name: str, old: Member, new: Member) -> Iterable[ApiChange]:
    if old.kind != new.kind:
        yield ApiChange(
            "python-type-changed", name, f"`{name}` changed from a {old.kind} to a {new.kind}"
        )
        return
    if old.annotation != new.annotation and (old.annotation or new.annotation):
        what = "return type" if old.kind in ("function", "method") else "type"
        yield ApiChange(
            "python-type-changed",
            name,
            f"`{name}`: {what} changed from `{old.annotation}` to `{new.annotation}`",
        )
    if old.kind == "field" and old.required != new.required:
        rid = "python-field-became-required" if new.required else "python-field-became-optional"
        state = "is now required" if new.required else "now has a default"
        yield ApiChange(rid, name, f"`{name}` {state}")
    if old.kind in ("function", "method"):
        yield from _compare_params(name, old, new)


def _deprecation_renames(old: Surface, new: Surface) -> dict[str, str]:
    """Old public path -> new public path, for names the new surface keeps as deprecated."""
    return {
        path: str(member.annotation)
        for path, member in new.items()
        if member.kind == "deprecated" and path in old and old[path].kind != "deprecated"
    }


def _follow_renames(old: Surface, renames: dict[str, str]) -> Surface:
    """The old surface with renamed classes' members and annotations under their new names."""
    if not renames:
        return old
    short = {a.rpartition(".")[2]: b.rpartition(".")[2] for a, b in renames.items()}
    word = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(short, key=len, reverse=True))) + r")\b"
    )

    def text(value: str | None) -> str | None:
        return word.sub(lambda m: short[m.group(1)], value) if value else value

    moved: Surface = {}
    for path, member in old.items():
        if path in renames:
            moved[path] = member  # compared by compare_surfaces as the rename itself
            continue
        for before, after in renames.items():
            if path.startswith(before + "."):
                path = after + path[len(before) :]
                break
        params = tuple(replace(p, annotation=text(p.annotation)) for p in member.params)
        moved[path] = replace(member, annotation=text(member.annotation), params=params)
    return moved


def compare_surfaces(old: Surface, new: Surface) -> list[ApiChange]:
    """Removed, renamed, added and changed public names between two surfaces, sorted."""
    deprecated = _deprecation_renames(old, new)
    old = _follow_renames(old, deprecated)
    changes: list[ApiChange] = [
        ApiChange(
            "python-renamed-deprecated",
            path,
            f"`{path}` renamed to `{target}`; the old name still imports (DeprecationWarning)",
        )
        for path, target in sorted(deprecated.items())
    ]
    targets = set(deprecated.values())
    removed = sorted(set(old) - set(new))
    added = sorted(n for n in set(new) - set(old) if n not in targets)
    renamed: dict[str, str] = {}
    for name in removed:
        candidates = [
            a
            for a in added
            if _parent(a) == _parent(name) and new[a] == old[name] and a not in renamed.values()
        ]
        rivals = [r for r in removed if _parent(r) == _parent(name) and old[r] == old[name]]
        if len(candidates) == 1 and len(rivals) == 1 and old[name].kind != "class":
            renamed[name] = candidates[0]
    gone = set(removed)
    for name in removed:
        if _parent(name) in gone:
            continue  # its class is reported once
        if name in renamed:
            changes.append(
                ApiChange("python-renamed", name, f"`{name}` renamed to `{renamed[name]}`")
            )
        else:
            changes.append(ApiChange("python-removed", name, f"{old[name].kind} `{name}` removed"))
    fresh = set(added)
    for name in added:
        if _parent(name) in fresh or name in renamed.values():
            continue
        changes.append(ApiChange("python-added", name, f"{new[name].kind} `{name}` added"))
    for name in sorted(set(old) & set(new)):
        if name not in deprecated:
            changes.extend(_compare_member(name, old[name], new[name]))
    return sorted(changes, key=lambda c: (c.name, c.id, c.message))
