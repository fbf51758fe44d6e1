"""The Python API view (`specpress diff --sdk`): produced by `apisurface.compare_surfaces`."""

from __future__ import annotations

from specpress.diff.rules.base import Rule, row

# fmt: off
PYTHON: tuple[Rule, ...] = (
    row("python-removed", "ERR", "none", "python", "`gcore_streaming_ai.AiTask` removed",
        "a public class, function, method or field is gone", oasdiff=None),
    row("python-renamed", "ERR", "none", "python", "`AiTasks.list_tasks` -> `AiTasks.list`",
        "a public name was renamed (same signature under a new name)", oasdiff=None),
    row("python-renamed-deprecated", "WARN", "none", "python",
        "`models.AiTaskBase` -> `models.AITask` (old name kept)",
        "a public name was renamed and the old one still imports, with a DeprecationWarning "
        "(code keeps working; move before the alias is dropped)", oasdiff=None),
    row("python-added", "INFO", "none", "python", "`AiTasks.wait` added",
        "a public class, function, method or field was added", oasdiff=None),
    row("python-parameter-removed", "ERR", "none", "python",
        "`AiTasks.list(ordering=...)` no longer accepts `ordering`", "a parameter is gone",
        oasdiff=None),
    row("python-parameter-added-required", "ERR", "none", "python",
        "`AiTasks.create(task_name)` gained required `task_name`", "a required parameter was added",
        oasdiff=None),
    row("python-parameter-added", "INFO", "none", "python",
        "`AiTasks.list(limit=None)` gained optional `limit`", "an optional parameter was added",
        oasdiff=None),
    row("python-parameter-became-required", "ERR", "none", "python",
        "`create(url=None)` -> `create(url)`", "a parameter lost its default", oasdiff=None),
    row("python-parameter-became-optional", "INFO", "none", "python",
        "`create(url)` -> `create(url=None)`", "a parameter gained a default", oasdiff=None),
    row("python-parameter-kind-changed", "ERR", "none", "python",
        "`get(task_id)` -> `get(*, task_id)`",
        "a parameter moved between positional and keyword-only, or changed position", oasdiff=None),
    row("python-type-changed", "ERR", "none", "python", "`AiTask.progress: int` -> `str`",
        "an annotation (parameter, return, field) changed", oasdiff=None),
    row("python-field-became-required", "ERR", "none", "python",
        "`AiTaskCreate.url: str | None = None` -> `url: str`", "a model field lost its default",
        oasdiff=None),
    row("python-field-became-optional", "INFO", "none", "python",
        "`AiTask.result: Result` -> `result: Result | None = None`",
        "a model field gained a default", oasdiff=None),
)
# fmt: on
