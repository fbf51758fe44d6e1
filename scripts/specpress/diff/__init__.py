"""`specpress diff`: oasdiff's rules on two OpenAPI documents, a semver bump, the Python view.

The parts, from the top: `cli` (the command), `engine` (`diff_documents`), `operations`,
`security`, `parameters`, `bodies` and `context` (the document and its operations), `checks`
(the schema rules at a body, parameter or header), `schema` (the schema-diff tree), `lifecycle`
(sunset dates, stability), `overrides` (severity, ignore and rules files), `report` (the
formats), `sdk` and `apisurface` (the Python API view), `oasdiff` (replay of oasdiff's checker
tests), `crosscheck` (beside redocly), `load` (documents), `model` and `rules` (the data).
"""

from specpress.diff.engine import diff_documents, diff_files
from specpress.diff.load import load_document
from specpress.diff.model import (
    Change,
    DiffOptions,
    DiffResult,
    IgnoreEntry,
    RuleOverride,
    bump_for,
)
from specpress.diff.overrides import apply_overrides, load_rule_overrides
from specpress.diff.report import render, render_markdown
from specpress.diff.sdk import python_changes, sdk_changes
from specpress.errors import SpecpressError

__all__ = [
    "Change",
    "DiffOptions",
    "DiffResult",
    "IgnoreEntry",
    "RuleOverride",
    "SpecpressError",
    "apply_overrides",
    "bump_for",
    "diff_documents",
    "diff_files",
    "load_document",
    "load_rule_overrides",
    "python_changes",
    "render",
    "render_markdown",
    "sdk_changes",
]
