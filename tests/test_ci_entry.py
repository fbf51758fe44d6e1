"""`.ci/run` must run exactly the test command the README gives a newcomer, so every CI run
proves the README's set-up; and its shell settings must let a failing command fail the run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Run the tests", 1)[1]
    match = re.search(r"```sh\n(.+?)\n```", section, flags=re.S)
    assert match is not None, "README: no sh block after 'Run the tests'"
    return match.group(1).strip()


def ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = readme_test_command()
    assert "nox -s tests" in command
    assert ci_commands()[-1] == command


def test_ci_fails_on_any_failing_command() -> None:
    commands = ci_commands()
    assert commands[0] == "set -euo pipefail"
    # nothing after the test command could turn its exit code into a success
    assert not any("|| true" in line or "exit 0" in line for line in commands)
