"""`normalize:` of `specs/<api>/sdk.yaml`: the only part the spec build reads, so it is read on
its own from a file whose other parts may be absent (an API with no package yet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specpress.config.model import EXISTING_CHOICES, UPGRADE_NAMES, FragmentConfig, NormalizeOptions
from specpress.config.reader import Reader, read_sdk_yaml
from specpress.errors import SpecpressError
from specpress.openapi import pointer

__all__ = ["load_normalize_options", "normalize_section", "parse_normalize_options"]


def load_normalize_options(path: Path) -> NormalizeOptions:
    """`normalize:` of an sdk.yaml; a missing file or key gives the defaults."""
    if not path.exists():
        return NormalizeOptions(source=path)
    data = read_sdk_yaml(path) or {}
    if not isinstance(data, dict):
        raise SpecpressError("expected a mapping", file=path, location="line 1")
    return parse_normalize_options(data.get("normalize") or {}, path)


def parse_normalize_options(raw: Any, source: Path | None = None) -> NormalizeOptions:
    """Check the `normalize:` mapping (all defects at once)."""
    r = Reader(source)
    options = NormalizeOptions(source=source)
    with r.item():
        options = normalize_section(r, raw, source)
    r.finish()
    return options


def normalize_section(r: Reader, raw: Any, source: Path | None) -> NormalizeOptions:
    where = "/normalize"
    if raw is None:
        return NormalizeOptions(source=source)
    if not isinstance(raw, dict):
        raise r.fail("`normalize` must be a mapping", where)
    unknown = sorted(set(raw) - {"merge_fragments", "split_allof", "hoist", "upgrades"})
    if unknown:
        r.note(f"unknown normalize options {unknown}", where)
    fragments: dict[str, FragmentConfig] = {}
    for base, cfg in r.mapping(
        raw.get("merge_fragments") or {}, f"{where}/merge_fragments", any_keys=True
    ).items():
        at = pointer.child(f"{where}/merge_fragments", base)
        with r.item():
            cfg = cfg or {}
            if not isinstance(cfg, dict):
                raise r.fail("expected a mapping", at)
            bad = sorted(set(cfg) - {"operationId", "summary", "description", "existing"})
            if bad:
                r.note(f"unknown keys {bad}", at)
            existing = str(cfg.get("existing", FragmentConfig.existing))
            if existing not in EXISTING_CHOICES:
                raise r.fail(f"`existing` must be one of {', '.join(EXISTING_CHOICES)}", at)
            fragments[str(base)] = FragmentConfig(
                cfg.get("operationId"), cfg.get("summary"), cfg.get("description"), existing
            )
    return NormalizeOptions(
        merge_fragments=fragments,
        split_allof=bool(raw.get("split_allof", True)),
        hoist=bool(raw.get("hoist", True)),
        upgrades=_upgrades(r, raw.get("upgrades", True), f"{where}/upgrades"),
        source=source,
    )


def _upgrades(r: Reader, value: Any, where: str) -> tuple[str, ...] | None:
    """`upgrades: true` (every mechanical upgrade), `false` (none) or a list of their names."""
    if value is True:
        return None
    if value is False:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.note(f"`upgrades` must be true, false or a list of: {', '.join(UPGRADE_NAMES)}", where)
        return None
    unknown = [v for v in value if v not in UPGRADE_NAMES]
    if unknown:
        r.note(f"unknown upgrades {unknown} (known: {', '.join(UPGRADE_NAMES)})", where)
    return tuple(v for v in value if v in UPGRADE_NAMES)
