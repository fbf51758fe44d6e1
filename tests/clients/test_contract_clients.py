"""Contract, client side: a real server on 127.0.0.1 replays each recording to the generated
clients, sync and async. The request they send must equal the recorded one; the body must parse,
round-trip on every field and keep unknown ones; errors raise the documented exception with the
decoded body. Mutated bodies show the client behaves as documented for each kind of drift, in both
modes: strict (``strict_response_validation=True``) raises ``APIResponseValidationError`` naming
the field; lenient (the default) returns the object as sent and reports the same field as a
deviation."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest

from specpress.contract import Recording, mutants, response_schema
from specpress.openapi.pointer import lookup, split
from support.clients import API_KEY, API_PROFILES, RECORDINGS, case_id, run_call
from support.multipart import parse_multipart

PROFILES = {p.api: p for p in API_PROFILES}
ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def dump(result: Any) -> Any:
    # warnings=False: a leniently built object holds off-model values on purpose.
    return result.model_dump(by_alias=True, mode="json", exclude_unset=True, warnings=False)


def same(recorded: Any, parsed: Any, where: str = "") -> list[str]:
    """Differences between the recorded JSON and the parsed model's dump (timestamps compared as
    instants, since pydantic re-serializes them in its own ISO form)."""
    if isinstance(recorded, dict) and isinstance(parsed, dict):
        problems = [f"{where}/{k}: missing after parsing" for k in recorded if k not in parsed]
        for key in recorded:
            if key in parsed:
                problems += same(recorded[key], parsed[key], f"{where}/{key}")
        return problems
    if isinstance(recorded, list) and isinstance(parsed, list) and len(recorded) == len(parsed):
        return [p for i, (a, b) in enumerate(zip(recorded, parsed, strict=True))
                for p in same(a, b, f"{where}/{i}")]  # fmt: skip
    if recorded == parsed:
        return []
    if isinstance(recorded, str) and isinstance(parsed, str):
        try:
            if datetime.fromisoformat(recorded) == datetime.fromisoformat(parsed):
                return []
        except ValueError:
            pass
    return [f"{where}: recorded {recorded!r}, parsed {parsed!r}"]


def assert_request_matches(recording: Recording, seen: Any) -> None:
    expected = recording.request
    assert seen.method == expected["method"]
    assert seen.path == expected["path"]
    sent = parse_qsl(seen.query, keep_blank_values=True)
    assert sorted(sent, key=lambda kv: kv[0]) == sorted(
        recording.query_pairs(), key=lambda kv: kv[0]
    ), f"query sent {seen.query!r}"
    header, value = PROFILES[recording.api].auth(API_KEY)
    assert seen.header(header) == value
    if "multipart" in expected:  # parsed server-side: fields and files, in order
        parts = parse_multipart(seen.header("content-type"), seen.body)
        assert [
            {
                "name": p.name,
                **({"filename": p.filename} if p.filename is not None else {}),
                **({"content_type": p.header("content-type")} if p.header("content-type") else {}),
                "data": p.data.decode("utf-8"),
            }
            for p in parts
        ] == expected["multipart"]
    elif expected["json"] is None:
        assert not seen.body
    else:
        assert json.loads(seen.body) == expected["json"]
        assert (seen.header("content-type") or "").startswith("application/json")


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("recording", RECORDINGS, ids=case_id)
def test_replay(recording: Recording, use_async: bool) -> None:
    outcome, seen = run_call(recording, use_async=use_async)
    assert_request_matches(recording, seen)
    if recording.status >= 400:
        module = PROFILES[recording.api].module
        expected = getattr(module, ERROR_CLASSES.get(recording.status, "APIStatusError"))
        assert isinstance(outcome, expected), f"{type(outcome).__name__}: {outcome}"
        assert outcome.status_code == recording.status
        assert outcome.body == recording.body_json()
        assert API_KEY not in str(outcome) and API_KEY not in repr(outcome)
        return
    assert not isinstance(outcome, Exception), f"{type(outcome).__name__}: {outcome}"
    if not recording.body_text:
        assert outcome is None
        return
    assert same(recording.body_json(), dump(outcome)) == []


def _two_xx() -> list[Recording]:
    return [r for r in RECORDINGS if 200 <= r.status < 300 and r.body_text]


def _dotted(pointer: str) -> str:
    return ".".join(split(pointer))


def check_client_mutant(kind: str, pointer: str, body: Any, outcome: Any) -> str | None:
    """None when the client behaved as documented for this kind of drift, else why not."""
    failed = isinstance(outcome, Exception)
    name = type(outcome).__name__
    if kind in ("enum-unknown", "extra-field"):
        if failed:
            return f"{kind}: raised {name}: {outcome}"
        parsed = dump(outcome)
        return None if lookup(parsed, pointer) == lookup(body, pointer) else "value lost"
    if kind == "wrong-type":
        if name != "APIResponseValidationError":
            return f"wrong-type: expected APIResponseValidationError, got {name}"
        return None if _dotted(pointer) in str(outcome) else f"path {_dotted(pointer)} not named"
    # required-removed and null-not-nullable: either a validation error naming the field, or a
    # lossless parse (optional fields read null as None; a union member missing its tag field
    # falls back to the explicit unknown variant, never to a wrong known class).
    if failed:
        if name != "APIResponseValidationError":
            return f"{kind}: unexpected {name}: {outcome}"
        return None if pointer.rsplit("/", 1)[-1] in str(outcome) else "field not named"
    problems = same(body, dump(outcome))
    return f"{kind}: lossy parse {problems[:2]}" if problems else None


def check_lenient_mutant(pointer: str, body: Any, strict_outcome: Any, outcome: Any) -> str | None:
    """Lenient mode: always the object, as sent; a deviation naming the field exactly when strict
    mode refused the body, none when strict mode accepted it."""
    if isinstance(outcome, Exception):
        return f"lenient: raised {type(outcome).__name__}: {outcome}"
    problems = same(body, dump(outcome))
    if problems:
        return f"lenient: lossy parse {problems[:2]}"
    paths = [d.path for d in outcome.model_deviations()]
    if isinstance(strict_outcome, Exception):
        return None if _dotted(pointer) in paths else f"lenient: {_dotted(pointer)} not in {paths}"
    return f"lenient: deviations {paths} where strict mode accepted the body" if paths else None


def test_client_behaves_as_documented_on_every_mutant(capsys: pytest.CaptureFixture[str]) -> None:
    made: Counter[str] = Counter()
    ok: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    failures: list[str] = []
    for recording in _two_xx():
        spec = PROFILES[recording.api].spec
        schema = response_schema(spec, recording)
        for mutant in mutants(spec, schema, recording.body_json()):
            made[mutant.kind] += 1
            text = json.dumps(mutant.body)
            strict, _ = run_call(recording, text, use_async=False, strict=True)
            lenient, _ = run_call(recording, text, use_async=False)
            problem = check_client_mutant(
                mutant.kind, mutant.pointer, mutant.body, strict
            ) or check_lenient_mutant(mutant.pointer, mutant.body, strict, lenient)
            if problem:
                failures.append(f"{case_id(recording)} {mutant.pointer}: {problem}")
            else:
                ok[mutant.kind] += 1
                reported[mutant.kind] += isinstance(strict, Exception)
    summary = ", ".join(f"{k} {ok[k]}/{made[k]}" for k in sorted(made))
    caught = ", ".join(f"{k} {reported[k]}" for k in sorted(made))
    with capsys.disabled():
        print(f"\nclient mutation summary (as documented/made): {summary}")
        print(f"caught in strict mode and reported as deviations in lenient mode: {caught}")
    assert made["wrong-type"] > 0 and made["enum-unknown"] > 0
    assert reported["wrong-type"] == made["wrong-type"] > 0
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_strict_mode_from_the_environment(use_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The variable named in sdk.yaml switches strict mode on; an explicit argument wins."""
    recording = next(r for r in _two_xx() if isinstance(r.body_json(), dict))
    profile = PROFILES[recording.api]
    spec = profile.spec
    wrong = next(
        m for m in mutants(spec, response_schema(spec, recording), recording.body_json())
        if m.kind == "wrong-type"
    )  # fmt: skip
    config = profile.config
    monkeypatch.setenv(config.client.env_strict_response_validation, "true")
    outcome, _ = run_call(recording, json.dumps(wrong.body), use_async=use_async, strict=None)
    assert type(outcome).__name__ == "APIResponseValidationError", outcome
    monkeypatch.setenv(config.client.env_strict_response_validation, "0")
    outcome, _ = run_call(recording, json.dumps(wrong.body), use_async=use_async, strict=None)
    assert not isinstance(outcome, Exception) and outcome.model_deviations()
