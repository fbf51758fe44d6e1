"""The build fingerprint: `specpress build` rebuilds only the APIs whose inputs changed.

`specs/<api>/.specpress-fingerprint` (committed, like generate's) holds two sha256 digests: of
everything that feeds the build (every lock-listed upstream file and the lock, patches.yaml,
lint-expected.yaml, the `normalize:` options of sdk.yaml, specpress's version, the pins of the
tools whose output or verdict lands in openapi.yaml, and the source of the modules that build
it) and of the `openapi.yaml` it produced. When both still match, the build is skipped; a hand
edit of openapi.yaml or any changed input rebuilds. `--force` rebuilds anyway, and `--check`
always builds in full and compares, the fingerprint file included.

The upstream document's lint findings are cached (git-ignored `.specpress-cache/`) by the digest of
what decides them, so a rebuild after a patch edit does not lint the unchanged upstream again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from specpress import __version__
from specpress.config.reader import read_sdk_yaml
from specpress.config.sdk import SDK_NAME
from specpress.openapi.refs import LOCK_NAME
from specpress.pins import pinned
from specpress.spec.lint.findings import Finding
from specpress.spec.upstream import api_dir, lock_of

FINGERPRINT_NAME = ".specpress-fingerprint"
#: Tools whose output (the round-trip writer, the patch engine) or verdict (the validators)
#: decides what openapi.yaml holds or whether it is written.
PINNED_TOOLS = ("jsonschema", "openapi-spec-validator", "python-jsonpath", "ruamel.yaml")
#: Inputs read beside the upstream files (a missing one hashes as missing).
INPUT_FILES = ("patches.yaml", "lint-expected.yaml")
#: The toolchain's subpackages whose code decides a build.
SOURCES = ("spec", "openapi", "config")


def _sources() -> list[tuple[str, Path]]:
    package = Path(__file__).resolve().parent.parent
    files = [p for name in SOURCES for p in sorted((package / name).rglob("*.py"))]
    files += [package / "errors.py"]
    return [(p.relative_to(package).as_posix(), p) for p in files]


class _Digest:
    """sha256 over labelled, length-prefixed parts (no two part lists hash alike)."""

    def __init__(self) -> None:
        self.h = hashlib.sha256()

    def add(self, label: str, data: bytes) -> None:
        self.h.update(label.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)

    def hexdigest(self) -> str:
        return self.h.hexdigest()


def _add_upstream_and_toolchain(add: Callable[[str, bytes], None], folder: Path) -> None:
    """The lock, every lock-listed upstream file, specpress's version, the pins and the code."""
    lock = lock_of(folder)  # a missing lock: the error names `specpress vendor`
    add(LOCK_NAME, lock.path.read_bytes())
    for name in sorted(lock.files):
        path = folder / "upstream" / name
        add(f"upstream/{name}", path.read_bytes() if path.is_file() else b"\0missing")
    add("specpress", __version__.encode())
    for tool in PINNED_TOOLS:
        add(tool, pinned(tool).encode())
    for label, path in _sources():
        add(f"module/{label}", path.read_bytes())


def upstream_digest(folder: Path) -> str:
    """sha256 over what decides the upstream document's lint findings (not the patches)."""
    digest = _Digest()
    _add_upstream_and_toolchain(digest.add, folder)
    return digest.hexdigest()


def inputs_digest(folder: Path) -> str:
    """sha256 over everything that feeds the build of `folder` (`specs/<api>/`)."""
    digest = _Digest()
    add = digest.add
    _add_upstream_and_toolchain(add, folder)
    for name in INPUT_FILES:
        path = folder / name
        add(name, path.read_bytes() if path.is_file() else b"\0missing")
    sdk = folder / SDK_NAME
    raw = read_sdk_yaml(sdk) if sdk.is_file() else None
    normalize = raw.get("normalize") if isinstance(raw, dict) else None
    add("normalize", json.dumps(normalize, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def render(inputs: str, output_text: str) -> str:
    """The fingerprint file for a build of `output_text` from inputs with digest `inputs`."""
    output = hashlib.sha256(output_text.encode("utf-8")).hexdigest()
    return f"inputs {inputs}\noutput {output}\n"


def skipped_line(api: str) -> str:
    return f"{api}: up to date, skipped (--force rebuilds)"


def up_to_date(root: Path, api: str) -> bool:
    """Whether `specs/<api>/openapi.yaml` is the build of the API's current inputs (cheap: no
    validator or patch engine is imported, so a no-op `specpress build` stays fast)."""
    folder = api_dir(root, api)
    return is_current(folder, folder / "openapi.yaml", inputs_digest(folder))


def is_current(folder: Path, output: Path, inputs: str) -> bool:
    """Whether `output` is the build of these inputs, untouched since."""
    stamp = folder / FINGERPRINT_NAME
    if not stamp.is_file() or not output.is_file():
        return False
    try:
        text = output.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return stamp.read_text(encoding="utf-8") == render(inputs, text)


# --- the upstream findings cache -----------------------------------------------------------

#: Git-ignored, beside the staging area: the upstream document's findings by `upstream_digest`.
#: Linting a large upstream document is most of a build; it is immutable (its sha256 is in the
#: lock), so a rebuild after a patch edit or with --force reuses its findings. A missing,
#: unreadable or foreign cache file is simply recomputed.
CACHE_DIR = ".specpress-cache"


def _cache_file(root: Path, api: str) -> Path:
    return root / CACHE_DIR / "upstream-findings" / f"{api}.json"


def cached_findings(root: Path, api: str, key: str) -> list[Finding] | None:
    """The cached findings for `key`, or None."""
    try:
        data = json.loads(_cache_file(root, api).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(_is_finding(f) for f in findings):
        return None
    return [
        Finding(
            f["rule"],
            f["pointer"],
            f["message"],
            "error" if f["severity"] == "error" else "warning",
        )
        for f in findings
    ]


FINDING_FIELDS = frozenset({"rule", "pointer", "message", "severity"})


def _is_finding(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == FINDING_FIELDS
        and all(isinstance(v, str) for v in entry.values())
        and entry["severity"] in ("error", "warning")
    )


def store_findings(root: Path, api: str, key: str, findings: list[Finding]) -> None:
    """Cache the findings (best effort: a read-only checkout just recomputes next time)."""
    from specpress.fsutil import write_text_atomic

    path = _cache_file(root, api)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        entries = [asdict(f) for f in findings]
        text = json.dumps({"key": key, "findings": entries}, ensure_ascii=False)
        write_text_atomic(path, text + "\n")
    except OSError:
        pass
