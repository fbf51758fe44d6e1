"""Replay of oasdiff's own checker tests against `specpress diff`, and their score.

oasdiff's `checker/*_test.go` assertions, extracted as data into `shared/peer-suites/oasdiff/`
(`cases.json` plus the spec pairs under `fixtures/`; README there), are run case by case:

- the pair is diffed with the case's options (`today`, `WithDeprecation`, `StabilityLevel`);
  our changes below the case's `until_level` are dropped, and in a `single`-check case only the
  ids the named checks can emit count (`rule_checks`), plus the stability ids that oasdiff
  always runs;
- each expected change (id, level, and operation/path when given) is looked for among ours:
  `exact` (same id and level), `level` (same id, other level), `other` (another id at the
  same operation and level), or `missed`;
- in a case that runs every check and lists every change, each ERR/WARN change of ours whose id
  the case does not expect is a `false alarm`; in a complete single-check case it is an `extra`
  (listed in tests/diff/oasdiff-differences.yaml when it is a conscious difference); an id the
  case names as `negative` must not appear at all.

Used by `tests/diff/test_oasdiff.py` (every case, against `tests/diff/oasdiff-differences.yaml`)
and by `nox -s diff-crosscheck` (`python -m specpress.diff.oasdiff`), which prints the score.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specpress.diff.engine import diff_documents
from specpress.diff.load import load_document
from specpress.diff.model import Change, DiffOptions, op_key
from specpress.diff.rules import LEVEL_RANK
from specpress.errors import SpecpressError

KINDS = ("exact", "level", "other", "missed")
_COPY = re.compile(r" \(in \d+ operations?: .*\)$")
_OPTION = re.compile(r"^(\w+)\((.*)\)$")
_STABILITY = {
    "stabilityleveldraft": "draft",
    "stabilitylevelalpha": "alpha",
    "stabilitylevelbeta": "beta",
    "stabilitylevelstable": "stable",
}


def suite_dir(shared: Path) -> Path:
    return shared / "peer-suites" / "oasdiff"


def load_suite(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / "cases.json").read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Outcome:
    """One expected change of a case and how we did on it."""

    case: str
    expected: str  # oasdiff id
    level: str
    operation: str  # "GET /a" or ""
    kind: str  # exact | level | other | missed
    found: str = ""  # what we reported instead ("id LEVEL"), for level / other


@dataclass
class CaseResult:
    case: str
    outcomes: list[Outcome] = field(default_factory=list)
    false_alarms: list[Change] = field(default_factory=list)
    extras: list[Change] = field(default_factory=list)  # the same, in single-check cases
    negatives: list[str] = field(default_factory=list)
    error: str = ""  # a SpecpressError (bad input): every expectation is then missed
    crash: str = ""  # anything else: always a bug


def options_for(case: Mapping[str, Any], default_today: dt.date) -> DiffOptions:
    """The DiffOptions a case's Go options translate to."""
    kwargs: dict[str, Any] = {
        "today": dt.date.fromisoformat(case["today"]) if case.get("today") else default_today
    }
    for option in case.get("options", []):
        match = _OPTION.match(option)
        if not match:
            continue
        name, args = match.groups()
        if name == "WithDeprecation":
            beta, stable = (int(a.strip()) for a in args.split(","))
            kwargs.update(deprecation_days_beta=beta, deprecation_days_stable=stable)
        elif name == "StabilityLevel":
            key = args.strip("'\" ").rsplit(".", 1)[-1].lower()
            kwargs["stability_level"] = _STABILITY.get(key, "beta")
    return DiffOptions(**kwargs)


def _ids_in_scope(case: Mapping[str, Any], rule_checks: Mapping[str, str]) -> set[str] | None:
    """The ids a `single`/`multi` case can see (None: every id, `all` cases)."""
    if case["config"] == "all":
        return None
    # `checker.X` and `X` name the same check; the stability policy runs in every config; an
    # id a case expects is emitted by its checks even where `rule_checks` names another check
    checks = {c.removeprefix("checker.") for c in case["checks"]} | {"nil"}
    scope = {rid for rid, check in rule_checks.items() if check in checks}
    return scope | {e["id"] for e in case["expected"]}


def _same_operation(change: Change, expected: Mapping[str, Any]) -> bool:
    if not expected.get("operation"):
        return True
    return op_key(change.operation) == op_key(f"{expected['operation']} {expected['path']}")


def _matches(kind: str, change: Change, expected: Mapping[str, Any]) -> bool:
    """exact: same id and level; level: same id; other: same operation and level, another id."""
    if not _same_operation(change, expected):
        return False
    if kind == "exact":
        return change.id == str(expected["id"]) and change.level == str(expected["level"])
    if kind == "level":
        return change.id == str(expected["id"])
    return bool(expected.get("operation")) and change.level == expected["level"]


def run_case(
    directory: Path, case: Mapping[str, Any], rule_checks: Mapping[str, str], today: dt.date
) -> CaseResult:
    result = CaseResult(case["id"])
    try:
        old = load_document(directory / case["base_file"])
        new = load_document(directory / case["revision_file"])
        changes = diff_documents(old, new, options_for(case, today)).changes
    except SpecpressError as exc:
        changes, result.error = [], exc.render()
    except Exception as exc:  # a crash (a bug, not bad input) is what the replay must catch
        changes, result.crash = [], f"{type(exc).__name__}: {exc}"
    floor = LEVEL_RANK[case["until_level"]]
    ours = [
        c
        for c in changes
        if LEVEL_RANK[c.level] >= floor
        and not (c.operation == "components" and _COPY.search(c.message))
    ]
    scope = _ids_in_scope(case, rule_checks)
    if scope is not None:
        ours = [c for c in ours if c.id in scope]
    pool = list(ours)
    for expected in case["expected"]:
        op = f"{expected['operation']} {expected['path']}" if expected.get("operation") else ""
        for kind in ("exact", "level", "other"):
            hit = next((c for c in pool if _matches(kind, c, expected)), None)
            if hit is not None:
                pool.remove(hit)
                found = "" if kind == "exact" else f"{hit.id} {hit.level}"
                result.outcomes.append(
                    Outcome(case["id"], expected["id"], expected["level"], op, kind, found)
                )
                break
        else:
            result.outcomes.append(
                Outcome(case["id"], expected["id"], expected["level"], op, "missed")
            )
    if case["complete"]:
        expected_ids = {e["id"] for e in case["expected"]}
        unexpected = [c for c in pool if c.level in ("ERR", "WARN") and c.id not in expected_ids]
        if case["config"] == "all":
            result.false_alarms = unexpected
        else:
            result.extras = unexpected
    result.negatives = sorted({c.id for c in ours if c.id in set(case.get("negatives", []))})
    return result


def run_suite(directory: Path) -> list[CaseResult]:
    suite = load_suite(directory)
    today = dt.date.fromisoformat(suite["summary"]["extracted_on"])
    return [run_case(directory, case, suite["rule_checks"], today) for case in suite["cases"]]


def family(rule_id: str) -> str:
    """The groups the score is reported by (the issue's families)."""
    if "stability" in rule_id:
        return "stability"
    if any(w in rule_id for w in ("sunset", "deprecat", "reactivated")):
        return "sunset/deprecation"
    if "security" in rule_id:
        return "security"
    if "header" in rule_id:
        return "headers"
    if (
        rule_id.startswith("request-parameter")
        or rule_id.endswith("request-parameter")
        or ("path-parameter" in rule_id or "default-parameter" in rule_id)
    ):
        return "request-parameter-*"
    if rule_id.startswith("request-body"):
        return "request-body-*"
    if rule_id.startswith(("request-", "new-")):
        return "request-property-*"
    if "status" in rule_id or "media-type" in rule_id:
        return "response status/media-type"
    if rule_id.startswith(("response-body", "response-mediatype")):
        return "response-body-*"
    if rule_id.startswith("response-"):
        return "response-property-*"
    if rule_id.startswith(
        ("endpoint", "api-path", "api-removed", "api-operation", "api-tag", "webhook")
    ):
        return "paths and operations"
    if rule_id.startswith(("api-schema", "api-server")):
        return "components and servers"
    return "other"


@dataclass
class Score:
    total: Counter[str] = field(default_factory=Counter)
    by_family: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    false_alarms: int = 0
    all_cases_with_false_alarms: int = 0
    negatives: int = 0
    crashes: int = 0
    errors: int = 0
    cases: int = 0

    @property
    def expected(self) -> int:
        return sum(self.total[k] for k in KINDS)

    def ratio(self) -> float:
        return self.total["exact"] / self.expected if self.expected else 1.0


def score(results: Iterable[CaseResult]) -> Score:
    out = Score()
    for result in results:
        out.cases += 1
        for outcome in result.outcomes:
            out.total[outcome.kind] += 1
            out.by_family[family(outcome.expected)][outcome.kind] += 1
        for change in result.false_alarms:
            out.by_family[family(change.id)]["false alarm"] += 1
        out.false_alarms += len(result.false_alarms)
        out.all_cases_with_false_alarms += bool(result.false_alarms)
        out.negatives += len(result.negatives)
        out.crashes += bool(result.crash)
        out.errors += bool(result.error)
    return out


def render_score(s: Score) -> str:
    """A Markdown table: overall, then by family."""

    def row(name: str, c: Counter[str]) -> str:
        n = sum(c[k] for k in KINDS)
        pct = f"{100 * c['exact'] / n:.1f}%" if n else "-"
        cells = (name, n, f"{c['exact']} ({pct})", c["other"], c["level"], c["missed"],
                 c["false alarm"])  # fmt: skip
        return "| " + " | ".join(map(str, cells)) + " |"

    total = Counter(s.total)
    total["false alarm"] = s.false_alarms
    lines = [
        "| family | expected | exact (id and level) | other id | level differs | missed "
        "| false alarms |",
        "|---|---|---|---|---|---|---|",
        row("**all**", total),
    ]
    lines += [row(name, s.by_family[name]) for name in sorted(s.by_family)]
    lines += [
        "",
        f"{s.cases} cases, {s.expected} expected changes: {s.total['exact']} "
        f"({100 * s.ratio():.1f}%) at oasdiff's id and level; false alarms (ERR/WARN not "
        f"expected, all-checks cases): {s.false_alarms}; negatives hit: {s.negatives}; "
        f"crashes: {s.crashes}; inputs refused: {s.errors}.",
    ]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", type=Path, help="the peer suite folder (holds cases.json)")
    parser.add_argument("--details", action="store_true", help="list every non-exact outcome")
    args = parser.parse_args(list(argv) if argv is not None else None)
    results = run_suite(args.suite)
    print(render_score(score(results)))
    if args.details:
        for result in results:
            for o in result.outcomes:
                if o.kind != "exact":
                    print(f"{o.kind:7} {o.case}: {o.expected} {o.level} {o.operation} {o.found}")
            for c in result.false_alarms:
                print(f"false   {result.case}: {c.id} {c.level} {c.operation}")
            if result.crash or result.error:
                print(
                    f"{'crash' if result.crash else 'error':7} {result.case}: "
                    f"{result.crash or result.error}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
