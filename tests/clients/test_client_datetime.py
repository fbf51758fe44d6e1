"""`format: date-time` fields are `datetime` objects, and every recording dumps back to its exact
wire JSON (`model_dump(mode="json")`, `to_dict()`, `to_json()`): no re-rendered timestamps."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest

from specpress.contract import Recording
from support.clients import RECORDINGS, case_id, run_call

WITH_BODY = [r for r in RECORDINGS if 200 <= r.status < 300 and r.body_text]


def subset(recorded: Any, dumped: Any, where: str = "") -> list[str]:
    """Where the dump differs from the recorded JSON (exactly: no instant-equality allowance)."""
    if isinstance(recorded, dict):
        if not isinstance(dumped, dict):
            return [f"{where}: {dumped!r}"]
        return [
            p for k, v in recorded.items() for p in subset(v, dumped.get(k, ...), f"{where}/{k}")
        ]
    if isinstance(recorded, list):
        if not isinstance(dumped, list) or len(dumped) != len(recorded):
            return [f"{where}: {dumped!r}"]
        return [
            p
            for i, (a, b) in enumerate(zip(recorded, dumped, strict=True))
            for p in subset(a, b, f"{where}/{i}")
        ]
    # Strings (timestamps included) must be the same text; a JSON number may come back as 0.0
    # for 0 (a `number` field is a float), which is the same JSON value.
    numbers = isinstance(recorded, int | float) and isinstance(dumped, int | float)
    same = recorded == dumped and (numbers or type(recorded) is type(dumped))
    return [] if same else [f"{where}: recorded {recorded!r}, dumped {dumped!r}"]


def datetimes(value: Any) -> list[datetime]:
    if isinstance(value, datetime):
        return [value]
    if isinstance(value, pydantic.BaseModel):
        fields = [getattr(value, n) for n in type(value).model_fields]
        return [d for f in [*fields, *(value.model_extra or {}).values()] for d in datetimes(f)]
    if isinstance(value, list | tuple):
        return [d for v in value for d in datetimes(v)]
    return []


_SEEN: list[datetime] = []


@pytest.mark.parametrize("recording", WITH_BODY, ids=case_id)
def test_recording_dumps_back_to_its_wire_json(recording: Recording) -> None:
    outcome, _ = run_call(recording, use_async=False)
    assert not isinstance(outcome, Exception), outcome
    body = recording.body_json()
    for dumped in (
        outcome.model_dump(mode="json", by_alias=True, exclude_unset=True),
        outcome.to_dict(),
        json.loads(outcome.to_json()),
    ):
        assert subset(body, dumped) == []
    _SEEN.extend(datetimes(outcome))


def test_timestamps_are_datetimes_with_their_wire_text() -> None:
    """Runs after the recordings above: they held timestamps, each one a real aware datetime."""
    if not _SEEN:
        for recording in WITH_BODY:
            _SEEN.extend(datetimes(run_call(recording, use_async=False)[0]))
    assert len(_SEEN) >= 10, f"only {len(_SEEN)} timestamps in the recordings"
    assert all(d.tzinfo is not None for d in _SEEN)


def test_wire_text_survives_where_plain_datetime_would_not() -> None:
    """The point of the type: pydantic's own datetime re-renders the recorded value."""
    from gcore_streaming_ai.models import AITaskGetResponse

    wire = {"task_id": "t", "processing_time": {"started_at": "2026-06-26T16:26:29.25Z"}}
    plain = pydantic.TypeAdapter(datetime).dump_python(
        pydantic.TypeAdapter(datetime).validate_python("2026-06-26T16:26:29.25Z"), mode="json"
    )
    assert plain != "2026-06-26T16:26:29.25Z"  # pydantic alone: "2026-06-26T16:26:29.250000Z"
    task = AITaskGetResponse.model_validate(wire)
    started = task.processing_time.started_at if task.processing_time else None
    assert isinstance(started, datetime)
    assert started == datetime(2026, 6, 26, 16, 26, 29, 250000, tzinfo=UTC)
    assert task.to_dict()["processing_time"]["started_at"] == "2026-06-26T16:26:29.25Z"
    assert repr(started).startswith("datetime.datetime(2026, 6, 26")
    # Python-mode dumps keep the datetime; a datetime built in Python dumps as isoformat().
    assert task.model_dump()["processing_time"]["started_at"] == started
    built = AITaskGetResponse.model_validate(
        {"processing_time": {"started_at": datetime(2026, 1, 2, tzinfo=UTC)}}
    )
    assert built.to_dict()["processing_time"]["started_at"] == "2026-01-02T00:00:00+00:00"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (1767312000, datetime(2026, 1, 2, tzinfo=UTC)),  # a Unix timestamp
        ("2026-01-02T00:00:00+0000", datetime(2026, 1, 2, tzinfo=UTC)),
    ],
)
def test_other_forms_parse_and_keep_their_wire_value(wire: Any, expected: datetime) -> None:
    from twelvelabs_tasks.models import MediaEmbeddingTask

    task = MediaEmbeddingTask.model_validate({"_id": "x", "created_at": wire})
    assert task.created_at == expected
    assert task.to_dict()["created_at"] == wire


def test_garbage_is_a_validation_error() -> None:
    from twelvelabs_tasks.models import MediaEmbeddingTask

    with pytest.raises(pydantic.ValidationError, match="created_at"):
        MediaEmbeddingTask.model_validate({"_id": "x", "created_at": "next tuesday"})
