"""Forward-compatible models from the rendered runtime: open enums, explicit unknown variants,
aliases, extras, and async waiters with coroutine progress callbacks."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

import pytest
from pydantic import Field, Tag

from support.runtime_packages import (
    RuntimePackage,
    runtime_packages_fixture,  # noqa: F401  (fixture "runtime_packages")
)


@pytest.fixture
def models(runtime_packages: dict[str, RuntimePackage]) -> Any:
    m = runtime_packages["gcore"].module("_models")
    BaseModel, OpenEnum, UnknownVariant = m.BaseModel, m.OpenEnum, m.UnknownVariant

    class Transcribe(BaseModel):
        task_name: Literal["transcription"]
        url: str

    class Nsfw(BaseModel):
        task_name: Literal["content-moderation"]
        category: Literal["nsfw"]
        url: str

    class Sport(BaseModel):
        task_name: Literal["content-moderation"]
        category: Literal["sport"]
        url: str

    class UnknownTaskData(UnknownVariant):
        pass

    known = {"transcription:", "content-moderation:nsfw", "content-moderation:sport"}
    TaskData = Annotated[
        Annotated[Transcribe, Tag("transcription:")]
        | Annotated[Nsfw, Tag("content-moderation:nsfw")]
        | Annotated[Sport, Tag("content-moderation:sport")]
        | Annotated[UnknownTaskData, Tag("unknown")],
        m.variant_discriminator("task_name", "category", known=known),
    ]

    class Task(BaseModel):
        id: str = Field(alias="_id")
        status: OpenEnum[Literal["PENDING", "SUCCESS"]]
        task_data: TaskData

    class NS:
        pass

    ns = NS()
    ns.__dict__.update(locals())
    return ns


def test_known_variants_route_by_tag(models: Any) -> None:
    t = models.Task.model_validate_json(
        b'{"_id": "1", "status": "SUCCESS",'
        b' "task_data": {"task_name": "content-moderation", "category": "sport", "url": "u"}}'
    )
    assert type(t.task_data) is models.Sport
    t = models.Task.model_validate(
        {"_id": "2", "status": "PENDING", "task_data": {"task_name": "transcription", "url": "u"}}
    )
    assert type(t.task_data) is models.Transcribe


def test_unknown_variant_is_explicit_and_keeps_fields(models: Any) -> None:
    t = models.Task.model_validate_json(
        b'{"_id": "1", "status": "QUEUED", "new": 1,'
        b' "task_data": {"task_name": "object-detection", "url": "u", "labels": ["car"]}}'
    )
    assert type(t.task_data) is models.UnknownTaskData
    assert t.task_data.model_extra == {
        "task_name": "object-detection",
        "url": "u",
        "labels": ["car"],
    }
    assert t.status == "QUEUED"
    assert t.id == "1" and t.model_extra == {"new": 1}
    assert t.to_dict()["_id"] == "1"
    # a new category of a known task_name is unknown too, never a wrong known class
    t = models.Task.model_validate(
        {
            "_id": "3",
            "status": "SUCCESS",
            "task_data": {"task_name": "content-moderation", "category": "violence", "url": "u"},
        }
    )
    assert type(t.task_data) is models.UnknownTaskData


def test_known_tag_with_bad_field_is_a_validation_error(models: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        models.Task.model_validate(
            {"_id": "1", "status": "SUCCESS", "task_data": {"task_name": "transcription"}}
        )
    assert info.value.errors()[0]["loc"][:2] == ("task_data", "transcription:")


def test_populate_by_name(models: Any) -> None:
    t = models.Task.model_validate(
        {"id": "1", "status": "PENDING", "task_data": {"task_name": "transcription", "url": "u"}}
    )
    assert t.id == "1"


async def test_apoll_until_with_coroutine_progress(
    runtime_packages: dict[str, RuntimePackage],
) -> None:
    waiters = runtime_packages["gcore"].module("_waiters")
    states = iter(["a", "b", "done"])
    seen: list[str] = []

    async def fetch() -> str:
        return next(states)

    async def progress(state: str) -> None:
        await asyncio.sleep(0)
        seen.append(state)

    result = await waiters.apoll_until(
        fetch,
        is_terminal=lambda s: s == "done",
        timeout=5,
        poll_interval=0.01,
        max_interval=0.02,
        on_progress=progress,
    )
    assert result == "done" and seen == ["a", "b", "done"]
    with pytest.raises(ValueError):
        waiters.poll_until(lambda: 1, is_terminal=bool, timeout=1, poll_interval=0, max_interval=1)
