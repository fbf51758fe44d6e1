"""Polling helpers behind the generated ``wait()`` methods.

``poll_until`` calls ``fetch`` until ``is_terminal`` accepts the result, sleeping ``poll_interval``
seconds at first and 1.5x longer each time up to ``max_interval``. It never sleeps past the
overall ``timeout``: the last poll happens at the deadline, then ``WaitTimeoutError`` carries the
last object seen.

Each poll is one bounded request: it must finish by the wait's deadline (or, for a poll that
starts less than ``WAIT_POLL_GRACE`` seconds before it, that long after its start), including the
client's own retries, so ``wait(timeout=T)`` returns or raises within about T + ``WAIT_POLL_GRACE``
seconds whatever the server does.

Errors: a 4xx (``APIStatusError`` other than 408/429) propagates at once - a deleted task or a
bad key will not fix itself. Connection errors, timeouts, 408, 429 and 5xx that survive the
client's own retries are tolerated until the deadline (the last one becomes the ``__cause__`` of
the ``WaitTimeoutError``), so one network blip does not abort a ten-minute wait.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ._constants import WAIT_POLL_GRACE
from ._exceptions import APIConnectionError, APIStatusError, WaitTimeoutError
from ._transport import capped_call_deadline

__all__ = ["apoll_until", "poll_until"]

_T = TypeVar("_T")
_BACKOFF = 1.5


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, APIStatusError):
        return exc.status_code in (408, 429) or exc.status_code >= 500
    return isinstance(exc, APIConnectionError)


def _check(timeout: float, poll_interval: float, max_interval: float) -> None:
    if timeout < 0:
        raise ValueError(f"timeout must be >= 0, got {timeout!r}")
    if poll_interval <= 0 or max_interval <= 0:
        raise ValueError("poll_interval and max_interval must be > 0")


def poll_until(
    fetch: Callable[[], _T],
    *,
    is_terminal: Callable[[_T], bool],
    timeout: float,
    poll_interval: float,
    max_interval: float,
    on_progress: Callable[[_T], None] | None = None,
) -> _T:
    """Poll ``fetch`` until ``is_terminal(result)``; return that result."""
    _check(timeout, poll_interval, max_interval)
    started = time.monotonic()
    deadline = started + timeout
    interval = poll_interval
    last: _T | None = None
    last_error: BaseException | None = None
    while True:
        try:
            with capped_call_deadline(max(deadline, time.monotonic() + WAIT_POLL_GRACE)):
                current = fetch()
        except (APIStatusError, APIConnectionError) as exc:
            if not _transient(exc):
                raise
            last_error = exc
        else:
            last, last_error = current, None
            if on_progress is not None:
                on_progress(current)
            if is_terminal(current):
                return current
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            elapsed = time.monotonic() - started
            raise WaitTimeoutError(last, timeout=timeout, elapsed=elapsed) from last_error
        time.sleep(min(interval, remaining))
        interval = min(interval * _BACKOFF, max_interval)


async def apoll_until(
    fetch: Callable[[], Awaitable[_T]],
    *,
    is_terminal: Callable[[_T], bool],
    timeout: float,
    poll_interval: float,
    max_interval: float,
    on_progress: Callable[[_T], None] | Callable[[_T], Awaitable[None]] | None = None,
) -> _T:
    """Async ``poll_until``; ``on_progress`` may be a plain function or a coroutine function."""
    import asyncio
    import inspect

    _check(timeout, poll_interval, max_interval)
    started = time.monotonic()
    deadline = started + timeout
    interval = poll_interval
    last: _T | None = None
    last_error: BaseException | None = None
    while True:
        try:
            with capped_call_deadline(max(deadline, time.monotonic() + WAIT_POLL_GRACE)):
                current = await fetch()
        except (APIStatusError, APIConnectionError) as exc:
            if not _transient(exc):
                raise
            last_error = exc
        else:
            last, last_error = current, None
            if on_progress is not None:
                result = on_progress(current)
                if inspect.isawaitable(result):
                    await result
            if is_terminal(current):
                return current
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            elapsed = time.monotonic() - started
            raise WaitTimeoutError(last, timeout=timeout, elapsed=elapsed) from last_error
        await asyncio.sleep(min(interval, remaining))
        interval = min(interval * _BACKOFF, max_interval)
