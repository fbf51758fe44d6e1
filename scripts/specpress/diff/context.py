"""What every part of the operation comparison shares: the two documents, their resolvers and
schema comparer, the options, and the `Emitter` through which each finding is reported.

An `Emitter` attaches the operation, the rule table's level (and `--forward-compatible`), and
drops a raw finding that a recognized schema transition explains (oasdiff's transition claims:
a nullable wrap, a list of types, a oneOf wrapping, a null-only type change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from specpress.diff.checks import show
from specpress.diff.lifecycle import STABILITY_RANK, sunset_date
from specpress.diff.model import Change, DiffOptions
from specpress.diff.rules import RULES_BY_ID
from specpress.diff.schema import SchemaComparer, SchemaDiff
from specpress.openapi import pointer
from specpress.openapi.refs import Resolver

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


class Context:
    """The state of one diff, shared by the comparison of every operation."""

    def __init__(self, old: Any, new: Any, options: DiffOptions) -> None:
        self.old, self.new, self.options = old, new, options
        self.old_res, self.new_res = Resolver(old), Resolver(new)
        self.cmp = SchemaComparer(self.old_res, self.new_res)
        self.changes: list[Change] = []
        self.today = options.today or dt.datetime.now(dt.UTC).date()
        self.threshold = STABILITY_RANK.get(options.stability_level, STABILITY_RANK["beta"])

    def emitter(self, operation: str) -> Emitter:
        return Emitter(self.changes, operation, self.options)

    def days(self, stability: str) -> int:
        if stability == "beta":
            return self.options.deprecation_days_beta
        if stability in ("draft", "alpha"):
            return 0
        return self.options.deprecation_days_stable

    def sunset_changed(
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
        where = pointer.child(base, "x-sunset")
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
        days = self.days(stability)
        if old_date > new_date and (new_date - self.today).days < days:
            out.emit(
                too_small_id,
                where,
                f"{what}: sunset moved from {old_date} to {new_date}, less than {days} days away",
            )
