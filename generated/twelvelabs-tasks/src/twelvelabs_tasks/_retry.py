"""The retry policy and the deadlines of one call, without I/O (both clients drive ``Call``).

Retry policy (``max_retries=N`` means up to N retries after the first attempt):

- retried statuses: 408, 409, 429 and 5xx; a ``x-should-retry: true|false`` header overrides;
  401 is never retried (a wrong key stays wrong);
- retried failures: connection errors and timeouts;
- a request that may have reached the server (read timeout, dropped connection, 408/409/5xx) is
  replayed only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), or when the client was
  built with ``retry_non_idempotent=True``, or the call passed ``idempotent=True``, or it carries an
  idempotency key header (sent automatically on non-GET requests when the API documents one).
  429, and 503 with ``Retry-After``, are retried for every method, and so are failures before the
  request was sent (connect errors, connect and pool timeouts);
- the wait is ``Retry-After`` / ``retry-after-ms`` when the server sends a usable one (capped at
  ``MAX_RETRY_AFTER``; NaN, negative or garbage values are ignored), else exponential backoff
  ``INITIAL_RETRY_DELAY * 2**n`` capped at ``MAX_RETRY_DELAY``, minus up to 25 % jitter.

Time bounds: each attempt must finish (connect, headers and the whole body) within the attempt
budget (for a float ``timeout=T``, T seconds; for an ``httpx.Timeout``, its largest phase); the
whole call (every attempt and every wait between them) within the attempt budget times
``max_retries + 1``. A retry whose wait would pass that deadline is not made and the last error
is raised at once (so ``Retry-After: 1e9`` never blocks).
"""

from __future__ import annotations

import logging
import math
import random
import time
from typing import TYPE_CHECKING, ClassVar, Literal

import httpx

from ._constants import IDEMPOTENCY_HEADER, INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY
from ._logging import logger, redact
from ._request import redirect_request
from ._transport import call_deadline_cap

if TYPE_CHECKING:
    from ._types import RequestOptions

__all__ = ["IDEMPOTENT_METHODS", "Budget", "Call", "RetryPolicy", "attempt_seconds"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_MAX_REDIRECTS = 5

Step = tuple[Literal["redirect"], httpx.Request] | tuple[Literal["retry"], float] | None


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if math.isnan(value) or value < 0:
        return None  # garbage: fall back to our own backoff
    return value  # may be inf: longer than any budget, so the call gives up at once


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date).

    ``None`` when absent or unusable (NaN, negative, garbage); ``inf`` for an infinite value.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        ms = _seconds(raw_ms)
        if ms is not None:
            return ms / 1000.0
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _seconds(raw)
    if seconds is not None:
        return seconds
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(raw)
        return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def attempt_seconds(timeout: httpx.Timeout) -> float | None:
    """The budget of one attempt: the largest phase of the timeout (``None``: unbounded)."""
    phases = [
        t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None
    ]
    return max(phases) if phases else None


class Budget:
    """The deadlines of one call: each attempt, and the whole call across retries."""

    __slots__ = ("attempt", "call")

    def __init__(self, timeout: httpx.Timeout, max_retries: int) -> None:
        self.attempt = attempt_seconds(timeout)
        now = time.monotonic()
        call = None if self.attempt is None else now + self.attempt * (max_retries + 1)
        cap = call_deadline_cap()
        self.call = cap if call is None else (call if cap is None else min(call, cap))

    def attempt_deadline(self) -> float | None:
        if self.attempt is None:
            return self.call
        deadline = time.monotonic() + self.attempt
        return deadline if self.call is None else min(deadline, self.call)

    def allows_wait(self, delay: float) -> bool:
        return self.call is None or time.monotonic() + delay < self.call


class RetryPolicy:
    """When to retry and how long to wait; class attributes so a subclass (or a test) can tune
    the timing."""

    initial_retry_delay: ClassVar[float] = INITIAL_RETRY_DELAY
    max_retry_delay: ClassVar[float] = MAX_RETRY_DELAY
    max_retry_after: ClassVar[float] = MAX_RETRY_AFTER
    retry_non_idempotent: bool

    def _is_idempotent(self, request: httpx.Request, options: RequestOptions) -> bool:
        if request.method in IDEMPOTENT_METHODS or self.retry_non_idempotent:
            return True
        if options.get("idempotent"):
            return True
        if IDEMPOTENCY_HEADER and IDEMPOTENCY_HEADER in request.headers:
            return True
        return "idempotency-key" in request.headers

    def _should_retry_status(self, response: httpx.Response, idempotent: bool) -> bool:
        status = response.status_code
        if status == 401:
            return False
        override = response.headers.get("x-should-retry")
        if override == "true":
            return True
        if override == "false":
            return False
        if status == 429:
            return True
        headers = response.headers
        if status == 503 and ("retry-after" in headers or "retry-after-ms" in headers):
            return True
        return idempotent and (status in (408, 409) or status >= 500)

    def _retry_delay(self, retries_taken: int, response: httpx.Response | None) -> float:
        if response is not None:
            retry_after = parse_retry_after(response.headers)
            if retry_after is not None:
                return min(retry_after, self.max_retry_after)
        delay = min(self.initial_retry_delay * (2.0**retries_taken), self.max_retry_delay)
        return delay * (1.0 - 0.25 * random.random())

    @staticmethod
    def _may_retry_transport(
        exc: httpx.TransportError, idempotent: bool, retries_taken: int, max_retries: int
    ) -> bool:
        if retries_taken >= max_retries:
            return False
        never_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))
        return idempotent or never_sent

    @staticmethod
    def _log_retry(request: httpx.Request, reason: str, delay: float, retries_taken: int) -> None:
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s: %s; retry %d in %.2f s",
                request.method,
                redact(str(request.url)),
                redact(reason),
                retries_taken + 1,
                delay,
            )


class Call:
    """The state of one call across its attempts: what to do after each answer or failure.

    The clients' send loops do the I/O (send, read, sleep) and ask this object what comes next,
    so the sync and async loops share every decision."""

    __slots__ = (
        "budget",
        "idempotent",
        "max_retries",
        "policy",
        "redirects",
        "request",
        "retries_taken",
    )

    def __init__(
        self,
        policy: RetryPolicy,
        request: httpx.Request,
        *,
        max_retries: int,
        idempotent: bool,
        budget: Budget,
    ) -> None:
        self.policy = policy
        self.request = request
        self.max_retries = max_retries
        self.idempotent = idempotent
        self.budget = budget
        self.retries_taken = 0
        self.redirects = 0

    def after_status(self, response: httpx.Response) -> Step:
        """What to do with a non-2xx response: follow it, retry after a delay, or (None) raise."""
        policy = self.policy
        if response.is_redirect and self.redirects < _MAX_REDIRECTS:
            follow = redirect_request(self.request, response)
            if follow is not None:
                return ("redirect", follow)
        if self.retries_taken < self.max_retries and policy._should_retry_status(
            response, self.idempotent
        ):
            delay = policy._retry_delay(self.retries_taken, response)
            if self.budget.allows_wait(delay):
                reason = f"status {response.status_code}"
                policy._log_retry(self.request, reason, delay, self.retries_taken)
                return ("retry", delay)
        return None

    def after_error(self, exc: httpx.TransportError) -> float | None:
        """The wait before retrying after a transport failure (the retry counts), or None to
        raise."""
        policy = self.policy
        if not policy._may_retry_transport(
            exc, self.idempotent, self.retries_taken, self.max_retries
        ):
            return None
        delay = policy._retry_delay(self.retries_taken, None)
        if not self.budget.allows_wait(delay):
            return None
        policy._log_retry(self.request, f"{type(exc).__name__}: {exc}", delay, self.retries_taken)
        self.retries_taken += 1
        return delay

    def follow(self, step: Step) -> float:
        """Apply a step of ``after_status`` and return the wait before the next attempt: a
        redirect replaces the request (no wait), a retry counts."""
        assert step is not None
        if step[0] == "redirect":
            self.request = step[1]
            self.redirects += 1
            return 0.0
        self.retries_taken += 1
        return step[1]
