"""The wire diff of two OpenAPI documents: run the comparison, then de-duplicate and override.

`Differ` (operations and the document) emits raw changes; here they are sorted, a schema
reached twice in one operation becomes one change, changes inside shared components are also
listed once under `components`, and severity levels, ignore entries and `--rules` apply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from specpress.diff.load import load_document
from specpress.diff.model import Change, DiffOptions, DiffResult, sort_key
from specpress.diff.operations import Differ
from specpress.diff.overrides import apply_ignore, apply_levels, apply_overrides
from specpress.diff.rules import LEVEL_RANK
from specpress.errors import SpecpressError

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
    for (_, _, _), group in sorted(groups.items()):
        first = group[0]
        ops = sorted({c.operation for c in group})
        level = max((c.level for c in group), key=LEVEL_RANK.__getitem__)
        shown = ", ".join(ops[:5]) + (f" and {len(ops) - 5} more" if len(ops) > 5 else "")
        message = f"{min(c.message for c in group)} (in {len(ops)} operation"
        message += f"{'s' if len(ops) > 1 else ''}: {shown})"
        copies.append(
            Change(first.id, level, "components", first.location, message, first.detail_id)
        )
    return copies


def diff_documents(
    old: Mapping[str, Any], new: Mapping[str, Any], options: DiffOptions | None = None
) -> DiffResult:
    """Compare two loaded OpenAPI documents: sorted, de-duplicated, overridden changes.

    Documents from `load_document` know their file, so relative file `$ref`s are followed
    (inside the document's tree only); plain mappings follow local refs only.
    """
    options = options or DiffOptions()
    try:
        raw = Differ(old, new, options).run()
    except RecursionError:
        raise SpecpressError("schemas nest too deeply to compare") from None
    # A schema reached twice inside one operation (two properties referring to it) is still one
    # change: the same rule, location and detail; the first property path names it.
    first: dict[tuple[str, str, str, str], Change] = {}
    for change in sorted(set(raw), key=sort_key):
        first.setdefault((change.id, change.operation, *_identity(change)), change)
    unique = list(first.values())
    changes = unique + _component_copies(unique)
    changes = apply_levels(changes, options.levels)
    changes = apply_ignore(changes, options.ignore)
    changes = apply_overrides(changes, options.overrides)
    return DiffResult(sorted(changes, key=sort_key))


def diff_files(old: str | Path, new: str | Path, options: DiffOptions | None = None) -> DiffResult:
    """Load and compare two OpenAPI files (YAML or JSON)."""
    return diff_documents(load_document(old), load_document(new), options)
