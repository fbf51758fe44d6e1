"""The recorder end to end against a loopback server: the written case is scrubbed, in the
documented format, validates against the patched spec, and replays through the contract harness."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from specpress.cli import main
from specpress.contract.record import parse_params
from specpress.contract.recordings import parse_recording, scan_recording
from specpress.contract.secretscan import find_secrets
from specpress.contract.validate import SpecValidator
from specpress.errors import SpecpressError
from support.mock_server import MockServer, RecordedRequest, Reply, json_reply

pytest.importorskip("gcore_streaming_ai")
pytest.importorskip("twelvelabs_tasks")

ROOT = Path(__file__).resolve().parents[2]
KEY = "tlk_RECORDERTESTKEY0123456789"
PAGE = {
    "data": [{"_id": "6745f1c2a9b3e4d5f6a7b001", "status": "ready", "index_id": "idx"}],
    "page_info": {"limit_per_page": 50, "page": 1, "total_page": 1, "total_results": 1},
}


@pytest.fixture
def repo(isolated_repo: Path) -> Path:
    shutil.copytree(ROOT / "tests/recordings", isolated_repo / "tests/recordings")
    return isolated_repo


def test_records_a_scrubbed_case(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWELVE_LABS_API_KEY", KEY)
    with MockServer() as server:
        server.enqueue("/v1.3/tasks", json_reply(PAGE, headers={"x-request-id": "abc"}))
        code = main(
            [
                "record", "twelvelabs", "list-video-indexing-tasks",
                "--param", "status=ready", "--param", "status=indexing", "--param", "page_limit=50",
                "--case", "recorded_by_test", "--base-url", server.url + "/v1.3",
            ]
        )  # fmt: skip
        sent = server.requests_for("/v1.3/tasks")[0]
    assert code == 0
    assert sent.header("x-api-key") == KEY
    path = repo / "tests/recordings/twelvelabs/list-video-indexing-tasks/recorded_by_test.json"
    text = path.read_text()
    assert KEY not in text and find_secrets(text) == []
    recording = parse_recording(path, "twelvelabs", "list-video-indexing-tasks")
    assert scan_recording(recording, keys=(KEY,)) == []
    assert recording.request["headers"]["x-api-key"] == "<scrubbed>"
    assert sorted(recording.query_pairs()) == [
        ("page_limit", "50"), ("status", "indexing"), ("status", "ready"),
    ]  # fmt: skip
    assert recording.call == {
        "method": "tasks.list",
        "args": [],
        "kwargs": {"status": ["ready", "indexing"], "page_limit": 50},
    }
    assert json.loads(recording.body_text) == PAGE
    validator = SpecValidator.from_file(ROOT / "specs/twelvelabs/openapi.yaml")
    assert validator.errors(recording) == []


def test_records_a_documented_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GCORE_API_KEY", "gcore-recorder-key-1234567890")
    task = "00000000-0000-4000-8000-000000000000"
    body = {"status": 404, "error": "Not Found."}
    with MockServer() as server:
        server.enqueue(f"/streaming/ai/tasks/{task}", json_reply(body, status=404))
        assert (
            main(
                [
                    "record",
                    "gcore-streaming",
                    "get_ai_task",
                    "--param",
                    f"task_id={task}",
                    "--case",
                    "missing",
                    "--base-url",
                    server.url,
                ]
            )
            == 0
        )
    path = repo / "tests/recordings/gcore-streaming/get_ai_task/missing.json"
    data = json.loads(path.read_text())
    assert data["response"]["status"] == 404
    assert data["request"]["headers"]["authorization"] == "<scrubbed>"
    assert "gcore-recorder-key" not in path.read_text()


def test_refuses_to_overwrite_and_unknown_operation(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["record", "gcore-streaming", "get_ai_tasks_list", "--case", "seed_001_first_page"]
    assert main(args) == 2
    assert "case exists" in capsys.readouterr().err
    assert main(["record", "gcore-streaming", "no_such_op", "--case", "x"]) == 2
    assert "no client method calls operation 'no_such_op'" in capsys.readouterr().err


def test_param_parsing() -> None:
    assert parse_params(["page=2", "s=a", "s=b", "q=hello world"]) == {
        "page": 2, "s": ["a", "b"], "q": "hello world",
    }  # fmt: skip
    with pytest.raises(SpecpressError, match="k=v"):
        parse_params(["novalue"])


GCORE_KEY = "12345$0123abcd4567ef890123abcd4567ef89"
TASK = "00000000-0000-4000-8000-000000000000"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsIm5hbWUiOiJ0ZXN0In0"
    ".c2lnbmF0dXJlLWJ5dGVzLXNpZ25hdHVyZQ"
)


def _auth(request: RecordedRequest) -> str:
    return (request.header("authorization") or "").removeprefix("APIKey ")


# What a hostile (or careless) server sends back: each reply holds a credential somewhere.
ECHOES = {
    "key-in-400-body": lambda r: json_reply({"detail": f"invalid key {_auth(r)}"}, status=400),
    "key-in-header": lambda r: json_reply({"a": 1}, status=404, headers={"x-echo": _auth(r)}),
    "key-percent-encoded-in-url": lambda r: json_reply(
        {"next": f"https://api.example.test/x?k={quote(_auth(r), safe='')}"}, status=404
    ),
    "key-base64-in-body": lambda r: json_reply(
        {"trace": base64.b64encode(f"user:{_auth(r)}".encode()).decode()}, status=400
    ),
    "key-json-escaped": lambda r: Reply(
        400, body=json.dumps({"k": _auth(r)}).replace("$", "\\u0024").encode(),
        headers={"content-type": "application/json"},
    ),
    "jwt-in-body": lambda r: json_reply({"session": JWT}, status=400),
    "api-key-param-in-body": lambda r: json_reply(
        {"retry": "https://api.example.test/x?api_key=Zk3q9XvT2mLp8RwN4bYc"}, status=400
    ),
    "bearer-in-header": lambda r: json_reply(
        {"status": 404}, status=404, headers={"www-authenticate": "Bearer 9f8e7d6c5b4a39281706"}
    ),
}  # fmt: skip


@pytest.mark.parametrize("echo", sorted(ECHOES))
def test_refuses_to_write_a_recording_holding_a_credential(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], echo: str
) -> None:
    monkeypatch.setenv("GCORE_API_KEY", GCORE_KEY)
    folder = repo / "tests/recordings/gcore-streaming/get_ai_task"
    before = sorted(p.name for p in folder.iterdir())
    with MockServer() as server:
        server.route(f"/streaming/ai/tasks/{TASK}", ECHOES[echo])
        code = main(
            [
                "record", "gcore-streaming", "get_ai_task", "--param", f"task_id={TASK}",
                "--case", "echoed", "--base-url", server.url,
            ]
        )  # fmt: skip
        assert server.count() == 1, "the call must have reached the server"
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(
        "specpress: error: tests/recordings/gcore-streaming/get_ai_task/echoed.json:/response/"
    )
    assert "refusing to write this recording: it holds" in lines[0]
    for secret in (GCORE_KEY, GCORE_KEY.split("$")[1], JWT, "Zk3q9XvT2mLp8RwN4bYc"):
        assert secret not in out + err
    assert sorted(p.name for p in folder.iterdir()) == before, "nothing may be written"
