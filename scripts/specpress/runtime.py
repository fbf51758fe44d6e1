"""Render the runtime modules (HTTP core, errors, pages, waiters, models) into a client package.

Each generated package carries its own small runtime, rendered from ``templates/runtime/*.jinja``
(see ``templates/runtime/INTERFACE.md`` for what the generated resources may import from it).
"""

from __future__ import annotations

import keyword
import math
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import SpecpressError
from .fsutil import write_text_atomic

__all__ = [
    "RUNTIME_MODULES",
    "RuntimeSettings",
    "pyrepr",
    "render_runtime",
    "runtime_templates_dir",
]

#: Module names the runtime renders; the generated resources import from these.
RUNTIME_MODULES = (
    "_base_client",
    "_constants",
    "_datetime",
    "_exceptions",
    "_lenient",
    "_logging",
    "_models",
    "_pagination",
    "_response",
    "_transport",
    "_types",
    "_typing",
    "_waiters",
)


@dataclass(frozen=True)
class RuntimeSettings:
    """Per-package values baked into the runtime (from ``specs/<api>/sdk.yaml``)."""

    package_name: str
    client_class: str
    async_client_class: str
    env_api_key: str
    env_base_url: str
    env_log: str
    default_base_url: str
    auth_header: str
    auth_prefix: str
    user_agent_name: str
    version: str
    spec_version: str
    default_timeout: float = 120.0
    default_connect_timeout: float = 5.0
    default_max_retries: int = 2
    #: Environment variable that turns strict response validation on ("" = none).
    env_strict_response_validation: str = ""
    #: Request header carrying a fresh idempotency key on non-GET requests ("" = the API has none).
    idempotency_header: str = ""
    #: Distribution name (for install hints); "" = the import name with dashes.
    dist_name: str = ""

    def validate(self) -> None:
        """Raise ``SpecpressError`` for a value that cannot produce a working package."""
        for name in ("package_name", "client_class", "async_client_class"):
            value = getattr(self, name)
            if not (
                isinstance(value, str) and value.isidentifier() and not keyword.iskeyword(value)
            ):
                raise SpecpressError(f"{name} must be a Python identifier, got {value!r}")
        for name in ("env_api_key", "env_base_url", "env_log", "auth_header", "user_agent_name"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value or any(c.isspace() for c in value):
                raise SpecpressError(
                    f"{name} must be a non-empty string without spaces, got {value!r}"
                )
        for name in ("env_strict_response_validation", "idempotency_header", "dist_name"):
            value = getattr(self, name)
            if not isinstance(value, str) or any(c.isspace() for c in value):
                raise SpecpressError(f"{name} must be a string without spaces, got {value!r}")
        if self.idempotency_header and not all(
            c.isalnum() or c in "-_" for c in self.idempotency_header
        ):
            raise SpecpressError(
                f"idempotency_header must be an HTTP header name, got {self.idempotency_header!r}"
            )
        for name in ("default_base_url", "auth_prefix", "version", "spec_version"):
            if not isinstance(getattr(self, name), str):
                raise SpecpressError(f"{name} must be a string, got {getattr(self, name)!r}")
        if not self.default_base_url.startswith(("http://", "https://")):
            raise SpecpressError(
                f"default_base_url must be an http(s) URL, got {self.default_base_url!r}"
            )
        for name in ("default_timeout", "default_connect_timeout"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not (math.isfinite(value) and value > 0)
            ):
                raise SpecpressError(f"{name} must be a positive number of seconds, got {value!r}")
        retries = self.default_max_retries
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise SpecpressError(f"default_max_retries must be an int >= 0, got {retries!r}")


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


def runtime_templates_dir() -> Path:
    """``templates/runtime`` of ``$SPECPRESS_ROOT`` if set, else of this checkout."""
    env = os.environ.get("SPECPRESS_ROOT")
    root = Path(env).resolve() if env else Path(__file__).resolve().parents[2]
    return root / "templates" / "runtime"


def template_environment(source: Path, *, trim_blocks: bool) -> Any:
    """The one Jinja setup for every generated file: strict undefined names, no HTML escaping,
    and spec-derived text reaching code only through the `pyrepr` filter."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(source)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=trim_blocks,
        lstrip_blocks=trim_blocks,
    )
    env.filters["pyrepr"] = pyrepr
    return env


def render_runtime(
    package_dir: Path, settings: RuntimeSettings, *, templates_dir: Path | None = None
) -> list[Path]:
    """Render every ``templates/runtime/*.py.jinja`` into ``package_dir``; return the written paths.

    Output is deterministic (sorted templates, no timestamps). ``package_dir`` is the import
    package directory, e.g. ``.../src/gcore_streaming_ai``; it is created if missing.
    """
    import jinja2

    settings.validate()
    source = templates_dir or runtime_templates_dir()
    templates = sorted(source.glob("*.py.jinja"))
    if not templates:
        raise SpecpressError("no runtime templates found", file=source)
    env = template_environment(source, trim_blocks=False)
    context = {"settings": settings, "setting_names": [f.name for f in fields(settings)]}
    package_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for template_path in templates:
        try:
            text = env.get_template(template_path.name).render(context)
        except jinja2.TemplateError as exc:
            raise SpecpressError(f"cannot render: {exc}", file=template_path) from exc
        target = package_dir / template_path.name.removesuffix(".jinja")
        write_text_atomic(target, text)
        written.append(target)
    return written
