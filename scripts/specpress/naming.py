"""Python names for spec things: class names of component schemas and keyword names of parameters.

Why a module of its own: every generated reference (resource return types, page items, body
types, unions, the public ``types`` tree) must use the *final* class name, and the final name must
be decided once, before datamodel-code-generator runs, so that nothing can disagree with it:

- class names are unique case-insensitively (``Thing`` and ``thing`` cannot both be ``Thing``;
  case-insensitive file systems and readers would confuse them anyway), never a Python keyword or
  builtin, and never a name the generated modules import (``Any``, ``BaseModel``, ``Field``,
  ``Literal``, ``Self`` ...) or define (resource classes, runtime helpers);
- the name map of ``sdk.yaml`` (``names.schemas``) wins; every other schema gets the PascalCase of
  its key, and a clash gets a deterministic suffix (``AnyModel``, ``Thing2``) in document order;
- keyword names of parameters are snake_case, and a keyword or a name the generated method itself
  uses (``timeout``, ``extra_headers``, ``self``, ``client`` ...) gets a trailing ``_``; the wire
  name is kept for the request.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Mapping

__all__ = [
    "RESERVED_CLASS_NAMES",
    "RESERVED_PARAMETER_NAMES",
    "ClassNames",
    "default_class_name",
    "parameter_name",
]

#: Names a generated module imports or defines besides the model classes. A model with one of
#: these names would shadow it (``class Any`` breaks every ``dict[str, Any]``).
RESERVED_CLASS_NAMES = frozenset(
    {
        # typing / pydantic names in the model module (datamodel-code-generator imports)
        "Annotated", "Any", "ClassVar", "Discriminator", "Field", "Final", "Literal", "Optional",
        "RootModel", "Self", "Tag", "TypeAlias", "TypeAliasType", "Union", "ConfigDict",
        "AwareDatetime", "NaiveDatetime", "AnyUrl", "UUID", "Decimal", "Enum", "StrEnum",
        "IntEnum", "model_validator", "field_validator", "annotations", "TYPE_CHECKING",
        "Mapping", "Sequence", "Callable", "Awaitable", "Iterator", "AsyncIterator",
        "Generic", "TypeVar", "Protocol", "cast", "overload", "date", "datetime", "time",
        "timedelta", "timezone",
        # the runtime (imported by models, resources, pages and the types tree)
        "BaseModel", "UnknownVariant", "OpenEnum", "variant_discriminator", "WireDatetime",
        "NextLinkPage", "AsyncNextLinkPage", "PageInfoPage", "AsyncPageInfoPage", "PageInfo",
        "AsyncPaginator", "SyncPage", "AsyncPage", "RawResponse", "RequestOptions", "NotGiven",
        "NOT_GIVEN", "Omit", "omit", "Headers", "Query", "Body", "Timeout", "NotGivenOr",
        "SyncAPIClient", "AsyncAPIClient", "SyncAPIResource", "AsyncAPIResource",
        "make_options", "path_param", "cached_property",
    }
)  # fmt: skip

#: Keyword names a generated method defines or uses itself; a spec parameter with one of these
#: names is renamed with a trailing ``_`` (the wire name is unchanged).
RESERVED_PARAMETER_NAMES = frozenset(
    {
        "self", "cls", "client", "timeout", "extra_headers", "extra_query", "extra_body",
        "request_options", "idempotency_key", "max_retries", "path_param", "make_options",
        "poll_interval", "max_interval", "on_progress", "cast", "overload",
    }
)  # fmt: skip


def default_class_name(schema_name: str) -> str:
    """The PascalCase class name of a component schema key (what datamodel-code-generator gives)."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", schema_name) if p]
    name = "".join(p[:1].upper() + p[1:] for p in parts)
    if not name or not name.isidentifier() or name[0].isdigit():
        name = "Model" + name
    return name


def _usable_class_name(name: str) -> bool:
    return (
        name.isidentifier()
        and name.isascii()
        and not keyword.iskeyword(name)
        and not hasattr(builtins, name)
        and name not in RESERVED_CLASS_NAMES
        and not name.startswith("_")
    )


class ClassNames:
    """Final class name per component schema (and per extra derived schema), decided once.

    ``explicit`` (sdk.yaml ``names.schemas``) is claimed first and must itself be usable and
    unique; the rest follows in ``order``. ``extra`` names (union aliases, their unknown models)
    are claimed as given: the caller checks them against the spec.
    """

    def __init__(
        self,
        order: Iterable[str],
        explicit: Mapping[str, str],
        extra: Iterable[str] = (),
        reserved: Iterable[str] = (),
    ) -> None:
        self.by_schema: dict[str, str] = {}
        self.problems: list[tuple[str, str]] = []  # (schema or name, message)
        self._taken: dict[str, str] = {}  # lowercased -> what took it
        for name in reserved:
            self._taken.setdefault(name.lower(), f"the resource or module name {name!r}")
        for schema, name in explicit.items():
            if not _usable_class_name(name):
                self.problems.append((schema, f"class name {name!r} is reserved or not usable"))
                continue
            if not self._claim(name, f"schema {schema!r}"):
                continue
            self.by_schema[schema] = name
        for name in extra:
            if self._claim(name, f"the derived name {name!r}"):
                self.by_schema[name] = name
        for schema in order:
            if schema in self.by_schema:
                continue
            self.by_schema[schema] = self._allocate(default_class_name(schema), schema)

    def _claim(self, name: str, owner: str) -> bool:
        key = name.lower()
        if key in self._taken:
            self.problems.append(
                (owner, f"class name {name!r} clashes with {self._taken[key]} (case-insensitive)")
            )
            return False
        self._taken[key] = owner
        return True

    def _allocate(self, base: str, schema: str) -> str:
        candidate = base if _usable_class_name(base) else base + "Model"
        number = 2
        stem = candidate
        while candidate.lower() in self._taken or not _usable_class_name(candidate):
            candidate = f"{stem}{number}"
            number += 1
        self._taken[candidate.lower()] = f"schema {schema!r}"
        return candidate

    def __getitem__(self, schema: str) -> str:
        return self.by_schema[schema]

    def is_taken(self, name: str) -> bool:
        return name.lower() in self._taken


def parameter_name(wire: str, taken: set[str]) -> str:
    """A keyword-argument name for a wire name: snake_case, keywords and reserved names + ``_``.

    Builtin names (``type``, ``id``, ``filter``) are kept: the official SDKs use them as keywords
    (``get_ai_settings(type=...)``) and the generated methods never call those builtins.
    """
    from openapi_python_client.strings import sanitize, snake_case

    text = sanitize(wire)
    lead = text.startswith("_")
    name = snake_case(text)
    if not name or not name.isidentifier() or lead:
        name = "field_" + (re.sub(r"\W", "_", name) or "value")
    while keyword.iskeyword(name) or name in RESERVED_PARAMETER_NAMES or name in taken:
        name += "_"
    return name
