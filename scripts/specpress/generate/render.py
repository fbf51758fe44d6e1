"""The client, resources, package files and docs, rendered from ``templates/client/``.

One Jinja setup serves every generated file (the runtime's ``_constants`` too): undefined names
fail, nothing is HTML-escaped, and values reach the output only through the filters of
``text`` (``pyrepr``, ``docstring``, ``md``) and ``types.render`` (``annotation``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.errors import SpecpressError

from .endpoints import Layout
from .naming import PackageNames
from .text import docstring_text, markdown_text, pyrepr
from .types import TypeNode, needs_cast, render

if TYPE_CHECKING:
    from specpress.config.model import SdkConfig

__all__ = ["render_client", "template_environment"]


def template_environment(source: Path, *, trim_blocks: bool) -> Any:
    """The one Jinja environment for every generated file, loading templates from ``source``."""
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
    env.filters["annotation"] = render
    env.filters["docstring"] = docstring_text
    env.filters["md"] = markdown_text
    env.filters["format_code"] = lambda text: f"`{text}`"
    return env


def render_client(
    config: SdkConfig,
    names: PackageNames,
    layout: Layout,
    info: dict[str, Any],
    out_dir: Path,
    templates: Path,
    classes: frozenset[str] = frozenset(),
) -> None:
    """Render every client template into ``out_dir`` (the package root: ``pyproject.toml``,
    docs, ``src/<import name>/``); ``info`` is the spec's ``info`` object, ``classes`` the
    model names that are classes (the ``needs_cast`` filter: other types are ``cast()``)."""
    import jinja2

    pkg_dir = out_dir / "src" / config.package.import_name
    env = template_environment(templates / "client", trim_blocks=True)

    def cast_needed(node: TypeNode) -> bool:
        return needs_cast(node, classes)

    env.tests["needing_cast"] = cast_needed
    resources = layout.resources
    context = {
        "package": config.package,
        "client": config.client,
        "resources": resources,
        "skipped": layout.skipped,
        "roots": [r for r in resources if len(r.path) == 1],
        "names": names,
        "spec_version": str(info.get("version", "")),
        "spec_title": str(info.get("title", "")),
    }
    outputs: list[tuple[str, Path, dict[str, Any]]] = [
        ("pyproject.toml.jinja", out_dir / "pyproject.toml", {}),
        ("README.md.jinja", out_dir / "README.md", {}),
        ("api.md.jinja", out_dir / "api.md", {}),
        ("LICENSE.jinja", out_dir / "LICENSE", {}),
        ("package/__init__.py.jinja", pkg_dir / "__init__.py", {}),
        ("package/_client.py.jinja", pkg_dir / "_client.py", {}),
        ("package/_resource.py.jinja", pkg_dir / "_resource.py", {}),
        ("package/py.typed.jinja", pkg_dir / "py.typed", {}),
        ("package/resources/__init__.py.jinja", pkg_dir / "resources" / "__init__.py", {}),
        ("package/models.py.jinja", pkg_dir / "models.py", {}),
    ]
    for module in names.modules:
        relative = Path(*module.path)
        target = (
            pkg_dir / relative / "__init__.py"
            if module.is_package
            else pkg_dir / (str(relative) + ".py")
        )
        outputs.append(("package/public_module.py.jinja", target, {"module": module}))
    for res in resources:
        target = pkg_dir / "resources" / f"{res.module}.py"
        outputs.append(("package/resources/resource.py.jinja", target, {"resource": res}))
    for template_name, target, extra in outputs:
        try:
            text = env.get_template(template_name).render({**context, **extra})
        except jinja2.TemplateError as exc:
            raise SpecpressError(
                f"cannot render: {exc}", file=templates / "client" / template_name
            ) from exc
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
