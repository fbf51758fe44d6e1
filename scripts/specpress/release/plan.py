"""`specpress release <api>`: the next version from the diff since the last release, then the
package regenerated with it, the changelog and the release history.

`plan_release` computes the version: the largest of the wire bump, the Python API bump (the
diff's `--sdk` view) and a patch when templates or toolchain changed (the generator's
fingerprint), all since the release recorded in `specs/<api>/releases.yaml`. `release` runs
every gate first (`specpress.release.gates`), then writes `sdk.yaml` (the version, through
`specpress.config`), regenerates (never editing generated files), prepends `CHANGELOG.md` and
records the release; a failed regeneration puts `sdk.yaml` and the package back.
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from specpress.config.package import set_version
from specpress.config.sdk import SDK_NAME
from specpress.errors import SpecpressError
from specpress.fsutil import write_text_atomic
from specpress.paths import specs_dir
from specpress.release import gates
from specpress.release.changelog import CHANGELOG_NAME, changelog_entry, prepend_changelog
from specpress.release.dist import (
    dist_name,
    package_dir,
    package_fingerprint,
    read_project,
    sha256_file,
)
from specpress.release.history import (
    RELEASES_NAME,
    Plan,
    Release,
    ReleaseHistory,
    current_state,
    load_history,
    releases_path,
)
from specpress.release.index import refuse_if_published
from specpress.semver import bump_version, effective_bump, max_bump, parse_version

Log = Callable[[str], None]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def released_spec_text(root: Path, api: str, sha: str) -> bytes | None:
    """The committed openapi.yaml whose sha256 is `sha` (walks the file's git history)."""
    rel = f"specs/{api}/openapi.yaml"
    log = _git(root, "log", "--format=%H", "--", rel)
    if log.returncode != 0:
        return None
    for commit in log.stdout.decode().split():
        blob = _git(root, "show", f"{commit}:{rel}")
        if blob.returncode == 0 and hashlib.sha256(blob.stdout).hexdigest() == sha:
            return blob.stdout
    return None


def diff_since(root: Path, api: str, last: Release) -> tuple[str, str, list[Any], list[str]]:
    """Wire and Python-API bumps of the patched spec since `last`, their changes, and notes."""
    from specpress.diff import bump_for, diff_documents, load_document, sdk_changes

    spec = specs_dir(root) / api / "openapi.yaml"
    if sha256_file(spec) == last.spec_sha256:
        return "none", "none", [], []
    old_text = released_spec_text(root, api, last.spec_sha256)
    if old_text is None:
        note = "released spec not found in git history; the wire change counts as minor"
        return "minor", "none", [], [note]
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="specpress-release-") as tmp:
        old = Path(tmp) / "released-openapi.yaml"
        old.write_bytes(old_text)
        result = diff_documents(load_document(old), load_document(spec))
        changes = list(result.changes)
        wire = bump_for(changes)
        python = "none"
        try:
            py_changes = sdk_changes(api, old, spec, sdk_yaml=specs_dir(root) / api / SDK_NAME)
        except SpecpressError as exc:
            notes.append(f"Python API diff skipped: {exc.message}")
        else:
            python = bump_for(py_changes)
            changes += py_changes
    return wire, python, changes, notes


def plan_release(root: Path, api: str, requested: str | None = None) -> Plan:
    dist = dist_name(root, api)
    pkg = package_dir(root, api)
    current_version = str(read_project(pkg)["version"])
    history = load_history(root, api)
    last = history.last if history else None
    base = last.version if last else current_version
    notes: list[str] = []
    if last is None:
        wire = python = toolchain = "none"
        changes: list[Any] = []
        notes.append("no releases.yaml: this records the first release")
    else:
        wire, python, changes, notes = diff_since(root, api, last)
        toolchain = "patch" if package_fingerprint(root, api) != last.fingerprint else "none"
    bump = max_bump(wire, python, toolchain)
    computed = bump_version(base, bump) if last else base
    version = computed
    if requested is not None:
        if parse_version(requested) < parse_version(computed):
            raise SpecpressError(
                f"refusing: requested version {requested} is lower than the computed {computed} "
                f"(bump {effective_bump(base, bump)} since {base})"
            )
        version = requested
    if last is not None and parse_version(version) <= parse_version(last.version):
        raise SpecpressError(
            f"refusing: nothing changed since {dist} {last.version} (same spec, templates and "
            "toolchain); pass --version to release anyway"
        )
    state = current_state(root, api, version)
    return Plan(
        api, dist, last, current_version, wire, python, toolchain, bump, version, notes, changes,
        state,
    )  # fmt: skip


def regenerate(root: Path, api: str) -> None:
    """The package again, from the current sdk.yaml (the generator's entry function)."""
    from specpress.generate import generate_api

    try:
        generate_api(root, api)
    except SpecpressError as exc:
        raise SpecpressError(f"regeneration failed: {exc.render()}") from exc


def release(
    root: Path,
    api: str,
    *,
    version: str | None = None,
    repository_url: str | None = None,
    dry_run: bool = False,
    log: Log = print,
) -> Plan:
    """Every gate first; then sdk.yaml -> regenerate -> CHANGELOG.md -> releases.yaml."""
    for gate in gates.GATES:
        gate(root, api)
    plan = plan_release(root, api, version)
    if repository_url:
        refuse_if_published(repository_url, plan.dist, plan.version)
    log(plan.summary())
    for note in plan.notes:
        log(f"  note: {note}")
    if dry_run:
        log("dry run: nothing written")
        return plan
    folder = specs_dir(root) / api
    sdk_path = folder / SDK_NAME
    old_sdk = sdk_path.read_text("utf-8")
    history = load_history(root, api) or ReleaseHistory(plan.dist)
    changelog = folder / CHANGELOG_NAME
    new_changelog = prepend_changelog(changelog, changelog_entry(plan), plan.dist)
    if plan.version != plan.current_version:
        write_text_atomic(sdk_path, set_version(sdk_path, plan.version))
        try:
            regenerate(root, api)
            written = str(read_project(package_dir(root, api))["version"])
            if written != plan.version:
                raise SpecpressError(
                    f"the generator wrote version {written}, not {plan.version}",
                    file=package_dir(root, api) / "pyproject.toml",
                )
        except BaseException:
            write_text_atomic(sdk_path, old_sdk)
            with contextlib.suppress(SpecpressError):
                regenerate(root, api)
            raise
    state = current_state(root, api, plan.version)  # fingerprint after regeneration
    history.releases.insert(0, state)
    write_text_atomic(changelog, new_changelog)
    write_text_atomic(releases_path(root, api), history.render(api))
    log(
        f"released {plan.dist} {plan.version}: wrote {sdk_path.name}, {changelog.name}, "
        f"{RELEASES_NAME}; next: commit, `nox -s build`, `nox -s publish -- --repository-url URL`"
    )
    return plan
