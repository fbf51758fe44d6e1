"""The side-by-side view of specpress and redocly diff reports (the Node part runs only in
`nox -s diff-crosscheck`; here a report in Redocly's JSON shape stands in for it)."""

from __future__ import annotations

from specpress.diff.crosscheck import redocly_operation, side_by_side

OURS = {
    "bump": "major",
    "changes": [
        {"id": "api-path-removed-without-deprecation", "level": "ERR",
         "operation": "POST /ai/tasks#cm_weapon", "location": "/paths/~1ai~1tasks#cm_weapon/post",
         "message": "removed"},
        {"id": "request-property-enum-value-removed", "level": "ERR", "operation": "POST /ai/tasks",
         "location": "/x", "message": "enum"},
        {"id": "request-property-enum-value-removed", "level": "ERR", "operation": "components",
         "location": "/components/schemas/x", "message": "enum"},
    ],
}  # fmt: skip
REDOCLY = {
    "bump": "major",
    "changes": [
        {"path": "#/paths/~1ai~1tasks#cm_weapon", "kind": "removed",
         "base": {"value": {"post": {}, "summary": "s"}},
         "verdicts": [{"ruleId": "path-removed", "impact": "major"}]},
        {"path": "#/paths/~1ai~1tasks~1{id}/get/responses/200", "kind": "modified",
         "verdicts": [{"ruleId": "enum-values-added", "impact": "major"}]},
        {"path": "#/components/schemas/meet", "kind": "removed", "verdicts": []},
    ],
}  # fmt: skip


def test_pointer_to_operation() -> None:
    assert redocly_operation("#/paths/~1a~1{id}/get/responses/200") == "GET /a/{id}"
    assert redocly_operation("#/paths/~1a") == "/a"
    assert redocly_operation("#/components/schemas/x") == "components"


def test_side_by_side_rows_and_tally() -> None:
    table = side_by_side(OURS, REDOCLY)
    lines = table.splitlines()
    removed = next(line for line in lines if line.startswith("POST /ai/tasks#cm_weapon"))
    assert "api-path-removed-without-deprecation (ERR)" in removed
    assert "path-removed (major)" in removed
    assert any(line.startswith("GET /ai/tasks/{id}") and "enum-values-added" in line
               for line in lines)  # fmt: skip
    assert "components" not in table.split("\n", 2)[2]  # copies under components are folded
    assert lines[-1].startswith("3 operations changed: 1 flagged by both, 1 only by specpress")
