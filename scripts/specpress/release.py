"""`specpress release`: versions from the diff, changelog, reproducible builds, publishing.

Three entry points share this module:

- `specpress release <api> [--version X] [--repository-url URL] [--dry-run]` computes the next
  version of the API's package, regenerates the package with it (through `sdk.yaml`, never by
  editing generated files), prepends `specs/<api>/CHANGELOG.md` and records the release in
  `specs/<api>/releases.yaml`. Every gate runs before anything is written.
- `build_package()` (used by `nox -s build`): sdist + wheel with hatchling into `dist/<dist>/`,
  byte-reproducible (`SOURCE_DATE_EPOCH`), then `twine check --strict`.
- `publish()` (used by `nox -s publish`): twine upload; credentials only from `TWINE_*` env vars.

The changelog lives in `specs/<api>/CHANGELOG.md` rather than in `generated/<dist>/`: the generator
swaps `generated/<dist>/` atomically on every run and `generate --check` would flag a foreign file.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html.parser
import importlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.fsutil import write_text_atomic
from specpress.paths import generated_dir, repo_root, specs_dir

RELEASES_NAME = "releases.yaml"
CHANGELOG_NAME = "CHANGELOG.md"
SDK_NAME = "sdk.yaml"
FINGERPRINT_NAME = ".specpress-fingerprint"
FALLBACK_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip file can hold
BUMP_RANK = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_BUILD_EXCLUDES = (
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "dist",
    "build",
    "*.egg-info",
    ".venv",
)

Log = Callable[[str], None]


# --- versions ----------------------------------------------------------------------------------


def parse_version(text: str) -> tuple[int, int, int]:
    match = _SEMVER.match(text.strip())
    if not match:
        raise SpecpressError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
    return int(match[1]), int(match[2]), int(match[3])


def format_version(parts: tuple[int, int, int]) -> str:
    return ".".join(str(p) for p in parts)


def effective_bump(version: str, bump: str) -> str:
    """Below 1.0.0 a breaking change bumps the minor (semver's 0.y.z convention)."""
    if bump == "major" and parse_version(version)[0] == 0:
        return "minor"
    return bump


def bump_version(version: str, bump: str) -> str:
    major, minor, patch = parse_version(version)
    bump = effective_bump(version, bump)
    if bump == "major":
        return format_version((major + 1, 0, 0))
    if bump == "minor":
        return format_version((major, minor + 1, 0))
    if bump == "patch":
        return format_version((major, minor, patch + 1))
    return version


def max_bump(*bumps: str) -> str:
    return max(bumps, key=BUMP_RANK.__getitem__, default="none")


# --- package layout ----------------------------------------------------------------------------


def normalize_dist(name: str) -> str:
    """PEP 503 normalized project name (the simple-index path component)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _sdk_settings(root: Path, api: str) -> tuple[Path, Any]:
    from specpress.load import load_plain

    path = specs_dir(root) / api / SDK_NAME
    if not path.is_file():
        raise SpecpressError("no generation settings for this API", file=path)
    return path, load_plain(path)


def package_field(data: Any, key: str) -> str | None:
    """`package.<key>` of sdk.yaml (the shape specpress.sdkconfig documents), if set."""
    package = data.get("package") if isinstance(data, dict) else None
    value = package.get(key) if isinstance(package, dict) else None
    return value if isinstance(value, str) and value else None


def dist_name(root: Path, api: str) -> str:
    path, data = _sdk_settings(root, api)
    dist = package_field(data, "dist")
    if dist is None:
        raise SpecpressError("no distribution name (package.dist) in the settings", file=path)
    return dist


def package_dir(root: Path, api: str) -> Path:
    return generated_dir(root) / dist_name(root, api)


def read_project(pkg: Path) -> dict[str, Any]:
    import tomllib

    path = pkg / "pyproject.toml"
    if not path.is_file():
        raise SpecpressError("not a generated package (no pyproject.toml)", file=path)
    data = tomllib.loads(path.read_text("utf-8"))
    project = data.get("project")
    if not isinstance(project, dict) or "name" not in project or "version" not in project:
        raise SpecpressError("[project] needs a static name and version", file=path)
    return project


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(root: Path, pkg: Path) -> str:
    """The generator's template/toolchain fingerprint, else one over templates/ and the pins."""
    marker = pkg / FINGERPRINT_NAME
    if marker.is_file():
        return marker.read_text("utf-8").strip()
    digest = hashlib.sha256()
    templates = root / "templates"
    files = sorted(p for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    for file in files:
        digest.update(file.relative_to(templates).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        digest.update(pyproject.read_bytes())
    return "sha256:" + digest.hexdigest()


# --- releases.yaml -----------------------------------------------------------------------------


@dataclass
class Release:
    version: str
    upstream: str
    upstream_version: str
    spec_sha256: str
    fingerprint: str

    def to_yaml(self) -> str:
        return "".join(
            f"  {'- ' if i == 0 else '  '}{key}: {json.dumps(value)}\n"
            for i, (key, value) in enumerate(
                (
                    ("version", self.version),
                    ("upstream", self.upstream),
                    ("upstream_version", self.upstream_version),
                    ("spec_sha256", self.spec_sha256),
                    ("fingerprint", self.fingerprint),
                )
            )
        )


@dataclass
class ReleaseHistory:
    package: str
    releases: list[Release] = field(default_factory=list)

    @property
    def last(self) -> Release | None:
        return self.releases[0] if self.releases else None

    def render(self, api: str) -> str:
        head = (
            f"# Release history of specs/{api}, newest first. Written by `specpress release`;\n"
            "# the fingerprint is the generator's template/toolchain fingerprint.\n"
            f"package: {json.dumps(self.package)}\n"
            "releases:\n"
        )
        return head + "".join(r.to_yaml() for r in self.releases)


def releases_path(root: Path, api: str) -> Path:
    return specs_dir(root) / api / RELEASES_NAME


def load_history(root: Path, api: str) -> ReleaseHistory | None:
    from specpress.load import load_plain

    path = releases_path(root, api)
    if not path.is_file():
        return None
    data = load_plain(path)
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        raise SpecpressError("expected `package:` and a `releases:` list", file=path)
    out = ReleaseHistory(str(data.get("package", "")))
    for i, item in enumerate(data["releases"]):
        try:
            out.releases.append(
                Release(
                    str(item["version"]),
                    str(item["upstream"]),
                    str(item["upstream_version"]),
                    str(item["spec_sha256"]),
                    str(item["fingerprint"]),
                )
            )
            parse_version(out.releases[-1].version)
        except (KeyError, TypeError) as exc:
            raise SpecpressError(
                f"release entry lacks {exc}", file=path, location=f"/releases/{i}"
            ) from None
    return out


def current_state(root: Path, api: str, version: str) -> Release:
    """What a release made now would record."""
    from specpress.build import verify_lock
    from specpress.diff import load_document as load_fast

    spec = specs_dir(root) / api / "openapi.yaml"
    if not spec.is_file():
        raise SpecpressError("no patched spec; run `specpress build` first", file=spec)
    upstream = verify_lock(root, api)
    info = load_fast(upstream).get("info") or {}
    return Release(
        version=version,
        upstream=upstream.name,
        upstream_version=str(info.get("version", "")),
        spec_sha256=sha256_file(spec),
        fingerprint=fingerprint(root, package_dir(root, api)),
    )


def init_history(root: Path, api: str) -> Path:
    """Record the current state as the first release (the package's current version)."""
    path = releases_path(root, api)
    if path.exists():
        raise SpecpressError("release history exists already", file=path)
    pkg = package_dir(root, api)
    version = str(read_project(pkg)["version"])
    history = ReleaseHistory(dist_name(root, api), [current_state(root, api, version)])
    write_text_atomic(path, history.render(api))
    return path


# --- the diff since the last release -----------------------------------------------------------


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


@dataclass
class Plan:
    api: str
    dist: str
    last: Release | None
    current_version: str
    wire_bump: str
    python_bump: str
    toolchain_bump: str
    bump: str
    version: str
    notes: list[str]
    changes: list[Any]  # specpress.diff.Change
    state: Release

    def summary(self) -> str:
        last = self.last.version if self.last else "none"
        return (
            f"{self.dist}: {last} -> {self.version} (wire: {self.wire_bump}, python: "
            f"{self.python_bump}, templates/toolchain: {self.toolchain_bump})"
        )


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
        toolchain = "patch" if fingerprint(root, pkg) != last.fingerprint else "none"
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


# --- gates -------------------------------------------------------------------------------------


def _quiet_cli(argv: list[str]) -> tuple[int, str]:
    from specpress.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: unknown sub-command
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    return code, out.getvalue()


def check_spec(root: Path, api: str) -> None:
    """Stale patches and lint failures raise inside build_api; then openapi.yaml must match."""
    from specpress.build import build_api, stale_outputs

    try:
        result = build_api(root, api)
    except SpecpressError as exc:
        raise SpecpressError(f"refusing: the spec does not build: {exc.render()}") from exc
    if stale_outputs([result]):
        raise SpecpressError(
            "refusing: the patched spec is not up to date; run `nox -s regenerate`",
            file=result.output,
        )


def check_generated(root: Path, api: str) -> None:
    try:
        importlib.import_module("specpress.generate")
    except ModuleNotFoundError as exc:
        raise SpecpressError("refusing: specpress.generate is not available") from exc
    code, output = _quiet_cli(["generate", "--check", api])
    if code != 0:
        detail = output.strip().splitlines()[-1] if output.strip() else f"exit {code}"
        raise SpecpressError(
            f"refusing: generated/ is not up to date ({detail}); run `nox -s regenerate`"
        )


def check_recordings(root: Path, api: str) -> None:
    from specpress.contract import SpecValidator, load_recordings, recordings_dir

    if not (recordings_dir(root) / api).is_dir():
        return
    validator = SpecValidator.from_file(specs_dir(root) / api / "openapi.yaml")
    for recording in load_recordings(root, api):
        errors = validator.errors(recording)
        if errors:
            raise SpecpressError(
                f"refusing: recording fails against the current spec: {errors[0]}",
                file=recording.file,
            )


GATES: list[Callable[[Path, str], None]] = [check_spec, check_generated, check_recordings]


# --- the simple index --------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            name = urllib.parse.unquote(urllib.parse.urlsplit(href).path.rsplit("/", 1)[-1])
            if name:
                self.files.append(name)


def simple_url(repository_url: str) -> str:
    """The simple index that belongs to an upload URL (PyPI and TestPyPI mapped; else /simple/)."""
    parts = urllib.parse.urlsplit(repository_url)
    if parts.username or parts.password:
        raise SpecpressError(
            "credentials in the repository URL are refused; set TWINE_USERNAME/TWINE_PASSWORD"
        )
    known = {"upload.pypi.org": "pypi.org", "test.pypi.org": "test.pypi.org"}
    if parts.hostname in known:
        return f"https://{known[parts.hostname]}/simple/"
    path = parts.path.rstrip("/")
    path = path.removesuffix("/legacy")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{path}/simple/", "", ""))


def index_files(index_url: str, dist: str, timeout: float = 10.0) -> list[str]:
    """File names the index lists for `dist` (empty when the project is unknown there)."""
    url = f"{index_url.rstrip('/')}/{normalize_dist(dist)}/"
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return []
        raise SpecpressError(f"index answered {exc.code} for {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise SpecpressError(f"cannot reach the index at {url}: {exc}") from None
    parser = _Links()
    parser.feed(body)
    return parser.files


def version_on_index(index_url: str, dist: str, version: str) -> list[str]:
    """The files of `dist` `version` the index already has."""
    stem = re.sub(r"[-_.]+", "_", dist).lower()
    hits = []
    for name in index_files(index_url, dist):
        lowered = re.sub(r"[-_.]+", "_", name.lower().split(f"-{version}", 1)[0])
        if lowered == stem and (
            name.lower().endswith((f"-{version}.tar.gz", f"-{version}.zip"))
            or f"-{version}-" in name
        ):
            hits.append(name)
    return hits


def refuse_if_published(repository_url: str, dist: str, version: str) -> None:
    index = simple_url(repository_url)
    hits = version_on_index(index, dist, version)
    if hits:
        raise SpecpressError(
            f"refusing: {dist} {version} already exists on {index} ({', '.join(sorted(hits))}); "
            "an index never takes the same version twice, release a new version"
        )


# --- build -------------------------------------------------------------------------------------


def source_date_epoch(pkg: Path) -> int:
    """$SOURCE_DATE_EPOCH, else the last commit time of the package dir, else 1980-01-01."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        try:
            return max(int(env), FALLBACK_EPOCH)
        except ValueError:
            raise SpecpressError(f"SOURCE_DATE_EPOCH is not an integer: {env!r}") from None
    result = subprocess.run(
        ["git", "-C", str(pkg), "log", "-1", "--format=%ct", "--", "."],
        capture_output=True,
        text=True,
        check=False,
    )
    stamp = result.stdout.strip()
    return max(int(stamp), FALLBACK_EPOCH) if result.returncode == 0 and stamp else FALLBACK_EPOCH


def _run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-15:]
        raise SpecpressError(f"`{' '.join(cmd[:4])} ...` failed:\n" + "\n".join(tail))
    return result.stdout


def build_package(pkg: Path, out_dir: Path, *, epoch: int | None = None) -> list[Path]:
    """sdist + wheel of one package into out_dir (emptied first), then `twine check --strict`.

    The package is copied to a scratch directory first (no caches, no stray build output) and built
    with hatchling without isolation (the pinned hatchling in this environment: offline and the
    same backend every time). Same inputs + same epoch give the same bytes.
    """
    read_project(pkg)
    epoch = source_date_epoch(pkg) if epoch is None else epoch
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix="specpress-build-") as tmp:
        src = Path(tmp) / pkg.name
        shutil.copytree(pkg, src, ignore=shutil.ignore_patterns(*_BUILD_EXCLUDES))
        staged = Path(tmp) / "out"
        _run(
            [
                sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel",
                "--outdir", str(staged), str(src),
            ],
            env=env,
        )  # fmt: skip
        files = sorted(staged.iterdir())
        _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, files)])
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True)
        for file in files:
            shutil.copy2(file, out_dir / file.name)
    return sorted(out_dir.iterdir())


# --- publish -----------------------------------------------------------------------------------


def twine_env() -> tuple[dict[str, str], list[str]]:
    """The child environment for twine and the secrets to scrub from its output.

    Only TWINE_USERNAME/TWINE_PASSWORD, or an API token in TWINE_API_KEY / TWINE_TOKEN (sent as
    user `__token__`), are used; nothing comes from arguments or files in the repository.
    """
    env = {k: v for k, v in os.environ.items() if k != "TWINE_REPOSITORY_URL"}
    token = os.environ.get("TWINE_API_KEY") or os.environ.get("TWINE_TOKEN")
    if not os.environ.get("TWINE_PASSWORD") and token:
        env["TWINE_USERNAME"] = "__token__"
        env["TWINE_PASSWORD"] = token
    if not env.get("TWINE_PASSWORD"):
        raise SpecpressError(
            "no credentials: set TWINE_USERNAME and TWINE_PASSWORD (or TWINE_API_KEY for a "
            "token) in the environment; arguments and repository files are never read"
        )
    env.setdefault("TWINE_USERNAME", "__token__")
    secrets = [env["TWINE_PASSWORD"]]
    return env, [s for s in secrets if s]


def scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "****")
    return text


def publish(
    files: Sequence[Path], repository_url: str, *, dry_run: bool = False, log: Log = print
) -> None:
    """Upload one package's sdist + wheel; refuse if its version is already on the index."""
    if not files:
        raise SpecpressError("nothing to publish (build first: nox -s build)")
    names = {_dist_version(f) for f in files}
    if len(names) != 1:
        raise SpecpressError(f"publish one package version at a time, got {sorted(names)}")
    ((dist, version),) = names
    refuse_if_published(repository_url, dist, version)
    if dry_run:
        log(f"dry run: would upload {', '.join(f.name for f in files)} to {repository_url}")
        return
    env, secrets = twine_env()
    with tempfile.TemporaryDirectory(prefix="specpress-twine-") as tmp:
        pypirc = Path(tmp) / "pypirc"  # empty: ~/.pypirc and repo files are never consulted
        pypirc.write_text("")
        cmd = [
            sys.executable, "-m", "twine", "upload", "--non-interactive",
            "--disable-progress-bar", "--config-file", str(pypirc),
            "--repository-url", repository_url, *map(str, files),
        ]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    output = scrub((result.stdout + result.stderr).strip(), secrets)
    if result.returncode != 0:
        raise SpecpressError(f"upload of {dist} {version} failed:\n{output}")
    log(f"uploaded {dist} {version} to {repository_url}")


def _dist_version(file: Path) -> tuple[str, str]:
    name = file.name
    if name.endswith(".whl"):
        dist, version = name.split("-")[:2]
    elif name.endswith(".tar.gz"):
        dist, _, version = name.removesuffix(".tar.gz").rpartition("-")
    else:
        raise SpecpressError("not an sdist or wheel", file=file)
    return normalize_dist(dist), version


# --- release -----------------------------------------------------------------------------------


_GROUPS = (("Breaking", "ERR"), ("Changed", "WARN"), ("Added", "INFO"))


def changelog_entry(plan: Plan) -> str:
    """`## <version>` with Breaking / Added / Changed / Fixed sections from the diff."""
    from specpress.diff import DiffResult, render_markdown

    lines = [f"## {plan.version}", ""]
    state = plan.state
    lines.append(
        f"Upstream `{state.upstream}` (info.version `{state.upstream_version}`); patched spec "
        f"sha256 `{state.spec_sha256[:12]}`. Bump: {effective_bump(plan.version, plan.bump)}."
    )
    lines.append("")
    added = [c for c in plan.changes if c.level == "INFO" and _is_addition(c)]
    other_info = [c for c in plan.changes if c.level == "INFO" and not _is_addition(c)]
    sections: list[tuple[str, list[Any]]] = [
        ("Breaking", [c for c in plan.changes if c.level == "ERR"]),
        ("Added", added),
        ("Changed", [c for c in plan.changes if c.level == "WARN"] + other_info),
    ]
    fixed: list[str] = []
    if plan.toolchain_bump != "none":
        fixed.append("- Regenerated with changed templates or toolchain.")
    fixed += [f"- {note}" for note in plan.notes]
    for title, items in sections:
        if items:
            lines += [f"### {title}", ""]
            lines += [f"- {c.operation}: {c.message} (`{c.label}`)" for c in items]
            lines.append("")
    if fixed:
        lines += ["### Fixed", "", *fixed, ""]
    if plan.changes:
        detail = render_markdown(DiffResult(list(plan.changes)))
        lines += ["<details><summary>Full diff</summary>", "", detail.replace("## ", "#### ", 1)]
        lines += ["</details>", ""]
    if len(lines) == 4:
        lines += ["No API changes.", ""]
    return "\n".join(lines) + "\n"


def _is_addition(change: Any) -> bool:
    return any(word in str(change.id) for word in ("added", "new-"))


def prepend_changelog(path: Path, entry: str, dist: str) -> str:
    title = f"# Changelog: {dist}\n\n"
    old = path.read_text("utf-8") if path.is_file() else title
    body = old[len(title) :] if old.startswith(title) else old
    return title + entry + ("\n" + body if body.strip() else "")


def set_sdk_version(path: Path, version: str) -> str:
    """The settings text with the package version replaced (round-trip: only that line moves)."""
    from specpress.load import load_document

    document = load_document(path)
    data = document.data
    if package_field(data, "version") is None:
        raise SpecpressError("no package version (package.version) in the settings", file=path)
    data["package"]["version"] = version
    return str(document.dump())


def regenerate(root: Path, api: str) -> None:
    code, output = _quiet_cli(["generate", api])
    if code != 0:
        raise SpecpressError(f"regeneration failed:\n{output.strip()}")


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
    for gate in GATES:
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
        write_text_atomic(sdk_path, set_sdk_version(sdk_path, plan.version))
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


# --- CLI ---------------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "release",
        help="compute the next version of a package, regenerate it, write the changelog",
        description="Gates (build, generate --check, recordings), version from the diff since "
        "specs/<api>/releases.yaml, then sdk.yaml + regenerate + CHANGELOG.md + releases.yaml.",
    )
    parser.add_argument("api", nargs="?", help="the API under specs/")
    parser.add_argument("--version", dest="release_version", metavar="X.Y.Z")
    parser.add_argument(
        "--repository-url", metavar="URL", help="refuse if the version is on this index already"
    )
    parser.add_argument("--dry-run", action="store_true", help="check and compute; write nothing")
    parser.add_argument(
        "--init", action="store_true", help="record the current state as the first release"
    )
    parser.add_argument(
        "--build", nargs="*", metavar="PKG_DIR",
        help="only build sdist+wheel of these package dirs (default: generated/*) into dist/",
    )  # fmt: skip
    parser.add_argument(
        "--publish", nargs="*", metavar="DIST_DIR",
        help="only upload these dist/<dist>/ dirs (default: all) to --repository-url",
    )  # fmt: skip
    parser.set_defaults(func=run)


def _generated(root: Path) -> list[Path]:
    return sorted(p for p in generated_dir(root).glob("*") if (p / "pyproject.toml").is_file())


@contextlib.contextmanager
def _noop() -> Iterator[None]:
    yield


def run(args: argparse.Namespace) -> int:
    root = repo_root()
    if args.build is not None:
        pkgs = [Path(p) for p in args.build] or _generated(root)
        for pkg in pkgs:
            files = build_package(pkg, root / "dist" / pkg.name)
            for file in files:
                shown = file.relative_to(root) if file.is_relative_to(root) else file
                print(f"{sha256_file(file)}  {shown}")
        return 0
    if args.publish is not None:
        if not args.repository_url:
            raise SpecpressError("--publish needs --repository-url URL")
        dirs = [Path(p) for p in args.publish] or sorted(
            p for p in (root / "dist").glob("*") if p.is_dir()
        )
        for folder in dirs:
            files = sorted(f for f in folder.iterdir() if f.name.endswith((".whl", ".tar.gz")))
            publish(files, args.repository_url, dry_run=args.dry_run)
        return 0
    if not args.api:
        raise SpecpressError("name the API to release (one of specs/*)")
    if args.init:
        print(f"wrote {init_history(root, args.api)}")
        return 0
    release(
        root,
        args.api,
        version=args.release_version,
        repository_url=args.repository_url,
        dry_run=args.dry_run,
    )
    return 0
