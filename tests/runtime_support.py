"""Old import path of ``support.mock_server``, for suites not moved yet; import from there."""

from __future__ import annotations

from support.mock_server import MockServer, RecordedRequest, Reply, json_reply

__all__ = ["MockServer", "RecordedRequest", "Reply", "json_reply"]
