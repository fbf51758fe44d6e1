"""Operation comparison: the document, paths and operations, lifecycle, identity.

`Differ` walks both documents once, matching operations as oasdiff does (method and path,
path-parameter names ignored unless `--include-path-params`), and hands each operation's
security to `security`, its parameters to `parameters` and its bodies and responses to `bodies`.
"""

from __future__ import annotations

from typing import Any

from specpress.diff.bodies import compare_request_body, compare_responses
from specpress.diff.checks import show
from specpress.diff.context import Context, Emitter, Op
from specpress.diff.lifecycle import STABILITY_RANK, judge_deprecation, judge_removal, stability_of
from specpress.diff.model import PATH_PARAM, Change
from specpress.diff.parameters import compare_parameters
from specpress.diff.schema import as_dict, as_list
from specpress.diff.security import (
    compare_global_security,
    compare_operation_security,
    compare_security_schemes,
)
from specpress.openapi import pointer
from specpress.openapi.document import HTTP_METHODS
from specpress.openapi.refs import Resolver


class Differ(Context):
    """Walks both documents once and emits Change objects through the rule table."""

    def run(self) -> list[Change]:
        self.servers()
        compare_global_security(self)
        compare_security_schemes(self)
        self.schemas_index()
        self.webhooks()
        self.paths()
        return self.changes

    def servers(self) -> None:
        def urls(doc: Any) -> dict[str, int]:
            servers = doc.get("servers") if isinstance(doc.get("servers"), list) else []
            return {str(s.get("url")): i for i, s in enumerate(servers) if isinstance(s, dict)}

        old, new = urls(self.old), urls(self.new)
        api = self.emitter("api")
        for url in sorted(set(old) - set(new), key=str):
            api.emit(
                "api-server-removed",
                pointer.child("", "servers", old[url]),
                f"server `{url}` removed",
            )
        for url in sorted(set(new) - set(old), key=str):
            api.emit(
                "api-server-added", pointer.child("", "servers", new[url]), f"server `{url}` added"
            )

    def schemas_index(self) -> None:
        def schemas(doc: Any) -> dict[str, Any]:
            return as_dict(as_dict(doc.get("components")).get("schemas"))

        old, new = schemas(self.old), schemas(self.new)
        out = self.emitter("components")
        for name in sorted(set(old) - set(new), key=str):
            out.emit(
                "api-schema-removed",
                pointer.child("/components/schemas", name),
                f"schema `{name}` removed",
            )
        for name in sorted(set(new) - set(old), key=str):
            out.emit(
                "api-schema-added",
                pointer.child("/components/schemas", name),
                f"schema `{name}` added",
            )

    def webhooks(self) -> None:
        old, new = as_dict(self.old.get("webhooks")), as_dict(self.new.get("webhooks"))
        out = self.emitter("components")
        for name in sorted(set(old) - set(new), key=str):
            out.emit(
                "webhook-removed", pointer.child("/webhooks", name), f"webhook `{name}` removed"
            )
        for name in sorted(set(new) - set(old), key=str):
            out.emit("webhook-added", pointer.child("/webhooks", name), f"webhook `{name}` added")
        for name in sorted(set(old) & set(new), key=str):
            o_item = as_dict(self.old_res.deref(old[name], pointer.child("/webhooks", name))[0])
            n_item = as_dict(self.new_res.deref(new[name], pointer.child("/webhooks", name))[0])
            for method in HTTP_METHODS:
                o_op, n_op = o_item.get(method), n_item.get(method)
                if isinstance(o_op, dict) and isinstance(n_op, dict):
                    path = f"webhook:{name}"
                    base = pointer.child("/webhooks", name, method)
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
            item = as_dict(side.deref(raw, pointer.child("/paths", path))[0])
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    key = f"{method.upper()} {self._path_key(str(path))}"
                    if key in ops:  # two paths equal up to param names: keep them apart
                        key = f"{method.upper()} {path}"
                    ops[key] = Op(
                        str(path), method, item, operation, pointer.child("/paths", path, method)
                    )
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
                pointer.child(old.base, "x-stability-level"),
                f"`x-stability-level: {stability}` is not draft, alpha, beta or stable",
            )
            return
        if STABILITY_RANK[stability] < self.threshold:
            return
        family = "api-path-removed" if whole_path else "api-removed"
        what = f"path `{old.path}` ({old.method.upper()})" if whole_path else f"`{old.label}`"
        verdict, date = judge_removal(old.op, self.today)
        sunset = show(old.op.get("x-sunset"))
        rule_id, where, text = {
            "without-deprecation": (f"{family}-without-deprecation", old.base,
                                    f"{what} removed without deprecation"),
            "with-deprecation": (f"{family}-with-deprecation", old.base,
                                 f"{what} removed (was deprecated)"),
            "sunset-invalid": ("api-path-sunset-parse", pointer.child(old.base, "x-sunset"),
                               f"{what} removed; its `x-sunset` {sunset} is not a date"),
            "before-sunset": (f"{family}-before-sunset", old.base,
                              f"{what} removed before its sunset date {date}"),
            "after-sunset": (f"{family}-with-deprecation", old.base,
                             f"{what} removed (deprecated, sunset {date} passed)"),
        }[verdict]  # fmt: skip
        out.emit(rule_id, where, text)

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
                    pointer.child(op.base, "x-stability-level"),
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
                pointer.child(new.base, "x-stability-level"),
                f"stability {word} from {old_stability} to {new_stability}",
            )
        if new_ok and STABILITY_RANK[new_stability] < self.threshold:
            return  # below the threshold: not part of the contract (draft/alpha by default)
        self.lifecycle(out, old, new, new_stability if new_ok else None)
        self.identity(out, old, new)
        compare_operation_security(self, out, old, new)
        compare_parameters(self, out, old, new, new_stability if new_ok else None)
        compare_request_body(self, out, old, new, new_stability if new_ok else None)
        compare_responses(self, out, old, new, new_stability if new_ok else None)

    def lifecycle(self, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
        was, now = old.op.get("deprecated") is True, new.op.get("deprecated") is True
        where = pointer.child(new.base, "deprecated")
        if was and not now:
            out.emit("endpoint-reactivated", new.base, f"`{new.label}` is no longer deprecated")
        elif now and not was and stability is not None:
            days = self.days(stability)
            sunset = new.op.get("x-sunset")
            verdict, date = judge_deprecation(sunset, self.today, days)
            at_sunset = pointer.child(new.base, "x-sunset")
            rule_id, at, text = {
                "deprecated": ("endpoint-deprecated", where, f"`{new.label}` deprecated"),
                "sunset-missing": ("api-deprecated-sunset-missing", where,
                                   f"`{new.label}` deprecated without the `x-sunset` a {days}-day "
                                   "policy requires"),
                "sunset-invalid": ("api-deprecated-sunset-parse", at_sunset,
                                   f"`{new.label}` deprecated; its `x-sunset` {show(sunset)} is "
                                   "not a date"),
                "too-small": ("api-sunset-date-too-small", at_sunset,
                              f"`{new.label}` deprecated with sunset {date}, less than {days} "
                              "days away"),
                "with-sunset": ("endpoint-deprecated-with-sunset", where,
                                f"`{new.label}` deprecated, sunset {date}"),
            }[verdict]  # fmt: skip
            out.emit(rule_id, at, text)
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
            where = pointer.child(new.base, "operationId")
            if not o_id:
                out.emit("api-operation-id-added", where, f"operationId `{n_id}` added")
            elif not n_id:
                out.emit(
                    "api-operation-id-removed",
                    pointer.child(old.base, "operationId"),
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
            out.emit("api-tag-added", pointer.child(new.base, "tags"), f"tag `{tag}` added")
        for tag in sorted(set(o_tags) - set(n_tags)):
            out.emit("api-tag-removed", pointer.child(old.base, "tags"), f"tag `{tag}` removed")
