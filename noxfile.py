"""Sessions for specpress. Each installs exactly what it needs; nothing relies on the host."""

from __future__ import annotations

import itertools
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["regenerate"]
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
GENERATED = ROOT / "generated"
# Every pin lives in pyproject.toml: the tools of each session are its [dependency-groups], the
# build backend its [build-system] requires, the npm tools [tool.specpress.npm].
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
BUILD_BACKEND = list(PYPROJECT["build-system"]["requires"])
NPM_TOOLS: dict[str, str] = PYPROJECT["tool"]["specpress"]["npm"]


def pinned(*groups: str) -> list[str]:
    """The requirements of some dependency groups of pyproject.toml."""
    return list(nox.project.dependency_groups(PYPROJECT, *groups))


def generated_packages() -> list[Path]:
    return sorted(p for p in GENERATED.glob("*") if (p / "pyproject.toml").is_file())


def install_toolchain(session: nox.Session) -> None:
    session.install("-e", ".")


def install_generated(session: nox.Session) -> None:
    for package in generated_packages():
        session.install("-e", str(package))


@nox.session
def regenerate(session: nox.Session) -> None:
    """Rebuild every patched spec from upstream + patches, then regenerate every client package."""
    install_toolchain(session)
    session.run("specpress", "build", *session.posargs)
    if generated_packages() or (ROOT / "templates" / "client").is_dir():
        session.run("specpress", "generate", *session.posargs)


@nox.session
def specpress(session: nox.Session) -> None:
    """Any specpress command, nothing installed by hand: `nox -s specpress -- vendor API FILE`."""
    if not session.posargs:
        session.error("usage: nox -s specpress -- COMMAND [ARGS...] (vendor, build, lint, ...)")
    install_toolchain(session)
    session.run("specpress", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Staleness gates, then the whole suite (toolchain, generated clients, contract, faults)."""
    install_toolchain(session)
    install_generated(session)
    session.install(*pinned("tests"), *BUILD_BACKEND)
    session.run("specpress", "build", "--check")
    if generated_packages():
        session.run("specpress", "generate", "--check")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the toolchain, tests, the runtime sources and generated packages; specpress lint on
    the patched specs."""
    install_toolchain(session)
    session.install(*pinned("lint"))
    runtime = sorted(str(p) for p in (ROOT / "templates" / "runtime").glob("*.py"))
    session.run("ruff", "check", "scripts", "tests", "noxfile.py", *runtime)
    session.run("ruff", "format", "--check", "scripts", "tests", "noxfile.py", *runtime)
    for package in generated_packages():
        session.run("ruff", "check", str(package), "--config", str(package / "pyproject.toml"))
    specs = sorted(str(p) for p in (ROOT / "specs").glob("*/openapi.yaml"))
    session.run("specpress", "lint", *specs)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the toolchain and on every generated package."""
    install_toolchain(session)
    install_generated(session)
    session.install(*pinned("typing"))
    session.run("mypy", "--strict", "scripts/specpress")
    for package in generated_packages():
        session.run(
            "mypy",
            "--strict",
            str(package / "src"),
            "--config-file",
            str(package / "pyproject.toml"),
        )


@nox.session
def contract(session: nox.Session) -> None:
    """Re-validate every recording against a spec: nox -s contract -- [--spec FILE] [--api API]."""
    install_toolchain(session)
    session.run("specpress", "contract", "-v", *session.posargs)


@nox.session
def record(session: nox.Session) -> None:
    """Record a live call as a case: nox -s record -- API OPERATION --case NAME [--param k=v]."""
    install_toolchain(session)
    install_generated(session)
    session.run("specpress", "record", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """sdist + wheel of every generated package (hatchling, reproducible), then twine check."""
    install_toolchain(session)
    session.install(*pinned("release"), *BUILD_BACKEND)
    packages = [str(p) for p in generated_packages()]
    if not packages:
        session.error("no generated packages under generated/: run nox -s regenerate")
    # SOURCE_DATE_EPOCH from the environment wins; else each package's last commit time.
    session.run("specpress", "release", "--build", *packages)


@nox.session
def publish(session: nox.Session) -> None:
    """twine upload to --repository-url URL [--dry-run]; credentials only from TWINE_* env vars."""
    install_toolchain(session)
    session.install(*pinned("release"), *BUILD_BACKEND)
    if "--repository-url" not in " ".join(session.posargs):
        session.error("usage: nox -s publish -- --repository-url URL [--dry-run]")
    session.run("specpress", "release", "--publish", *session.posargs)


@nox.session
def diff(session: nox.Session) -> None:
    """Wire (and with --sdk, Python API) diff of two spec versions: nox -s diff -- OLD NEW [...].

    Every `specpress diff` option passes through (`--format junit`, `--severity-levels FILE`,
    `--ignore FILE`, `--include-path-params`, ...; see docs/diff-rules.md).
    """
    install_toolchain(session)
    session.run("specpress", "diff", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Side-by-side benchmark: our clients vs the official SDKs vs the httpx floors (not a test)."""
    install_toolchain(session)
    install_generated(session)
    session.install(*pinned("bench"))
    session.run("python", "-m", "bench.run", *session.posargs)


def npm_tool(session: nox.Session, package: str, command: str) -> Path:
    """Install a pinned npm package into the session's tmp dir; the path of its executable."""
    prefix = Path(session.create_tmp()) / command
    session.run(
        "npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
        package, external=True,
    )  # fmt: skip
    return prefix / "node_modules" / ".bin" / command


@nox.session(name="peer-tests")
def peer_tests(session: nox.Session) -> None:
    """The official Gcore SDK's own AI-tasks tests, unchanged, against ours (alias-only shim in
    tests/peer/) and against the official SDK, under Prism on 127.0.0.1 (needs npm)."""
    suite = ROOT.parent / "shared" / "peer-suites" / "gcore-python"
    if not suite.is_dir():
        session.error(f"official test files not found: {suite}")
    session.install("-e", f"{GENERATED / 'gcore-streaming-ai'}[aiohttp]")
    session.install(*pinned("peer"))
    prism = npm_tool(session, NPM_TOOLS["prism"], "prism")
    session.run("python", str(ROOT / "tests" / "peer" / "run.py"), "--prism", str(prism),
                "--suite", str(suite))  # fmt: skip


def reference_pairs() -> list[tuple[Path, Path]]:
    """Consecutive versions of each reference spec (read from ../shared, never copied in)."""
    pairs: list[tuple[Path, Path]] = []
    for folder in sorted((ROOT.parent / "shared" / "reference-specs").glob("*/")):
        versions = sorted(folder.glob("*.yaml"))
        pairs += list(itertools.pairwise(versions))
    return pairs


@nox.session(name="diff-crosscheck")
def diff_crosscheck(session: nox.Session) -> None:
    """oasdiff's checker tests replayed (score), then specpress diff beside redocly diff.

    `nox -s diff-crosscheck`: both; `-- oasdiff`: the replay only (no npm); `-- OLD NEW`:
    redocly on one pair. Redocly is pinned and needs npm.
    """
    install_toolchain(session)
    if len(session.posargs) != 2:
        suite = ROOT.parent / "shared" / "peer-suites" / "oasdiff"
        session.run("python", "-m", "specpress.diff.oasdiff", str(suite))
        if session.posargs == ["oasdiff"]:
            return
    tmp = Path(session.create_tmp())
    redocly = npm_tool(session, NPM_TOOLS["redocly"], "redocly")
    posargs = [Path(a) for a in session.posargs]
    pairs = [(posargs[0], posargs[1])] if len(posargs) == 2 else reference_pairs()
    for old, new in pairs:
        session.log(f"{old.name} -> {new.name}")
        ours = session.run("specpress", "diff", str(old), str(new), "--format", "json", silent=True)
        # redocly writes its report to stdout and progress to stderr: keep them apart
        report = tmp / "redocly.json"
        command = f'"{redocly}" diff "{old}" "{new}" --format json > "{report}"'
        session.run("sh", "-c", command, external=True, success_codes=[0, 1],
                    env={"REDOCLY_TELEMETRY": "off"})  # fmt: skip
        (tmp / "ours.json").write_text(str(ours))
        session.run("python", "-m", "specpress.diff.crosscheck", str(tmp / "ours.json"),
                    str(tmp / "redocly.json"))  # fmt: skip
