"""Contract, spec side: every recording validates against the patched spec, the checks can fail
(mutants), and no recording holds a secret."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from specpress.contract import (
    SPEC_MUST_REJECT,
    Recording,
    SpecValidator,
    load_recordings,
    mutants,
    response_schema,
    scan_recording,
)
from specpress.contract.secretscan import find_secrets
from specpress.openapi.load import read_plain

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = load_recordings(ROOT)
_validators: dict[str, SpecValidator] = {}


def validator(api: str) -> SpecValidator:
    if api not in _validators:
        _validators[api] = SpecValidator.from_file(ROOT / "specs" / api / "openapi.yaml")
    return _validators[api]


def case_id(recording: Recording) -> str:
    return f"{recording.api}/{recording.operation}/{recording.case}"


def test_every_covered_operation_has_recordings() -> None:
    operations = Counter((r.api, r.operation) for r in RECORDINGS)
    for api in ("gcore-streaming", "twelvelabs"):
        spec = read_plain(ROOT / "specs" / api / "openapi.yaml")
        ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()
               if isinstance(op, dict) and "operationId" in op}  # fmt: skip
        missing = sorted(i for i in ids if (api, i) not in operations)
        assert not missing, f"{api}: operations without recordings: {missing}"


@pytest.mark.parametrize("recording", RECORDINGS, ids=case_id)
def test_recording_validates_against_patched_spec(recording: Recording) -> None:
    assert validator(recording.api).errors(recording) == []


@pytest.mark.parametrize("recording", RECORDINGS, ids=case_id)
def test_recording_holds_no_secret(recording: Recording) -> None:
    """The scanner `specpress record` and `specpress contract` run: on the file's text and on
    its structure (fields, query pairs, the JSON inside the body)."""
    text = recording.file.read_text(encoding="utf-8")
    assert find_secrets(text) == []
    assert scan_recording(recording) == []
    headers = {k.lower(): v for k, v in recording.request["headers"].items()}
    for name in ("authorization", "x-api-key"):
        assert headers.get(name, "<scrubbed>") == "<scrubbed>"


@pytest.mark.parametrize(
    "planted",
    [
        '"authorization": "APIKey 7f3c9a1b2d4e6f80a1b2c3d4"',
        '"x-api-key": "tlk_3KX9QW2M1ABCDEF"',
        "curl -H 'Authorization: apikey 1234$abcdef5678'",
        "12345$0123abcd4567ef890123abcd4567ef89",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl",
        "https://api.example.test/v1/tasks?page=2&api_key=0a1b2c3d4e5f",
    ],
)
def test_secret_scan_catches_a_planted_key(planted: str) -> None:
    assert find_secrets(planted), planted


def test_seed_002_renderer_placeholders_are_rejected() -> None:
    """The verbatim seed 002 body (progress 123, started_at '<string>') is what the
    progress-percentage-range patch exists to reject."""
    recording = next(r for r in RECORDINGS if r.case == "seed_002_transcription")
    body = recording.body_json()
    body["progress"] = 123
    errors = validator(recording.api).errors(recording.with_body(body))
    assert errors and "progress" in errors[0]


def _two_xx() -> list[Recording]:
    return [r for r in RECORDINGS if 200 <= r.status < 300 and r.body_text]


def test_spec_check_catches_every_mutant(capsys: pytest.CaptureFixture[str]) -> None:
    caught: Counter[str] = Counter()
    made: Counter[str] = Counter()
    escaped: list[str] = []
    for recording in _two_xx():
        spec: dict[str, Any] = validator(recording.api).spec
        schema = response_schema(spec, recording)
        for mutant in mutants(spec, schema, recording.body_json()):
            made[mutant.kind] += 1
            rejected = bool(validator(recording.api).errors(recording.with_body(mutant.body)))
            caught[mutant.kind] += rejected
            if (mutant.kind in SPEC_MUST_REJECT) != rejected:
                escaped.append(f"{case_id(recording)} {mutant.kind} at {mutant.pointer}")
    summary = ", ".join(f"{k} {caught[k]}/{made[k]}" for k in sorted(made))
    with capsys.disabled():
        print(f"\nspec mutation summary (rejected/made): {summary}")
    for kind in SPEC_MUST_REJECT:
        assert made[kind] > 0, f"no {kind} mutant was made: the mutation engine is blind"
    assert not escaped, escaped


def test_recording_format_errors_name_the_file(tmp_path: Path) -> None:
    from specpress.contract.recordings import parse_recording
    from specpress.errors import SpecpressError

    bad = tmp_path / "case.json"
    bad.write_text(json.dumps({"request": {}, "response": {}}))
    with pytest.raises(SpecpressError) as exc:
        parse_recording(bad, "api", "op")
    assert str(bad) in exc.value.render()
