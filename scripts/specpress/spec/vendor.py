"""The upstream-update flow: `specpress vendor <api> NEWFILE`.

Everything runs in a scratch copy of the repository first: store the new document under
`upstream/` with its lock entry, apply the patches (verdict per group), lint against the
expected-findings list, diff the previous patched spec against the new one (wire and Python API
views), regenerate the package, and re-validate every recording. Only when every step passes are
the results copied back (upstream file, lock, openapi.yaml, generated package), so a failure leaves
`specs/` and `generated/` exactly as they were.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpress.config.package import package_info
from specpress.config.sdk import SDK_NAME
from specpress.contract.recordings import load_recordings
from specpress.contract.validate import SpecValidator
from specpress.errors import SpecpressError
from specpress.fsutil import replace_dir_atomic, staging_dir, write_bytes_atomic
from specpress.openapi.load import from_plain, read_plain, read_roundtrip
from specpress.openapi.refs import LOCK_NAME
from specpress.paths import specs_dir
from specpress.semver import max_bump
from specpress.spec.build import OUTPUT_NAME, build_api, write_results
from specpress.spec.stamp import FINGERPRINT_NAME
from specpress.spec.upstream import api_dir, prepare_vendored, verify_lock

COPIED = ("specs", "templates", "generated", "pyproject.toml")
Log = Callable[[str], None]


@dataclass
class VendorReport:
    api: str
    stored: str
    version: str
    wire_bump: str
    python_bump: str | None
    rejected: list[str]


def _sdk_dist(root: Path, api: str) -> str | None:
    """The generated package folder name for `api`, if generation settings exist."""
    sdk = specs_dir(root) / api / SDK_NAME
    return package_info(sdk).dist if sdk.is_file() else None


def _scratch_copy(root: Path, into: Path) -> Path:
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, into / name, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, into / name)
    recordings = root / "tests" / "recordings"
    if recordings.is_dir():
        shutil.copytree(recordings, into / "tests" / "recordings")
    return into


def _store_upstream(scratch: Path, api: str, new_file: Path) -> tuple[str, str]:
    """Store the new document in upstream/ (see `upstream.prepare_vendored`) and make it
    `current` in the lock."""
    vendored = prepare_vendored(new_file)
    folder = scratch / "specs" / api
    _same_api(folder, api, vendored.data, new_file)
    target = folder / "upstream" / vendored.name
    if target.exists() and target.read_bytes() != vendored.payload:
        raise SpecpressError(
            f"a different upstream/{vendored.name} is already vendored; rename the new file "
            "(e.g. with its version: name.<version>.yaml)",
            file=new_file,
        )
    target.write_bytes(vendored.payload)
    lock_path = folder / LOCK_NAME
    lock = read_roundtrip(lock_path)
    lock.data["files"][vendored.name] = from_plain(vendored.entry)
    lock.data["current"] = vendored.name
    lock_path.write_text(lock.dump(), encoding="utf-8")
    return vendored.name, vendored.version


def _same_api(folder: Path, api: str, data: Any, new_file: Path) -> None:
    """A new version shares paths with the current one; a document sharing none is another
    API, vendored here by mistake."""
    current = verify_lock(folder.parent.parent, api)
    old_paths = set(read_plain(current).get("paths") or {})
    new_paths = set(data.get("paths") or {})
    if old_paths and new_paths and not old_paths & new_paths:
        raise SpecpressError(
            f"shares no path with specs/{api}/upstream/{current.name}: a different API? To add "
            f"it as a new one, run `specpress vendor <new-api-name> {new_file.name}`",
            file=new_file,
        )


def vendor(
    root: Path, api: str, new_file: Path, *, accept_rejections: bool, log: Log = print
) -> VendorReport:
    """The whole flow in a scratch copy; the results are copied back only when all of it passed."""
    from specpress.diff import DiffResult, diff_documents, load_document, sdk_changes
    from specpress.generate import generate_api

    api_folder = api_dir(root, api)
    old_patched = api_folder / OUTPUT_NAME
    with tempfile.TemporaryDirectory(prefix="specpress-vendor-") as tmp:
        scratch = _scratch_copy(root, Path(tmp))
        try:
            stored, version = _store_upstream(scratch, api, new_file.resolve())
            log(f"{api}: stored upstream/{stored} (version {version})")
            result = build_api(scratch, api, log=log)
            write_results([result])
            new_patched = scratch / "specs" / api / OUTPUT_NAME
            wire = diff_documents(load_document(old_patched), load_document(new_patched))
            log(f"{api}: wire diff {wire.summary} -> {wire.bump}")
            for change in wire.changes:
                log(f"  {change.level:4} {change.label} {change.operation}: {change.message}")
            python_bump: str | None = None
            dist = _sdk_dist(scratch, api)
            if dist is not None:
                python = DiffResult(sdk_changes(api, old_patched, new_patched))
                python_bump = python.bump
                log(f"{api}: Python API diff {python.summary} -> {python_bump}")
                generate_api(scratch, api)
            validator = SpecValidator.from_file(new_patched)
            rejected = [
                f"{r.operation}/{r.case}: {errors[0]}"
                for r in load_recordings(scratch, api)
                if (errors := validator.errors(r))
            ]
            for line in rejected:
                log(f"  recording rejected by the new spec: {line}")
            if rejected and not accept_rejections:
                raise SpecpressError(
                    f"{len(rejected)} recording(s) are rejected by the new spec; fix the patches "
                    "or re-record, or pass --accept-rejections",
                    file=new_patched.relative_to(scratch),
                )
            _copy_back(root, scratch, api, stored, dist)
        except SpecpressError as exc:
            raise _named_in_repo(exc, scratch, api, new_file) from None
    return VendorReport(api, stored, version, wire.bump, python_bump, rejected)


def _named_in_repo(exc: SpecpressError, scratch: Path, api: str, new_file: Path) -> SpecpressError:
    """The same error, naming files as the user knows them rather than in the scratch copy (the
    new upstream document by the path it was given)."""
    file = exc.file
    if file is not None and Path(file).is_relative_to(scratch):
        relative = Path(file).relative_to(scratch)
        stored = Path("specs") / api / "upstream" / new_file.name
        file = str(new_file) if relative == stored else relative.as_posix()
    message = exc.message.replace(f"{scratch}/", "").replace(str(scratch), ".")
    return SpecpressError(message, file=file, location=exc.location)


def _copy_back(root: Path, scratch: Path, api: str, stored: str, dist: str | None) -> None:
    """Every step passed: move the results into the real tree, each file atomically."""
    folder = Path("specs") / api
    written = (OUTPUT_NAME, FINGERPRINT_NAME)
    for relative in (
        folder / "upstream" / stored,
        folder / LOCK_NAME,
        *(folder / n for n in written),
    ):
        write_bytes_atomic(root / relative, (scratch / relative).read_bytes())
    if dist is not None and (scratch / "generated" / dist).is_dir():
        with staging_dir(root / "generated") as staging:
            staged = staging / dist
            shutil.copytree(scratch / "generated" / dist, staged)
            replace_dir_atomic(staged, root / "generated" / dist)


def proposed_bump(report: VendorReport) -> str:
    """The bump the new version calls for: the larger of the wire and Python API views."""
    return max_bump(report.wire_bump, report.python_bump or "none")
