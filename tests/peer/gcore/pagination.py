"""Alias-only shim of ``gcore.pagination``."""

from gcore_streaming_ai.pagination import AsyncPageStreamingAI, SyncPageStreamingAI

__all__ = ["AsyncPageStreamingAI", "SyncPageStreamingAI"]
