"""Atomic file and directory replacement: a failed or killed run never half-writes specs/ or
generated/, and its staging leftovers are git-ignored and cleaned by the next run."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary sibling, fsync, then rename over the target."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp_name, _target_mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _target_mode(path: Path) -> int:
    """Keep the mode of the file being replaced; new files get the usual 0666 & ~umask (mkstemp's
    0600 would make committed files private)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# Staging directories of every run live here, inside the folder they are swapped into (same file
# system, so the swap is a rename). The name is git-ignored; a killed run's leftovers are removed
# by the next run.
STAGING_NAME = ".specpress-staging"
_AREA_LOCK = ".lock"
_RESTORE = ".restore.json"


def replace_dir_atomic(staged: Path, target: Path) -> None:
    """Swap a fully built directory into place; the old tree is removed only after the swap.

    The old tree waits beside `staged` (inside the run's staging directory), with a note saying
    where it belongs: if the run is killed between the two renames, the next run puts it back."""
    target.parent.mkdir(parents=True, exist_ok=True)
    backup: Path | None = None
    note = staged.parent / _RESTORE
    if target.exists():
        backup = staged.parent / f".old-{target.name}"
        if backup.exists():
            shutil.rmtree(backup)
        write_text_atomic(note, json.dumps({"backup": str(backup), "target": str(target)}))
        os.replace(target, backup)
    try:
        os.replace(staged, target)
    except BaseException:
        if backup is not None:
            os.replace(backup, target)
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            note.unlink()
    if backup is not None:
        shutil.rmtree(backup)


@contextlib.contextmanager
def staging_dir(near: Path) -> Iterator[Path]:
    """A private directory in `near/.specpress-staging/`, removed on exit.

    Every run holds a shared lock on the staging area while it works; a run that can take it
    exclusively is alone, so whatever it finds there was left by a killed run and is removed
    (after putting back a tree a killed swap had moved aside)."""
    area = near / STAGING_NAME
    area.mkdir(parents=True, exist_ok=True)
    with open(area / _AREA_LOCK, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another run is working: its directories are not leftovers
        else:
            clean_staging_area(area)
        fcntl.flock(lock, fcntl.LOCK_SH)
        path = Path(tempfile.mkdtemp(prefix="run-", dir=area))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


def clean_staging_area(area: Path) -> list[Path]:
    """Remove a staging area's leftovers (the caller holds its lock exclusively); returns them."""
    removed = []
    for entry in sorted(area.iterdir()):
        if entry.name == _AREA_LOCK:
            continue
        _restore_swapped_out(entry / _RESTORE)
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _restore_swapped_out(note: Path) -> None:
    """A run killed between moving the old tree aside and moving the new one in: put it back."""
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
        backup, target = Path(data["backup"]), Path(data["target"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    if backup.is_dir() and not target.exists() and backup.parent == note.parent:
        os.replace(backup, target)
