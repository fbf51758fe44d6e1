"""Temporary re-export of `specpress.openapi.refs` under the old module path (issue 12)."""

from __future__ import annotations

from specpress.openapi.refs import LOCK_NAME as LOCK_NAME
from specpress.openapi.refs import REF_KEYS as REF_KEYS
from specpress.openapi.refs import Lock as Lock
from specpress.openapi.refs import Sandbox as Sandbox
from specpress.openapi.refs import bundle as bundle
from specpress.openapi.refs import check_hermetic as check_hermetic
from specpress.openapi.refs import offline_handlers as offline_handlers
from specpress.openapi.refs import read_lock as read_lock
from specpress.openapi.refs import ref_target as ref_target
from specpress.openapi.refs import refusal as refusal
from specpress.openapi.refs import require_inside as require_inside
from specpress.openapi.refs import sandbox_for as sandbox_for
from specpress.openapi.refs import schema_path as schema_path

__all__ = [
    "LOCK_NAME",
    "REF_KEYS",
    "Lock",
    "Sandbox",
    "bundle",
    "check_hermetic",
    "offline_handlers",
    "read_lock",
    "ref_target",
    "refusal",
    "require_inside",
    "sandbox_for",
    "schema_path",
]
