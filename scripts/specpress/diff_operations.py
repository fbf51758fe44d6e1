"""Operation comparison: paths, operations, parameters, bodies, responses, security, lifecycle.

`Differ` walks both documents once, matching operations and their parts as oasdiff does, and
hands each pair of schemas to `diff_schema` / `diff_schema_checks`. Every finding goes through
an `Emitter`, which attaches the operation, the level of the rule table (and
`--forward-compatible`), and drops a raw finding that a recognized schema transition explains.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from specpress.diff_load import Resolver, ptr
from specpress.diff_model import Change, DiffOptions
from specpress.diff_rules import RULES_BY_ID
from specpress.diff_schema import SchemaComparer, SchemaDiff
from specpress.diff_schema_checks import (
    STABILITY_RANK,
    Lifecycle,
    Site,
    check_body,
    check_header,
    check_parameter,
    nullability,
    show,
    stability_of,
    sunset_date,
)

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{[^{}/]*\}")
_PARAMETER_QUIET = frozenset(
    {
        "description",
        "example",
        "examples",
        "schema",
        "content",
        "name",
        "in",
        "required",
        "deprecated",
    }
)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def op_key(label: str) -> str:
    """`get /a/{id}` -> `GET /a/{}`: the identity of an operation when param names are ignored."""
    method, _, path = label.strip().partition(" ")
    return f"{method.upper()} {_PATH_PARAM.sub('{}', path.strip())}"


# --- transitions: one change, not its raw echoes -------------------------------------------------


def _null_only_type_change(sd: SchemaDiff) -> bool:
    if "type" not in sd.values or "format" in sd.values or not sd.both:
        return False
    return all(t == "null" for t in (*sd.type_added, *sd.type_deleted))


def _nullability_reporter(rule_id: str) -> bool:
    return rule_id.endswith(("-became-nullable", "-became-not-nullable"))


_TRANSITIONS = (
    # (present at the node, kinds of raw findings it explains, its own reporters)
    (
        lambda d: d.nullable_wrapping is not None,
        {"type", "values", "constraints", "structure", "existence", "requiredness"},
        _nullability_reporter,
    ),
    (
        lambda d: d.one_of_wrapping is not None,
        {"type", "structure"},
        lambda r: (
            r.endswith("-wrapped-in-one-of")
            or r in ("request-property-one-of-added", "response-property-one-of-added")
        ),
    ),
    (
        lambda d: d.list_of_types is not None,
        {"type", "structure"},
        lambda r: "-list-of-types-" in r,
    ),
    (_null_only_type_change, {"type"}, _nullability_reporter),
)


def claimed(sd: SchemaDiff | None, rule_id: str) -> bool:
    """True when a transition at `sd` explains this raw finding (it is then not reported)."""
    if sd is None or rule_id not in RULES_BY_ID:
        return False
    kind = RULES_BY_ID[rule_id].kind
    return any(
        kind in claims and present(sd) and not reporter(rule_id)
        for present, claims, reporter in _TRANSITIONS
    )


class Emitter:
    """Collects the changes of one operation (or of the document, `operation="api"`)."""

    def __init__(self, out: list[Change], operation: str, options: DiffOptions) -> None:
        self.out, self.operation, self.options = out, operation, options

    def emit(
        self, rule_id: str, location: str, message: str, schema: SchemaDiff | None = None
    ) -> None:
        if claimed(schema, rule_id):
            return
        r = RULES_BY_ID[rule_id]
        level = r.level
        if (
            self.options.forward_compatible_enums
            and r.direction == "response"
            and rule_id.endswith("enum-value-added")
        ):
            level = "INFO"
        detail = r.id if r.id != r.public_id else None
        self.out.append(Change(r.public_id, level, self.operation, location, message, detail))


# --- operations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    path: str
    method: str
    item: dict[str, Any]
    op: dict[str, Any]
    base: str  # pointer to the operation
    webhook: bool = False

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _security_alternatives(value: Any) -> list[dict[str, list[str]]]:
    return [
        {str(k): [str(s) for s in v or []] for k, v in _as_dict(req).items()}
        for req in (value if isinstance(value, list) else [])
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


class Differ:
    """Walks both documents once and emits Change objects through the rule table."""

    def __init__(self, old: Any, new: Any, options: DiffOptions) -> None:
        self.old, self.new, self.options = old, new, options
        self.old_res, self.new_res = Resolver(old), Resolver(new)
        self.cmp = SchemaComparer(self.old_res, self.new_res)
        self.changes: list[Change] = []
        self.today = options.today or dt.datetime.now(dt.UTC).date()
        self.threshold = STABILITY_RANK.get(options.stability_level, STABILITY_RANK["beta"])

    def emitter(self, operation: str) -> Emitter:
        return Emitter(self.changes, operation, self.options)

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
        for url in sorted(set(old) - set(new)):
            api.emit("api-server-removed", ptr("", "servers", old[url]), f"server `{url}` removed")
        for url in sorted(set(new) - set(old)):
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
            return _as_dict(_as_dict(doc.get("components")).get("securitySchemes"))

        old, new = schemes(self.old), schemes(self.new)
        base = "/components/securitySchemes"
        out = self.emitter("components")
        for name in sorted(set(old) | set(new)):
            where = ptr(base, name)
            if name not in new:
                out.emit(
                    "api-security-component-removed", where, f"security scheme `{name}` removed"
                )
                continue
            if name not in old:
                out.emit("api-security-component-added", where, f"security scheme `{name}` added")
                continue
            o = _as_dict(self.old_res.deref(old[name], where)[0])
            n = _as_dict(self.new_res.deref(new[name], where)[0])
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
        old_flows, new_flows = _as_dict(o.get("flows")), _as_dict(n.get("flows"))
        for flow in sorted(set(old_flows) & set(new_flows)):
            of, nf = _as_dict(old_flows[flow]), _as_dict(new_flows[flow])
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
            old_scopes, new_scopes = _as_dict(of.get("scopes")), _as_dict(nf.get("scopes"))
            for scope in sorted(set(new_scopes) - set(old_scopes)):
                out.emit(
                    "api-security-component-oauth-scope-added",
                    ptr(at, "scopes", scope),
                    f"security scheme `{name}`: {flow} scope `{scope}` added",
                )
            for scope in sorted(set(old_scopes) - set(new_scopes)):
                out.emit(
                    "api-security-component-oauth-scope-removed",
                    ptr(at, "scopes", scope),
                    f"security scheme `{name}`: {flow} scope `{scope}` removed",
                )
            for scope in sorted(set(old_scopes) & set(new_scopes)):
                if old_scopes[scope] != new_scopes[scope]:
                    out.emit(
                        "api-security-component-oauth-scope-changed",
                        ptr(at, "scopes", scope),
                        f"security scheme `{name}`: {flow} scope `{scope}` changed",
                    )

    def schemas_index(self) -> None:
        def schemas(doc: Any) -> dict[str, Any]:
            return _as_dict(_as_dict(doc.get("components")).get("schemas"))

        old, new = schemas(self.old), schemas(self.new)
        out = self.emitter("components")
        for name in sorted(set(old) - set(new)):
            out.emit(
                "api-schema-removed", ptr("/components/schemas", name), f"schema `{name}` removed"
            )
        for name in sorted(set(new) - set(old)):
            out.emit("api-schema-added", ptr("/components/schemas", name), f"schema `{name}` added")

    def webhooks(self) -> None:
        old, new = _as_dict(self.old.get("webhooks")), _as_dict(self.new.get("webhooks"))
        out = self.emitter("components")
        for name in sorted(set(old) - set(new)):
            out.emit("webhook-removed", ptr("/webhooks", name), f"webhook `{name}` removed")
        for name in sorted(set(new) - set(old)):
            out.emit("webhook-added", ptr("/webhooks", name), f"webhook `{name}` added")
        for name in sorted(set(old) & set(new)):
            o_item = _as_dict(self.old_res.deref(old[name], ptr("/webhooks", name))[0])
            n_item = _as_dict(self.new_res.deref(new[name], ptr("/webhooks", name))[0])
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
        return path if self.options.include_path_params else _PATH_PARAM.sub("{}", path)

    def _operations(self, doc: Any, side: Resolver) -> dict[str, Op]:
        """`METHOD /path` (param names ignored unless --include-path-params) -> operation."""
        ops: dict[str, Op] = {}
        for path, raw in _as_dict(doc.get("paths")).items():
            item = _as_dict(side.deref(raw, ptr("/paths", path))[0])
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
        new_paths = {self._path_key(str(p)) for p in _as_dict(self.new.get("paths"))}
        for key in sorted(set(old_ops) | set(new_ops)):
            if key not in new_ops:
                old = old_ops[key]
                self.removed_operation(old, self._path_key(old.path) not in new_paths)
            elif key not in old_ops:
                new = new_ops[key]
                self.emitter(new.label).emit("endpoint-added", new.base, f"`{new.label}` added")
            else:
                self.operation(old_ops[key], new_ops[key])

    def _days(self, stability: str) -> int:
        if stability == "beta":
            return self.options.deprecation_days_beta
        if stability in ("draft", "alpha"):
            return 0
        return self.options.deprecation_days_stable

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
        self.parameters(out, old, new, new_stability if new_ok else None)
        self.request_body(out, old, new, new_stability if new_ok else None)
        self.responses(out, old, new, new_stability if new_ok else None)

    def lifecycle(self, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
        was, now = old.op.get("deprecated") is True, new.op.get("deprecated") is True
        where = ptr(new.base, "deprecated")
        if was and not now:
            out.emit("endpoint-reactivated", new.base, f"`{new.label}` is no longer deprecated")
        elif now and not was and stability is not None:
            days = self._days(stability)
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
            self._sunset_changed(
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

    def _sunset_changed(
        self,
        out: Emitter,
        old: dict[str, Any],
        new: dict[str, Any],
        base: str,
        stability: str | None,
        deleted_id: str,
        too_small_id: str,
        parse_id: str,
        what: str,
    ) -> None:
        before, after = old.get("x-sunset"), new.get("x-sunset")
        where = ptr(base, "x-sunset")
        if before is not None and after is None:
            out.emit(deleted_id, where, f"{what}: the `x-sunset` of a deprecation was removed")
            return
        if before is None or after is None or before == after:
            return
        new_date, old_date = sunset_date(after), sunset_date(before)
        if new_date is None or old_date is None:
            bad = after if new_date is None else before
            out.emit(parse_id, where, f"{what}: `x-sunset` {show(bad)} is not a date")
            return
        if stability is None:
            return
        days = self._days(stability)
        if old_date > new_date and (new_date - self.today).days < days:
            out.emit(
                too_small_id,
                where,
                f"{what}: sunset moved from {old_date} to {new_date}, less than {days} days away",
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
        o_tags = [str(t) for t in old.op.get("tags") or [] if not isinstance(t, dict | list)]
        n_tags = [str(t) for t in new.op.get("tags") or [] if not isinstance(t, dict | list)]
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
            return not isinstance(reqs, list) or not reqs or any(not _as_dict(r) for r in reqs)

        if anonymous(self.old, old.op) and not anonymous(self.new, new.op):
            at = where if "security" in new.op else "/security"
            out.emit(
                "api-anonymous-access-removed",
                at,
                f"`{new.label}` no longer accepts unauthenticated calls",
            )

    # parameters
    def _params(
        self, side: Resolver, op: Op
    ) -> dict[tuple[str, str], tuple[dict[str, Any], str, bool]]:
        """(in, key) -> (parameter, pointer, from the path item); path params keyed by position."""
        names = [m.group(0)[1:-1] for m in _PATH_PARAM.finditer(op.path)]
        positions = {name: i for i, name in enumerate(names)}
        params: dict[tuple[str, str], tuple[dict[str, Any], str, bool]] = {}
        item_base = op.base.rsplit("/", 1)[0]
        sources = (
            (op.item.get("parameters"), item_base, True),
            (op.op.get("parameters"), op.base, False),
        )
        for raw_list, owner, from_item in sources:
            for i, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
                param, where, _ = side.deref(raw, ptr(owner, "parameters", i))
                if not isinstance(param, dict) or "name" not in param:
                    continue
                loc, name = str(param.get("in", "query")), str(param["name"])
                key = name.lower() if loc == "header" else name
                if loc == "path" and name in positions and not self.options.include_path_params:
                    key = f"#{positions[name]}"
                params[(loc, key)] = (param, where, from_item)
        return params

    def parameters(self, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
        o_params, n_params = self._params(self.old_res, old), self._params(self.new_res, new)
        self._exploded(o_params, n_params)
        for key in sorted(set(o_params) - set(n_params)):
            param, where, _ = o_params[key]
            self._removed_parameter(out, param, where)
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
            self._modified_parameter(out, key[0], o_p, n_p, o_ptr, n_ptr, old, new, stability)

    def _exploded(
        self, o_params: dict[tuple[str, str], Any], n_params: dict[tuple[str, str], Any]
    ) -> None:
        """A form-exploded object parameter stands for plain parameters named as its properties.

        oasdiff matches each plain parameter with the property it became (or came from): the
        plain parameter is compared with that property's schema, and neither side is reported
        as removed or added.
        """
        for mine, theirs, res in (
            (o_params, n_params, self.new_res),
            (n_params, o_params, self.old_res),
        ):
            consumed: set[tuple[str, str]] = set()
            for key in [k for k in mine if k not in theirs and k[0] in ("query", "cookie")]:
                param = mine[key][0]
                for other_key, (other, where, from_item) in list(theirs.items()):
                    if other_key in mine or other_key[0] != key[0]:
                        continue
                    schema, s_ptr, _ = res.deref(other.get("schema"), ptr(where, "schema"))
                    if not _is_exploded(other, _as_dict(schema)):
                        continue
                    props = _as_dict(_as_dict(schema).get("properties"))
                    if param["name"] in props:
                        virtual = {**other, "name": param["name"], "schema": props[param["name"]]}
                        theirs[key] = (virtual, ptr(s_ptr, "properties", param["name"]), from_item)
                        consumed.add(other_key)
                        break
            for key in consumed:
                theirs.pop(key, None)

    def _removed_parameter(self, out: Emitter, param: dict[str, Any], where: str) -> None:
        loc, name = param.get("in", "query"), param.get("name")
        what = f"{loc} parameter `{name}`"
        if param.get("deprecated") is not True:
            out.emit("request-parameter-removed", where, f"{what} removed")
            return
        sunset = param.get("x-sunset")
        if sunset is None:
            out.emit(
                "request-parameter-removed-with-deprecation",
                where,
                f"{what} removed (was deprecated)",
            )
            return
        date = sunset_date(sunset)
        if date is None:
            out.emit(
                "request-parameter-sunset-parse",
                ptr(where, "x-sunset"),
                f"{what} removed; its `x-sunset` {show(sunset)} is not a date",
            )
        elif self.today < date:
            out.emit(
                "request-parameter-removed-before-sunset",
                where,
                f"{what} removed before its sunset date {date}",
            )
        else:
            out.emit(
                "request-parameter-removed-with-deprecation",
                where,
                f"{what} removed (deprecated, sunset {date} passed)",
            )

    def _modified_parameter(
        self,
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
                ptr(n_ptr, "required"),
                f"{what} {'is now required' if now else 'is no longer required'}",
            )
        self._parameter_deprecation(out, what, o_p, n_p, n_ptr, stability)
        o_schema, n_schema = o_p.get("schema"), n_p.get("schema")
        sd = self.cmp.diff(o_schema, n_schema, ptr(o_ptr, "schema"), ptr(n_ptr, "schema"))
        if sd is not None and sd.both:
            site = Site(
                out, self.cmp, "request", "request-parameter", "request-parameter-property", what
            )
            if was or now:
                sd = _without_default(sd)
            check_parameter(site, sd, header=loc == "header", form_explode=_form_exploded(n_p))
            self._became_enum(out, site, sd, loc == "header")
        elif sd is not None:
            out.emit(
                "unsupported-change",
                ptr(n_ptr, "schema"),
                f"{what}: `schema` {'added' if sd.added else 'removed'}; no rule judges it",
            )
        for key in sorted(set(o_p) | set(n_p)):
            if key in _PARAMETER_QUIET or key.startswith("x-"):
                continue
            if o_p.get(key) != n_p.get(key):
                out.emit(
                    "unsupported-change",
                    ptr(n_ptr, key),
                    f"{what}: `{key}` changed from {show(o_p.get(key))} to "
                    f"{show(n_p.get(key))}; no rule judges it",
                )

    def _became_enum(self, out: Emitter, site: Site, sd: SchemaDiff, header: bool) -> None:
        from specpress.diff_schema import modified_props

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
        self,
        out: Emitter,
        what: str,
        o_p: dict[str, Any],
        n_p: dict[str, Any],
        n_ptr: str,
        stability: str | None,
    ) -> None:
        was, now = o_p.get("deprecated") is True, n_p.get("deprecated") is True
        where = ptr(n_ptr, "deprecated")
        if was and not now:
            out.emit("request-parameter-reactivated", where, f"{what} is no longer deprecated")
        elif now and not was and stability is not None:
            days = self._days(stability)
            sunset = n_p.get("x-sunset")
            date = sunset_date(sunset) if sunset is not None else None
            if sunset is None:
                rid = (
                    "request-parameter-deprecated-sunset-missing"
                    if days > 0
                    else "request-parameter-deprecated"
                )
                out.emit(rid, where, f"{what} deprecated")
            elif date is None:
                out.emit(
                    "request-parameter-sunset-parse",
                    ptr(n_ptr, "x-sunset"),
                    f"{what} deprecated; its `x-sunset` {show(sunset)} is not a date",
                )
            elif (date - self.today).days < days:
                out.emit(
                    "request-parameter-sunset-date-too-small",
                    ptr(n_ptr, "x-sunset"),
                    f"{what} deprecated with sunset {date}, less than {days} days away",
                )
            else:
                out.emit("request-parameter-deprecated", where, f"{what} deprecated, sunset {date}")
        if now:
            self._sunset_changed(
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

    # bodies
    def _site(
        self, out: Emitter, direction: str, subject: str, media_type: str, stability: str | None
    ) -> Site:
        lifecycle = Lifecycle(self.today, self._days(stability)) if stability is not None else None
        return Site(
            out,
            self.cmp,
            direction,
            f"{direction}-body",
            f"{direction}-property",
            subject,
            media_type,
            lifecycle,
        )

    def _content(
        self,
        out: Emitter,
        o_content: Any,
        n_content: Any,
        o_ptr: str,
        n_ptr: str,
        direction: str,
        subject: str,
        stability: str | None,
    ) -> None:
        o_content, n_content = _as_dict(o_content), _as_dict(n_content)
        media_id = "request-body-media-type" if direction == "request" else "response-media-type"
        for media in sorted(set(o_content) - set(n_content)):
            out.emit(
                f"{media_id}-removed", ptr(o_ptr, media), f"{subject}: media type `{media}` removed"
            )
        for media in sorted(set(n_content) - set(o_content)):
            out.emit(
                f"{media_id}-added", ptr(n_ptr, media), f"{subject}: media type `{media}` added"
            )
        several = len(set(o_content) & set(n_content)) > 1
        for media in sorted(set(o_content) & set(n_content)):
            o_media = _as_dict(o_content[media])
            n_media = _as_dict(n_content[media])
            label = f"{subject} ({media})" if several else subject
            sd = self.cmp.diff(
                o_media.get("schema"),
                n_media.get("schema"),
                ptr(o_ptr, media, "schema"),
                ptr(n_ptr, media, "schema"),
            )
            if sd is None:
                continue
            if sd.added or sd.deleted:
                word = "added" if sd.added else "removed"
                out.emit(
                    f"{direction}-body-media-type-schema-{word}",
                    ptr(n_ptr if sd.added else o_ptr, media),
                    f"{label}: media type `{media}` schema {word}",
                )
                continue
            site = self._site(out, direction, label, media, stability)
            check_body(site, sd, self.threshold, _invalid_stability_reporter(out, sd.rev_ptr))

    def request_body(self, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
        o_body, o_ptr, _ = self.old_res.deref(
            old.op.get("requestBody"), ptr(old.base, "requestBody")
        )
        n_body, n_ptr, _ = self.new_res.deref(
            new.op.get("requestBody"), ptr(new.base, "requestBody")
        )
        if not isinstance(o_body, dict) and not isinstance(n_body, dict):
            return
        if not isinstance(n_body, dict):
            out.emit("request-body-removed", o_ptr, "request body removed")
            return
        now = n_body.get("required") is True
        if not isinstance(o_body, dict):
            out.emit(
                f"request-body-added-{'required' if now else 'optional'}",
                n_ptr,
                f"{'required' if now else 'optional'} request body added",
            )
            return
        if (o_body.get("required") is True) != now:
            out.emit(
                f"request-body-became-{'required' if now else 'optional'}",
                ptr(n_ptr, "required"),
                f"request body {'is now required' if now else 'is no longer required'}",
            )
        self._content(
            out,
            o_body.get("content"),
            n_body.get("content"),
            ptr(o_ptr, "content"),
            ptr(n_ptr, "content"),
            "request",
            "request body",
            stability,
        )

    def responses(self, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
        o_resps = {str(k): v for k, v in _as_dict(old.op.get("responses")).items()}
        n_resps = {str(k): v for k, v in _as_dict(new.op.get("responses")).items()}
        for status in sorted(set(o_resps) ^ set(n_resps)):
            added = status in n_resps
            where = ptr(new.base if added else old.base, "responses", status)
            if not status.isdigit():
                out.emit(
                    "unsupported-change",
                    where,
                    f"response `{status}` {'added' if added else 'removed'}; no rule "
                    "judges a non-numeric status",
                )
                continue
            kind = "success" if 200 <= int(status) <= 299 else "non-success"
            out.emit(
                f"response-{kind}-status-{'added' if added else 'removed'}",
                where,
                f"response `{status}` {'added' if added else 'removed'}",
            )
        for status in sorted(set(o_resps) & set(n_resps)):
            o_resp, o_ptr, _ = self.old_res.deref(
                o_resps[status], ptr(old.base, "responses", status)
            )
            n_resp, n_ptr, _ = self.new_res.deref(
                n_resps[status], ptr(new.base, "responses", status)
            )
            o_resp, n_resp = _as_dict(o_resp), _as_dict(n_resp)
            self._headers(out, status, o_resp, n_resp, o_ptr, n_ptr)
            self._content(
                out,
                o_resp.get("content"),
                n_resp.get("content"),
                ptr(o_ptr, "content"),
                ptr(n_ptr, "content"),
                "response",
                f"response {status} body",
                stability,
            )

    def _headers(
        self,
        out: Emitter,
        status: str,
        o_resp: dict[str, Any],
        n_resp: dict[str, Any],
        o_ptr: str,
        n_ptr: str,
    ) -> None:
        def headers(
            side: Resolver, resp: dict[str, Any], base: str
        ) -> dict[str, tuple[dict[str, Any], str, str]]:
            found = {}
            for name, raw in _as_dict(resp.get("headers")).items():
                header, where, _ = side.deref(raw, ptr(base, "headers", name))
                found[str(name).lower()] = (_as_dict(header), where, str(name))
            return found

        old = headers(self.old_res, o_resp, o_ptr)
        new = headers(self.new_res, n_resp, n_ptr)
        for key in sorted(set(old) - set(new)):
            header, where, name = old[key]
            kind = "required" if header.get("required") is True else "optional"
            out.emit(
                f"{kind}-response-header-removed",
                where,
                f"response {status}: header `{name}` removed",
            )
        for key in sorted(set(new) - set(old)):
            header, where, name = new[key]
            out.emit("response-header-added", where, f"response {status}: header `{name}` added")
        for key in sorted(set(old) & set(new)):
            (o_h, o_where, _), (n_h, n_where, name) = old[key], new[key]
            if o_h.get("required") is True and n_h.get("required") is not True:
                out.emit(
                    "response-header-became-optional",
                    ptr(n_where, "required"),
                    f"response {status}: header `{name}` may now be missing",
                )
            sd = self.cmp.diff(
                o_h.get("schema"), n_h.get("schema"), ptr(o_where, "schema"), ptr(n_where, "schema")
            )
            if sd is not None and sd.both:
                site = Site(
                    out,
                    self.cmp,
                    "response",
                    "response-header",
                    None,
                    f"response {status} header `{name}`",
                )
                check_header(site, sd)


def _invalid_stability_reporter(out: Emitter, location: str) -> Callable[[str], None]:
    def report(value: str) -> None:
        out.emit(
            "api-invalid-stability-level",
            location,
            f"`x-stability-level: {value}` is not draft, alpha, beta or stable",
        )

    return report


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


def run(old: Any, new: Any, options: DiffOptions) -> Iterable[Change]:
    return Differ(old, new, options).run()


__all__ = ["Differ", "Emitter", "claimed", "nullability", "op_key", "run", "security_diff"]
