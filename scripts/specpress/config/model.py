"""The typed settings of `specs/<api>/sdk.yaml`, as `specpress.config.sdk` reads them.

Shape (see ``specs/gcore-streaming/sdk.yaml`` for a complete example)::

    package: {dist, import_name, version, description, client_class, async_client_class,
              user_agent_name?, license?}
    client:  {default_base_url, auth: {header, prefix},
              env: {api_key, base_url, log, strict_response_validation?},
              default_timeout?, default_connect_timeout?, default_max_retries?,
              idempotency_header?}   # only when the API documents one
    resources:
      - path: streaming.ai_tasks          # attribute path from the client
        methods:
          <method name>: {operation: <operationId>, paginate?: {style, items},
                          examples?: [{title, args?: [...], kwargs?: {...}}]}  # README calls
        waiter?: {method?: wait, retrieve, id_param?, status_field, terminal: [...],
                  default_timeout?, poll_interval?, max_interval?,
                  official_alias?: wait_for_done}  # the official SDK's name and keywords
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
    "EXISTING_CHOICES",
    "PAGINATION_STYLES",
    "UPGRADE_NAMES",
    "ClientSettings",
    "Example",
    "FragmentConfig",
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

PAGINATION_STYLES = ("next_link", "page_info")
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


@dataclass(frozen=True)
class Pagination:
    style: str
    items: str


@dataclass(frozen=True)
class Example:
    """One call shown in the package README (and run by the README test)."""

    title: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]
    where: str


@dataclass(frozen=True)
class MethodSpec:
    name: str
    operation: str
    paginate: Pagination | None
    where: str
    examples: tuple[Example, ...] = ()


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

    def operations(self) -> dict[str, MethodSpec]:
        """operationId -> the method that exposes it."""
        return {m.operation: m for r in self.resources for m in r.methods}


@dataclass(frozen=True)
class PackageInfo:
    """What release and vendor need of `package:` even when the rest of sdk.yaml is partial."""

    source: Path
    dist: str | None
    version: str | None
