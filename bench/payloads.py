"""Realistic page bodies for the three list operations, built once and served as bytes.

Items follow the patched specs (``specs/*/openapi.yaml``) and what the APIs really send:
Gcore ``ai_task_base`` items rotate through four ``task_data`` variants (transcription,
content-moderation sport and nsfw, and the brief ``{}`` of the list endpoint) and carry the
``processing_time`` object the API adds; TwelveLabs ``videoIndexingTask`` items carry
``system_metadata``; ``MediaEmbeddingTask`` items carry ``video_embedding.metadata``.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["KINDS", "gcore_item", "page_body", "tl_embed_item", "tl_task_item"]

# kind -> (URL path, page-size query parameter)
KINDS: dict[str, tuple[str, str]] = {
    "gcore": ("/streaming/ai/tasks", "limit"),
    "tl_tasks": ("/v1.3/tasks", "page_limit"),
    "tl_embed": ("/v1.3/embed-v2/tasks", "page_limit"),
}


def gcore_item(i: int) -> dict[str, Any]:
    kind = i % 4
    done = i % 5 != 0
    task_data: dict[str, Any]
    if kind == 0:
        task_name = "transcription"
        task_data = {
            "url": f"https://demo-public.gvideo.io/videos/2675_x{i}/a.mp4",
            "client_id": 2675,
            "task_name": "transcription",
            "audio_language": "eng",
            "subtitles_language": "ger",
        }
    elif kind == 1:
        task_name = "content-moderation"
        task_data = {
            "url": f"https://demo-public.gvideo.io/videos/2675_y{i}/b.mp4",
            "category": "sport",
            "client_id": 2675,
            "task_name": "content-moderation",
        }
    elif kind == 2:
        task_name = "content-moderation"
        task_data = {
            "url": f"https://demo-public.gvideo.io/videos/2675_z{i}/c.mp4",
            "category": "nsfw",
            "client_id": 2675,
            "task_name": "content-moderation",
            "client_user_id": f"user-{i % 17}",
        }
    else:
        task_name = "transcription"
        task_data = {}
    return {
        "task_id": f"aafe70c6-0000-0000-0000-{i:012x}",
        "task_name": task_name,
        "task_data": task_data,
        "progress": 100 if done else 50,
        "status": "SUCCESS" if done else "STARTED",
        "processing_time": {
            "started_at": "2026-06-26T16:26:29.25Z",
            "completed_at": "2026-06-26T16:26:32.97Z" if done else None,
            "total_time_sec": 3.71 if done else None,
        },
    }


def tl_task_item(i: int) -> dict[str, Any]:
    return {
        "_id": f"663da73b31cdd0c1f6{i:06x}",
        "video_id": f"663da73b31cdd0c1f7{i:06x}",
        "created_at": "2024-03-01T18:49:04.479Z",
        "updated_at": "2024-03-01T18:52:11.120Z",
        "status": "ready" if i % 7 else "indexing",
        "index_id": "630aff993fcee0532cb809d0",
        "system_metadata": {
            "filename": f"{i:05d}.mp4",
            "duration": 531.998133,
            "width": 640,
            "height": 360,
        },
    }


def tl_embed_item(i: int) -> dict[str, Any]:
    return {
        "_id": f"68ff3a2b9c1d2e3f4a{i:06x}",
        "model_name": "marengo3.0",
        "status": "ready" if i % 7 else "processing",
        "created_at": "2026-07-01T10:00:00Z",
        "updated_at": "2026-07-01T10:02:00Z",
        "video_embedding": {
            "metadata": {
                "input_url": f"https://example.com/media/{i:05d}.mp4",
                "video_clip_length": 6.0,
                "video_embedding_scope": ["clip", "video"],
                "duration": 120.5,
            }
        },
    }


_ITEMS = {"gcore": gcore_item, "tl_tasks": tl_task_item, "tl_embed": tl_embed_item}


def page_body(kind: str, page: int, limit: int, total: int, base_url: str = "") -> bytes:
    """The serialized page ``page`` (1-based) of ``total`` items, ``limit`` per page."""
    start = (page - 1) * limit
    count = max(0, min(limit, total - start))
    items = [_ITEMS[kind](start + i) for i in range(count)]
    obj: dict[str, Any]
    if kind == "gcore":
        path, size_param = KINDS[kind]
        link = f"{base_url}{path}?{size_param}={limit}&page="
        obj = {
            "count": total,
            "next": f"{link}{page + 1}" if start + limit < total else None,
            "previous": f"{link}{page - 1}" if page > 1 else None,
            "results": items,
        }
    else:
        obj = {
            "data": items,
            "page_info": {
                "limit_per_page": limit,
                "page": page,
                "total_page": max(1, math.ceil(total / limit)),
                "total_results": total,
            },
        }
    return json.dumps(obj, separators=(", ", ": ")).encode()
