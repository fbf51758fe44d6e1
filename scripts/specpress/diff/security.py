"""Security: requirements (top-level and per operation) and security schemes.

Requirement alternatives are matched as oasdiff matches them; an operation that accepted
unauthenticated calls and no longer does is `api-anonymous-access-removed` (top-level and
operation `security` taken together). OAuth flows are compared for every flow type.
"""

from __future__ import annotations

from typing import Any

from specpress.diff.checks import show
from specpress.diff.context import Context, Emitter, Op
from specpress.diff.schema import as_dict, as_list
from specpress.openapi import pointer


def _security_alternatives(value: Any) -> list[dict[str, list[str]]]:
    return [
        {str(k): [str(s) for s in as_list(v)] for k, v in as_dict(req).items()}
        for req in as_list(value)
    ]


def security_diff(
    old: Any, new: Any
) -> tuple[
    list[dict[str, list[str]]], list[dict[str, list[str]]], list[tuple[str, list[str], list[str]]]
]:
    """oasdiff's alternative matching: (added, deleted, [(scheme, scopes added, removed)])."""
    reqs1, reqs2 = _security_alternatives(old), _security_alternatives(new)
    m1, m2 = [False] * len(reqs1), [False] * len(reqs2)

    def scopes_equal(a: dict[str, list[str]], b: dict[str, list[str]]) -> bool:
        return all(set(a[k]) == set(b.get(k, [])) for k in a if k in b)

    def find(req: dict[str, list[str]], exact: bool) -> int:
        for j, cand in enumerate(reqs2):
            if not m2[j] and set(cand) == set(req) and (not exact or scopes_equal(req, cand)):
                return j
        return -1

    def unique(reqs: list[dict[str, list[str]]], matched: list[bool], schemes: set[str]) -> bool:
        return sum(1 for i, r in enumerate(reqs) if not matched[i] and set(r) == schemes) == 1

    scopes: list[tuple[str, list[str], list[str]]] = []
    for i, req in enumerate(reqs1):
        j = find(req, True)
        if j >= 0:
            m1[i] = m2[j] = True
    for i, req in enumerate(reqs1):
        if m1[i] or not unique(reqs1, m1, set(req)):
            continue
        j = find(req, False)
        if j < 0 or not unique(reqs2, m2, set(reqs2[j])):
            continue
        m1[i] = m2[j] = True
        for scheme in sorted(req):
            added = sorted(set(reqs2[j][scheme]) - set(req[scheme]))
            removed = sorted(set(req[scheme]) - set(reqs2[j][scheme]))
            if added or removed:
                scopes.append((scheme, added, removed))
    added_alts = [r for j, r in enumerate(reqs2) if not m2[j]]
    deleted_alts = [r for i, r in enumerate(reqs1) if not m1[i]]
    return added_alts, deleted_alts, scopes


def _alternative(req: dict[str, list[str]]) -> str:
    if not req:
        return "{} (no authentication)"
    return " AND ".join(
        f"{k}: [{', '.join(sorted(v))}]" if v else k for k, v in sorted(req.items())
    )


def compare_global_security(ctx: Context) -> None:
    added, deleted, scopes = security_diff(ctx.old.get("security"), ctx.new.get("security"))
    api = ctx.emitter("api")
    for alt in added:
        api.emit(
            "api-global-security-added",
            "/security",
            f"top-level security `{_alternative(alt)}` added",
        )
    for alt in deleted:
        api.emit(
            "api-global-security-removed",
            "/security",
            f"top-level security `{_alternative(alt)}` removed",
        )
    for scheme, plus, minus in scopes:
        for scope in plus:
            api.emit(
                "api-global-security-scope-added",
                "/security",
                f"top-level security `{scheme}` now needs scope `{scope}`",
            )
        for scope in minus:
            api.emit(
                "api-global-security-scope-removed",
                "/security",
                f"top-level security `{scheme}` no longer needs scope `{scope}`",
            )


def compare_security_schemes(ctx: Context) -> None:
    def schemes(doc: Any) -> dict[str, Any]:
        return as_dict(as_dict(doc.get("components")).get("securitySchemes"))

    old, new = schemes(ctx.old), schemes(ctx.new)
    base = "/components/securitySchemes"
    out = ctx.emitter("components")
    for name in sorted(set(old) | set(new), key=str):
        where = pointer.child(base, name)
        if name not in new:
            out.emit("api-security-component-removed", where, f"security scheme `{name}` removed")
            continue
        if name not in old:
            out.emit("api-security-component-added", where, f"security scheme `{name}` added")
            continue
        o = as_dict(ctx.old_res.deref(old[name], where)[0])
        n = as_dict(ctx.new_res.deref(new[name], where)[0])
        if o.get("type") != n.get("type"):
            out.emit(
                "api-security-component-type-changed",
                pointer.child(where, "type"),
                f"security scheme `{name}`: type changed from {show(o.get('type'))} to "
                f"{show(n.get('type'))}",
            )
            continue  # a new type: its other fields are not comparable
        edits = [
            k
            for k in ("in", "name", "scheme", "bearerFormat", "openIdConnectUrl")
            if o.get(k) != n.get(k)
        ]
        if edits:
            detail = ", ".join(f"`{k}`: {show(o.get(k))} -> {show(n.get(k))}" for k in edits)
            out.emit(
                "api-security-component-changed",
                where,
                f"security scheme `{name}` changed: {detail}",
            )
        _oauth(out, name, where, o, n)


def _oauth(out: Emitter, name: str, where: str, o: dict[str, Any], n: dict[str, Any]) -> None:
    """oasdiff reads the implicit flow only; we read every flow the same way."""
    old_flows, new_flows = as_dict(o.get("flows")), as_dict(n.get("flows"))
    for flow in sorted(set(old_flows) & set(new_flows), key=str):
        of, nf = as_dict(old_flows[flow]), as_dict(new_flows[flow])
        at = pointer.child(where, "flows", flow)
        for key, rid in (
            ("authorizationUrl", "api-security-component-oauth-url-changed"),
            ("tokenUrl", "api-security-component-oauth-token-url-changed"),
        ):
            if of.get(key) != nf.get(key):
                out.emit(
                    rid,
                    pointer.child(at, key),
                    f"security scheme `{name}`: {flow} `{key}` changed from "
                    f"{show(of.get(key))} to {show(nf.get(key))}",
                )
        old_scopes, new_scopes = as_dict(of.get("scopes")), as_dict(nf.get("scopes"))
        for scope in sorted(set(new_scopes) - set(old_scopes), key=str):
            out.emit(
                "api-security-component-oauth-scope-added",
                pointer.child(at, "scopes", scope),
                f"security scheme `{name}`: {flow} scope `{scope}` added",
            )
        for scope in sorted(set(old_scopes) - set(new_scopes), key=str):
            out.emit(
                "api-security-component-oauth-scope-removed",
                pointer.child(at, "scopes", scope),
                f"security scheme `{name}`: {flow} scope `{scope}` removed",
            )
        for scope in sorted(set(old_scopes) & set(new_scopes), key=str):
            if old_scopes[scope] != new_scopes[scope]:
                out.emit(
                    "api-security-component-oauth-scope-changed",
                    pointer.child(at, "scopes", scope),
                    f"security scheme `{name}`: {flow} scope `{scope}` changed",
                )


def compare_operation_security(ctx: Context, out: Emitter, old: Op, new: Op) -> None:
    added, deleted, scopes = security_diff(old.op.get("security"), new.op.get("security"))
    where = pointer.child(new.base, "security")
    for alt in added:
        if alt:
            out.emit("api-security-added", where, f"security `{_alternative(alt)}` added")
    for alt in deleted:
        if alt:
            out.emit(
                "api-security-removed",
                pointer.child(old.base, "security"),
                f"security `{_alternative(alt)}` removed",
            )
    for scheme, plus, minus in scopes:
        for scope in plus:
            out.emit(
                "api-security-scope-added",
                where,
                f"security `{scheme}` now needs scope `{scope}`",
            )
        for scope in minus:
            out.emit(
                "api-security-scope-removed",
                where,
                f"security `{scheme}` no longer needs scope `{scope}`",
            )

    def anonymous(doc: Any, op: dict[str, Any]) -> bool:
        reqs = op["security"] if "security" in op else doc.get("security")
        return not isinstance(reqs, list) or not reqs or any(not as_dict(r) for r in reqs)

    if anonymous(ctx.old, old.op) and not anonymous(ctx.new, new.op):
        at = where if "security" in new.op else "/security"
        out.emit(
            "api-anonymous-access-removed",
            at,
            f"`{new.label}` no longer accepts unauthenticated calls",
        )


# parameters

# bodies
