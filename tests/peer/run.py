"""Run the official Gcore SDK's own AI-tasks tests against the official SDK and against ours.

Used by ``nox -s peer-tests`` (not part of ``nox -s tests``: it needs npm for Prism). Steps:

1. start Prism (a spec-driven mock server) on 127.0.0.1 with the Prism-ready spec of the AI paths
   from ``../shared/peer-suites/gcore-python/``;
2. run the official test files, unchanged, against the official ``gcore`` package (the baseline);
3. run the same files against ``gcore-streaming-ai`` through the alias-only shim in
   ``tests/peer/gcore/`` (it shadows the official package on ``PYTHONPATH``);
4. run them once more against ours with only the ``X-Stainless-Lang`` assertions removed (in a
   temporary copy): our client must not claim to be Stainless, so those lines fail by design,
   and this run shows that everything else in those tests passes.

Exit 0 when every case the official SDK passes also passes for ours, apart from failures at an
``X-Stainless-Lang`` assertion in the unchanged run; else exit 1 naming the cases.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAINLESS_LANG = "X-Stainless-Lang"
# The official repository's pytest settings (pyproject.toml [tool.pytest.ini_options]), minus
# its pytest-xdist option; warnings are errors there, so they are errors here too.
PYTEST_INI = """\
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = session
xfail_strict = true
filterwarnings =
    error
"""


@dataclass(frozen=True)
class Outcome:
    status: str  # passed | failed | skipped
    message: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means the server is up
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"peer-tests: Prism did not answer at {url} within the start-up deadline")


def run_pytest(
    suite: Path,
    workdir: Path,
    name: str,
    pythonpath: str | None,
    base_url: str,
    *,
    allowed: tuple[int, ...],
) -> dict[str, Outcome]:
    """One pytest run; an exit code outside ``allowed`` (e.g. a warning turned error at session end,
    such as an unclosed connection) fails the whole comparison."""
    ini = workdir / "pytest.ini"
    ini.write_text(PYTEST_INI)
    report = workdir / f"{name}.xml"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "GCORE_API_KEY", "GCORE_BASE_URL")
    }
    env["TEST_API_BASE_URL"] = base_url
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [
        sys.executable, "-m", "pytest", "-c", str(ini), "--rootdir", str(suite),
        "-p", "no:cacheprovider", "-q", "--tb=line", f"--junitxml={report}",
        str(suite / "tests" / "api_resources"),
    ]  # fmt: skip
    code = subprocess.run(cmd, cwd=suite, env=env, check=False).returncode
    if code not in allowed:
        raise SystemExit(f"peer-tests: the {name} run ended with pytest exit code {code}")
    return parse_junit(report)


def parse_junit(report: Path) -> dict[str, Outcome]:
    if not report.is_file():
        raise SystemExit(f"peer-tests: pytest wrote no report ({report.name}): collection failed")
    outcomes: dict[str, Outcome] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        key = f"{case.get('classname')}::{case.get('name')}"
        status, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                status, message = "failed", f"{child.get('message', '')}\n{child.text or ''}"
            elif child.tag == "skipped":
                status = "skipped"
        outcomes[key] = Outcome(status, message)
    return outcomes


def without_stainless_lang(suite: Path, target: Path) -> Path:
    """A copy of the suite in which the lines asserting the X-Stainless-Lang header are gone."""
    shutil.copytree(suite, target)
    for path in target.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not (STAINLESS_LANG in line and "assert" in line)]
        path.write_text("".join(kept), encoding="utf-8")
    return target


def tally(outcomes: dict[str, Outcome]) -> str:
    counts = {
        s: sum(1 for o in outcomes.values() if o.status == s)
        for s in ("passed", "failed", "skipped")
    }
    return f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prism", required=True, type=Path, help="the prism executable")
    parser.add_argument("--suite", required=True, type=Path, help="shared/peer-suites/gcore-python")
    args = parser.parse_args()
    suite: Path = args.suite.resolve()
    spec = suite / "streaming-ai.openapi.json"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    prism = subprocess.Popen(
        [str(args.prism), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(f"{base_url}/streaming/ai/info", time.monotonic() + 60)
        with tempfile.TemporaryDirectory(prefix="specpress-peer-") as tmp:
            work = Path(tmp)
            official = run_pytest(suite, work, "official", None, base_url, allowed=(0,))
            # 1: some tests failed (the X-Stainless-Lang assertions); report() judges which
            ours = run_pytest(suite, work, "ours", str(HERE), base_url, allowed=(0, 1))
            variant = without_stainless_lang(suite, work / "suite-without-stainless-lang")
            ours_variant = run_pytest(
                variant, work, "ours-variant", str(HERE), base_url, allowed=(0,)
            )
    finally:
        prism.terminate()
        prism.wait(timeout=10)
    return report(official, ours, ours_variant)


def report(
    official: dict[str, Outcome], ours: dict[str, Outcome], ours_variant: dict[str, Outcome]
) -> int:
    baseline = sorted(k for k, o in official.items() if o.status == "passed")
    excused = [k for k in baseline if ours.get(k, Outcome("missing", "")).status != "passed"
               and STAINLESS_LANG in ours[k].message]  # fmt: skip
    broken = [
        k
        for k in baseline
        if ours.get(k, Outcome("missing", "")).status != "passed" and k not in excused
    ]
    broken_variant = [
        k for k in baseline if ours_variant.get(k, Outcome("missing", "")).status != "passed"
    ]
    total = len(baseline)
    passing = total - len(excused) - len(broken)
    print(f"official gcore, unchanged files:           {tally(official)}")
    print(f"gcore-streaming-ai, unchanged files:       {tally(ours)}")
    print(f"  of the official SDK's {total} passes: {passing} pass, {len(excused)} fail only at")
    print(f"  the X-Stainless-Lang assertion, {len(broken)} fail otherwise")
    print(f"gcore-streaming-ai, X-Stainless-Lang lines removed: {tally(ours_variant)}")
    print(f"  of the official SDK's {total} passes: {total - len(broken_variant)} pass")
    for key in broken + [k for k in broken_variant if k not in broken]:
        outcome = ours.get(key) if key in broken else ours_variant.get(key)
        first = (
            (outcome.message.strip().splitlines() or ["(missing)"])[0] if outcome else "(missing)"
        )
        print(f"FAIL {key}: {first}")
    return 1 if broken or broken_variant else 0


if __name__ == "__main__":
    raise SystemExit(main())
