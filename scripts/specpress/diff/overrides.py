"""What a team says about its own changes: severity levels, ignore lists, per-rule overrides.

Three files, applied in this order after the diff:

- `--severity-levels FILE` (oasdiff's format): `<id> err|warn|info|none` per line;
- `--ignore FILE` (oasdiff's format): `METHOD /path <change text>` per line;
- `--rules FILE` (ours, YAML): entries by id and/or operation, each with a reason.

Every malformed line or entry is a SpecpressError naming the file and the line or pointer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from specpress.diff.model import Change, IgnoreEntry, RuleOverride, op_key
from specpress.diff.rules import KNOWN_IDS, LEVELS
from specpress.errors import SpecpressError
from specpress.openapi.document import HTTP_METHODS
from specpress.openapi.load import read_plain


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SpecpressError("no such file", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecpressError(f"cannot read: {exc}", file=path) from None


def _content(line: str) -> str:
    """A line without its `#` comment."""
    return line.split("#", 1)[0].strip()


def load_severity_levels(path: str | Path) -> dict[str, str | None]:
    """`<id> <level>` lines (oasdiff's `--severity-levels`); `none` silences the id."""
    path = Path(path)
    levels: dict[str, str | None] = {}
    for number, line in enumerate(_read_lines(path), 1):
        text = _content(line)
        if not text:
            continue
        fields = text.split()
        where = f"line {number}"
        if len(fields) != 2:
            raise SpecpressError(
                f"expected `<rule id> <err|warn|info|none>`, got {text!r}",
                file=path,
                location=where,
            )
        rule_id, level = fields
        if rule_id not in KNOWN_IDS:
            raise SpecpressError(
                f"unknown rule id {rule_id!r} (see docs/diff-rules.md)", file=path, location=where
            )
        if level.upper() not in (*LEVELS, "NONE"):
            raise SpecpressError(
                f"level must be err, warn, info or none, not {level!r}", file=path, location=where
            )
        levels[rule_id] = None if level.upper() == "NONE" else level.upper()
    return levels


def load_ignore(path: str | Path) -> tuple[IgnoreEntry, ...]:
    """`METHOD /path <text>` lines (oasdiff's `--err-ignore` / `--warn-ignore` format)."""
    path = Path(path)
    entries: list[IgnoreEntry] = []
    for number, line in enumerate(_read_lines(path), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        fields = text.split()
        first = fields[0].lower()
        if first in ("api", "components"):
            entries.append(IgnoreEntry(first, " ".join(fields[1:]).lower(), text.lower()))
            continue
        path_index = next((i for i, f in enumerate(fields) if f.startswith("/")), None)
        if (
            path_index is None
            or path_index == 0
            or fields[path_index - 1].lower() not in HTTP_METHODS
        ):
            raise SpecpressError(
                "expected `METHOD /path <change text>` (or `api` / `components` first)",
                file=path,
                location=f"line {number}",
            )
        operation = op_key(f"{fields[path_index - 1]} {fields[path_index]}")
        rest = " ".join(fields[path_index + 1 :]).lower()
        entries.append(IgnoreEntry(operation, rest, text.lower()))
    return tuple(entries)


def load_rule_overrides(path: str | Path) -> tuple[RuleOverride, ...]:
    """Parse a `--rules` file; each entry needs an id and/or operation, a level and a reason."""
    path = Path(path)
    data = read_plain(path)
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
        if rule_id is not None and rule_id not in KNOWN_IDS:
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


def apply_levels(changes: Iterable[Change], levels: Mapping[str, str | None]) -> list[Change]:
    """Severity levels: the finer id (`detail_id`) wins over the oasdiff id; None drops."""
    out = []
    for change in changes:
        keys = [k for k in reversed(change.rule_ids) if k in levels]
        if not keys:
            out.append(change)
            continue
        level = levels[keys[0]]
        if level is not None:
            out.append(replace(change, level=level))
    return out


def apply_ignore(changes: Iterable[Change], entries: Iterable[IgnoreEntry]) -> list[Change]:
    entries = tuple(entries)
    return [c for c in changes if not any(e.matches(c) for e in entries)]


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
