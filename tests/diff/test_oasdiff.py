"""oasdiff's own checker tests, replayed from ../shared/peer-suites/oasdiff: one test per case.

Each case must give every expected change at oasdiff's id and level, or list the difference
with its reason in tests/diff/oasdiff-differences.yaml; a listed difference that no longer happens
fails too ("delete it"). A case that runs every check may not get an ERR/WARN change of ours it
does not expect (no false alarms), no case may crash, and the whole suite must score at least
90% (the score is printed by `nox -s diff-crosscheck`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, SHARED
from specpress.diff import DiffOptions, diff_documents, load_document
from specpress.diff import rules as diff_rules
from specpress.diff.oasdiff import (
    CaseResult,
    load_suite,
    render_score,
    run_case,
    run_suite,
    score,
    suite_dir,
)
from specpress.errors import SpecpressError
from specpress.openapi.load import read_plain

DIFFERENCES = Path(__file__).with_name("oasdiff-differences.yaml")


def _case_ids() -> list[str]:
    cases = SHARED / "peer-suites" / "oasdiff" / "cases.json"
    if not cases.is_file():
        return ["<oasdiff suite missing>"]
    return [c["id"] for c in json.loads(cases.read_text(encoding="utf-8"))["cases"]]


@functools.cache
def _replay(shared: Path) -> dict[str, CaseResult]:
    return {r.case: r for r in run_suite(suite_dir(shared))}


@functools.cache
def _listed() -> dict[str, list[dict[str, Any]]]:
    entries = read_plain(DIFFERENCES)["differences"]
    by_case: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        assert str(entry.get("reason", "")).strip(), f"{entry['case']}: every entry needs a reason"
        assert entry["outcome"] in ("missed", "other", "level", "extra"), entry
        by_case.setdefault(entry["case"], []).append(entry)
    return by_case


def _observed(result: CaseResult) -> set[tuple[str | None, str, str]]:
    """(expected id, outcome, what we reported) of every non-exact outcome and every extra."""
    seen: set[tuple[str | None, str, str]] = {
        (o.expected, o.kind, o.found) for o in result.outcomes if o.kind != "exact"
    }
    seen |= {(None, "extra", f"{c.id} {c.level}") for c in result.extras}
    return {(e, k, f) if k != "missed" else (e, k, "") for e, k, f in seen}


@pytest.mark.parametrize("case_id", _case_ids())
def test_oasdiff_case(shared_dir: Path, case_id: str) -> None:
    results = _replay(shared_dir)
    assert case_id in results, f"oasdiff suite not found under {suite_dir(shared_dir)}"
    result = results[case_id]
    assert not result.crash, f"crash: {result.crash}"
    assert not result.false_alarms, "false alarms in an all-checks case: " + ", ".join(
        f"{c.id} {c.level} {c.operation}" for c in result.false_alarms
    )
    assert not result.negatives, f"ids the case says must not appear: {result.negatives}"
    listed = {
        (e["expected"], e["outcome"], e["ours"] if e["outcome"] != "missed" else "")
        for e in _listed().get(case_id, [])
    }
    observed = _observed(result)
    unlisted = observed - listed
    assert not unlisted, (
        f"differs from oasdiff ({result.error or 'no error'}): "
        + "; ".join(f"expected {e}: {k} {f}".strip() for e, k, f in sorted(unlisted, key=str))
        + f" (fix it, or list it with its reason in {DIFFERENCES.name})"
    )
    stale = listed - observed
    assert not stale, f"listed difference now matches: delete it from {DIFFERENCES.name}: {stale}"


def test_differences_list_names_real_cases(shared_dir: Path) -> None:
    results = _replay(shared_dir)
    assert set(_listed()) - set(results) == set()


def test_score_meets_the_target(shared_dir: Path) -> None:
    s = score(_replay(shared_dir).values())
    assert s.expected == load_suite(suite_dir(shared_dir))["summary"]["expected_changes"]
    assert s.ratio() >= 0.90, f"{s.total['exact']} of {s.expected} at oasdiff's id and level"
    assert (s.false_alarms, s.crashes, s.negatives) == (0, 0, 0)


def test_oasdiff_fixture_self_diffs_are_empty_and_pairs_do_not_crash(shared_dir: Path) -> None:
    """The suite's `smoke` list: every fixture against itself, and the pairs whose Go tests
    assert nothing replayable (counts only, negatives only): no change, no crash."""
    directory = suite_dir(shared_dir)
    offenders = []
    for entry in load_suite(directory)["smoke"]:
        try:
            old = load_document(directory / entry["base_file"])
            new = load_document(directory / entry["revision_file"])
            changes = diff_documents(old, new, DiffOptions()).changes
        except SpecpressError as exc:
            offenders.append(f"{entry['id']}: refused: {exc}")
            continue
        if entry["kind"] == "self" and changes:
            offenders.append(f"{entry['id']}: {len(changes)} changes against itself")
    assert offenders == []


def test_readme_shows_the_current_score(shared_dir: Path) -> None:
    table = render_score(score(_replay(shared_dir).values())).split("\n\n", 1)[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert table in readme, f"README.md's score table is stale; it is now:\n{table}"


def test_the_replay_catches_a_wrong_level_and_a_missing_rule(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the scorer sees a rule at another level, and a rule that never fires."""
    directory = suite_dir(shared_dir)
    suite = load_suite(directory)
    case = next(c for c in suite["cases"] if c["id"] == "TestRequestParameterMaxDecreased")
    today = dt.date.fromisoformat(suite["summary"]["extracted_on"])

    def kinds() -> list[str]:
        return [o.kind for o in run_case(directory, case, suite["rule_checks"], today).outcomes]

    assert kinds() == ["exact"]
    rule = diff_rules.RULES_BY_ID["request-parameter-max-decreased"]
    monkeypatch.setitem(diff_rules.RULES_BY_ID, rule.id, dataclasses.replace(rule, level="WARN"))
    assert kinds() == ["level"]
    renamed = dataclasses.replace(rule, oasdiff_id="request-parameter-max-increased")
    monkeypatch.setitem(diff_rules.RULES_BY_ID, rule.id, renamed)
    assert kinds() == ["other"]  # the same operation and level under another id
    monkeypatch.setitem(diff_rules.RULES_BY_ID, rule.id, dataclasses.replace(renamed, level="INFO"))
    assert kinds() == ["missed"]
