"""Typed `create` overloads (one per variant of the oneOf request body): mypy accepts each task
category's own keywords and rejects a keyword of another category, sync, async and raw."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "generated" / "gcore-streaming-ai" / "src"

GOOD = """\
from gcore_streaming_ai import AsyncGcore, Gcore
from gcore_streaming_ai.types.streaming import AITaskCreateResponse

client = Gcore(api_key="k")
tasks = client.streaming.ai_tasks
a: AITaskCreateResponse = tasks.create(task_name="transcription", url="u", audio_language="ger")
b = tasks.create(task_name="content-moderation", url="u", category="hard_nudity", stop_objects="X")
c = tasks.create(task_name="content-moderation", url="u", category="soft_nudity", stop_objects="X")
d = tasks.create(task_name="content-moderation", url="u", category="nsfw", client_user_id="me")
e = tasks.create(task_name="content-moderation", url="u", category="sport")
f = tasks.with_raw_response.create(task_name="transcription", url="u", subtitles_language="eng")


async def main() -> None:
    async with AsyncGcore(api_key="k") as aclient:
        g: AITaskCreateResponse = await aclient.streaming.ai_tasks.create(
            task_name="content-moderation", url="u", category="hard_nudity", stop_objects="X"
        )
"""

# Each line must fail on its own: the keyword set of no variant fits it.
BAD = [
    'tasks.create(task_name="transcription", url="u", stop_objects="X")',
    'tasks.create(task_name="transcription", url="u", category="nsfw")',
    'tasks.create(task_name="content-moderation", url="u", category="nsfw", stop_objects="X")',
    'tasks.create(task_name="content-moderation", url="u", category="sport", audio_language="g")',
    'tasks.create(task_name="content-moderation", url="u")',
    'tasks.create(task_name="content-moderation", url="u", category="violence")',
    'tasks.create(task_name="transcription")',
    'tasks.with_raw_response.create(task_name="transcription", url="u", stop_objects="X")',
]


def run_mypy(tmp_path: Path, source: str) -> list[int]:
    """Line numbers mypy reports errors on."""
    snippet = tmp_path / "snippet.py"
    snippet.write_text(source, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(snippet),
        ],
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return sorted({int(m) for m in re.findall(r"snippet\.py:(\d+): error", proc.stdout)})


def test_right_keyword_sets_type_check(tmp_path: Path) -> None:
    assert run_mypy(tmp_path, GOOD) == []


def test_wrong_keyword_sets_fail_type_checking(tmp_path: Path) -> None:
    header = (
        'from gcore_streaming_ai import Gcore\n\ntasks = Gcore(api_key="k").streaming.ai_tasks\n'
    )
    source = header + "".join(f"{line}\n" for line in BAD)
    first = header.count("\n") + 1
    assert run_mypy(tmp_path, source) == list(range(first, first + len(BAD)))
