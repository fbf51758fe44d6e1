"""The one reader of `specs/<api>/sdk.yaml`: every stage gets its settings from here.

`load_sdk_config` checks every key of a package's generation settings and reports all defects
at once, one `SpecpressError` line each, naming `sdk.yaml` and the JSON Pointer of the key (an
unknown key, a missing required key, a value of the wrong type). Only `package.dist` is
required; a key left out gets its default (`specpress.config.defaults`), read from the spec
where the spec can tell (the spec given, else `openapi.yaml` beside sdk.yaml). The spec build
needs only `normalize:` (`config.normalize`), release and vendor only `package.dist/version`
(`config.package`): those read their part of a file whose other parts may be
absent, as in an API that has no generated package yet. The shape is documented in
`specpress.config.model`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from specpress.config import defaults
from specpress.config.model import (
    AUTH_KINDS,
    OPERATION_MODES,
    PAGINATION_STYLES,
    RETRIEVE_NAMES,
    ClientSettings,
    Example,
    GeneratorSettings,
    MethodSpec,
    NormalizeOptions,
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
from specpress.config.normalize import normalize_section
from specpress.config.reader import Reader, Skip, read_sdk_yaml
from specpress.openapi import pointer

__all__ = [
    "SDK_NAME",
    "SPEC_NAME",
    "load_sdk_config",
    "parse_sdk_config",
    "read_sdk_yaml",
]

SDK_NAME = "sdk.yaml"
_DIST_RE = re.compile(r"^[a-z0-9]+(?:[-][a-z0-9]+)*$")
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?$")
_ENV_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_HEADER_RE = re.compile(r"^[A-Za-z0-9-]+$")
_OPTION_RE = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
_TOP = ("package",)
_OPTIONAL_TOP = ("client", "resources", "generator", "unions", "refine", "names", "normalize")
SPEC_NAME = "openapi.yaml"


def load_sdk_config(path: Path, spec: Any = None) -> SdkConfig:
    """Read and check a package's generation settings (all defects at once).

    ``spec`` (the document as data, an ``OpenAPIDocument`` or a path) is where the defaults of
    left-out keys are read from; without it, ``openapi.yaml`` beside sdk.yaml, if there is one.
    """
    return parse_sdk_config(read_sdk_yaml(path), path, spec)


class _Spec:
    """The spec the defaults come from, read only when a default needs it."""

    def __init__(self, spec: Any, source: Path) -> None:
        self._given = spec
        self._source = source
        self._data: Any = None
        self._read = False

    def data(self) -> dict[str, Any] | None:
        if not self._read:
            self._read = True
            spec = self._given
            if spec is None and (self._source.parent / SPEC_NAME).is_file():
                spec = self._source.parent / SPEC_NAME
            if isinstance(spec, Path):
                from specpress.openapi.load import read_plain

                spec = read_plain(spec)
            spec = getattr(spec, "data", spec)
            self._data = spec if isinstance(spec, dict) else None
        data: dict[str, Any] | None = self._data
        return data

    def missing(self, what: str) -> str:
        """Why a default cannot be read: the message of the error at the left-out key."""
        if self.data() is None:
            return f"not set, and no spec ({SPEC_NAME} beside sdk.yaml) to read {what} from"
        return f"not set, and the spec has no {what}"


def parse_sdk_config(data: Any, source: Path, spec: Any = None) -> SdkConfig:
    r = Reader(source)
    document = _Spec(spec, source)
    try:
        top = r.mapping(data, "", required=_TOP, optional=_OPTIONAL_TOP)
    except Skip:
        r.finish()
        raise
    parts: dict[str, Any] = {}
    with r.item():
        parts["package"] = _package(r, top["package"], document)
    with r.item():
        client_class = parts["package"].client_class if "package" in parts else "Api"
        parts["client"] = _client(r, top.get("client"), document, client_class)
    with r.item():
        parts["resources"] = _resources(r, top.get("resources"))
    generator = GeneratorSettings(operations="listed" if top.get("resources") else "all")
    with r.item():
        generator = _generator(r, top.get("generator"), bool(top.get("resources")))
    unions = r.each(
        r.listing(top.get("unions"), "/unions"), lambda v, w: _union(r, v, w), "/unions"
    )
    refine = r.each(
        r.listing(top.get("refine"), "/refine"), lambda v, w: _refine(r, v, w), "/refine"
    )
    names = read_names(r, top.get("names"))
    normalize = NormalizeOptions(source=source)
    with r.item():
        normalize = normalize_section(r, top.get("normalize"), source)
    r.finish()
    return SdkConfig(
        source, parts["package"], parts["client"], parts["resources"], tuple(unions),
        tuple(refine), names, normalize, dict(top), generator,
    )  # fmt: skip


# --- package and client ---------------------------------------------------------------------


def _package(r: Reader, value: Any, spec: _Spec) -> PackageSettings:
    w = "/package"
    optional = ("import_name", "version", "description", "client_class", "async_client_class",
                "user_agent_name", "license")  # fmt: skip
    m = r.mapping(value, w, required=("dist",), optional=optional)
    dist = _checked(r, r.string(m["dist"], f"{w}/dist"), _DIST_RE, f"{w}/dist",
                    "is not a lowercase dash-separated distribution name")  # fmt: skip
    fields: dict[str, str] = {"dist": dist}
    checks: dict[str, tuple[Callable[[Any, str], str], Callable[[], str]]] = {
        "import_name": (r.identifier, lambda: dist.replace("-", "_")),
        "version": (
            lambda v, at: _checked(r, r.string(str(v), at), _VERSION_RE, at,
                                   "is not a PEP 440 release version"),
            lambda: defaults.DEFAULT_VERSION,
        ),
        "description": (r.string, lambda: defaults.description_from_spec(spec.data(), dist)),
        "client_class": (r.identifier, lambda: defaults.class_name_of(dist)),
        "async_client_class": (r.identifier, lambda: "Async" + fields["client_class"]),
        "user_agent_name": (r.string, lambda: dist),
        "license": (r.string, lambda: "MIT"),
    }  # fmt: skip
    for key, (check, default) in checks.items():
        with r.item():
            if key == "async_client_class" and key not in m and "client_class" not in fields:
                continue  # the client class is wrong already: its default says nothing new
            fields[key] = check(m[key] if key in m else default(), f"{w}/{key}")
    if len(fields) != len(checks) + 1:
        raise Skip()
    return PackageSettings(**fields)


def _checked(r: Reader, text: str, pattern: re.Pattern[str], where: str, problem: str) -> str:
    if not pattern.match(text):
        raise r.fail(f"{text!r} {problem}", where)
    return text


def _client(r: Reader, value: Any, spec: _Spec, client_class: str) -> ClientSettings:
    w = "/client"
    optional = ("default_base_url", "auth", "env", "default_timeout", "default_connect_timeout",
                "default_max_retries", "idempotency_header")  # fmt: skip
    m = r.mapping(value if value is not None else {}, w, optional=optional)
    got: dict[str, Any] = {}
    ok = True
    with r.item():
        got["default_base_url"] = _base_url(r, m, spec)
    with r.item():
        got.update(_auth(r, m, spec))
    with r.item():
        got.update(_env(r, m.get("env"), client_class))
    got["idempotency_header"] = ""
    if "idempotency_header" in m:
        with r.item():
            got["idempotency_header"] = _header(
                r, m["idempotency_header"], f"{w}/idempotency_header"
            )
    with r.item():
        retries = m.get("default_max_retries", defaults.DEFAULT_MAX_RETRIES)
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise r.fail(f"expected an int >= 0, got {retries!r}", f"{w}/default_max_retries")
        got["default_max_retries"] = retries
    for key, default in (
        ("default_timeout", defaults.DEFAULT_TIMEOUT),
        ("default_connect_timeout", defaults.DEFAULT_CONNECT_TIMEOUT),
    ):
        with r.item():
            got[key] = r.number(m.get(key, default), f"{w}/{key}")
    names = {f for f in ClientSettings.__dataclass_fields__}
    ok = set(got) == names
    if not ok:
        raise Skip()
    return ClientSettings(**got)


def _base_url(r: Reader, m: dict[str, Any], spec: _Spec) -> str:
    at = "/client/default_base_url"
    if "default_base_url" not in m:
        url = defaults.base_url_from_spec(spec.data())
        if url is None:
            raise r.fail(spec.missing("absolute `servers` URL"), at)
        return url
    url = r.string(m["default_base_url"], at)
    if not url.startswith(("https://", "http://")):
        raise r.fail(f"{url!r} is not an http(s) URL", at)
    return url


def _auth(r: Reader, m: dict[str, Any], spec: _Spec) -> dict[str, str]:
    """``auth_kind``, ``auth_header``, ``auth_prefix``, ``auth_query`` of ClientSettings."""
    w = "/client/auth"
    if "auth" not in m:
        derived = defaults.auth_from_spec(spec.data()) if spec.data() is not None else None
        if not isinstance(derived, defaults.AuthDefault):
            why = derived or spec.missing("securitySchemes")
            raise r.fail(
                f"{why}; say how the API key is sent: auth: {{header: NAME, prefix: WORD}} or "
                "{kind: bearer | basic} or {kind: query, name: PARAM}",
                w,
            )
        return {"auth_kind": derived.kind, "auth_header": derived.header,
                "auth_prefix": derived.prefix, "auth_query": derived.query}  # fmt: skip
    auth = r.mapping(m["auth"], w, optional=("kind", "header", "prefix", "name"))
    kind = r.string(auth.get("kind", "header"), f"{w}/kind")
    if kind not in AUTH_KINDS:
        raise r.fail(f"unknown auth kind {kind!r} (one of {', '.join(AUTH_KINDS)})", f"{w}/kind")
    allowed = {"header": ("kind", "header", "prefix"), "query": ("kind", "name")}
    for key in sorted(set(auth) - set(allowed.get(kind, ("kind",)))):
        r.note(f"{key!r} does not apply to auth kind {kind!r}", f"{w}/{key}")
    if kind == "header":
        if "header" not in auth:
            raise r.fail("missing required key 'header'", f"{w}/header")
        header = _header(r, auth["header"], f"{w}/header")
        prefix = r.string(auth.get("prefix", ""), f"{w}/prefix", empty=True)
        return {"auth_kind": kind, "auth_header": header, "auth_prefix": prefix, "auth_query": ""}
    if kind == "query":
        if "name" not in auth:
            raise r.fail("missing required key 'name'", f"{w}/name")
        name = r.string(auth["name"], f"{w}/name")
        return {"auth_kind": kind, "auth_header": "", "auth_prefix": "", "auth_query": name}
    prefix = "Bearer" if kind == "bearer" else "Basic"
    return {"auth_kind": kind, "auth_header": "Authorization", "auth_prefix": prefix,
            "auth_query": ""}  # fmt: skip


def _env(r: Reader, value: Any, client_class: str) -> dict[str, str]:
    w = "/client/env"
    keys = ("api_key", "base_url", "log", "strict_response_validation")
    env = r.mapping(value if value is not None else {}, w, optional=keys)
    prefix = defaults.env_prefix_of(client_class)
    got: dict[str, str] = {}
    for key in keys:
        with r.item():
            name = r.string(env.get(key, f"{prefix}_{key.upper()}"), f"{w}/{key}")
            if not _ENV_RE.match(name):
                message = f"{name!r} is not an upper-case environment variable name"
                raise r.fail(message, f"{w}/{key}")
            got[f"env_{key}"] = name
    if len(got) != len(keys):
        raise Skip()
    return got


def _header(r: Reader, value: Any, where: str) -> str:
    header = r.string(value, where)
    if not _HEADER_RE.match(header):
        raise r.fail(f"{header!r} is not an HTTP header name", where)
    return header


# --- resources --------------------------------------------------------------------------------


def _resources(r: Reader, value: Any) -> tuple[ResourceSpec, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise r.fail("expected a list of resources", "/resources")
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


_PAGINATE_NAMES = ("cursor_field", "cursor_param", "has_more_field", "offset_param", "limit_param",
                   "total_field")  # fmt: skip


def _method(r: Reader, name: str, spec: Any, mw: str) -> MethodSpec:
    r.identifier(name, mw)
    if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
        raise r.fail(f"method name {name!r} is reserved", mw)
    ms = r.mapping(spec, mw, required=("operation",), optional=("paginate", "examples"))
    paginate = None
    if ms.get("paginate") not in (None, False):
        pw = f"{mw}/paginate"
        pm = r.mapping(ms["paginate"], pw, required=("style", "items"), optional=_PAGINATE_NAMES)
        style = r.string(pm["style"], f"{pw}/style")
        if style not in PAGINATION_STYLES:
            raise r.fail(
                f"unknown pagination style {style!r} (one of {', '.join(PAGINATION_STYLES)})",
                f"{pw}/style",
            )
        extra = {key: r.string(pm[key], f"{pw}/{key}") for key in _PAGINATE_NAMES if key in pm}
        paginate = Pagination(style, r.string(pm["items"], f"{pw}/items"), **extra)
    examples = _examples(r, ms.get("examples"), f"{mw}/examples")
    operation = r.string(ms["operation"], f"{mw}/operation")
    detect = "paginate" not in ms or ms["paginate"] is None
    return MethodSpec(name, operation, paginate, mw, examples, detect=detect)


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


# --- generator ---------------------------------------------------------------------------------


def _generator(r: Reader, value: Any, has_resources: bool) -> GeneratorSettings:
    w = "/generator"
    mode = "listed" if has_resources else "all"
    if value is None:
        return GeneratorSettings(operations=mode)
    m = r.mapping(value, w, optional=("operations", "retrieve_name", "datamodel"))
    settings: dict[str, Any] = {"operations": mode, "retrieve_name": "retrieve"}
    for key, choices in (("operations", OPERATION_MODES), ("retrieve_name", RETRIEVE_NAMES)):
        if key in m:
            with r.item():
                choice = r.string(m[key], f"{w}/{key}")
                if choice not in choices:
                    message = f"expected one of {', '.join(choices)}, got {choice!r}"
                    raise r.fail(message, f"{w}/{key}")
                settings[key] = choice
    options: list[tuple[str, Any]] = []
    with r.item():
        raw = r.mapping(m.get("datamodel") or {}, f"{w}/datamodel", any_keys=True)
        for key, option in raw.items():
            at = pointer.child(f"{w}/datamodel", key)
            with r.item():
                if not isinstance(key, str) or not _OPTION_RE.match(key):
                    raise r.fail(f"{key!r} is not a datamodel-code-generator option name", at)
                if not _option_value(option):
                    raise r.fail("expected true, false, a number, a string or a list of them", at)
                options.append((key.replace("_", "-"), option))
    return GeneratorSettings(settings["operations"], settings["retrieve_name"], tuple(options))


def _option_value(value: Any) -> bool:
    scalar = (str, int, float, bool)
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, scalar) for v in value)
    return isinstance(value, scalar)


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
