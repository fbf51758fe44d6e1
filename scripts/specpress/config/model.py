"""The typed settings of `specs/<api>/sdk.yaml`, as `specpress.config.sdk` reads them.

Only `package.dist` is required: every other key has a documented default, derived from the spec
where the spec can tell (`specpress.config.defaults`). Shape (see ``specs/gcore-streaming/sdk.yaml``
for a complete hand map)::

    package: {dist, import_name?, version?, description?, client_class?, async_client_class?,
              user_agent_name?, license?}
    client:  {default_base_url?, auth?, env?: {api_key?, base_url?, log?,
              strict_response_validation?}, default_timeout?, default_connect_timeout?,
              default_max_retries?, idempotency_header?}   # only when the API documents one
      # auth: {header, prefix?} | {kind: header|bearer|basic|query, header?, prefix?, name?}
    resources:                            # optional: without it, derived from tags and paths
      - path: streaming.ai_tasks          # attribute path from the client
        methods:
          <method name>: {operation: <operationId> | "<METHOD> <path>",
                          paginate?: {style, items, ...} | false,   # absent: detected
                          examples?: [{title, args?: [...], kwargs?: {...}}]}  # README calls
        waiter?: {method?: wait, retrieve, id_param?, status_field, terminal: [...],
                  default_timeout?, poll_interval?, max_interval?,
                  official_alias?: wait_for_done}  # the official SDK's name and keywords
    generator:                            # optional
      operations?: all | listed           # default: all without `resources`, listed with it
      retrieve_name?: retrieve | get      # the method of a GET on an item (`/tasks/{id}`)
      datamodel?: {<datamodel-code-generator option>: value}   # passed through, checked
    unions:                               # response unions with an explicit unknown model
      - {schema, property, name, variants: [{ref, when?, has_any?, empty?}]}
    refine:                               # parent-aware choice among same-shaped variants
      - {schema, property, by: [field, ...], classes: {value: ref}}
    names:                                # official public names (all keys optional)
      schemas: {<component schema>: <class name>}       # default: PascalCase of the key
      modules: {<dotted module>: [Name | {Public: Name}, ...] | {Public: Name}}
      deprecated: {<old class name>: <class name>}      # models.<old> warns, for one minor version
    normalize:                            # the spec build's mechanical rewrites
      merge_fragments: {<base path>: {operationId?, summary?, description?, existing?}}
      split_allof?: true
      hoist?: true
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "AUTH_KINDS",
    "EXISTING_CHOICES",
    "OPERATION_MODES",
    "PAGINATION_STYLES",
    "RETRIEVE_NAMES",
    "UPGRADE_NAMES",
    "ClientSettings",
    "Example",
    "FragmentConfig",
    "GeneratorSettings",
    "MethodSpec",
    "NameMap",
    "NormalizeOptions",
    "PackageInfo",
    "PackageSettings",
    "Pagination",
    "RefineSpec",
    "ResourceSpec",
    "SdkConfig",
    "UnionSpec",
    "VariantRule",
    "WaiterSpec",
]

PAGINATION_STYLES = ("next_link", "page_info", "cursor", "offset")
#: How the API key is sent: a header (with an optional prefix), `Authorization: Bearer <key>`,
#: `Authorization: Basic <key>` (the key is `user:password`), or a query parameter.
AUTH_KINDS = ("header", "bearer", "basic", "query")
#: `generator.operations`: every operation of the spec, or only the ones `resources:` lists.
OPERATION_MODES = ("all", "listed")
#: `generator.retrieve_name`: what a GET on one item (`/tasks/{task_id}`) is called.
RETRIEVE_NAMES = ("retrieve", "get")
#: What `normalize.merge_fragments.<path>.existing` may say about an operation already on the path.
EXISTING_CHOICES = ("merge", "error", "keep", "replace")
#: The mechanical upgrades of `specpress.spec.upgrade`, in the order they run
#: (sdk.yaml's `normalize.upgrades` names them).
UPGRADE_NAMES = (
    "nullable",
    "null-default",
    "coerce-default",
    "exclusive-bounds",
    "const",
    "examples",
    "operation-keys",
)


@dataclass(frozen=True)
class PackageSettings:
    dist: str
    import_name: str
    version: str
    description: str
    client_class: str
    async_client_class: str
    user_agent_name: str
    license: str


@dataclass(frozen=True)
class ClientSettings:
    """``client:`` with every default filled in (``auth_*`` from the spec's securitySchemes).

    ``auth_header``/``auth_prefix`` are what goes on the wire for the ``header`` kind (and, for
    ``bearer``/``basic``, ``Authorization`` with that scheme); ``auth_query`` names the query
    parameter of the ``query`` kind.
    """

    default_base_url: str
    auth_header: str
    auth_prefix: str
    env_api_key: str
    env_base_url: str
    env_log: str
    default_timeout: float
    default_connect_timeout: float
    default_max_retries: int
    env_strict_response_validation: str = ""
    idempotency_header: str = ""
    auth_kind: str = "header"
    auth_query: str = ""


@dataclass(frozen=True)
class Pagination:
    """How a list method pages: a ``PAGINATION_STYLES`` name and the envelope's items field.

    The other fields name the request parameters and envelope fields a style reads (empty: the
    style's own default; a field may be a dotted path into the envelope): ``cursor_field``,
    ``cursor_param``, ``has_more_field`` (``cursor``: the next cursor in the envelope, sent back
    as a query parameter), ``offset_param``, ``limit_param``, ``total_field`` (``offset``).
    """

    style: str
    items: str
    cursor_field: str = ""
    cursor_param: str = ""
    has_more_field: str = ""
    offset_param: str = ""
    limit_param: str = ""
    total_field: str = ""


@dataclass(frozen=True)
class Example:
    """One call shown in the package README (and run by the README test)."""

    title: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]
    where: str


@dataclass(frozen=True)
class MethodSpec:
    """One method: ``operation`` is an operationId or ``"<METHOD> <path>"``; ``detect`` says
    whether pagination may be detected (``paginate`` absent), ``where`` its place in sdk.yaml
    ("" for a derived method)."""

    name: str
    operation: str
    paginate: Pagination | None
    where: str
    examples: tuple[Example, ...] = ()
    detect: bool = False


@dataclass(frozen=True)
class WaiterSpec:
    method: str
    retrieve: str
    id_param: str
    status_field: str
    terminal: tuple[str, ...]
    default_timeout: float
    poll_interval: float
    max_interval: float
    official_alias: str | None = None


@dataclass(frozen=True)
class ResourceSpec:
    path: tuple[str, ...]
    methods: tuple[MethodSpec, ...]
    waiter: WaiterSpec | None


@dataclass(frozen=True)
class VariantRule:
    ref: str
    when: tuple[tuple[str, str], ...]
    has_any: tuple[str, ...]
    empty: bool


@dataclass(frozen=True)
class UnionSpec:
    schema: str
    property: str
    name: str
    variants: tuple[VariantRule, ...]


@dataclass(frozen=True)
class RefineSpec:
    schema: str
    property: str
    by: tuple[str, ...]
    classes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NameMap:
    """``names:``: class names per schema, public modules and their exports, deprecated aliases.

    ``modules`` maps a dotted module path (relative to the package) to ``(public, target)``
    pairs: ``target`` is a class name of the package (or a runtime page class) and ``public``
    the name the module exports it under (the official SDK's name).
    """

    schemas: tuple[tuple[str, str], ...] = ()
    modules: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    deprecated: tuple[tuple[str, str], ...] = ()
    where: str = "/names"


@dataclass
class FragmentConfig:
    """How to merge the fragment keys of one base path."""

    operation_id: str | None = None
    summary: str | None = None
    description: str | None = None
    existing: str = "merge"


@dataclass
class NormalizeOptions:
    """Per-API options (`normalize:` in sdk.yaml)."""

    merge_fragments: dict[str, FragmentConfig] = field(default_factory=dict)
    split_allof: bool = True
    hoist: bool = True
    upgrades: tuple[str, ...] | None = None  # mechanical upgrades to run (None: every one)
    source: Path | None = None  # where the options came from, for error messages


@dataclass(frozen=True)
class GeneratorSettings:
    """``generator:``: which operations, item method name, datamodel-code-generator options."""

    operations: str = "all"
    retrieve_name: str = "retrieve"
    datamodel: tuple[tuple[str, Any], ...] = ()
    where: str = "/generator"


@dataclass(frozen=True)
class SdkConfig:
    source: Path
    package: PackageSettings
    client: ClientSettings
    resources: tuple[ResourceSpec, ...]
    unions: tuple[UnionSpec, ...] = ()
    refine: tuple[RefineSpec, ...] = ()
    names: NameMap = field(default_factory=NameMap)
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    generator: GeneratorSettings = field(default_factory=GeneratorSettings)

    def operations(self) -> dict[str, MethodSpec]:
        """operationId -> the method that exposes it."""
        return {m.operation: m for r in self.resources for m in r.methods}


@dataclass(frozen=True)
class PackageInfo:
    """What release and vendor need of `package:` even when the rest of sdk.yaml is partial."""

    source: Path
    dist: str | None
    version: str | None
