"""A whole package: generated into a staging directory, formatted, fingerprinted, swapped in.

``generate_package`` renders one complete package (runtime, models, client, docs) and runs the
pinned ruff over it. ``generate_api`` does that for ``generated/<dist>/`` in the git-ignored
staging area and swaps the result in atomically, unless the package's ``.specpress-fingerprint``
(a sha256 over everything that feeds it) is unchanged. ``check_api`` builds into a temporary
directory and names every file that differs from the committed tree (``--check``).
"""

from __future__ import annotations

import filecmp
import hashlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from specpress import __version__
from specpress.config.sdk import load_sdk_config
from specpress.errors import SpecpressError
from specpress.fsutil import replace_dir_atomic, staging_dir
from specpress.openapi.document import OpenAPIDocument
from specpress.paths import display, generated_dir, repo_root, specs_dir, templates_dir
from specpress.pins import pinned

from .dmcg import user_options
from .endpoints import Skipped, build_resources
from .layout import resource_specs
from .models import derive_model_spec, render_models
from .naming import package_names
from .pages import PAGE_STYLES, used_styles
from .render import render_client
from .runtime import render_runtime, runtime_settings
from .working import working_document

__all__ = [
    "FINGERPRINT_NAME",
    "PINNED_TOOLS",
    "GeneratedPackage",
    "Skipped",
    "check_api",
    "fingerprint",
    "generate_api",
    "generate_package",
    "stale_files",
]

FINGERPRINT_NAME = ".specpress-fingerprint"
#: The tools whose output lands in a package (models, keyword names, formatting): their pinned
#: versions (pyproject.toml, through ``specpress.pins``) are part of the fingerprint.
PINNED_TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff")


@dataclass(frozen=True)
class GeneratedPackage:
    api: str
    dist: str
    out_dir: Path
    skipped: bool  # up to date: nothing was generated
    left_out: tuple[Skipped, ...] = ()  # operations that could not be generated (warnings)
    spec: Path | None = None


def _read_spec(path: Path) -> OpenAPIDocument:
    doc = OpenAPIDocument.read(path)
    if "paths" not in doc.data:
        raise SpecpressError("not an OpenAPI document (no `paths`)", file=path)
    return doc


def generate_package(
    spec_path: Path,
    sdk_yaml_path: Path,
    out_dir: Path,
    *,
    templates: Path | None = None,
    left_out: list[Skipped] | None = None,
) -> Path:
    """Render one complete, formatted package into ``out_dir`` (must be missing or empty).

    Used by ``specpress generate`` (into a staging dir) and by the diff stage (Python API view of
    a spec version). Returns ``out_dir``; the operations that could not be generated are added
    to ``left_out``. Raises ``SpecpressError`` for bad input.
    """
    templates = (templates or templates_dir(repo_root())).resolve()
    doc = working_document(_read_spec(spec_path))
    config = load_sdk_config(sdk_yaml_path, doc)
    specs = resource_specs(doc, config)
    every_style = list(PAGE_STYLES.values())
    layout = build_resources(doc, config, package_names(doc, config, every_style, specs), specs)
    styles = [op.page.name for r in layout.resources for op in r.operations if op.page]
    names = package_names(doc, config, used_styles(styles), specs)
    derived = derive_model_spec(doc, config, names)  # every spec check before anything is written
    options = user_options(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise SpecpressError("output directory is not empty", file=out_dir)
    pkg_dir = out_dir / "src" / config.package.import_name
    render_runtime(
        pkg_dir,
        runtime_settings(config, doc.info_version),
        templates_dir=templates / "runtime",
        page_styles=styles,
    )
    with tempfile.TemporaryDirectory(prefix="specpress-dmcg-") as work:
        classes = render_models(
            doc, config, names, derived, pkg_dir / "_schemas.py", templates, Path(work), options
        )
    info = doc.data.get("info")
    render_client(
        config,
        names,
        layout,
        info if isinstance(info, dict) else {},
        out_dir,
        templates,
        classes,
    )
    run_ruff(out_dir)
    (out_dir / FINGERPRINT_NAME).write_text(
        fingerprint(spec_path, sdk_yaml_path, templates) + "\n", encoding="utf-8"
    )
    if left_out is not None:
        left_out.extend(layout.skipped)
    return out_dir


def run_ruff(out_dir: Path) -> None:
    """Fix, format and check the package with the pinned ruff; a failure is a short
    ``RuffFailure`` (first findings, package-relative paths), never ruff's whole report."""
    from .ruffreport import RuffFailure, parse_findings

    config = out_dir / "pyproject.toml"
    for args in (
        ["check", "--fix", "--unsafe-fixes", "--exit-zero", "--quiet"],
        ["format", "--quiet"],
        ["check", "--quiet", "--output-format", "concise"],
    ):
        cmd = [sys.executable, "-m", "ruff", *args, "--no-cache", "--config", str(config), "."]
        proc = subprocess.run(cmd, cwd=out_dir, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            output = proc.stdout + proc.stderr
            first = next((ln for ln in output.splitlines() if ln.strip()), "")
            fallback = first.replace(str(out_dir), "<package>")[:200]
            raise RuffFailure(args[0], parse_findings(output, out_dir), fallback=fallback)


def _tree_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts:
            yield path


def _generator_sources() -> list[tuple[str, Path]]:
    """The toolchain modules whose code decides a package's content: this package and the
    sdk.yaml reader (labels are stable across checkouts)."""
    import specpress.config as config_package

    here = Path(__file__).resolve().parent
    config = Path(config_package.__file__ or "").resolve().parent
    return [
        (f"{folder.name}/{path.name}", path)
        for folder in (config, here)
        for path in sorted(folder.glob("*.py"))
    ]


def fingerprint(spec_path: Path, sdk_yaml_path: Path, templates: Path) -> str:
    """sha256 over everything that feeds a package (spec, settings, templates, tools, generator)."""
    h = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        h.update(label.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)

    add("spec", spec_path.read_bytes())
    add("sdk.yaml", sdk_yaml_path.read_bytes())
    for path in _tree_files(templates):
        add("templates/" + path.relative_to(templates).as_posix(), path.read_bytes())
    add("specpress", __version__.encode())
    for tool in sorted(PINNED_TOOLS):
        add(tool, pinned(tool).encode())
    for label, path in _generator_sources():
        add("module/" + label, path.read_bytes())
    return h.hexdigest()


def _api_inputs(root: Path, api: str) -> tuple[Path, Path]:
    folder = specs_dir(root) / api
    spec = folder / "openapi.yaml"
    sdk = folder / "sdk.yaml"
    if not sdk.is_file():
        raise SpecpressError("no sdk.yaml: this API has no client package", file=sdk)
    if not spec.is_file():
        raise SpecpressError("patched spec missing, run `specpress build` first", file=spec)
    return spec, sdk


def generate_api(root: Path, api: str, *, force: bool = False) -> GeneratedPackage:
    """Regenerate ``generated/<dist>/`` for one API unless its fingerprint is unchanged."""
    spec, sdk = _api_inputs(root, api)
    config = load_sdk_config(sdk)
    templates = templates_dir(root)
    target = generated_dir(root) / config.package.dist
    digest = fingerprint(spec, sdk, templates)
    stamp = target / FINGERPRINT_NAME
    if not force and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        return GeneratedPackage(api, config.package.dist, target, skipped=True)
    _refuse_outside_refs(spec)
    left_out: list[Skipped] = []
    with staging_dir(generated_dir(root)) as staging:
        built = _staged_generate(
            root, spec, sdk, staging / config.package.dist, templates, left_out
        )
        replace_dir_atomic(built, target)
    return GeneratedPackage(
        api, config.package.dist, target, skipped=False, left_out=tuple(left_out), spec=spec
    )


def _refuse_outside_refs(spec: Path) -> None:
    """The patched spec is self-contained: the generators must never resolve a reference to the
    network or another file (datamodel-code-generator and openapi-python-client would)."""
    from specpress.openapi.load import read_plain
    from specpress.openapi.refs import Sandbox, check_hermetic

    check_hermetic(read_plain(spec), spec, Sandbox())


def _staged_generate(
    root: Path,
    spec: Path,
    sdk: Path,
    out_dir: Path,
    templates: Path,
    left_out: list[Skipped] | None = None,
) -> Path:
    """``generate_package`` into a staging or scratch directory; failures name the spec (and the
    element a ruff finding comes from) and ``generated/<dist>/``, never the staging path."""
    from .ruffreport import RuffFailure

    shown = f"generated/{out_dir.name}/"
    try:
        return generate_package(spec, sdk, out_dir, templates=templates, left_out=left_out)
    except RuffFailure as failure:
        from specpress.openapi.load import read_plain

        raise failure.locate(display(spec, root), read_plain(spec), shown) from None
    except SpecpressError as exc:
        if exc.file is None or not Path(exc.file).is_relative_to(out_dir.parent):
            raise
        relative = Path(exc.file).relative_to(out_dir.parent).as_posix()
        message = exc.message.replace(str(out_dir), shown.rstrip("/"))
        raise SpecpressError(message, file=f"generated/{relative}", location=exc.location) from None


def stale_files(expected: Path, actual: Path) -> list[str]:
    """Relative paths that differ between two package trees (missing, extra or changed)."""
    want = {p.relative_to(expected).as_posix(): p for p in _tree_files(expected)}
    have = (
        {p.relative_to(actual).as_posix(): p for p in _tree_files(actual)}
        if actual.is_dir()
        else {}
    )
    out = []
    for rel in sorted(set(want) | set(have)):
        same = rel in want and rel in have and filecmp.cmp(want[rel], have[rel], shallow=False)
        if not same:
            out.append(rel)
    return out


def check_api(root: Path, api: str) -> list[str]:
    """``generated/<dist>/`` files that differ from a fresh build (nothing is written there)."""
    spec, sdk = _api_inputs(root, api)
    config = load_sdk_config(sdk)
    target = generated_dir(root) / config.package.dist
    _refuse_outside_refs(spec)
    with tempfile.TemporaryDirectory(prefix="specpress-check-") as tmp:
        built = _staged_generate(
            root, spec, sdk, Path(tmp) / config.package.dist, templates_dir(root)
        )
        return [f"generated/{config.package.dist}/{rel}" for rel in stale_files(built, target)]
