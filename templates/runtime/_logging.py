"""The package logger, key redaction for every log line, and the once-per-shape deviation log.

Set the environment variable named by ``ENV_LOG`` to ``info`` or ``debug`` to print one line per
request and response on stderr. Headers are never logged. Each client registers the forms its
API key could be rendered in (raw, escaped, percent-encoded, base64); a filter on this package's
logger and on httpx's and httpcore's loggers replaces them with ``<redacted>`` in every record,
whoever emits it and whatever handler prints it.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from ._constants import ENV_LOG, PACKAGE_NAME

if TYPE_CHECKING:
    from ._lenient import Deviation

__all__ = ["REDACTED", "log_deviations", "logger", "redact", "register_secret", "setup_logging"]

logger: logging.Logger = logging.getLogger(PACKAGE_NAME)

REDACTED = "<redacted>"
_MIN_SECRET = 6  # shorter values would redact ordinary words
# httpx and httpcore log to these names (child loggers do not inherit a parent's filters).
_THIRD_PARTY_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)

_configured = False
_secrets: set[str] = set()
_sorted_secrets: tuple[str, ...] = ()


def secret_forms(value: str) -> set[str]:
    """Every way ``value`` may appear in a message: raw, ``repr``/JSON-escaped, percent-encoded
    (``quote`` and ``quote_plus``), and base64 (standard and URL-safe, padded or not)."""
    import base64
    import json
    from urllib.parse import quote, quote_plus

    raw = value.encode("utf-8", "surrogatepass")
    forms = {
        value,
        repr(value)[1:-1],
        json.dumps(value)[1:-1],
        quote(value, safe=""),
        quote_plus(value, safe=""),
        quote(value),
    }
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        forms.update((text, text.rstrip("=")))
    return {f for f in forms if len(f) >= _MIN_SECRET}


def register_secret(*values: str) -> None:
    """Redact these values (in all their forms) from every record of the covered loggers."""
    global _sorted_secrets
    for value in values:
        if value and len(value) >= _MIN_SECRET:
            _secrets.update(secret_forms(value))
    # Longest first, so a form containing another is replaced whole.
    _sorted_secrets = tuple(sorted(_secrets, key=len, reverse=True))
    _install_filter()


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``<redacted>``."""
    for secret in _sorted_secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class _RedactingFilter(logging.Filter):
    """Rewrites a record whose message (or traceback) contains a registered secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _sorted_secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the emitter's bug, not a leak
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = _RedactingFilter()


def _install_filter() -> None:
    for name in (PACKAGE_NAME, *_THIRD_PARTY_LOGGERS):
        target = logging.getLogger(name)
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)


def setup_logging() -> None:
    """Honour the log environment variable once per process (idempotent)."""
    global _configured
    if _configured:
        return
    _configured = True
    _install_filter()
    level_name = os.environ.get(ENV_LOG, "").strip().lower()
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(level_name)
    if level is None:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(level)


# (operation kind, model, shape) already logged; bounded so a server inventing new shapes
# forever cannot grow it without end.
_logged_shapes: set[tuple[Any, ...]] = set()
_MAX_SHAPES = 1024


def _shape_path(path: str) -> str:
    return ".".join("*" if part.isdigit() else part for part in path.split("."))


def log_deviations(operation: str, model: Any, deviations: list[Deviation]) -> None:
    """One WARNING per operation and deviation shape (list indices folded, values ignored)."""
    if not deviations:
        return
    method = operation.split(" ", 1)[0]
    model_name = getattr(model, "__name__", None) or repr(model)
    shape = frozenset((_shape_path(d.path), d.expected, d.got.split(" ", 1)[0]) for d in deviations)
    key = (method, model_name, shape)
    if key in _logged_shapes:
        return
    if len(_logged_shapes) >= _MAX_SHAPES:
        _logged_shapes.clear()
    _logged_shapes.add(key)
    listed = "; ".join(str(d) for d in deviations[:10])
    more = f"; and {len(deviations) - 10} more" if len(deviations) > 10 else ""
    logger.warning(
        "Response to %s does not match %s (returned leniently; strict_response_validation=True "
        "raises instead): %s%s",
        operation,
        model_name,
        listed,
        more,
    )
