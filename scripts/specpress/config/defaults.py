"""The documented defaults of sdk.yaml keys that are left out, most of them read from the spec.

Why here: a new API should need only its package name in sdk.yaml. What the spec can tell comes
from the spec, the rest from the names, and every default is written down once here (README
"sdk.yaml without a hand map" sums them up):

| key | default |
|---|---|
| `package.import_name` | the dist with `-` as `_` |
| `package.version` | `0.1.0` |
| `package.description` | `Typed Python client for <info.title>.` |
| `package.client_class` | the PascalCase of the dist (`twelvelabs-tasks` -> `TwelvelabsTasks`) |
| `package.async_client_class` | `Async<client_class>` |
| `client.default_base_url` | the first `servers` URL, variables at their defaults |
| `client.auth` | from `components.securitySchemes` (the scheme the document requires) |
| `client.env.*` | `<NAME>_API_KEY`, `_BASE_URL`, `_LOG`, `_STRICT_RESPONSE_VALIDATION` |
| timeouts, retries | 120 s per attempt, 5 s to connect, 2 retries |

(`<NAME>`: the client class in UPPER_SNAKE case, `TwelveLabs` -> `TWELVE_LABS`.)

Auth from securitySchemes: `apiKey` in a header (with the prefix its description names, as in
"include the word `apikey`" or an example `` `Token 1234` ``), `http` `bearer` (and `oauth2` /
`openIdConnect`, whose access token is a bearer token), `http` `basic`, `apiKey` in the query.
A cookie key, a scheme of another kind or a spec without any is an error that asks for
`client.auth`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_VERSION",
    "AuthDefault",
    "auth_from_spec",
    "base_url_from_spec",
    "class_name_of",
    "description_from_spec",
    "env_prefix_of",
]

DEFAULT_VERSION = "0.1.0"
DEFAULT_TIMEOUT = 120.0
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_MAX_RETRIES = 2

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# "include the word `apikey`", "prefixed with `Token`", "Prefix the key with 'JWT'"
_PREFIX_WORD = re.compile(
    r"\b(?:word|prefix(?:ed)?)\b[^`'\".\n]{0,30}[`'\"]([A-Za-z][A-Za-z0-9_-]*)[`'\"]",
    re.IGNORECASE,
)
# an example value `apikey 1234$abcdef`, `Token <key>`, `Bearer {token}`
_PREFIX_EXAMPLE = re.compile(r"`([A-Za-z][A-Za-z0-9_-]*) (?:<[^>`]+>|\{[^}`]+\}|[^\s`]{3,})`")
_NOT_A_PREFIX = frozenset({"the", "a", "an", "your", "with", "by", "and", "or", "to", "it"})


@dataclass(frozen=True)
class AuthDefault:
    """``client.auth`` as derived from the spec: a kind of ``AUTH_KINDS`` and its names."""

    kind: str
    header: str = "Authorization"
    prefix: str = ""
    query: str = ""
    scheme: str = ""  # the securitySchemes entry it came from


def class_name_of(dist: str) -> str:
    """``twelvelabs-tasks`` -> ``TwelvelabsTasks``: a client class name for a dist name."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]+", dist) if part)


def env_prefix_of(client_class: str) -> str:
    """``TwelveLabs`` -> ``TWELVE_LABS``: the prefix of the package's environment variables."""
    return "_".join(word.upper() for word in _WORDS.findall(client_class)) or "API"


def description_from_spec(document: Any, dist: str) -> str:
    title = _info(document).get("title")
    name = " ".join(str(title).split()) if isinstance(title, str) and title.strip() else dist
    return f"Typed Python client for {name}."


def _info(document: Any) -> dict[str, Any]:
    info = document.get("info") if isinstance(document, dict) else None
    return info if isinstance(info, dict) else {}


def base_url_from_spec(document: Any) -> str | None:
    """The first absolute ``servers`` URL, ``{variables}`` at their defaults, no trailing ``/``."""
    servers = document.get("servers") if isinstance(document, dict) else None
    for server in servers if isinstance(servers, list) else []:
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = str(server["url"])
        variables = server.get("variables")
        for name, variable in variables.items() if isinstance(variables, dict) else []:
            default = variable.get("default") if isinstance(variable, dict) else None
            if default is not None:
                url = url.replace("{" + str(name) + "}", str(default))
        if url.startswith(("https://", "http://")) and "{" not in url:
            return url.rstrip("/")
    return None


def _schemes(document: Any) -> dict[str, Any]:
    components = document.get("components") if isinstance(document, dict) else None
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return schemes if isinstance(schemes, dict) else {}


def _required_schemes(document: Any) -> list[str]:
    """Scheme names in the order the document requires them (top level first, then operations)."""
    names: list[str] = []
    requirements: list[Any] = []
    if isinstance(document, dict) and isinstance(document.get("security"), list):
        requirements.extend(document["security"])
    paths = document.get("paths") if isinstance(document, dict) else None
    for item in paths.values() if isinstance(paths, dict) else []:
        for operation in item.values() if isinstance(item, dict) else []:
            if isinstance(operation, dict) and isinstance(operation.get("security"), list):
                requirements.extend(operation["security"])
    for requirement in requirements:
        if isinstance(requirement, dict):
            names.extend(str(name) for name in requirement if str(name) not in names)
    return names


def _resolve(document: Any, node: Any) -> Any:
    """A local ``$ref`` of a security scheme, followed (a few hops at most)."""
    for _ in range(8):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        target: Any = document
        for token in node["$ref"].lstrip("#/").split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        node = target
    return node


def prefix_from_description(text: str) -> str:
    """The auth value prefix a scheme's description names, or ``""``."""
    for pattern in (_PREFIX_WORD, _PREFIX_EXAMPLE):
        for match in pattern.finditer(text):
            word = match.group(1)
            if word.lower() not in _NOT_A_PREFIX:
                return word
    return ""


def auth_from_spec(document: Any) -> AuthDefault | str:
    """The auth the spec declares, or why it cannot tell (an error message)."""
    schemes = _schemes(document)
    if not schemes:
        return "the spec declares no securitySchemes"
    order = [n for n in _required_schemes(document) if n in schemes] or list(schemes)
    problems: list[str] = []
    for name in order:
        scheme = _resolve(document, schemes[name])
        if not isinstance(scheme, dict):
            continue
        kind, where = str(scheme.get("type", "")), str(scheme.get("in", ""))
        description = str(scheme.get("description") or "")
        if kind == "apiKey" and where == "header" and isinstance(scheme.get("name"), str):
            prefix = prefix_from_description(description)
            return AuthDefault("header", scheme["name"], prefix, scheme=name)
        if kind == "apiKey" and where == "query" and isinstance(scheme.get("name"), str):
            return AuthDefault("query", "", "", scheme["name"], scheme=name)
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return AuthDefault("bearer", "Authorization", "Bearer", scheme=name)
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            return AuthDefault("basic", "Authorization", "Basic", scheme=name)
        if kind in ("oauth2", "openIdConnect"):
            return AuthDefault("bearer", "Authorization", "Bearer", scheme=name)
        problems.append(f"{name!r} ({kind}{' in ' + where if where else ''})")
    return "no securityScheme of a supported kind: " + ", ".join(problems)
