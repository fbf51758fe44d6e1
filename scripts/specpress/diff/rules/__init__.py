"""The wire-diff rule table: one entry per change kind, with oasdiff's id, level and direction.

Ids, levels and kinds follow oasdiff (`checker/rules.go`) wherever oasdiff has the rule, so a
report, a severity file or an ignore list written for oasdiff reads the same here. Every row
says how it maps: `oasdiff_id` is oasdiff's id (the row's own id for almost every row; another
id when the row is a finer split of ours, whose changes then carry oasdiff's id and the finer
one as `detail_id`), or None for a rule oasdiff does not have (servers, security scheme edits,
response-side bounds it does not report, the Python API view). A row whose level deliberately
differs from oasdiff's names oasdiff's level and the reason.

The rows are data, one module per family: `schema` (facets times positions), `paths`,
`parameters`, `bodies`, `security`, `python`; `base` says what a rule is, `table` puts them
together, `docs` renders docs/diff-rules.md from them.
"""

from specpress.diff.rules.base import (
    BUMP_RANK,
    LEVEL_RANK,
    LEVELS,
    Bump,
    Direction,
    Level,
    Rule,
    bump_for_level,
    is_additive,
)
from specpress.diff.rules.docs import render_rules_markdown
from specpress.diff.rules.schema import FACETS, POSITIONS
from specpress.diff.rules.table import (
    KNOWN_IDS,
    OASDIFF_IDS,
    RULES,
    RULES_BY_ID,
    rule,
    rules_for_public_id,
)

__all__ = [
    "BUMP_RANK",
    "FACETS",
    "KNOWN_IDS",
    "LEVELS",
    "LEVEL_RANK",
    "OASDIFF_IDS",
    "POSITIONS",
    "RULES",
    "RULES_BY_ID",
    "Bump",
    "Direction",
    "Level",
    "Rule",
    "bump_for_level",
    "is_additive",
    "render_rules_markdown",
    "rule",
    "rules_for_public_id",
]
