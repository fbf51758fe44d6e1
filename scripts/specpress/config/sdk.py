"""The one reader of `specs/<api>/sdk.yaml`: every stage gets its settings from here.

`load_sdk_config` checks every key of a package's generation settings and reports all defects
at once, one `SpecpressError` line each, naming `sdk.yaml` and the JSON Pointer of the key (an
unknown key, a missing required key, a value of the wrong type). The spec build needs only
`normalize:` (`load_normalize_options`), release and vendor only `package.dist/version`
(`package_info`, `set_version`): those read their part of a file whose other parts may be
absent, as in an API that has no generated package yet. The shape is documented in
`specpress.config.model`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from specpress.config.model import (
    EXISTING_CHOICES,
    PAGINATION_STYLES,
    UPGRADE_NAMES,
    ClientSettings,
    Example,
    FragmentConfig,
    MethodSpec,
    NormalizeOptions,
    PackageInfo,
    PackageSettings,
    Pagination,
    RefineSpec,
    ResourceSpec,
    SdkConfig,
    UnionSpec,
    VariantRule,
    WaiterSpec,
)
from specpress.config.names import read_names
from specpress.config.reader import Reader, Skip
from specpress.errors import SpecpressError
from specpress.openapi import pointer

__all__ = [
    "SDK_NAME",
    "load_normalize_options",
    "load_sdk_config",
    "package_info",
    "parse_normalize_options",
    "parse_sdk_config",
    "read_sdk_yaml",
    "set_version",
]

SDK_NAME = "sdk.yaml"
_DIST_RE = re.compile(r"^[a-z0-9]+(?:[-][a-z0-9]+)*$")
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
_ENV_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_HEADER_RE = re.compile(r"^[A-Za-z0-9-]+$")
_TOP = ("package", "client", "resources")


def read_sdk_yaml(path: Path) -> Any:
    """The file as plain data (a missing file is an error naming it)."""
    from specpress.openapi.load import read_plain

    if not path.is_file():
        raise SpecpressError("sdk.yaml not found", file=path)
    return read_plain(path)


def load_sdk_config(path: Path) -> SdkConfig:
    """Read and check a package's generation settings (all defects at once)."""
    return parse_sdk_config(read_sdk_yaml(path), path)


def parse_sdk_config(data: Any, source: Path) -> SdkConfig:
    r = Reader(source)
    try:
        top = r.mapping(
            data, "", required=_TOP, optional=("unions", "refine", "names", "normalize")
        )
    except Skip:
        r.finish()
        raise
    parts: dict[str, Any] = {}
    for key, read in (("package", _package), ("client", _client), ("resources", _resources)):
        with r.item():
            parts[key] = read(r, top[key])
    unions = r.each(
        r.listing(top.get("unions"), "/unions"), lambda v, w: _union(r, v, w), "/unions"
    )
    refine = r.each(
        r.listing(top.get("refine"), "/refine"), lambda v, w: _refine(r, v, w), "/refine"
    )
    names = read_names(r, top.get("names"))
    normalize = NormalizeOptions(source=source)
    with r.item():
        normalize = _normalize(r, top.get("normalize"), source)
    r.finish()
    return SdkConfig(
        source, parts["package"], parts["client"], parts["resources"], tuple(unions),
        tuple(refine), names, normalize, dict(top),
    )  # fmt: skip


# --- package and client ---------------------------------------------------------------------


def _package(r: Reader, value: Any) -> PackageSettings:
    w = "/package"
    required = ("dist", "import_name", "version", "description", "client_class")
    m = r.mapping(
        value,
        w,
        required=(*required, "async_client_class"),
        optional=("user_agent_name", "license"),
    )
    fields: dict[str, str] = {}
    checks = {
        "dist": lambda v, at: _checked(r, r.string(v, at), _DIST_RE, at,
                                       "is not a lowercase dash-separated distribution name"),
        "version": lambda v, at: _checked(r, r.string(str(v), at), _VERSION_RE, at,
                                          "is not a PEP 440 release version"),
        "import_name": r.identifier,
        "description": r.string,
        "client_class": r.identifier,
        "async_client_class": r.identifier,
        "user_agent_name": r.string,
        "license": r.string,
    }  # fmt: skip
    for key, check in checks.items():
        default = fields.get("dist") if key == "user_agent_name" else "MIT"
        if key not in m and default is None:
            continue  # the dist is wrong already: its default says nothing new
        with r.item():
            fields[key] = check(m.get(key, default), f"{w}/{key}")
    if len(fields) != len(checks):
        raise Skip()
    return PackageSettings(**fields)


def _checked(r: Reader, text: str, pattern: re.Pattern[str], where: str, problem: str) -> str:
    if not pattern.match(text):
        raise r.fail(f"{text!r} {problem}", where)
    return text


def _client(r: Reader, value: Any) -> ClientSettings:
    w = "/client"
    optional = ("default_timeout", "default_connect_timeout", "default_max_retries")
    m = r.mapping(
        value,
        w,
        required=("default_base_url", "auth", "env"),
        optional=(*optional, "idempotency_header"),
    )
    got: dict[str, Any] = {}
    with r.item():
        url = r.string(m["default_base_url"], f"{w}/default_base_url")
        if not url.startswith(("https://", "http://")):
            raise r.fail(f"{url!r} is not an http(s) URL", f"{w}/default_base_url")
        got["default_base_url"] = url
    with r.item():
        auth = r.mapping(m["auth"], f"{w}/auth", required=("header",), optional=("prefix",))
        with r.item():
            got["auth_header"] = _header(r, auth["header"], f"{w}/auth/header")
        with r.item():
            got["auth_prefix"] = r.string(auth.get("prefix", ""), f"{w}/auth/prefix", empty=True)
    with r.item():
        env = r.mapping(
            m["env"], f"{w}/env", required=("api_key", "base_url", "log"),
            optional=("strict_response_validation",),
        )  # fmt: skip
        got["env_strict_response_validation"] = ""
        for key in ("api_key", "base_url", "log", "strict_response_validation"):
            if key in env:
                with r.item():
                    name = r.string(env[key], f"{w}/env/{key}")
                    if not _ENV_RE.match(name):
                        message = f"{name!r} is not an upper-case environment variable name"
                        raise r.fail(message, f"{w}/env/{key}")
                    got[f"env_{key}"] = name
    got["idempotency_header"] = ""
    if "idempotency_header" in m:
        with r.item():
            got["idempotency_header"] = _header(
                r, m["idempotency_header"], f"{w}/idempotency_header"
            )
    with r.item():
        retries = m.get("default_max_retries", 2)
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise r.fail(f"expected an int >= 0, got {retries!r}", f"{w}/default_max_retries")
        got["default_max_retries"] = retries
    for key, default in (("default_timeout", 120.0), ("default_connect_timeout", 5.0)):
        with r.item():
            got[key] = r.number(m.get(key, default), f"{w}/{key}")
    if len(got) != 11:
        raise Skip()
    return ClientSettings(**got)


def _header(r: Reader, value: Any, where: str) -> str:
    header = r.string(value, where)
    if not _HEADER_RE.match(header):
        raise r.fail(f"{header!r} is not an HTTP header name", where)
    return header


# --- resources --------------------------------------------------------------------------------


def _resources(r: Reader, value: Any) -> tuple[ResourceSpec, ...]:
    if not isinstance(value, list) or not value:
        raise r.fail("expected a non-empty list of resources", "/resources")
    resources = r.each(value, lambda v, w: _resource(r, v, w), "/resources")
    seen_paths: set[tuple[str, ...]] = set()
    seen_ops: dict[str, str] = {}
    for i, res in enumerate(resources):
        if res.path in seen_paths:
            r.note(f"resource {'.'.join(res.path)!r} listed twice", f"/resources/{i}/path")
        seen_paths.add(res.path)
        for m in res.methods:
            if m.operation in seen_ops:
                message = f"operation {m.operation!r} is already mapped at {seen_ops[m.operation]}"
                r.note(message, f"{m.where}/operation")
            seen_ops.setdefault(m.operation, m.where)
    # A resource path must not collide with a method of its parent resource.
    by_path = {res.path: res for res in resources}
    for res in resources:
        parent = by_path.get(res.path[:-1])
        if parent is not None and res.path[-1] in {m.name for m in parent.methods}:
            r.note(
                f"resource {'.'.join(res.path)!r} collides with a method of its parent",
                "/resources",
            )
    return tuple(resources)


def _resource(r: Reader, value: Any, w: str) -> ResourceSpec:
    m = r.mapping(value, w, required=("path", "methods"), optional=("waiter",))
    path_text = r.string(m["path"], f"{w}/path")
    path = tuple(r.identifier(part, f"{w}/path") for part in path_text.split("."))
    raw_methods = r.mapping(m["methods"] or {}, f"{w}/methods", any_keys=True)
    methods: list[MethodSpec] = []
    for name, spec in raw_methods.items():
        with r.item():
            methods.append(_method(r, str(name), spec, pointer.child(f"{w}/methods", name)))
    waiter = None
    if m.get("waiter") is not None:
        waiter = _waiter(r, m["waiter"], f"{w}/waiter", {mm.name for mm in methods})
    return ResourceSpec(path, tuple(methods), waiter)


def _method(r: Reader, name: str, spec: Any, mw: str) -> MethodSpec:
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
    return MethodSpec(name, operation, paginate, mw, examples)


def _examples(r: Reader, value: Any, where: str) -> tuple[Example, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise r.fail("expected a list of examples", where)

    def example(raw: Any, ew: str) -> Example:
        em = r.mapping(raw, ew, required=("title",), optional=("args", "kwargs"))
        args = em.get("args") or []
        if not isinstance(args, list):
            raise r.fail("expected a list", f"{ew}/args")
        kwargs = r.mapping(em.get("kwargs") or {}, f"{ew}/kwargs", any_keys=True)
        for key in kwargs:
            r.identifier(key, pointer.child(f"{ew}/kwargs", key))
        return Example(r.string(em["title"], f"{ew}/title"), tuple(args), tuple(kwargs.items()), ew)

    return tuple(r.each(value, example, where))


_WAITER_OPTIONAL = ("method", "id_param", "default_timeout", "poll_interval", "max_interval",
                    "official_alias")  # fmt: skip


def _waiter(r: Reader, value: Any, ww: str, names: set[str]) -> WaiterSpec:
    wm = r.mapping(
        value, ww, required=("retrieve", "status_field", "terminal"), optional=_WAITER_OPTIONAL
    )
    alias = wm.get("official_alias")
    waiter = WaiterSpec(
        method=r.identifier(wm.get("method", "wait"), f"{ww}/method"),
        retrieve=r.identifier(wm["retrieve"], f"{ww}/retrieve"),
        id_param=r.identifier(wm.get("id_param", "task_id"), f"{ww}/id_param"),
        status_field=r.identifier(wm["status_field"], f"{ww}/status_field"),
        terminal=r.strings(wm["terminal"], f"{ww}/terminal"),
        default_timeout=r.number(wm.get("default_timeout", 600), f"{ww}/default_timeout"),
        poll_interval=r.number(wm.get("poll_interval", 2), f"{ww}/poll_interval"),
        max_interval=r.number(wm.get("max_interval", 30), f"{ww}/max_interval"),
        official_alias=r.identifier(alias, f"{ww}/official_alias") if alias is not None else None,
    )
    if waiter.retrieve not in names:
        message = f"waiter.retrieve {waiter.retrieve!r} is not a method of this resource"
        raise r.fail(message, f"{ww}/retrieve")
    if waiter.method in names:
        raise r.fail(f"waiter method {waiter.method!r} collides with a method", f"{ww}/method")
    if waiter.official_alias in {*names, waiter.method}:
        message = f"waiter.official_alias {waiter.official_alias!r} collides with a method"
        raise r.fail(message, f"{ww}/official_alias")
    return waiter


# --- unions and refinements ---------------------------------------------------------------------


def _union(r: Reader, value: Any, w: str) -> UnionSpec:
    m = r.mapping(value, w, required=("schema", "property", "name", "variants"))

    def variant(v: Any, vw: str) -> VariantRule:
        vm = r.mapping(v, vw, required=("ref",), optional=("when", "has_any", "empty"))
        when_raw = r.mapping(vm.get("when") or {}, f"{vw}/when", any_keys=True)
        when = tuple(
            (r.string(k, f"{vw}/when"), r.string(str(val), pointer.child(f"{vw}/when", k)))
            for k, val in when_raw.items()
        )
        has_any = r.strings(vm["has_any"], f"{vw}/has_any") if "has_any" in vm else ()
        empty = r.boolean(vm.get("empty", False), f"{vw}/empty")
        if not when and not has_any and not empty:
            raise r.fail("a variant needs `when`, `has_any` or `empty: true`", vw)
        return VariantRule(r.string(vm["ref"], f"{vw}/ref"), when, has_any, empty)

    variants = r.each(r.listing(m["variants"], f"{w}/variants"), variant, f"{w}/variants")
    if not variants:
        raise r.fail("a union needs at least one variant", f"{w}/variants")
    return UnionSpec(
        schema=r.string(m["schema"], f"{w}/schema"),
        property=r.string(m["property"], f"{w}/property"),
        name=r.identifier(m["name"], f"{w}/name"),
        variants=tuple(variants),
    )


def _refine(r: Reader, value: Any, w: str) -> RefineSpec:
    m = r.mapping(value, w, required=("schema", "property", "by", "classes"))
    classes_raw = r.mapping(m["classes"], f"{w}/classes", any_keys=True)
    return RefineSpec(
        schema=r.string(m["schema"], f"{w}/schema"),
        property=r.identifier(m["property"], f"{w}/property"),
        by=tuple(r.identifier(x, f"{w}/by") for x in r.strings(m["by"], f"{w}/by")),
        classes=tuple(
            (str(k), r.string(v, pointer.child(f"{w}/classes", k))) for k, v in classes_raw.items()
        ),
    )


# --- the parts other stages read ------------------------------------------------------------------


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
        options = _normalize(r, raw, source)
    r.finish()
    return options


def _normalize(r: Reader, raw: Any, source: Path | None) -> NormalizeOptions:
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


def package_info(path: Path) -> PackageInfo:
    """`package.dist` and `package.version` of an sdk.yaml whose other parts may be absent
    (None when unset; a missing file is an error)."""
    data = read_sdk_yaml(path)
    package = data.get("package") if isinstance(data, dict) else None

    def field(key: str) -> str | None:
        value = package.get(key) if isinstance(package, dict) else None
        return value if isinstance(value, str) and value else None

    return PackageInfo(path, field("dist"), field("version"))


def set_version(path: Path, version: str) -> str:
    """The sdk.yaml text with `package.version` replaced (round trip: only that line moves)."""
    from specpress.openapi.load import read_roundtrip

    document = read_roundtrip(path)
    package = document.data.get("package") if isinstance(document.data, dict) else None
    if not isinstance(package, dict) or not isinstance(package.get("version"), str):
        raise SpecpressError("no package version (package.version) in the settings", file=path)
    package["version"] = version
    return document.dump()
