"""The HTTP core of the generated clients: ``SyncAPIClient`` and ``AsyncAPIClient``, which the
generated client classes subclass (adding the resources).

One module per job: ``_request`` (query, JSON and header building, redirects), ``_retry`` (the
retry policy and the deadlines of a call: read its docstring for the rules), ``_core`` (what
both clients share: configuration, the request of a call, error mapping, parsing),
``_sync_client`` and ``_async_client`` (the I/O).

Time and size bounds (see ``_transport``): each attempt must finish (connect, headers and the
whole body) within the timeout, the whole call within the attempt budget times
``max_retries + 1``; a decoded body larger than ``max_response_size`` (default 64 MiB) raises
``APIResponseTooLargeError`` (an error status with such a body keeps its status error, without
the body).
"""

from __future__ import annotations

from ._async_client import AsyncAPIClient
from ._sync_client import SyncAPIClient

__all__ = ["AsyncAPIClient", "SyncAPIClient"]
