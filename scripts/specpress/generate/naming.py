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
  name is kept for the request;
- ``package_names`` puts it together for one package: class names, the public modules of the
  ``names.modules`` map (official module paths re-exporting our classes and page classes) and the
  deprecated aliases, every one checked against the spec and the runtime before anything renders.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from specpress.errors import SpecpressError
from specpress.openapi.pointer import join

from .pages import BASE_PAGE_CLASSES, PAGE_STYLES, PageStyle, page_class_sources

if TYPE_CHECKING:
    from specpress.config.model import ResourceSpec, SdkConfig

__all__ = [
    "DATETIME_SCHEMA",
    "RESERVED_CLASS_NAMES",
    "RESERVED_PARAMETER_NAMES",
    "ClassNames",
    "PackageNames",
    "PublicModule",
    "default_class_name",
    "package_names",
    "parameter_name",
    "pascal",
]

#: The component key of the one date-time schema every ``format: date-time`` node is pointed at in
#: the derived model spec (models.py); ``--type-overrides`` turns it into the runtime
#: ``WireDatetime``. Claimed here so no schema can take its name.
DATETIME_SCHEMA = "SpecpressWireDatetime"

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
        # the runtime (imported by models, resources and the types tree; the pages: pages.py)
        "BaseModel", "UnknownVariant", "OpenEnum", "variant_discriminator", "WireDatetime",
        "SyncPage", "AsyncPage", "RawResponse", "RequestOptions", "NotGiven",
        "NOT_GIVEN", "Omit", "omit", "Headers", "Query", "Body", "Timeout", "NotGivenOr",
        "SyncAPIClient", "AsyncAPIClient", "SyncAPIResource", "AsyncAPIResource",
        "make_options", "path_param", "cached_property",
        *BASE_PAGE_CLASSES, *(c for style in PAGE_STYLES.values() for c in style.classes),
    }
)  # fmt: skip

#: Keyword names a generated method defines or uses itself; a spec parameter with one of these
#: names is renamed with a trailing ``_`` (the wire name is unchanged).
RESERVED_PARAMETER_NAMES = frozenset(
    {
        "self", "cls", "client", "timeout", "extra_headers", "extra_query", "extra_body",
        "request_options", "idempotency_key", "max_retries", "path_param", "make_options",
        "poll_interval", "max_interval", "on_progress", "cast", "overload", "cached_property",
        "given", "annotations",
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


def pascal(words: Iterable[str]) -> str:
    """``("embed", "v_2")`` -> ``EmbedV2``: a resource path as a class name stem."""
    return "".join(default_class_name(w) for w in words)


# --------------------------------------------------------------------------------------------
# every name of one package
# --------------------------------------------------------------------------------------------


class Components(Protocol):
    """What naming needs of the document: its component schemas and where it came from."""

    @property
    def schemas(self) -> dict[str, Any]: ...

    @property
    def source(self) -> str | Path | None: ...


@dataclass
class PublicModule:
    """One module of the ``names.modules`` map: ``exports`` are (public, source module, name)."""

    dotted: str
    exports: list[tuple[str, str, str]]
    is_package: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.dotted.split("."))

    @property
    def sources(self) -> list[str]:
        """The modules it imports from, runtime page modules first, then ``models``."""
        return sorted({s for _, s, _ in self.exports}, key=lambda s: (s == "models", s))


@dataclass
class PackageNames:
    """Every name the package's modules agree on, decided before anything is rendered."""

    classes: ClassNames
    union_names: list[str]
    deprecated: list[tuple[str, str]]  # (old name, final class name) in models
    modules: list[PublicModule]

    def of(self, schema: str) -> str:
        """The final class name of a component schema."""
        return self.classes[schema]

    @property
    def example_imports(self) -> list[tuple[str, list[str]]]:
        """README imports: the top ``types`` module's first names, and the page classes."""
        typed = [m for m in self.modules if m.exports and "types" in m.path]
        pages = [
            m for m in self.modules if m.exports and all(s != "models" for _, s, _ in m.exports)
        ]
        chosen = sorted(typed, key=lambda m: (len(m.path), -len(m.exports)))[:1] + pages[:1]
        return [(m.dotted, [p for p, _, _ in m.exports][:3]) for m in chosen]

    @property
    def top_modules(self) -> list[str]:
        """Top-level public modules of the name map (imported lazily by ``__init__``)."""
        return [m.dotted for m in self.modules if len(m.path) == 1]

    @property
    def model_names(self) -> list[str]:
        """Every public name of the models module: classes and union aliases, sorted."""
        names = {n for k, n in self.classes.by_schema.items() if k != DATETIME_SCHEMA}
        return sorted(names)


def _resource_class_names(config: SdkConfig, specs: Iterable[ResourceSpec]) -> list[str]:
    names: list[str] = [config.package.client_class, config.package.async_client_class]
    for rs in specs:
        base = pascal(rs.path)
        for prefix in ("", "Async"):
            for suffix in ("Resource", "ResourceWithRawResponse", "ResourceWithStreamingResponse"):
                names.append(f"{prefix}{base}{suffix}")
    return names


def package_names(
    doc: Components,
    config: SdkConfig,
    styles: list[PageStyle],
    specs: Iterable[ResourceSpec] | None = None,
) -> PackageNames:
    """Final class names (unique case-insensitively, none reserved), public modules, aliases.

    ``styles`` are the page styles the package uses: only their classes may be re-exported.
    ``specs`` are its resources (default: the hand map), whose class names are reserved.
    """
    where = config.names.where
    explicit = dict(config.names.schemas)
    spec_name = Path(str(doc.source)).name
    for schema in explicit:
        if schema not in doc.schemas and schema not in {u.name for u in config.unions}:
            raise SpecpressError(
                f"names.schemas: {schema!r} is not a component schema of {spec_name}",
                file=config.source,
                location=f"{where}/schemas/{schema}",
            )
    unions = [u.name for u in config.unions]
    extra = [n for u in unions for n in (u, f"Unknown{u}")] + [DATETIME_SCHEMA]
    explicit_schemas = {k: v for k, v in explicit.items() if k in doc.schemas}
    resources = config.resources if specs is None else specs
    classes = ClassNames(
        list(doc.schemas),
        explicit_schemas,
        extra,
        reserved=_resource_class_names(config, resources),
    )
    if classes.problems:
        owner, message = classes.problems[0]
        schema = owner.split("'")[1] if "'" in owner else owner
        if schema in explicit:
            raise SpecpressError(message, file=config.source, location=f"{where}/schemas/{schema}")
        if schema in unions or schema.startswith("Unknown"):
            raise SpecpressError(
                f"union name {schema!r}: {message}", file=config.source, location="/unions"
            )
        raise SpecpressError(
            message, file=doc.source, location=join("components", "schemas", schema)
        )
    known = set(classes.by_schema.values()) - {DATETIME_SCHEMA}
    deprecated: list[tuple[str, str]] = []
    for old, new in config.names.deprecated:
        problem = (
            f"{new!r} is not a class of this package"
            if new not in known
            else f"{old!r} is still a class of this package"
            if old in known
            else None
        )
        if problem:
            raise SpecpressError(
                f"names.deprecated: {problem}",
                file=config.source,
                location=f"{where}/deprecated/{old}",
            )
        deprecated.append((old, new))
    return PackageNames(classes, unions, deprecated, _public_modules(config, known, styles))


def _public_modules(
    config: SdkConfig, known: set[str], styles: list[PageStyle]
) -> list[PublicModule]:
    """The ``names.modules`` map as modules (with their parent packages), sorted by path."""
    pages = page_class_sources(styles)
    modules: list[PublicModule] = []
    for dotted, pairs in config.names.modules:
        exports = []
        for public, target in pairs:
            if target in known:
                exports.append((public, "models", target))
            elif target in pages:
                exports.append((public, pages[target], target))
            else:
                raise SpecpressError(
                    f"names.modules: {target!r} is neither a class of this package nor a "
                    f"page class of a style it uses ({', '.join(pages) or 'it has no pages'})",
                    file=config.source,
                    location=f"{config.names.where}/modules/{dotted}",
                )
        modules.append(PublicModule(dotted, exports))
    declared = {m.path for m in modules}
    for module in list(modules):
        for depth in range(1, len(module.path)):
            parent = module.path[:depth]
            if parent not in declared:
                declared.add(parent)
                modules.append(PublicModule(".".join(parent), []))
    for module in modules:
        module.is_package = any(
            other.path[: len(module.path)] == module.path and other.path != module.path
            for other in modules
        )
    modules.sort(key=lambda m: m.path)
    return modules
