"""Operation comparison: the document, paths and operations, lifecycle, identity, security.

`Differ` walks both documents once, matching operations as oasdiff does (method and path,
path-parameter names ignored unless `--include-path-params`), and hands each operation's
parameters to `diff_parameters` and its bodies and responses to `diff_bodies`.
"""

from __future__ import annotations

from typing import Any

from specpress.diff_bodies import compare_request_body, compare_responses
from specpress.diff_context import (
    METHODS,
    PATH_PARAM,
    Context,
    Emitter,
    Op,
    as_dict,
    as_list,
)
from specpress.diff_lifecycle import STABILITY_RANK, stability_of, sunset_date
from specpress.diff_load import Resolver, ptr
from specpress.diff_model import Change
from specpress.diff_parameters import compare_parameters
from specpress.diff_site import show


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


class Differ(Context):
    """Walks both documents once and emits Change objects through the rule table."""

    def run(self) -> list[Change]:
        self.servers()
        self.global_security()
        self.security_schemes()
        self.schemas_index()
        self.webhooks()
        self.paths()
        return self.changes

    # document level
    def servers(self) -> None:
        def urls(doc: Any) -> dict[str, int]:
            servers = doc.get("servers") if isinstance(doc.get("servers"), list) else []
            return {str(s.get("url")): i for i, s in enumerate(servers) if isinstance(s, dict)}

        old, new = urls(self.old), urls(self.new)
        api = self.emitter("api")
        for url in sorted(set(old) - set(new), key=str):
            api.emit("api-server-removed", ptr("", "servers", old[url]), f"server `{url}` removed")
        for url in sorted(set(new) - set(old), key=str):
            api.emit("api-server-added", ptr("", "servers", new[url]), f"server `{url}` added")

    def global_security(self) -> None:
        added, deleted, scopes = security_diff(self.old.get("security"), self.new.get("security"))
        api = self.emitter("api")
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

    def security_schemes(self) -> None:
        def schemes(doc: Any) -> dict[str, Any]:
            return as_dict(as_dict(doc.get("components")).get("securitySchemes"))

        old, new = schemes(self.old), schemes(self.new)
        base = "/components/securitySchemes"
        out = self.emitter("components")
        for name in sorted(set(old) | set(new), key=str):
            where = ptr(base, name)
            if name not in new:
                out.emit(
                    "api-security-component-removed", where, f"security scheme `{name}` removed"
                )
                continue
            if name not in old:
                out.emit("api-security-component-added", where, f"security scheme `{name}` added")
                continue
            o = as_dict(self.old_res.deref(old[name], where)[0])
            n = as_dict(self.new_res.deref(new[name], where)[0])
            if o.get("type") != n.get("type"):
                out.emit(
                    "api-security-component-type-changed",
                    ptr(where, "type"),
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
            self._oauth(out, name, where, o, n)

    def _oauth(
        self, out: Emitter, name: str, where: str, o: dict[str, Any], n: dict[str, Any]
    ) -> None:
        """oasdiff reads the implicit flow only; we read every flow the same way."""
        old_flows, new_flows = as_dict(o.get("flows")), as_dict(n.get("flows"))
        for flow in sorted(set(old_flows) & set(new_flows), key=str):
            of, nf = as_dict(old_flows[flow]), as_dict(new_flows[flow])
            at = ptr(where, "flows", flow)
            for key, rid in (
                ("authorizationUrl", "api-security-component-oauth-url-changed"),
                ("tokenUrl", "api-security-component-oauth-token-url-changed"),
            ):
                if of.get(key) != nf.get(key):
                    out.emit(
                        rid,
                        ptr(at, key),
                        f"security scheme `{name}`: {flow} `{key}` changed from "
                        f"{show(of.get(key))} to {show(nf.get(key))}",
                    )
            old_scopes, new_scopes = as_dict(of.get("scopes")), as_dict(nf.get("scopes"))
            for scope in sorted(set(new_scopes) - set(old_scopes), key=str):
                out.emit(
                    "api-security-component-oauth-scope-added",
                    ptr(at, "scopes", scope),
                    f"security scheme `{name}`: {flow} scope `{scope}` added",
                )
            for scope in sorted(set(old_scopes) - set(new_scopes), key=str):
                out.emit(
                    "api-security-component-oauth-scope-removed",
                    ptr(at, "scopes", scope),
                    f"security scheme `{name}`: {flow} scope `{scope}` removed",
                )
            for scope in sorted(set(old_scopes) & set(new_scopes), key=str):
                if old_scopes[scope] != new_scopes[scope]:
                    out.emit(
                        "api-security-component-oauth-scope-changed",
                        ptr(at, "scopes", scope),
                        f"security scheme `{name}`: {flow} scope `{scope}` changed",
                    )

    def schemas_index(self) -> None:
        def schemas(doc: Any) -> dict[str, Any]:
            return as_dict(as_dict(doc.get("components")).get("schemas"))

        old, new = schemas(self.old), schemas(self.new)
        out = self.emitter("components")
        for name in sorted(set(old) - set(new), key=str):
            out.emit(
                "api-schema-removed", ptr("/components/schemas", name), f"schema `{name}` removed"
            )
        for name in sorted(set(new) - set(old), key=str):
            out.emit("api-schema-added", ptr("/components/schemas", name), f"schema `{name}` added")

    def webhooks(self) -> None:
        old, new = as_dict(self.old.get("webhooks")), as_dict(self.new.get("webhooks"))
        out = self.emitter("components")
        for name in sorted(set(old) - set(new), key=str):
            out.emit("webhook-removed", ptr("/webhooks", name), f"webhook `{name}` removed")
        for name in sorted(set(new) - set(old), key=str):
            out.emit("webhook-added", ptr("/webhooks", name), f"webhook `{name}` added")
        for name in sorted(set(old) & set(new), key=str):
            o_item = as_dict(self.old_res.deref(old[name], ptr("/webhooks", name))[0])
            n_item = as_dict(self.new_res.deref(new[name], ptr("/webhooks", name))[0])
            for method in METHODS:
                o_op, n_op = o_item.get(method), n_item.get(method)
                if isinstance(o_op, dict) and isinstance(n_op, dict):
                    path = f"webhook:{name}"
                    base = ptr("/webhooks", name, method)
                    self.operation(
                        Op(path, method, o_item, o_op, base, True),
                        Op(path, method, n_item, n_op, base, True),
                    )

    # paths
    def _path_key(self, path: str) -> str:
        return path if self.options.include_path_params else PATH_PARAM.sub("{}", path)

    def _operations(self, doc: Any, side: Resolver) -> dict[str, Op]:
        """`METHOD /path` (param names ignored unless --include-path-params) -> operation."""
        ops: dict[str, Op] = {}
        for path, raw in as_dict(doc.get("paths")).items():
            item = as_dict(side.deref(raw, ptr("/paths", path))[0])
            for method in METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    key = f"{method.upper()} {self._path_key(str(path))}"
                    if key in ops:  # two paths equal up to param names: keep them apart
                        key = f"{method.upper()} {path}"
                    ops[key] = Op(str(path), method, item, operation, ptr("/paths", path, method))
        return ops

    def paths(self) -> None:
        old_ops = self._operations(self.old, self.old_res)
        new_ops = self._operations(self.new, self.new_res)
        new_paths = {self._path_key(str(p)) for p in as_dict(self.new.get("paths"))}
        for key in sorted(set(old_ops) | set(new_ops)):
            if key not in new_ops:
                old = old_ops[key]
                self.removed_operation(old, self._path_key(old.path) not in new_paths)
            elif key not in old_ops:
                new = new_ops[key]
                self.emitter(new.label).emit("endpoint-added", new.base, f"`{new.label}` added")
            else:
                self.operation(old_ops[key], new_ops[key])

    def removed_operation(self, old: Op, whole_path: bool) -> None:
        out = self.emitter(old.label)
        stability, valid = stability_of(old.op)
        if not valid:
            out.emit(
                "api-invalid-stability-level",
                ptr(old.base, "x-stability-level"),
                f"`x-stability-level: {stability}` is not draft, alpha, beta or stable",
            )
            return
        if STABILITY_RANK[stability] < self.threshold:
            return
        family = "api-path-removed" if whole_path else "api-removed"
        what = f"path `{old.path}` ({old.method.upper()})" if whole_path else f"`{old.label}`"
        if old.op.get("deprecated") is not True:
            out.emit(
                f"{family}-without-deprecation", old.base, f"{what} removed without deprecation"
            )
            return
        sunset = old.op.get("x-sunset")
        if sunset is None:
            out.emit(f"{family}-with-deprecation", old.base, f"{what} removed (was deprecated)")
            return
        date = sunset_date(sunset)
        if date is None:
            out.emit(
                "api-path-sunset-parse",
                ptr(old.base, "x-sunset"),
                f"{what} removed; its `x-sunset` {show(sunset)} is not a date",
            )
        elif self.today < date:
            out.emit(
                f"{family}-before-sunset",
                old.base,
                f"{what} removed before its sunset date {date.isoformat()}",
            )
        else:
            out.emit(
                f"{family}-with-deprecation",
                old.base,
                f"{what} removed (deprecated, sunset {date.isoformat()} passed)",
            )

    def operation(self, old: Op, new: Op) -> None:
        out = self.emitter(new.label)
        before = len(self.changes)
        old_stability, old_ok = stability_of(old.op)
        new_stability, new_ok = stability_of(new.op)
        self._operation_parts(out, old, new, old_stability, old_ok, new_stability, new_ok)
        if len(self.changes) == before and old.op == new.op and old.item == new.item:
            return  # unchanged: oasdiff judges stability values of changed operations only
        for op, value, ok in ((old, old_stability, old_ok), (new, new_stability, new_ok)):
            if not ok:
                out.emit(
                    "api-invalid-stability-level",
                    ptr(op.base, "x-stability-level"),
                    f"`x-stability-level: {value}` is not draft, alpha, beta or stable",
                )

    def _operation_parts(
        self,
        out: Emitter,
        old: Op,
        new: Op,
        old_stability: str,
        old_ok: bool,
        new_stability: str,
        new_ok: bool,
    ) -> None:
        if (
            old_ok
            and new_ok
            and old_stability != new_stability
            and (STABILITY_RANK[old_stability] >= self.threshold)
        ):
            word = (
                "decreased"
                if STABILITY_RANK[new_stability] < STABILITY_RANK[old_stability]
                else "increased"
            )
            out.emit(
                f"api-stability-{word}",
                ptr(new.base, "x-stability-level"),
                f"stability {word} from {old_stability} to {new_stability}",
            )
        if new_ok and STABILITY_RANK[new_stability] < self.threshold:
            return  # below the threshold: not part of the contract (draft/alpha by default)
        self.lifecycle(out, old, new, new_stability if new_ok else None)
        self.identity(out, old, new)
        self.security(out, old, new)
        compare_parameters(self, out, old, new, new_stability if new_ok else None)
        compare_request_body(self, out, old, new, new_stability if new_ok else None)
        compare_responses(self, out, old, new, new_stability if new_ok else None)

    def lifecycle(self, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
        was, now = old.op.get("deprecated") is True, new.op.get("deprecated") is True
        where = ptr(new.base, "deprecated")
        if was and not now:
            out.emit("endpoint-reactivated", new.base, f"`{new.label}` is no longer deprecated")
        elif now and not was and stability is not None:
            days = self.days(stability)
            sunset = new.op.get("x-sunset")
            date = sunset_date(sunset) if sunset is not None else None
            if sunset is None:
                if days > 0:
                    out.emit(
                        "api-deprecated-sunset-missing",
                        where,
                        f"`{new.label}` deprecated without the `x-sunset` a {days}-day "
                        "policy requires",
                    )
                else:
                    out.emit("endpoint-deprecated", where, f"`{new.label}` deprecated")
            elif date is None:
                out.emit(
                    "api-deprecated-sunset-parse",
                    ptr(new.base, "x-sunset"),
                    f"`{new.label}` deprecated; its `x-sunset` {show(sunset)} is not a date",
                )
            elif (date - self.today).days < days:
                out.emit(
                    "api-sunset-date-too-small",
                    ptr(new.base, "x-sunset"),
                    f"`{new.label}` deprecated with sunset {date}, less than {days} days away",
                )
            else:
                out.emit(
                    "endpoint-deprecated-with-sunset",
                    where,
                    f"`{new.label}` deprecated, sunset {date}",
                )
        if now:
            self.sunset_changed(
                out,
                old.op,
                new.op,
                new.base,
                stability,
                "sunset-deleted",
                "api-sunset-date-changed-too-small",
                "api-path-sunset-parse",
                f"`{new.label}`",
            )

    def identity(self, out: Emitter, old: Op, new: Op) -> None:
        o_id, n_id = old.op.get("operationId"), new.op.get("operationId")
        if o_id != n_id:
            where = ptr(new.base, "operationId")
            if not o_id:
                out.emit("api-operation-id-added", where, f"operationId `{n_id}` added")
            elif not n_id:
                out.emit(
                    "api-operation-id-removed",
                    ptr(old.base, "operationId"),
                    f"operationId `{o_id}` removed",
                )
            else:
                out.emit(
                    "api-operation-id-changed",
                    where,
                    f"operationId changed from `{o_id}` to `{n_id}`",
                )
        o_tags = [str(t) for t in as_list(old.op.get("tags")) if not isinstance(t, dict | list)]
        n_tags = [str(t) for t in as_list(new.op.get("tags")) if not isinstance(t, dict | list)]
        for tag in sorted(set(n_tags) - set(o_tags)):
            out.emit("api-tag-added", ptr(new.base, "tags"), f"tag `{tag}` added")
        for tag in sorted(set(o_tags) - set(n_tags)):
            out.emit("api-tag-removed", ptr(old.base, "tags"), f"tag `{tag}` removed")

    def security(self, out: Emitter, old: Op, new: Op) -> None:
        added, deleted, scopes = security_diff(old.op.get("security"), new.op.get("security"))
        where = ptr(new.base, "security")
        for alt in added:
            if alt:
                out.emit("api-security-added", where, f"security `{_alternative(alt)}` added")
        for alt in deleted:
            if alt:
                out.emit(
                    "api-security-removed",
                    ptr(old.base, "security"),
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

        if anonymous(self.old, old.op) and not anonymous(self.new, new.op):
            at = where if "security" in new.op else "/security"
            out.emit(
                "api-anonymous-access-removed",
                at,
                f"`{new.label}` no longer accepts unauthenticated calls",
            )

    # parameters

    # bodies
