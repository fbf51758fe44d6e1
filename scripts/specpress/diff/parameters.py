"""Parameters of an operation: matched, removed, added and compared as oasdiff does.

Path-level parameters apply to every operation of the path (an added one is
`new-*-request-default-parameter-to-existing-path`); path parameters match by position (their
names are free unless `--include-path-params`); header names are case-insensitive; a
form-exploded object parameter matches the plain parameters its properties stand for.
"""

from __future__ import annotations

from typing import Any

from specpress.diff.checks import Site, check_parameter, show
from specpress.diff.context import Context, Emitter, Op
from specpress.diff.lifecycle import judge_deprecation, judge_removal
from specpress.diff.model import PATH_PARAM
from specpress.diff.schema import SchemaDiff, as_dict, modified_props
from specpress.openapi import pointer
from specpress.openapi.refs import Resolver

_PARAMETER_QUIET = frozenset(
    {"description", "example", "examples", "schema", "content", "name", "in", "required",
     "deprecated"}
)  # fmt: skip


def _params(
    ctx: Context, side: Resolver, op: Op
) -> dict[tuple[str, str], tuple[dict[str, Any], str, bool]]:
    """(in, key) -> (parameter, pointer, from the path item); path params keyed by position."""
    names = [m.group(0)[1:-1] for m in PATH_PARAM.finditer(op.path)]
    positions = {name: i for i, name in enumerate(names)}
    params: dict[tuple[str, str], tuple[dict[str, Any], str, bool]] = {}
    item_base = op.base.rsplit("/", 1)[0]
    sources = (
        (op.item.get("parameters"), item_base, True),
        (op.op.get("parameters"), op.base, False),
    )
    for raw_list, owner, from_item in sources:
        for i, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
            param, where, _ = side.deref(raw, pointer.child(owner, "parameters", i))
            if not isinstance(param, dict) or "name" not in param:
                continue
            loc, name = str(param.get("in", "query")), str(param["name"])
            key = name.lower() if loc == "header" else name
            if loc == "path" and name in positions and not ctx.options.include_path_params:
                key = f"#{positions[name]}"
            params[(loc, key)] = (param, where, from_item)
    return params


def compare_parameters(ctx: Context, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
    o_params, n_params = _params(ctx, ctx.old_res, old), _params(ctx, ctx.new_res, new)
    _exploded(ctx, o_params, n_params)
    for key in sorted(set(o_params) - set(n_params)):
        param, where, _ = o_params[key]
        _removed_parameter(ctx, out, param, where)
    for key in sorted(set(n_params) - set(o_params)):
        param, where, from_item = n_params[key]
        loc, name = key[0], str(param["name"])
        required = param.get("required") is True
        if loc == "path":
            rid = "new-request-path-parameter"
        elif from_item:
            rid = (
                f"new-{'required' if required else 'optional'}-request-default-"
                "parameter-to-existing-path"
            )
        else:
            rid = f"new-{'required' if required else 'optional'}-request-parameter"
        out.emit(
            rid,
            where,
            f"{loc} parameter `{name}` added"
            + (" (required)" if required and loc != "path" else ""),
        )
    for key in sorted(set(o_params) & set(n_params)):
        (o_p, o_ptr, _), (n_p, n_ptr, _) = o_params[key], n_params[key]
        _modified_parameter(ctx, out, key[0], o_p, n_p, o_ptr, n_ptr, old, new, stability)


def _exploded(
    ctx: Context, o_params: dict[tuple[str, str], Any], n_params: dict[tuple[str, str], Any]
) -> None:
    """A form-exploded object parameter stands for plain parameters named as its properties.

    oasdiff matches each plain parameter with the property it became (or came from): the
    plain parameter is compared with that property's schema, and neither side is reported
    as removed or added.
    """
    for mine, theirs, res in (
        (o_params, n_params, ctx.new_res),
        (n_params, o_params, ctx.old_res),
    ):
        consumed: set[tuple[str, str]] = set()
        for key in [k for k in mine if k not in theirs and k[0] in ("query", "cookie")]:
            param = mine[key][0]
            for other_key, (other, where, from_item) in list(theirs.items()):
                if other_key in mine or other_key[0] != key[0]:
                    continue
                schema, s_ptr, _ = res.deref(other.get("schema"), pointer.child(where, "schema"))
                if not _is_exploded(other, as_dict(schema)):
                    continue
                props = as_dict(as_dict(schema).get("properties"))
                name = str(param["name"])
                if name in props:
                    virtual = {**other, "name": name, "schema": props[name]}
                    theirs[key] = (virtual, pointer.child(s_ptr, "properties", name), from_item)
                    consumed.add(other_key)
                    break
        for key in consumed:
            theirs.pop(key, None)


def _removed_parameter(ctx: Context, out: Emitter, param: dict[str, Any], where: str) -> None:
    loc, name = param.get("in", "query"), param.get("name")
    what = f"{loc} parameter `{name}`"
    verdict, date = judge_removal(param, ctx.today)
    sunset = show(param.get("x-sunset"))
    rule_id, at, text = {
        "without-deprecation": ("request-parameter-removed", where, f"{what} removed"),
        "with-deprecation": ("request-parameter-removed-with-deprecation", where,
                             f"{what} removed (was deprecated)"),
        "sunset-invalid": ("request-parameter-sunset-parse", pointer.child(where, "x-sunset"),
                           f"{what} removed; its `x-sunset` {sunset} is not a date"),
        "before-sunset": ("request-parameter-removed-before-sunset", where,
                          f"{what} removed before its sunset date {date}"),
        "after-sunset": ("request-parameter-removed-with-deprecation", where,
                         f"{what} removed (deprecated, sunset {date} passed)"),
    }[verdict]  # fmt: skip
    out.emit(rule_id, at, text)


def _modified_parameter(
    ctx: Context,
    out: Emitter,
    loc: str,
    o_p: dict[str, Any],
    n_p: dict[str, Any],
    o_ptr: str,
    n_ptr: str,
    old: Op,
    new: Op,
    stability: str | None,
) -> None:
    name = str(n_p.get("name"))
    what = f"{loc} parameter `{name}`"
    was, now = o_p.get("required") is True, n_p.get("required") is True
    if was != now:
        out.emit(
            f"request-parameter-became-{'required' if now else 'optional'}",
            pointer.child(n_ptr, "required"),
            f"{what} {'is now required' if now else 'is no longer required'}",
        )
    _parameter_deprecation(ctx, out, what, o_p, n_p, n_ptr, stability)
    (o_schema, o_at), (n_schema, n_at) = _schema_of(o_p, o_ptr), _schema_of(n_p, n_ptr)
    sd = ctx.cmp.diff(o_schema, n_schema, o_at, n_at)
    if sd is not None and sd.both:
        site = Site(
            out, ctx.cmp, "request", "request-parameter", "request-parameter-property", what
        )
        if was or now:
            sd = _without_default(sd)
        check_parameter(site, sd, header=loc == "header", form_explode=_form_exploded(n_p))
        _became_enum(ctx, out, site, sd, loc == "header")
    elif sd is not None:
        out.emit(
            "unsupported-change",
            n_at,
            f"{what}: `schema` {'added' if sd.added else 'removed'}; no rule judges it",
        )
    for key in sorted(set(o_p) | set(n_p), key=str):
        if key in _PARAMETER_QUIET or str(key).startswith("x-"):
            continue
        if o_p.get(key) != n_p.get(key):
            out.emit(
                "unsupported-change",
                pointer.child(n_ptr, key),
                f"{what}: `{key}` changed from {show(o_p.get(key))} to "
                f"{show(n_p.get(key))}; no rule judges it",
            )


def _became_enum(ctx: Context, out: Emitter, site: Site, sd: SchemaDiff, header: bool) -> None:

    def became(d: SchemaDiff) -> bool:
        return "enum" in d.values and d.values["enum"][0] is None

    if became(sd):
        site.emit(
            "request-parameter-became-enum",
            sd,
            None,
            f"is now restricted to {show(sd.values['enum'][1])}",
            "enum",
        )
        if header:
            site.emit(
                "request-header-property-became-enum",
                sd,
                None,
                "is now restricted to an enum",
                "enum",
            )
    if header:
        for prop in modified_props(sd):
            if became(prop.diff):
                site.emit(
                    "request-header-property-became-enum",
                    prop.diff,
                    prop,
                    "is now restricted to an enum",
                    "enum",
                )


def _parameter_deprecation(
    ctx: Context,
    out: Emitter,
    what: str,
    o_p: dict[str, Any],
    n_p: dict[str, Any],
    n_ptr: str,
    stability: str | None,
) -> None:
    was, now = o_p.get("deprecated") is True, n_p.get("deprecated") is True
    where = pointer.child(n_ptr, "deprecated")
    if was and not now:
        out.emit("request-parameter-reactivated", where, f"{what} is no longer deprecated")
    elif now and not was and stability is not None:
        days = ctx.days(stability)
        sunset = n_p.get("x-sunset")
        verdict, date = judge_deprecation(sunset, ctx.today, days)
        at_sunset = pointer.child(n_ptr, "x-sunset")
        rule_id, at, text = {
            "deprecated": ("request-parameter-deprecated", where, f"{what} deprecated"),
            "sunset-missing": ("request-parameter-deprecated-sunset-missing", where,
                               f"{what} deprecated"),
            "sunset-invalid": ("request-parameter-sunset-parse", at_sunset,
                               f"{what} deprecated; its `x-sunset` {show(sunset)} is not a date"),
            "too-small": ("request-parameter-sunset-date-too-small", at_sunset,
                          f"{what} deprecated with sunset {date}, less than {days} days away"),
            "with-sunset": ("request-parameter-deprecated", where,
                            f"{what} deprecated, sunset {date}"),
        }[verdict]  # fmt: skip
        out.emit(rule_id, at, text)
    if now:
        ctx.sunset_changed(
            out,
            o_p,
            n_p,
            n_ptr,
            stability,
            "request-parameter-sunset-deleted",
            "request-parameter-sunset-date-changed-too-small",
            "request-parameter-sunset-parse",
            what,
        )


def _schema_of(param: dict[str, Any], where: str) -> tuple[Any, str]:
    """A parameter's schema: `schema`, or that of its single (first) `content` media type."""
    if "schema" in param or not isinstance(param.get("content"), dict) or not param["content"]:
        return param.get("schema"), pointer.child(where, "schema")
    media = sorted(param["content"], key=str)[0]
    return as_dict(param["content"][media]).get("schema"), pointer.child(
        where, "content", media, "schema"
    )


def _form_exploded(param: dict[str, Any]) -> bool:
    """Serialized as `form` with `explode` (the default for query and cookie parameters)."""
    loc = param.get("in", "query")
    style = param.get("style") or ("form" if loc in ("query", "cookie") else "simple")
    return style == "form" and param.get("explode", True) is not False


def _is_exploded(param: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A form-style, exploded object parameter with properties (oasdiff's definition)."""
    loc = param.get("in", "query")
    style = param.get("style") or ("form" if loc in ("query", "cookie") else "")
    return (
        param.get("explode") is True
        and style == "form"
        and schema.get("type") == "object"
        and bool(schema.get("properties"))
    )


def _without_default(sd: SchemaDiff) -> SchemaDiff:
    """oasdiff judges parameter defaults only when the parameter is optional on both sides."""
    if "default" not in sd.values:
        return sd
    values = {k: v for k, v in sd.values.items() if k != "default"}
    return SchemaDiff(
        sd.base,
        sd.rev,
        sd.base_ptr,
        sd.rev_ptr,
        values,
        sd.slots,
        sd.lists,
        sd.maps,
        sd.circular,
        sd.list_of_types,
        sd.one_of_wrapping,
        sd.nullable_wrapping,
    )
