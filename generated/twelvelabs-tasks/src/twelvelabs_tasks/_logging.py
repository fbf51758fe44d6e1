"""The package logger. Set the environment variable named by ``ENV_LOG`` to ``info`` or ``debug``
to print one line per request and response on stderr. Headers are never logged, and the client
scrubs the API key from every line it writes."""

from __future__ import annotations

import logging
import os

from ._constants import ENV_LOG, PACKAGE_NAME

__all__ = ["logger", "setup_logging"]

logger: logging.Logger = logging.getLogger(PACKAGE_NAME)

_configured = False


def setup_logging() -> None:
    """Honour the log environment variable once per process (idempotent)."""
    global _configured
    if _configured:
        return
    _configured = True
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
