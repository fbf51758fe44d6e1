"""The table assembled from its families, and lookups by id."""

from __future__ import annotations

from collections.abc import Iterable

from specpress.diff.rules.base import Rule
from specpress.diff.rules.bodies import BODIES
from specpress.diff.rules.parameters import PARAMETERS
from specpress.diff.rules.paths import PATHS
from specpress.diff.rules.python import PYTHON
from specpress.diff.rules.schema import schema_rules
from specpress.diff.rules.security import SECURITY

RULES: tuple[Rule, ...] = (*schema_rules(), *PATHS, *PARAMETERS, *BODIES, *SECURITY, *PYTHON)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
if len(RULES_BY_ID) != len(RULES):  # pragma: no cover - guards edits to the table
    raise RuntimeError("duplicate rule id in the diff rule table")
OASDIFF_IDS: frozenset[str] = frozenset(r.oasdiff_id for r in RULES if r.oasdiff_id)
# every id a user may name in a rules, severity or ignore file: ours and the oasdiff ones
KNOWN_IDS: frozenset[str] = frozenset(RULES_BY_ID) | OASDIFF_IDS


def rule(rule_id: str) -> Rule:
    """The rule for an id; a KeyError here is a bug in the engine, not bad input."""
    return RULES_BY_ID[rule_id]


def rules_for_public_id(public_id: str) -> Iterable[Rule]:
    return (r for r in RULES if r.public_id == public_id)
