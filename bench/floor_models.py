"""Hand-written pydantic v2 models of the three list pages: the typed floor.

They do the same work the generated models do on the same bytes (every field typed as in the
patched specs, open enums as ``Literal[...] | str``, unknown fields kept, ``_id`` aliased,
``task_data`` routed to its variant by a callable discriminator with an explicit unknown
member) and nothing else: no client, no pagination objects, no hooks. ``Model.model_validate_json``
on the response bytes is the fastest a typed pydantic client can be.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import pydantic
from pydantic import ConfigDict, Discriminator, Field, Tag

__all__ = ["GcorePage", "TlEmbedPage", "TlTasksPage"]


class _Model(pydantic.BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())


# ---------------------------------------------------------------------------------- Gcore

TaskStatus = Literal["PENDING", "RECEIVED", "STARTED", "SUCCESS", "FAILURE", "REVOKED", "RETRY"]
TaskName = Literal["content-moderation", "transcription"]


class Transcribe(_Model):
    task_name: Literal["transcription"] | str
    url: str
    audio_language: str | None = None
    subtitles_language: str | None = None
    client_user_id: Annotated[str | None, Field(max_length=256)] = None
    client_entity_data: Annotated[str | None, Field(max_length=4096)] = None


class _Moderation(_Model):
    task_name: Literal["content-moderation"] | str
    url: str
    client_user_id: Annotated[str | None, Field(max_length=256)] = None
    client_entity_data: Annotated[str | None, Field(max_length=4096)] = None


class ModerationNsfw(_Moderation):
    category: Literal["nsfw"] | str


class ModerationHardNudity(_Moderation):
    category: Literal["hard_nudity"] | str


class ModerationSoftNudity(_Moderation):
    category: Literal["soft_nudity"] | str


class ModerationSport(_Moderation):
    category: Literal["sport"] | str


TaskDataEmpty = Annotated[dict[str, Any], Field(max_length=0)]


class UnknownTaskData(_Model):
    pass


_TAGS = {
    ("transcription", None): "transcription",
    ("content-moderation", "nsfw"): "nsfw",
    ("content-moderation", "hard_nudity"): "hard_nudity",
    ("content-moderation", "soft_nudity"): "soft_nudity",
    ("content-moderation", "sport"): "sport",
}


def _task_data_tag(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "empty"
        name, category = value.get("task_name"), value.get("category")
    else:
        name, category = getattr(value, "task_name", None), getattr(value, "category", None)
    if name == "transcription":
        category = None
    return _TAGS.get((name, category), "unknown")


TaskData = Annotated[
    Annotated[Transcribe, Tag("transcription")]
    | Annotated[ModerationNsfw, Tag("nsfw")]
    | Annotated[ModerationHardNudity, Tag("hard_nudity")]
    | Annotated[ModerationSoftNudity, Tag("soft_nudity")]
    | Annotated[ModerationSport, Tag("sport")]
    | Annotated[TaskDataEmpty, Tag("empty")]
    | Annotated[UnknownTaskData, Tag("unknown")],
    Discriminator(_task_data_tag),
]


class ProcessingTime(_Model):
    started_at: datetime | None = None  # `datetime`, as the official SDK and the generated model
    completed_at: datetime | None = None
    total_time_sec: float | None = None


class AiTask(_Model):
    task_id: str | None = None  # the wire string, as in the generated model and the official SDK
    status: TaskStatus | str | None = None
    progress: Annotated[int | None, Field(ge=0, le=100)] = None
    task_name: TaskName | str | None = None
    task_data: TaskData | None = None
    processing_time: ProcessingTime | None = None


class GcorePage(_Model):
    count: int = 0
    next: str | None = None
    previous: str | None = None
    results: list[AiTask]


# ------------------------------------------------------------------------------ TwelveLabs


class PageInfo(_Model):
    limit_per_page: int
    page: int
    total_page: int
    total_results: int


class SystemMetadata(_Model):
    duration: float | None = None
    filename: str | None = None
    height: int | None = None
    width: int | None = None


VideoIndexingTaskStatus = Literal[
    "ready", "uploading", "validating", "pending", "queued", "indexing", "failed"
]


class VideoIndexingTask(_Model):
    id: str = Field(alias="_id")
    video_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    status: VideoIndexingTaskStatus | str | None = None
    index_id: str | None = None
    system_metadata: SystemMetadata | None = None


class TlTasksPage(_Model):
    data: list[VideoIndexingTask]
    page_info: PageInfo


class VideoEmbeddingMetadata(_Model):
    input_url: str | None = None
    input_filename: str | None = None
    video_clip_length: float | None = None
    video_embedding_scope: list[str] | None = None
    duration: float | None = None


class AudioEmbeddingMetadata(_Model):
    input_url: str | None = None
    input_filename: str | None = None
    audio_embedding_options: list[str] | None = None
    audio_embedding_scopes: list[str] | None = None
    duration: float | None = None
    start_offset_sec: float | None = None
    end_offset_sec: float | None = None


class VideoEmbedding(_Model):
    metadata: VideoEmbeddingMetadata | None = None


class AudioEmbedding(_Model):
    metadata: AudioEmbeddingMetadata | None = None


class MediaEmbeddingTask(_Model):
    id: str = Field(alias="_id")
    model_name: str | None = None
    status: Literal["processing", "ready", "failed"] | str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    video_embedding: VideoEmbedding | None = None
    audio_embedding: AudioEmbedding | None = None


class TlEmbedPage(_Model):
    data: list[MediaEmbeddingTask]
    page_info: PageInfo
