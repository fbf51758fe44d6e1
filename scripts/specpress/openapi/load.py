"""The one loader of YAML and JSON files, with one policy (`specpress.openapi.limits`), two modes.

- `read_plain(path)`, the fast read mode: plain dicts and lists for the stages that only read
  (diff, lint, generate, contract, vendor). YAML goes through libyaml with ruamel.yaml's YAML 1.2
  semantics; whatever libyaml refuses or reads differently is re-read with ruamel.yaml, so both
  modes give the same data and the same error (file, line and column) for the same text.
- `read_roundtrip(path)`, the round-trip mode: a ruamel.yaml tree that patches edit in place and
  `RoundTripDocument.dump()` writes back in the source's own style (byte-identical when
  unchanged), for patch, build, vendor and release's version bump.

OpenAPI reads YAML with JSON semantics: dates stay strings and `null` is written as `null`.
Every failure is one `SpecpressError` naming the file (and the line when there is one).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.openapi import limits
from specpress.openapi.limits import MAX_EXPANDED_NODES, SAFE_TAGS
from specpress.openapi.style import YamlStyle, detect_style

__all__ = [
    "MAX_EXPANDED_NODES",
    "SAFE_TAGS",
    "RoundTripDocument",
    "YamlStyle",
    "detect_style",
    "dump_yaml",
    "from_plain",
    "parse_plain",
    "read_plain",
    "read_roundtrip",
    "read_text",
    "to_plain",
]

_ANCHOR_BEFORE = frozenset(" \t\n\r[{,:?-")
_ANCHOR_STOP = frozenset(" \t\n\r[]{},")


@dataclass
class RoundTripDocument:
    """A round-trip document: `data` is a ruamel tree, mutated in place by patches."""

    data: Any
    path: Path
    style: YamlStyle | None  # None: the source was JSON
    source_text: str

    def dump(self) -> str:
        """The document as text in the source's own style (JSON sources dump as JSON)."""
        if self.style is None:
            return json.dumps(to_plain(self.data), indent=2, ensure_ascii=False) + "\n"
        return dump_yaml(self.data, self.style)


def read_text(path: Path) -> str:
    """The file's text; a missing or unreadable file is a SpecpressError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecpressError("no such file", file=path) from None
    except IsADirectoryError:
        raise SpecpressError("is a directory, expected a file", file=path) from None
    except UnicodeDecodeError as exc:
        raise SpecpressError(f"not UTF-8 text ({exc.reason})", file=path) from None
    except OSError as exc:
        raise SpecpressError(f"cannot read: {exc.strerror}", file=path) from None


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        location = limits.line_col(exc.lineno - 1, exc.colno - 1)
        raise SpecpressError(f"invalid JSON: {exc.msg}", file=path, location=location) from None
    except ValueError as exc:
        raise SpecpressError(f"invalid JSON: {exc}", file=path) from None
    except RecursionError:
        raise SpecpressError("JSON nesting too deep", file=path) from None


def _may_hold_anchor(text: str) -> bool:
    """Whether a YAML text may hold an anchor (`&name` where a node can start): a cheap scan.
    Without one there is no alias, so the expansion check can be skipped."""
    at = text.find("&")
    while at >= 0:
        before = text[at - 1] if at else "\n"
        after = text[at + 1 : at + 2]
        if before in _ANCHOR_BEFORE and after and after not in _ANCHOR_STOP:
            return True
        at = text.find("&", at + 1)
    return False


def parse_plain(text: str, path: Path) -> Any:
    """YAML or JSON text (by `path`'s suffix) as plain data, in the fast read mode."""
    if _is_json(path):
        return _parse_json(text, path)
    from specpress.openapi import _libyaml

    if _libyaml.available() and not text.lstrip().startswith("%YAML"):
        try:
            return _libyaml.parse(text, anchors=_may_hold_anchor(text))
        except _libyaml.Unsure:
            pass  # ruamel.yaml decides below, and names the line if it refuses too
    from specpress.openapi import _ruamel

    return _ruamel.parse(text, path, roundtrip=False)


_PARSED: dict[tuple[str, str], bytes] = {}
_PARSED_MAX = 8


def read_plain(path: Path, text: str | None = None) -> Any:
    """A YAML or JSON file as plain dicts and lists (the fast read mode).

    Several stages of one run read the same large document (config defaults, the ref guard, the
    operations view): it is parsed once per content and each caller gets its own copy (a pickle
    round trip, about 30x faster than parsing), so no caller sees another's edits."""
    if text is None:
        text = read_text(path)
    key = (str(path), hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    blob = _PARSED.get(key)
    if blob is None:
        data = parse_plain(text, path)
        try:
            blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        except (RecursionError, pickle.PicklingError):
            return data  # too deep to copy cheaply: not kept, the next reader parses again
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = blob
        return data
    return pickle.loads(blob)


def read_roundtrip(path: Path, text: str | None = None) -> RoundTripDocument:
    """A YAML or JSON file for round-trip editing (patches, normalization, dumping)."""
    if text is None:
        text = read_text(path)
    if _is_json(path):
        return RoundTripDocument(from_plain(_parse_json(text, path)), path, None, text)
    from specpress.openapi import _ruamel

    style = detect_style(text)
    return RoundTripDocument(
        _ruamel.parse(text, path, roundtrip=True, style=style), path, style, text
    )


def dump_yaml(data: Any, style: YamlStyle | None = None) -> str:
    """Serialize a round-trip tree with the given block style."""
    from specpress.openapi import _ruamel

    return _ruamel.dump(data, style)


def to_plain(value: Any) -> Any:
    """A ruamel tree as plain dict/list/str/int/float/bool/None (shared subtrees copied)."""
    if isinstance(value, dict):
        return {str(k) if isinstance(k, str) else k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def from_plain(value: Any) -> Any:
    """Plain data as a round-trip tree (block style), e.g. a JSON document or a patch value."""
    from specpress.openapi import _ruamel

    return _ruamel.commented(value)
