"""Alias-only shim: the official ``gcore`` import paths, re-exporting ``gcore_streaming_ai``.

Used only by ``nox -s peer-tests`` (tests/peer/run.py) to run the official SDK's own test files
against our package. Nothing here may implement anything: tests/test_peer_shim.py checks that
every module holds only imports and ``__all__``.
"""

from gcore_streaming_ai import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncGcore,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
    Gcore,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncGcore",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "Gcore",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]
