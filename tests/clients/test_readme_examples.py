"""Every Python block of each generated package README runs, in order, against a loopback server
that answers with recorded bodies, and together they reach every covered endpoint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from specpress.contract import load_recordings
from support.mock_server import MockServer, Reply

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = {(r.api, r.operation, r.case): r for r in load_recordings(ROOT)}

# dist -> (env prefix, base path, api, routes: (method, path) -> recorded (operation, case))
PACKAGES = {
    "gcore-streaming-ai": (
        "GCORE", "", "gcore-streaming",
        {
            ("GET", "/streaming/ai/tasks"): ("get_ai_tasks_list", "last_page"),
            ("GET", "/streaming/ai/tasks/TASK_ID"): ("get_ai_task", "transcription_success"),
            ("POST", "/streaming/ai/tasks"): ("post_ai_tasks_create", "transcription"),
            ("POST", "/streaming/ai/tasks/TASK_ID/cancel"): ("post_ai_tasks_cancel", "accepted"),
            ("GET", "/streaming/ai/info"): ("get_ai_info", "translation_supported"),
        },
    ),
    "twelvelabs-tasks": (
        "TWELVELABS", "/v1.3", "twelvelabs",
        {
            ("GET", "/v1.3/tasks"): ("list-video-indexing-tasks", "seed_004_first_page"),
            ("POST", "/v1.3/tasks"): ("create-video-indexing-task", "video_url"),
            ("GET", "/v1.3/tasks/TASK_ID"): ("retrieve-video-indexing-task", "ready_with_hls"),
            ("DELETE", "/v1.3/tasks/TASK_ID"): ("delete-video-indexing-task", "deleted"),
            ("GET", "/v1.3/embed-v2/tasks"): ("list-async-embedding-tasks", "seed_003_list"),
            ("POST", "/v1.3/embed-v2/tasks"): ("create-async-embedding-task", "video"),
            ("GET", "/v1.3/embed-v2/tasks/TASK_ID"): ("retrieve-embeddings", "ready_video"),
        },
    ),
}  # fmt: skip
API_KEY_ENV = {"GCORE": "GCORE_API_KEY", "TWELVELABS": "TWELVE_LABS_API_KEY"}


def python_blocks(readme: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("dist", sorted(PACKAGES))
def test_readme_examples_run(
    dist: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix, base_path, api, routes = PACKAGES[dist]
    blocks = python_blocks(ROOT / "generated" / dist / "README.md")
    assert len(blocks) >= 5
    with MockServer() as server:
        for (method, path), (operation, case) in routes.items():
            recording = RECORDINGS[(api, operation, case)]
            reply = Reply(
                recording.status,
                recording.body_text.encode(),
                {"Content-Type": "application/json"} if recording.body_text else {},
            )
            server.set_default(path, reply, method=method)
        monkeypatch.setenv(API_KEY_ENV[prefix], "readme-example-key-0123456789")
        monkeypatch.setenv(f"{prefix}_BASE_URL", server.url + base_path)
        scope: dict[str, object] = {"__name__": "readme"}
        for index, block in enumerate(blocks):
            try:
                exec(compile(block, f"{dist}/README.md block {index}", "exec"), scope)
            except Exception as exc:  # pragma: no cover - the message is the diagnosis
                pytest.fail(f"README block {index} failed: {type(exc).__name__}: {exc}\n{block}")
        unreached = [f"{m} {p}" for (m, p) in routes if not server.requests_for(p, m)]
    assert not unreached, f"no README example calls {unreached}"
    capsys.readouterr()


def test_an_example_with_a_wrong_keyword_stops_generation(tmp_path: Path) -> None:
    from specpress.errors import SpecpressError
    from specpress.generate import generate_package

    sdk = ROOT / "specs/gcore-streaming/sdk.yaml"
    broken = tmp_path / "sdk.yaml"
    broken.write_text(sdk.read_text().replace("kwargs: {search: nsfw}", "kwargs: {serch: nsfw}"))
    with pytest.raises(SpecpressError) as exc:
        generate_package(ROOT / "specs/gcore-streaming/openapi.yaml", broken, tmp_path / "out")
    message = exc.value.render()
    assert "'serch'" in message and "examples/1/kwargs/serch" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
