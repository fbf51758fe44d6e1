"""The secret scanner: does a recording (or any text) hold a credential?

One scanner for every place a secret could be written: `specpress record` refuses to write a
case it flags, `specpress contract` and the test suite run it on every committed recording.
It looks for

- the API key itself, when known, in every form a server or a library might render it: raw,
  JSON-escaped, percent-encoded, hex, base64 (at any byte alignment, so inside a longer blob
  too), or a 16-character stretch of it;
- provider key shapes: Gcore permanent tokens (`<digits>$<token>`), TwelveLabs keys (`tlk_...`);
- credentials after an auth scheme (`Bearer`, `APIKey`, `Token`, `Basic`), JWTs (three base64url
  segments whose header decodes to JSON with `alg`);
- `api_key=`, `token=`, `password=` ... in URLs, query strings and form bodies;
- values of secret-named fields (`authorization`, `x-api-key`, `api_key`, `token` ...) that are
  not `<scrubbed>`, and long high-entropy values of auth-like fields, in JSON (bodies included)
  and in query pairs.

A finding never contains the secret: it names its kind and where it is (a JSON Pointer), so the
error that reports it can be printed and logged safely.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus

from specpress.openapi import pointer as jsonpointer

SCRUBBED = "<scrubbed>"
# Request headers a recording always holds as `<scrubbed>` (plus the API's own auth header).
SECRET_HEADERS = frozenset({"authorization", "x-api-key", "proxy-authorization", "cookie"})
# Field and header names whose value is a credential: anything but `<scrubbed>` (or empty) leaks.
SECRET_NAMES = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "api_key",
        "apikey",
        "x-auth-token",
        "auth_token",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "password",
        "passwd",
        "secret",
        "token",
        "cookie",
        "set-cookie",
    }
)
# Names that suggest a credential: their values are flagged when they look random.
_AUTH_LIKE = re.compile(r"(?i)auth|api[_-]?key|token|secret|passw|credential|private[_-]?key")
# Values that stand for a credential without being one (`<scrubbed>`, `***`, `1234$abcd...`).
_PLACEHOLDER = re.compile(r"^(<[^<>]*>|\*+|x+|null|none|redacted|.*(\.\.\.|\u2026))$", re.I)
KEY_WINDOW = 16  # a stretch of the key this long is as good as the key
MAX_BODY_DEPTH = 64  # JSON inside strings is parsed this deep, no deeper

_TOKEN = r"[A-Za-z0-9$._~+/=\-]{12,}"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Gcore API token", re.compile(r"(?<![\w$])\d{1,12}\$[A-Za-z0-9._\-]{12,}")),
    ("a TwelveLabs API key", re.compile(r"\btlk_[A-Za-z0-9]{8,}")),
    (
        "a credential after an auth scheme",
        re.compile(rf"(?i)\b(?:bearer|apikey|api-key|token|basic)\s+({_TOKEN})"),
    ),
    (
        "a credential parameter",
        re.compile(
            r"(?i)(?:^|(?<=[?&;\s\"'{,(]))(?:api[_-]?key|apikey|x-api-key|access[_-]?token|"
            r"auth[_-]?token|token|secret|client[_-]?secret|passw(?:or)?d|key(?=[=]))"
            r"=([^&\s\"'#<>]{4,})"
        ),
    ),
    (
        "a secret-named JSON field",
        re.compile(
            r"(?i)\"(?:authorization|x-api-key|api[_-]?key|apikey|access_token|token|"
            r"client_secret|password)\"\s*:\s*\"(?!<scrubbed>\")([^\"]{4,})\""
        ),
    ),
)
_JWT = re.compile(
    r"(?<![A-Za-z0-9_\-])([A-Za-z0-9_\-]{10,})\.([A-Za-z0-9_\-]{2,})\.([A-Za-z0-9_\-]*)"
)


@dataclass(frozen=True)
class Leak:
    """A credential found somewhere: what kind, and where (never the value itself)."""

    kind: str
    pointer: str = ""

    def describe(self) -> str:
        return f"{self.kind} at {self.pointer or '/'}"


# --- the key in every rendering ----------------------------------------------------------


@functools.lru_cache(maxsize=64)
def key_forms(key: str) -> frozenset[str]:
    """Every way `key` may appear in text: raw, escaped, percent-encoded, hex, base64 (each
    alignment), and its stretches of `KEY_WINDOW` characters."""
    key = key.strip()
    if len(key) < 8:
        return frozenset()  # too short to tell apart from ordinary text
    raw = key.encode("utf-8")
    forms = {key, json.dumps(key)[1:-1], json.dumps(key, ensure_ascii=False)[1:-1]}
    for encoded in (quote(key, safe=""), quote_plus(key, safe=""), quote(key)):
        forms |= {encoded, _lower_percent(encoded)}
    forms |= {raw.hex(), raw.hex().upper()}
    for shift in range(3):
        padded = base64.b64encode(b"\0" * shift + raw).decode()
        start, end = -(-shift * 8 // 6), (shift + len(raw)) * 8 // 6
        stable = padded[start:end]
        if len(stable) >= 8:
            forms |= {stable, stable.replace("+", "-").replace("/", "_")}
    if len(key) > KEY_WINDOW:
        forms |= {key[i : i + KEY_WINDOW] for i in range(len(key) - KEY_WINDOW + 1)}
    return frozenset(f for f in forms if f)


def _lower_percent(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)


# --- text ------------------------------------------------------------------------------------


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_random(value: str) -> bool:
    """A long token mixing letters and digits with high entropy (an opaque credential)."""
    return (
        len(value) >= 16
        and " " not in value
        and bool(re.search(r"[A-Za-z]", value))
        and bool(re.search(r"\d", value))
        and _entropy(value) >= 3.3
    )


def _is_jwt(header: str) -> bool:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (binascii.Error, ValueError):
        return False
    return isinstance(decoded, dict) and "alg" in decoded


def _credential(value: str) -> bool:
    """A value after an auth scheme that is a credential, not prose (`Bearer authentication`)."""
    return value != SCRUBBED and (bool(re.search(r"\d", value)) or looks_random(value))


def scan_text(text: str, *, keys: Iterable[str] = (), pointer: str = "") -> list[Leak]:
    """Leaks in one string: the known keys in any form, provider shapes, JWTs, parameters."""
    leaks: list[Leak] = []
    for key in keys:
        if any(form in text for form in key_forms(key)):
            leaks.append(Leak("the API key", pointer))
            break
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = match.group(match.lastindex or 0)
            if kind == "a credential after an auth scheme" and not _credential(value):
                continue
            if _PLACEHOLDER.match(value.strip()):
                continue
            leaks.append(Leak(kind, pointer))
            break
    if any(_is_jwt(m.group(1)) for m in _JWT.finditer(text)):
        leaks.append(Leak("a JWT", pointer))
    return leaks


# --- structured data -----------------------------------------------------------------------


def _field_leak(name: str, value: Any) -> bool:
    """A secret-named field with a real value, or an auth-like one with a random-looking value."""
    if not isinstance(value, str) or value in ("", SCRUBBED) or _PLACEHOLDER.match(value):
        return False
    lowered = name.lower()
    return lowered in SECRET_NAMES or (bool(_AUTH_LIKE.search(lowered)) and looks_random(value))


def _embedded(text: str) -> Any:
    """JSON or form data carried inside a string (a response body), else None."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return json.loads(stripped)
        except (ValueError, RecursionError):
            return None
    if "=" in stripped and " " not in stripped and "\n" not in stripped:
        pairs = parse_qsl(stripped, keep_blank_values=True)
        return {k: v for k, v in pairs} if pairs else None
    return None


def scan_data(data: Any, *, keys: Iterable[str] = (), pointer: str = "") -> list[Leak]:
    """Leaks anywhere in JSON-like data: every string (and JSON or form data inside strings),
    every secret-named field, every `[name, value]` pair whose name is secret."""
    keys = tuple(k for k in keys if k and k.strip())
    leaks: list[Leak] = []
    for at, name, value, depth in _walk(data, pointer):
        if name is not None and _field_leak(name, value):
            leaks.append(Leak(f"a value in the secret-named field {name!r}", at))
        if not isinstance(value, str):
            continue
        leaks += scan_text(value, keys=keys, pointer=at)
        inner = _embedded(value) if depth < MAX_BODY_DEPTH else None
        if isinstance(inner, dict | list):
            leaks += [leak for leak in scan_data(inner, keys=keys, pointer=at) if leak not in leaks]
    return _unique(leaks)


def _walk(data: Any, pointer: str) -> Iterator[tuple[str, str | None, Any, int]]:
    """(pointer, field name or None, value, depth) for every node, iteratively; a two-item
    list of strings counts as a `name=value` pair (recorded query strings)."""
    stack: list[tuple[str, str | None, Any, int]] = [(pointer, None, data, 0)]
    while stack:
        at, name, value, depth = stack.pop()
        yield at, name, value, depth
        if isinstance(value, dict):
            items = [(str(k), v) for k, v in value.items()]
            for key, item in reversed(items):
                stack.append((jsonpointer.child(at, key), key, item, depth + 1))
        elif isinstance(value, list):
            pair_name = value[0] if len(value) == 2 and isinstance(value[0], str) else None
            for index in reversed(range(len(value))):
                field = pair_name if index == 1 else None
                stack.append((f"{at}/{index}", field, value[index], depth + 1))


def _unique(leaks: list[Leak]) -> list[Leak]:
    seen: set[Leak] = set()
    out = []
    for leak in leaks:
        if leak not in seen:
            seen.add(leak)
            out.append(leak)
    return out


def find_secrets(text: str, keys: Iterable[str] = ()) -> list[str]:
    """The kinds of credential found in `text` (empty: none); for tests and log lines."""
    return [leak.kind for leak in scan_text(text, keys=keys)]


def secret_header_value(value: str) -> str:
    """The credential inside an auth header value (`APIKey abc` -> `abc`)."""
    scheme, _, rest = value.strip().partition(" ")
    return rest.strip() if rest and scheme.isalpha() else value.strip()


def scrub_headers(headers: dict[str, str], extra: Iterable[str] = ()) -> dict[str, str]:
    """Header names lower-cased and sorted, secret values replaced by `<scrubbed>`."""
    secret = SECRET_HEADERS | {name.lower() for name in extra}
    return {
        name.lower(): (SCRUBBED if name.lower() in secret else value)
        for name, value in sorted(headers.items())
    }
