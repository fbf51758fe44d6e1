"""The Python API view of a spec change (`specpress diff --sdk API`).

Both documents are turned into client packages by the real generator
(`specpress.generate.generate_package`), in temporary directories, and their public surfaces
are compared (`apisurface`): what a user of the package sees, which can differ from the wire
(an operationId rename is INFO on the wire and a removed method in Python). Importing this
module imports neither the generator, the settings reader nor `apisurface`: `sdk_changes`
does, when called.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.diff.load import load_document
from specpress.diff.model import Change
from specpress.diff.rules import rule
from specpress.errors import SpecpressError
from specpress.openapi.document import OpenAPIDocument
from specpress.paths import repo_root

if TYPE_CHECKING:
    from specpress.diff.apisurface import ApiChange


def sdk_changes(
    api: str,
    old: Path,
    new: Path,
    generate: Callable[[Path, Path, Path], Any] | None = None,
    *,
    sdk_yaml: Path | None = None,
) -> list[Change]:
    """Regenerate the `api` client from both documents and diff the public Python APIs.

    `sdk_yaml` defaults to `specs/<api>/sdk.yaml` under the repo root; the vendor flow passes
    its scratch copy. `generate` defaults to `specpress.generate.generate_package`.
    """
    from specpress.diff.apisurface import compare_surfaces, extract_surface

    check_bindings = generate is None  # an injected generator has its own settings format
    if generate is None:
        try:
            from specpress.generate import generate_package
        except ImportError as exc:  # a broken install: one line, not a traceback
            raise SpecpressError(
                f"--sdk needs the generator (specpress.generate.generate_package): {exc}"
            ) from None
        generate = generate_package
    sdk_yaml = sdk_yaml or repo_root() / "specs" / api / "sdk.yaml"
    if not sdk_yaml.is_file():
        raise SpecpressError(f"no generation settings for API {api!r}", file=sdk_yaml)
    orphaned = _orphaned_methods(sdk_yaml, new) if check_bindings else []
    if orphaned:
        # The settings map an operation the new document no longer has (removed, or its
        # operationId renamed): the client cannot be generated as configured, and every method
        # bound to it is gone for Python users even when the wire is unchanged.
        return orphaned
    with tempfile.TemporaryDirectory(prefix="specpress-sdk-diff-") as tmp:
        old_out, new_out = Path(tmp) / "old", Path(tmp) / "new"
        assert generate is not None
        generate(old, sdk_yaml, old_out)
        generate(new, sdk_yaml, new_out)
        api_changes = compare_surfaces(extract_surface(old_out), extract_surface(new_out))
    return python_changes(api_changes)


def _orphaned_methods(sdk_yaml: Path, new: Path) -> list[Change]:
    """`python-removed` for each configured method whose operationId is missing from `new`."""
    from specpress.config.sdk import load_sdk_config

    present = {op.operation_id for op in OpenAPIDocument(load_document(new), new).operations()}
    config = load_sdk_config(sdk_yaml)
    changes = []
    for resource in config.resources:
        for method in resource.methods:
            if method.operation not in present:
                name = ".".join((*resource.path, method.name))
                message = (
                    f"`client.{name}` can no longer be generated: operation "
                    f"`{method.operation}` is not in the new document (removed or renamed); "
                    "update sdk.yaml"
                )
                changes.append(Change("python-removed", rule("python-removed").level,
                                      "python", f"client.{name}", message))  # fmt: skip
    return changes


def python_changes(api_changes: Iterable[ApiChange]) -> list[Change]:
    """Python API changes as report entries: `operation: "python"`, the dotted name as location."""
    return [Change(c.id, rule(c.id).level, "python", c.name, c.message) for c in api_changes]
