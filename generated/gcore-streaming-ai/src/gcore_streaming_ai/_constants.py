"""Package constants, rendered by specpress from the SDK settings. Do not edit."""

from __future__ import annotations

from typing import Final

PACKAGE_NAME: Final[str] = "gcore_streaming_ai"
CLIENT_CLASS: Final[str] = "Gcore"
ASYNC_CLIENT_CLASS: Final[str] = "AsyncGcore"
DIST_NAME: Final[str] = "gcore-streaming-ai"
VERSION: Final[str] = "0.1.0"
SPEC_VERSION: Final[str] = "2026-05-14T07:00:22.640261+00:00"

ENV_API_KEY: Final[str] = "GCORE_API_KEY"
ENV_BASE_URL: Final[str] = "GCORE_BASE_URL"
ENV_LOG: Final[str] = "GCORE_LOG"
# Empty: no environment variable switches strict response validation on.
ENV_STRICT_RESPONSE_VALIDATION: Final[str] = "GCORE_STRICT_RESPONSE_VALIDATION"
DEFAULT_BASE_URL: Final[str] = "https://api.gcore.com"

# How the key is sent: "header" (AUTH_HEADER, AUTH_PREFIX and the key), "bearer", "basic"
# (Authorization with that scheme) or "query" (the AUTH_QUERY parameter of every request).
AUTH_KIND: Final[str] = "header"
AUTH_HEADER: Final[str] = "Authorization"
AUTH_PREFIX: Final[str] = "APIKey"
AUTH_QUERY: Final[str] = ""
USER_AGENT: Final[str] = "gcore-streaming-ai/0.1.0"
# Empty: the API documents no idempotency key, so none is sent.
IDEMPOTENCY_HEADER: Final[str] = ""

DEFAULT_TIMEOUT: Final[float] = 120.0
DEFAULT_CONNECT_TIMEOUT: Final[float] = 5.0
DEFAULT_MAX_RETRIES: Final[int] = 2

# Retry policy: exponential backoff base and cap, and the longest Retry-After we honour.
INITIAL_RETRY_DELAY: Final[float] = 0.5
MAX_RETRY_DELAY: Final[float] = 8.0
MAX_RETRY_AFTER: Final[float] = 60.0

# Bounds: the largest decoded body read (client option ``max_response_size``), the largest error
# body read for an exception's message, the most pages one iteration fetches (``max_pages``),
# and the least time a waiter's last poll gets past the wait's own deadline.
DEFAULT_MAX_RESPONSE_SIZE: Final[int] = 64 * 1024 * 1024
ERROR_BODY_LIMIT: Final[int] = 1024 * 1024
DEFAULT_MAX_PAGES: Final[int] = 10_000
WAIT_POLL_GRACE: Final[float] = 2.0

DEFAULT_MAX_CONNECTIONS: Final[int] = 100
DEFAULT_MAX_KEEPALIVE_CONNECTIONS: Final[int] = 20
