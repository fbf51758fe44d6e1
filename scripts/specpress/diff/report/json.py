"""`--format json`: every change with its ids, the summary and the bump (schema in the docs)."""

from __future__ import annotations

import json

from specpress.diff.model import DiffResult
from specpress.diff.report.common import Style


def render(result: DiffResult, style: Style) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
