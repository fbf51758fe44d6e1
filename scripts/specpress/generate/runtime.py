"""The runtime of a client package (HTTP core, errors, pages, waiters, model bases).

Each generated package carries its own small runtime from ``templates/runtime/`` (see
``templates/runtime/INTERFACE.md`` for what the generated resources may import from it). The
runtime is plain Python, copied verbatim, linted and type-checked as Python; only
``_constants.py.jinja`` holds per-package values (through the ``pyrepr`` filter). A package ships
the module of a pagination style only when it uses that style (``pages.PAGE_STYLES``).
"""

from __future__ import annotations

import keyword
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from specpress.errors import SpecpressError
from specpress.fsutil import write_bytes_atomic, write_text_atomic

from .pages import PAGE_STYLES, used_styles
from .render import template_environment
from .text import pyrepr

if TYPE_CHECKING:
    from specpress.config.model import SdkConfig

__all__ = [
    "CORE_MODULES",
    "RUNTIME_MODULES",
    "RuntimeSettings",
    "pyrepr",
    "render_runtime",
    "runtime_modules",
    "runtime_settings",
    "runtime_templates_dir",
]

#: Runtime modules every package ships; the generated resources import from these.
CORE_MODULES = (
    "_async_client",
    "_base_client",
    "_constants",
    "_core",
    "_datetime",
    "_errors",
    "_exceptions",
    "_lenient",
    "_logging",
    "_models",
    "_pagination",
    "_parse",
    "_request",
    "_response",
    "_retry",
    "_sync_client",
    "_transport",
    "_types",
    "_typing",
    "_waiters",
    "_wrappers",
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


def runtime_templates_dir() -> Path:
    """``templates/runtime`` of ``$SPECPRESS_ROOT`` if set, else of this checkout."""
    env = os.environ.get("SPECPRESS_ROOT")
    root = Path(env).resolve() if env else Path(__file__).resolve().parents[3]
    return root / "templates" / "runtime"


def runtime_modules(page_styles: Iterable[str] | None = None) -> tuple[str, ...]:
    """The runtime modules a package ships: the core, and the modules of the page styles it
    uses (``None``: every style, for tests and tools that need the whole runtime)."""
    styles = PAGE_STYLES.values() if page_styles is None else used_styles(page_styles)
    return tuple(sorted((*CORE_MODULES, *(s.module for s in styles))))


#: Every module the runtime can write (the core and every page style's module).
RUNTIME_MODULES = runtime_modules()


def render_runtime(
    package_dir: Path,
    settings: RuntimeSettings,
    *,
    templates_dir: Path | None = None,
    page_styles: Iterable[str] | None = None,
) -> list[Path]:
    """Write the runtime into ``package_dir``; return the written paths.

    ``<module>.py`` files are copied byte for byte; ``<module>.py.jinja`` files (only
    ``_constants``) are rendered with the settings. ``page_styles`` are the ``paginate.style``
    names the package uses: only their modules are written (``None``: every style). Output is
    deterministic (sorted, no timestamps). ``package_dir`` is the import package directory, e.g.
    ``.../src/gcore_streaming_ai``; it is created if missing.
    """
    import jinja2

    settings.validate()
    source = templates_dir or runtime_templates_dir()
    if not any(source.glob("*.py")) and not any(source.glob("*.py.jinja")):
        raise SpecpressError("no runtime templates found", file=source)
    env = template_environment(source, trim_blocks=False)
    context = {"settings": settings, "setting_names": [f.name for f in fields(settings)]}
    package_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for module in runtime_modules(page_styles):
        plain, template = source / f"{module}.py", source / f"{module}.py.jinja"
        target = package_dir / f"{module}.py"
        if plain.is_file():
            write_bytes_atomic(target, plain.read_bytes())
        elif template.is_file():
            try:
                text = env.get_template(template.name).render(context)
            except jinja2.TemplateError as exc:
                raise SpecpressError(f"cannot render: {exc}", file=template) from exc
            write_text_atomic(target, text)
        else:
            raise SpecpressError(f"runtime module {module!r} is missing", file=source)
        written.append(target)
    return written


def runtime_settings(config: SdkConfig, spec_version: str) -> RuntimeSettings:
    """The runtime's per-package values: every ``package:`` and ``client:`` setting of sdk.yaml
    that the runtime has a field of the same name for, the import and dist names, and the
    spec's ``info.version``."""
    wanted = {f.name for f in fields(RuntimeSettings)}
    shared = {
        f.name: getattr(section, f.name)
        for section in (config.package, config.client)
        for f in fields(section)
        if f.name in wanted
    }
    return RuntimeSettings(
        **shared,
        package_name=config.package.import_name,
        dist_name=config.package.dist,
        spec_version=spec_version,
    )
