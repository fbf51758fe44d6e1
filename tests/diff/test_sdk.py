"""The Python API view on the real generator: what a spec change does to users of the package,
which can differ from the wire view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from specpress.cli import main
from specpress.openapi.load import read_plain

SPEC = ROOT / "specs/gcore-streaming/openapi.yaml"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main(["diff", "--format", "json", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    result: dict[str, object] = json.loads(out)
    return result


def python_ids(result: dict[str, object]) -> set[tuple[str, str]]:
    changes = result["changes"]
    assert isinstance(changes, list)
    return {(c["id"], c["location"]) for c in changes if c["operation"] == "python"}


def test_operation_id_rename_is_wire_info_but_python_major(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = tmp_path / "renamed.yaml"
    text = SPEC.read_text().replace("operationId: get_ai_task\n", "operationId: get_task\n")
    renamed.write_text(text)
    wire = run_json(capsys, str(SPEC), str(renamed))
    assert wire["bump"] == "patch"
    both = run_json(capsys, "--sdk", "gcore-streaming", str(SPEC), str(renamed))
    assert ("python-removed", "client.streaming.ai_tasks.get") in python_ids(both)
    assert both["bump"] == "major"


def test_regenerated_surfaces_are_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = read_plain(SPEC)
    for parameter in document["paths"]["/streaming/ai/tasks"]["get"]["parameters"]:
        if parameter["name"] == "limit":
            parameter["required"] = True
    changed = tmp_path / "limit-required.json"
    changed.write_text(json.dumps(document))
    result = run_json(capsys, "--sdk", "gcore-streaming", str(SPEC), str(changed))
    ids = python_ids(result)
    location = "gcore_streaming_ai.resources.streaming_ai_tasks.StreamingAiTasksResource.list"
    assert ("python-parameter-became-required", location) in ids
    assert result["bump"] == "major"


def test_identical_documents_have_no_python_changes(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--sdk", "gcore-streaming", str(SPEC), str(SPEC))
    assert result["changes"] == [] and result["bump"] == "none"
