"""How values and spec text become generated source: the only three ways in.

Spec text is hostile until proven otherwise (a description may hold ``\"\"\"``, ``{{ }}``,
backslashes, control characters). It reaches generated code only through these functions, used
as Jinja filters: ``pyrepr`` (a Python literal), ``docstring_text`` (escaped docstring text) and
``markdown_text`` (one markdown table cell or line).
"""

from __future__ import annotations

import math

from specpress.errors import SpecpressError

__all__ = ["docstring_text", "markdown_text", "pyrepr"]


def pyrepr(value: object) -> str:
    """A Python literal for a plain value; the only way settings and spec text reach the code."""
    if isinstance(value, str):
        text = repr(value)
        # Prefer double quotes (as ruff format does) when that needs no escaping.
        if text.startswith("'") and '"' not in value:
            text = '"' + text[1:-1] + '"'
        return text
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SpecpressError(f"cannot render a non-finite float {value!r}")
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(pyrepr(v) for v in value)
        return (
            f"({inner},)"
            if isinstance(value, tuple) and len(value) == 1
            else (f"({inner})" if isinstance(value, tuple) else f"[{inner}]")
        )
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    raise SpecpressError(f"refusing to render a {type(value).__name__} into Python source")


def docstring_text(value: object) -> str:
    """Spec text made safe inside a regular triple-quoted docstring (no code can escape)."""
    text = str(value or "").strip()
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return text.replace("\t", "    ")


def markdown_text(value: object) -> str:
    """Spec text as one markdown table cell / paragraph line."""
    text = " ".join(str(value or "").split())
    return text.replace("|", "\\|")
