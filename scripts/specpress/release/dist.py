"""Distributions: package layout, reproducible sdist + wheel builds, and publishing with twine.

`build_package()` (`nox -s build`) builds with hatchling into `dist/<dist>/`, byte-reproducible
(`SOURCE_DATE_EPOCH`), then runs `twine check --strict`; `publish()` (`nox -s publish`) uploads
with credentials from `TWINE_*` environment variables only, after asking the index whether it
has the version already (`specpress.release.index`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from specpress.config.package import package_info
from specpress.config.sdk import SDK_NAME
from specpress.errors import SpecpressError
from specpress.paths import generated_dir, specs_dir, templates_dir
from specpress.release.index import normalize_dist, refuse_if_published

FALLBACK_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip file can hold
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


def sdk_path(root: Path, api: str) -> Path:
    """The API's sdk.yaml; release needs one (it holds the package's name and version)."""
    path = specs_dir(root) / api / SDK_NAME
    if not path.is_file():
        raise SpecpressError("no generation settings for this API", file=path)
    return path


def dist_name(root: Path, api: str) -> str:
    path = sdk_path(root, api)
    dist = package_info(path).dist
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


def package_fingerprint(root: Path, api: str) -> str:
    """What the package was generated from: the generator's fingerprint file in the package, else
    the fingerprint the generator would write now (one function: `specpress.generate`'s)."""
    from specpress.generate import FINGERPRINT_NAME, fingerprint

    marker = package_dir(root, api) / FINGERPRINT_NAME
    if marker.is_file():
        return marker.read_text("utf-8").strip()
    folder = specs_dir(root) / api
    return fingerprint(folder / "openapi.yaml", folder / SDK_NAME, templates_dir(root))


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
