"""Alias-only shim of ``gcore.types.streaming``."""

from gcore_streaming_ai.types.streaming import (
    AITask,
    AITaskCancelResponse,
    AITaskCreateResponse,
    AITaskGetAISettingsResponse,
    AITaskGetResponse,
)

__all__ = [
    "AITask",
    "AITaskCancelResponse",
    "AITaskCreateResponse",
    "AITaskGetAISettingsResponse",
    "AITaskGetResponse",
]
