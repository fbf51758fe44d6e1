"""Official public names: the official SDKs' module paths and class names import from our
packages, the classes the methods return are exactly those (pages included, parametrized), and
every model name of 0.1.x still imports, with a DeprecationWarning."""

from __future__ import annotations

import asyncio
import importlib
import warnings
from pathlib import Path
from typing import Any

import pytest

from specpress.contract import load_recordings
from support.mock_server import MockServer, Reply

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = {(r.api, r.operation, r.case): r for r in load_recordings(ROOT)}

# Every model name of the 0.1.0 packages (read from their models.py when this change was made).
NAMES_0_1 = {
    "gcore_streaming_ai": [
        "AiContentmoderationGeneral",
        "AiContentmoderationHardnudity",
        "AiContentmoderationNsfw",
        "AiContentmoderationSoftnudity",
        "AiContentmoderationSport",
        "AiPostResponse",
        "AiPostResponseError",
        "AiPostResponseError404",
        "AiPostResponseResult",
        "AiResults",
        "AiResultsContentmoderationHardnudity",
        "AiResultsContentmoderationHardnudityFramesItem",
        "AiResultsContentmoderationNsfw",
        "AiResultsContentmoderationNsfwFramesItem",
        "AiResultsContentmoderationSoftnudity",
        "AiResultsContentmoderationSoftnudityFramesItem",
        "AiResultsContentmoderationSport",
        "AiResultsContentmoderationSportFramesItem",
        "AiResultsFailure",
        "AiResultsProcessingTime",
        "AiResultsTranscribe",
        "AiResultsTranscribeSubtitlesItem",
        "AiTaskBase",
        "AiTaskDataEmpty",
        "AiTasksList",
        "AiTranscribe",
        "Badrequest",
        "Notfound",
        "StreamingError",
        "TaskData",
        "TaskResult",
        "UnknownTaskData",
        "UnknownTaskResult",
        "Upgraderequired",
    ],
    "twelvelabs_tasks": [
        "AudioEmbeddingMetadata",
        "AudioInputRequest",
        "AudioSegmentation",
        "AudioSegmentationFixed",
        "CreateAsyncEmbeddingRequest",
        "CreatedAt",
        "EmbedV2TasksCreateResponse202",
        "EmbedV2TasksGetResponsesContentApplicationJsonSchemaPageInfo",
        "EmbedV2TasksListResponse200",
        "EmbedV2TasksRetrieveResponse200",
        "EmbeddingAudioMetadata",
        "EmbeddingData",
        "EmbeddingTaskMediaMetadata",
        "EmbeddingVideoMetadata",
        "ErrorResponse",
        "HLSObject",
        "HLSObjectStatus",
        "LimitPerPageSimple",
        "MediaEmbeddingTask",
        "MediaEmbeddingTaskAudioEmbedding",
        "MediaEmbeddingTaskVideoEmbedding",
        "MediaSource",
        "Page",
        "TasksGetResponsesContentApplicationJsonSchemaPageInfo",
        "TasksListResponse200",
        "TasksRetrieveResponse200",
        "TotalPage",
        "TotalResults",
        "UpdatedAt",
        "VideoEmbeddingMetadata",
        "VideoIndexingTask",
        "VideoIndexingTaskStatus",
        "VideoIndexingTaskSystemMetadata",
        "VideoInputRequest",
        "VideoSegmentation",
        "VideoSegmentationDynamic",
        "VideoSegmentationDynamicConfig",
        "VideoSegmentationFixed",
        "VideoSegmentationFixedConfig",
    ],
}

# (official module under the package, official name, our models class it must be)
OFFICIAL = {
    "gcore_streaming_ai": [
        ("types.streaming", "AITask", "AITask"),
        ("types.streaming", "AITaskGetResponse", "AITaskGetResponse"),
        ("types.streaming", "AITaskCreateResponse", "AITaskCreateResponse"),
        ("types.streaming", "AITaskCancelResponse", "AITaskCancelResponse"),
        ("types.streaming", "AITaskGetAISettingsResponse", "AITaskGetAISettingsResponse"),
        ("types.streaming", "AIContentmoderationNsfw", "AIContentmoderationNsfw"),
        ("types.streaming.ai_task", "TaskDataAITranscribe", "AITranscribe"),
        ("types.streaming.ai_task", "ProcessingTime", "ProcessingTime"),
        ("types.streaming.ai_task_get_response", "AITaskGetResponseResult", "TaskResult"),
        (
            "types.streaming.ai_task_get_response",
            "AITaskGetResponseResultAIResultsTranscribe",
            "AITaskGetResponseResultAIResultsTranscribe",
        ),
    ],
    "twelvelabs_tasks": [
        ("types", "VideoIndexingTask", "VideoIndexingTask"),
        ("types", "MediaEmbeddingTask", "MediaEmbeddingTask"),
        ("types", "EmbeddingTaskResponse", "EmbeddingTaskResponse"),
        ("types", "HlsObject", "HlsObject"),
        ("types", "AsyncVideoInputRequest", "VideoInputRequest"),
        ("tasks", "TasksRetrieveResponse", "TasksRetrieveResponse"),
        ("tasks.types", "TasksListResponse", "TasksListResponse"),
        ("embed.v_2.tasks", "TasksCreateResponse", "EmbedV2TasksCreateResponse"),
        ("embed.v_2.tasks.types", "TasksListResponse", "EmbedV2TasksListResponse"),
    ],
}


@pytest.mark.parametrize("package", sorted(OFFICIAL))
def test_official_names_are_our_classes(package: str) -> None:
    models = importlib.import_module(f"{package}.models")
    for module, public, ours in OFFICIAL[package]:
        exported = getattr(importlib.import_module(f"{package}.{module}"), public)
        assert exported is getattr(models, ours), f"{module}.{public}"


@pytest.mark.parametrize("package", sorted(NAMES_0_1))
def test_every_0_1_name_still_imports(package: str) -> None:
    models = importlib.import_module(f"{package}.models")
    renamed = getattr(models, "_DEPRECATED_ALIASES", {})
    for name in NAMES_0_1[package]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = getattr(models, name)
        assert value is not None
        warned = [w for w in caught if issubclass(w.category, DeprecationWarning)]
        if name in renamed:
            assert value is getattr(models, renamed[name])
            assert len(warned) == 1 and renamed[name] in str(warned[0].message), name
        else:
            assert name in models.__all__ and not warned, name


def test_deprecated_names_warn_and_unknown_names_fail() -> None:
    models = importlib.import_module("gcore_streaming_ai.models")
    with pytest.warns(DeprecationWarning, match=r"AiTaskBase .*use .*\.AITask$"):
        assert models.AiTaskBase is models.AITask
    with pytest.raises(AttributeError, match="NoSuchModel"):
        _ = models.NoSuchModel
    from gcore_streaming_ai.models import AITask  # the new name: no warning

    assert AITask.__name__ == "AITask"


def _serve(server: MockServer, api: str, routes: dict[tuple[str, str], tuple[str, str]]) -> None:
    for (method, path), (operation, case) in routes.items():
        recording = RECORDINGS[(api, operation, case)]
        reply = Reply(
            recording.status, recording.body_text.encode(), {"Content-Type": "application/json"}
        )
        server.set_default(path, reply, method=method)


def test_gcore_methods_return_the_official_classes() -> None:
    from gcore_streaming_ai import AsyncGcore, Gcore
    from gcore_streaming_ai.pagination import AsyncPageStreamingAI, SyncPageStreamingAI
    from gcore_streaming_ai.types.streaming import (
        AITask,
        AITaskCancelResponse,
        AITaskCreateResponse,
        AITaskGetAISettingsResponse,
        AITaskGetResponse,
    )

    routes = {
        ("GET", "/streaming/ai/tasks"): ("get_ai_tasks_list", "last_page"),
        ("GET", "/streaming/ai/tasks/T1"): ("get_ai_task", "transcription_success"),
        ("POST", "/streaming/ai/tasks"): ("post_ai_tasks_create", "transcription"),
        ("POST", "/streaming/ai/tasks/T1/cancel"): ("post_ai_tasks_cancel", "accepted"),
        ("GET", "/streaming/ai/info"): ("get_ai_info", "translation_supported"),
    }
    with MockServer() as server:
        _serve(server, "gcore-streaming", routes)
        with Gcore(api_key="names-test-key", base_url=server.url, max_retries=0) as client:
            tasks = client.streaming.ai_tasks
            page = tasks.list()
            assert type(page) is SyncPageStreamingAI[AITask]
            assert all(type(t) is AITask for t in page.results)
            assert type(tasks.get("T1")) is AITaskGetResponse
            created = tasks.create(task_name="transcription", url="https://example.com/a.mp4")
            assert type(created) is AITaskCreateResponse
            assert type(tasks.cancel("T1")) is AITaskCancelResponse
            settings = tasks.get_ai_settings(type="language_support", audio_language="eng")
            assert type(settings) is AITaskGetAISettingsResponse and settings.supported is True
            sent = server.requests_for("/streaming/ai/info")[-1]
            assert sent.query == "type=language_support&audio_language=eng"

        async def run() -> Any:
            async with AsyncGcore(api_key="names-test-key", base_url=server.url) as client:
                return await client.streaming.ai_tasks.list()

        assert type(asyncio.run(run())) is AsyncPageStreamingAI[AITask]


def test_twelvelabs_pages_are_the_official_pagers() -> None:
    from twelvelabs_tasks import AsyncTwelveLabs, TwelveLabs
    from twelvelabs_tasks.core.pagination import AsyncPager, SyncPager
    from twelvelabs_tasks.types import MediaEmbeddingTask, VideoIndexingTask

    routes = {
        ("GET", "/v1.3/tasks"): ("list-video-indexing-tasks", "seed_004_first_page"),
        ("GET", "/v1.3/embed-v2/tasks"): ("list-async-embedding-tasks", "seed_003_list"),
    }
    with MockServer() as server:
        _serve(server, "twelvelabs", routes)
        base = server.url + "/v1.3"
        with TwelveLabs(api_key="names-test-key", base_url=base, max_retries=0) as client:
            assert type(client.tasks.list()) is SyncPager[VideoIndexingTask]
            assert type(client.embed.v_2.tasks.list()) is SyncPager[MediaEmbeddingTask]

        async def run() -> Any:
            async with AsyncTwelveLabs(api_key="names-test-key", base_url=base) as client:
                return await client.tasks.list()

        assert type(asyncio.run(run())) is AsyncPager[VideoIndexingTask]
