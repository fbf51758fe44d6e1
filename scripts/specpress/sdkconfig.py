"""Typed loader and validator of ``specs/<api>/sdk.yaml`` (generation settings of one package).

Every key is checked: an unknown key, a missing required key or a value of the wrong type raises
``SpecpressError`` naming ``sdk.yaml`` and the JSON Pointer of the key. The optional top-level
``normalize:`` mapping belongs to the spec build (``specpress.normalize``) and is kept untouched.

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
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SpecpressError

__all__ = [
    "ClientSettings",
    "Example",
    "MethodSpec",
    "NameMap",
    "PackageSettings",
    "Pagination",
    "RefineSpec",
    "ResourceSpec",
    "SdkConfig",
    "UnionSpec",
    "VariantRule",
    "WaiterSpec",
    "load_sdk_config",
    "parse_sdk_config",
]

PAGINATION_STYLES = ("next_link", "page_info")
_DIST_RE = re.compile(r"^[a-z0-9]+(?:[-][a-z0-9]+)*$")
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
_ENV_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


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


@dataclass(frozen=True)
class SdkConfig:
    source: Path
    package: PackageSettings
    client: ClientSettings
    resources: tuple[ResourceSpec, ...]
    unions: tuple[UnionSpec, ...] = ()
    refine: tuple[RefineSpec, ...] = ()
    names: NameMap = field(default_factory=NameMap)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def operations(self) -> dict[str, MethodSpec]:
        """operationId -> the method that exposes it."""
        return {m.operation: m for r in self.resources for m in r.methods}


class _Reader:
    def __init__(self, source: Path) -> None:
        self.source = source

    def fail(self, message: str, where: str) -> SpecpressError:
        return SpecpressError(message, file=self.source, location=where or "/")

    def mapping(
        self,
        value: Any,
        where: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping, got {type(value).__name__}", where)
        unknown = sorted(str(k) for k in value if k not in required and k not in optional)
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r} (allowed: {', '.join(required + optional)})",
                f"{where}/{unknown[0]}",
            )
        for key in required:
            if key not in value:
                raise self.fail(f"missing required key {key!r}", f"{where}/{key}")
        return value

    def string(self, value: Any, where: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value):
            raise self.fail(f"expected a non-empty string, got {value!r}", where)
        return value

    def identifier(self, value: Any, where: str) -> str:
        text = self.string(value, where)
        if not text.isidentifier() or keyword.iskeyword(text) or not text.isascii():
            raise self.fail(f"{text!r} is not a usable Python identifier", where)
        return text

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise self.fail(f"expected a positive number, got {value!r}", where)
        return float(value)

    def strings(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("expected a non-empty list of strings", where)
        return tuple(self.string(v, f"{where}/{i}") for i, v in enumerate(value))


def load_sdk_config(path: Path) -> SdkConfig:
    """Read and validate an sdk.yaml."""
    from .load import load_document, to_plain

    if not path.is_file():
        raise SpecpressError("sdk.yaml not found", file=path)
    data = to_plain(load_document(path).data)
    return parse_sdk_config(data, path)


def parse_sdk_config(data: Any, source: Path) -> SdkConfig:
    r = _Reader(source)
    top = r.mapping(
        data,
        "",
        required=("package", "client", "resources"),
        optional=("unions", "refine", "names", "normalize"),
    )
    package = _package(r, top["package"])
    client = _client(r, top["client"])
    raw_resources = top["resources"]
    if not isinstance(raw_resources, list) or not raw_resources:
        raise r.fail("expected a non-empty list of resources", "/resources")
    resources = tuple(_resource(r, v, f"/resources/{i}") for i, v in enumerate(raw_resources))
    seen_paths: set[tuple[str, ...]] = set()
    seen_ops: dict[str, str] = {}
    for i, res in enumerate(resources):
        if res.path in seen_paths:
            raise r.fail(f"resource {'.'.join(res.path)!r} listed twice", f"/resources/{i}/path")
        seen_paths.add(res.path)
        for m in res.methods:
            if m.operation in seen_ops:
                raise r.fail(
                    f"operation {m.operation!r} is already mapped at {seen_ops[m.operation]}",
                    f"{m.where}/operation",
                )
            seen_ops[m.operation] = m.where
    # A resource path must not collide with a method of its parent resource.
    by_path = {res.path: res for res in resources}
    for res in resources:
        parent = by_path.get(res.path[:-1])
        if parent is not None and res.path[-1] in {m.name for m in parent.methods}:
            raise r.fail(
                f"resource {'.'.join(res.path)!r} collides with a method of its parent",
                "/resources",
            )
    unions = tuple(
        _union(r, v, f"/unions/{i}") for i, v in enumerate(_list(r, top.get("unions"), "/unions"))
    )
    refine = tuple(
        _refine(r, v, f"/refine/{i}") for i, v in enumerate(_list(r, top.get("refine"), "/refine"))
    )
    names = _names(r, top.get("names"))
    return SdkConfig(source, package, client, resources, unions, refine, names, dict(top))


#: Package modules a `names.modules` entry may not replace (the client, runtime and resources).
_OWN_MODULES = frozenset(
    {"models", "resources", "_client", "_resource", "_schemas", "_version", "py"}
)


def _names(r: _Reader, value: Any) -> NameMap:
    w = "/names"
    if value is None:
        return NameMap()
    m = r.mapping(value, w, optional=("schemas", "modules", "deprecated"))
    schemas = _pairs(r, m.get("schemas"), f"{w}/schemas")
    deprecated = _pairs(r, m.get("deprecated"), f"{w}/deprecated")
    modules = []
    raw_modules = m.get("modules") or {}
    modules_map = r.mapping(raw_modules, f"{w}/modules", optional=tuple(raw_modules))
    for dotted, exports in modules_map.items():
        mw = f"{w}/modules/{dotted}"
        parts = str(dotted).split(".")
        for part in parts:
            r.identifier(part, mw)
            if part.startswith("_"):
                raise r.fail(f"module {dotted!r}: a public module name cannot start with '_'", mw)
        if parts[0] in _OWN_MODULES:
            raise r.fail(f"module {dotted!r} would replace the package's own {parts[0]!r}", mw)
        if isinstance(exports, list):
            # each item: a name exported as itself, or a one-key mapping {Public: Name}
            collected: list[tuple[str, str]] = []
            for i, item in enumerate(exports):
                if isinstance(item, dict) and len(item) == 1:
                    collected.extend(_pairs(r, item, f"{mw}/{i}"))
                else:
                    name = r.identifier(item, f"{mw}/{i}")
                    collected.append((name, name))
            pairs = tuple(collected)
        else:
            pairs = _pairs(r, exports, mw)
        seen: set[str] = set()
        for public, _ in pairs:
            r.identifier(public, f"{mw}/{public}")
            if public in seen:
                raise r.fail(f"{public!r} is exported twice", mw)
            seen.add(public)
        modules.append((str(dotted), pairs))
    return NameMap(schemas, tuple(modules), deprecated, w)


def _pairs(r: _Reader, value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """A mapping of strings to Python identifiers (keys: any string, e.g. a schema key)."""
    if value is None:
        return ()
    m = r.mapping(value, where, optional=tuple(value) if isinstance(value, dict) else ())
    return tuple(
        (r.string(str(k), f"{where}/{k}"), r.identifier(v, f"{where}/{k}")) for k, v in m.items()
    )


def _list(r: _Reader, value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise r.fail("expected a list", where)
    return value


def _package(r: _Reader, value: Any) -> PackageSettings:
    w = "/package"
    m = r.mapping(
        value,
        w,
        required=(
            "dist",
            "import_name",
            "version",
            "description",
            "client_class",
            "async_client_class",
        ),
        optional=("user_agent_name", "license"),
    )
    dist = r.string(m["dist"], f"{w}/dist")
    if not _DIST_RE.match(dist):
        raise r.fail(f"{dist!r} is not a lowercase dash-separated distribution name", f"{w}/dist")
    version = r.string(str(m["version"]), f"{w}/version")
    if not _VERSION_RE.match(version):
        raise r.fail(f"{version!r} is not a PEP 440 release version", f"{w}/version")
    return PackageSettings(
        dist=dist,
        import_name=r.identifier(m["import_name"], f"{w}/import_name"),
        version=version,
        description=r.string(m["description"], f"{w}/description"),
        client_class=r.identifier(m["client_class"], f"{w}/client_class"),
        async_client_class=r.identifier(m["async_client_class"], f"{w}/async_client_class"),
        user_agent_name=r.string(m.get("user_agent_name", dist), f"{w}/user_agent_name"),
        license=r.string(m.get("license", "MIT"), f"{w}/license"),
    )


def _client(r: _Reader, value: Any) -> ClientSettings:
    w = "/client"
    m = r.mapping(
        value,
        w,
        required=("default_base_url", "auth", "env"),
        optional=(
            "default_timeout",
            "default_connect_timeout",
            "default_max_retries",
            "idempotency_header",
        ),
    )
    url = r.string(m["default_base_url"], f"{w}/default_base_url")
    if not url.startswith(("https://", "http://")):
        raise r.fail(f"{url!r} is not an http(s) URL", f"{w}/default_base_url")
    auth = r.mapping(m["auth"], f"{w}/auth", required=("header",), optional=("prefix",))
    env = r.mapping(
        m["env"],
        f"{w}/env",
        required=("api_key", "base_url", "log"),
        optional=("strict_response_validation",),
    )
    envs = {"strict_response_validation": ""}
    for key in ("api_key", "base_url", "log", "strict_response_validation"):
        if key not in env:
            continue
        name = r.string(env[key], f"{w}/env/{key}")
        if not _ENV_RE.match(name):
            raise r.fail(
                f"{name!r} is not an upper-case environment variable name", f"{w}/env/{key}"
            )
        envs[key] = name
    header = r.string(auth["header"], f"{w}/auth/header")
    if not re.match(r"^[A-Za-z0-9-]+$", header):
        raise r.fail(f"{header!r} is not an HTTP header name", f"{w}/auth/header")
    idempotency = ""
    if "idempotency_header" in m:
        idempotency = r.string(m["idempotency_header"], f"{w}/idempotency_header")
        if not re.match(r"^[A-Za-z0-9-]+$", idempotency):
            raise r.fail(f"{idempotency!r} is not an HTTP header name", f"{w}/idempotency_header")
    retries = m.get("default_max_retries", 2)
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise r.fail(f"expected an int >= 0, got {retries!r}", f"{w}/default_max_retries")
    return ClientSettings(
        default_base_url=url,
        auth_header=header,
        auth_prefix=r.string(auth.get("prefix", ""), f"{w}/auth/prefix", empty=True),
        env_api_key=envs["api_key"],
        env_base_url=envs["base_url"],
        env_log=envs["log"],
        default_timeout=r.number(m.get("default_timeout", 120.0), f"{w}/default_timeout"),
        default_connect_timeout=r.number(
            m.get("default_connect_timeout", 5.0), f"{w}/default_connect_timeout"
        ),
        default_max_retries=retries,
        env_strict_response_validation=envs["strict_response_validation"],
        idempotency_header=idempotency,
    )


def _examples(r: _Reader, value: Any, where: str) -> tuple[Example, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise r.fail("expected a list of examples", where)
    examples = []
    for index, raw in enumerate(value):
        ew = f"{where}/{index}"
        em = r.mapping(raw, ew, required=("title",), optional=("args", "kwargs"))
        args = em.get("args") or []
        if not isinstance(args, list):
            raise r.fail("expected a list", f"{ew}/args")
        kwargs = r.mapping(
            em.get("kwargs") or {}, f"{ew}/kwargs", optional=tuple(em.get("kwargs") or {})
        )
        for key in kwargs:
            r.identifier(key, f"{ew}/kwargs/{key}")
        examples.append(
            Example(r.string(em["title"], f"{ew}/title"), tuple(args), tuple(kwargs.items()), ew)
        )
    return tuple(examples)


def _resource(r: _Reader, value: Any, w: str) -> ResourceSpec:
    m = r.mapping(value, w, required=("path", "methods"), optional=("waiter",))
    path_text = r.string(m["path"], f"{w}/path")
    path = tuple(r.identifier(part, f"{w}/path") for part in path_text.split("."))
    raw_methods = r.mapping(m["methods"] or {}, f"{w}/methods", optional=tuple(m["methods"] or {}))
    methods = []
    for name, spec in raw_methods.items():
        mw = f"{w}/methods/{name}"
        r.identifier(name, mw)
        if name.startswith("_") or name in ("with_raw_response",):
            raise r.fail(f"method name {name!r} is reserved", mw)
        ms = r.mapping(spec, mw, required=("operation",), optional=("paginate", "examples"))
        paginate = None
        if ms.get("paginate") is not None:
            pm = r.mapping(ms["paginate"], f"{mw}/paginate", required=("style", "items"))
            style = r.string(pm["style"], f"{mw}/paginate/style")
            if style not in PAGINATION_STYLES:
                raise r.fail(
                    f"unknown pagination style {style!r} (one of {', '.join(PAGINATION_STYLES)})",
                    f"{mw}/paginate/style",
                )
            paginate = Pagination(style, r.string(pm["items"], f"{mw}/paginate/items"))
        examples = _examples(r, ms.get("examples"), f"{mw}/examples")
        operation = r.string(ms["operation"], f"{mw}/operation")
        methods.append(MethodSpec(name, operation, paginate, mw, examples))
    waiter = None
    if m.get("waiter") is not None:
        ww = f"{w}/waiter"
        wm = r.mapping(
            m["waiter"],
            ww,
            required=("retrieve", "status_field", "terminal"),
            optional=(
                "method",
                "id_param",
                "default_timeout",
                "poll_interval",
                "max_interval",
                "official_alias",
            ),
        )
        waiter = WaiterSpec(
            method=r.identifier(wm.get("method", "wait"), f"{ww}/method"),
            retrieve=r.identifier(wm["retrieve"], f"{ww}/retrieve"),
            id_param=r.identifier(wm.get("id_param", "task_id"), f"{ww}/id_param"),
            status_field=r.identifier(wm["status_field"], f"{ww}/status_field"),
            terminal=r.strings(wm["terminal"], f"{ww}/terminal"),
            default_timeout=r.number(wm.get("default_timeout", 600), f"{ww}/default_timeout"),
            poll_interval=r.number(wm.get("poll_interval", 2), f"{ww}/poll_interval"),
            max_interval=r.number(wm.get("max_interval", 30), f"{ww}/max_interval"),
            official_alias=(
                r.identifier(wm["official_alias"], f"{ww}/official_alias")
                if wm.get("official_alias") is not None
                else None
            ),
        )
        names = {mm.name for mm in methods}
        if waiter.retrieve not in names:
            raise r.fail(
                f"waiter.retrieve {waiter.retrieve!r} is not a method of this resource",
                f"{ww}/retrieve",
            )
        if waiter.method in names:
            raise r.fail(f"waiter method {waiter.method!r} collides with a method", f"{ww}/method")
        if waiter.official_alias in {*names, waiter.method}:
            raise r.fail(
                f"waiter.official_alias {waiter.official_alias!r} collides with a method",
                f"{ww}/official_alias",
            )
    return ResourceSpec(path, tuple(methods), waiter)


def _union(r: _Reader, value: Any, w: str) -> UnionSpec:
    m = r.mapping(value, w, required=("schema", "property", "name", "variants"))
    variants = []
    for i, v in enumerate(_list(r, m["variants"], f"{w}/variants")):
        vw = f"{w}/variants/{i}"
        vm = r.mapping(v, vw, required=("ref",), optional=("when", "has_any", "empty"))
        when_raw = vm.get("when") or {}
        when = tuple(
            (r.string(k, f"{vw}/when"), r.string(str(val), f"{vw}/when/{k}"))
            for k, val in r.mapping(when_raw, f"{vw}/when", optional=tuple(when_raw)).items()
        )
        has_any = r.strings(vm["has_any"], f"{vw}/has_any") if "has_any" in vm else ()
        empty = vm.get("empty", False)
        if not isinstance(empty, bool):
            raise r.fail("expected true or false", f"{vw}/empty")
        if not when and not has_any and not empty:
            raise r.fail("a variant needs `when`, `has_any` or `empty: true`", vw)
        variants.append(VariantRule(r.string(vm["ref"], f"{vw}/ref"), when, has_any, empty))
    if not variants:
        raise r.fail("a union needs at least one variant", f"{w}/variants")
    return UnionSpec(
        schema=r.string(m["schema"], f"{w}/schema"),
        property=r.string(m["property"], f"{w}/property"),
        name=r.identifier(m["name"], f"{w}/name"),
        variants=tuple(variants),
    )


def _refine(r: _Reader, value: Any, w: str) -> RefineSpec:
    m = r.mapping(value, w, required=("schema", "property", "by", "classes"))
    classes_raw = r.mapping(m["classes"], f"{w}/classes", optional=tuple(m["classes"] or {}))
    return RefineSpec(
        schema=r.string(m["schema"], f"{w}/schema"),
        property=r.identifier(m["property"], f"{w}/property"),
        by=tuple(r.identifier(x, f"{w}/by") for x in r.strings(m["by"], f"{w}/by")),
        classes=tuple((str(k), r.string(v, f"{w}/classes/{k}")) for k, v in classes_raw.items()),
    )
