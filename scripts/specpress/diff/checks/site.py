"""Where a schema sits in an operation, and how its findings are worded and located.

A `Site` names a schema position (request or response body, parameter, header): the rule-id
prefixes at the top and for nested schemas, the subject of messages, the media type (strongly
typed or not) and the lifecycle policy. Its `emit` turns a rule id and a keyword into a located,
worded finding; an id the rule table lacks at that position becomes `unsupported-change`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from specpress.diff.lifecycle import Lifecycle
from specpress.diff.rules import RULES_BY_ID
from specpress.diff.schema import NewProp, Prop, SchemaComparer, SchemaDiff, modified_props
from specpress.openapi import pointer


class Sink(Protocol):
    """Where findings go: the operation's emitter (it knows the operation and the levels)."""

    def emit(
        self, rule_id: str, location: str, message: str, schema: SchemaDiff | None = None
    ) -> None: ...


@dataclass(frozen=True)
class Site:
    """Where a schema sits: its id prefixes, direction and how messages name it."""

    sink: Sink
    cmp: SchemaComparer
    direction: str  # request | response
    body_prefix: str  # request-body | response-body | request-parameter | response-header
    prop_prefix: str | None  # request-property | response-property | request-parameter-property
    subject: str  # "request body", "response 200 body", "query parameter `limit`"
    media_type: str = ""
    lifecycle: Lifecycle | None = None

    @property
    def strongly_typed(self) -> bool:
        mt = self.media_type.split(";", 1)[0].strip().lower()
        return mt == "application/json" or mt.endswith("+json")

    def label(self, prop: Prop | NewProp | None) -> str:
        if prop is None:
            return self.subject
        name = prop.full_name
        if self.body_prefix in ("request-body", "response-body"):
            return f"{self.direction} property `{name}`"
        return f"{self.subject}, property `{name}`"

    def prefix(self, prop: Prop | NewProp | None) -> str:
        return self.body_prefix if prop is None or self.prop_prefix is None else self.prop_prefix

    def emit(
        self,
        rule_id: str,
        sd: SchemaDiff,
        prop: Prop | NewProp | None,
        text: str,
        keyword: str | None = None,
        *,
        removed: bool = False,
        claim: SchemaDiff | None = None,
    ) -> None:
        """Report `rule_id` at `keyword` of the new schema (of the old one when `removed`)."""
        base = sd.base_ptr if removed or sd.rev is None else sd.rev_ptr
        location = pointer.child(base, keyword) if keyword else base
        if rule_id not in RULES_BY_ID:  # a change this position has no rule for: say so
            text = f"{text} (no rule `{rule_id}` judges it)"
            rule_id = "unsupported-change"
        self.sink.emit(rule_id, location, f"{self.label(prop)}: {text}", claim or sd)


def show(value: Any, limit: int = 120) -> str:
    """A value for a message: JSON, cut short so one long pattern cannot swamp a report."""
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def both_props(sd: SchemaDiff) -> list[Prop]:
    """oasdiff's walkProperties: modified nested schemas present on both sides."""
    return [p for p in modified_props(sd) if p.diff.both]


def flag(node: dict[str, Any] | None, key: str) -> bool:
    return bool(node) and (node or {}).get(key) is True
