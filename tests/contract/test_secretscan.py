"""The secret scanner: every rendering of a known key, provider key shapes, bearer tokens, JWTs,
credential parameters and fields are found; ordinary text and every committed recording are not
flagged; a finding never carries the secret."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from specpress.contract.recordings import load_recordings, scan_recording
from specpress.contract.secretscan import (
    Leak,
    find_secrets,
    key_forms,
    looks_random,
    scan_data,
    scan_text,
)

ROOT = Path(__file__).resolve().parents[2]
KEY = "98765$5f2b9c0d4e6a8b1c3d5e7f9a0b2c4d6e8f"
TL_KEY = "tlk_2QX8ZK4M9PLW7RT3NV6B"


def _b64(data: str, *, urlsafe: bool = False) -> str:
    raw = data.encode()
    return (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode()


def _jwt(header: dict[str, str], payload: dict[str, object]) -> str:
    def seg(obj: object) -> str:
        return _b64(json.dumps(obj), urlsafe=True).rstrip("=")

    return f"{seg(header)}.{seg(payload)}.c2lnbmF0dXJlLWJ5dGVz"


@pytest.mark.parametrize(
    "rendering",
    [
        KEY,
        json.dumps(KEY)[1:-1],
        quote(KEY, safe=""),
        quote(KEY, safe="").lower(),
        quote_plus(KEY),
        KEY.encode().hex(),
        _b64(KEY),
        _b64(KEY, urlsafe=True),
        _b64("x" + KEY),  # the key at another byte alignment inside a longer blob
        _b64("xy" + KEY + "tail"),
        _b64("user:" + KEY),  # HTTP Basic credentials
        KEY[5:28],  # a long stretch of it (a server that echoes a truncated key)
    ],
    ids=[
        "raw", "json-escaped", "percent", "percent-lower", "plus", "hex", "base64",
        "base64url", "base64-shift1", "base64-shift2", "basic-auth", "stretch",
    ],
)  # fmt: skip
def test_known_key_is_found_in_every_rendering(rendering: str) -> None:
    text = f'{{"detail": "bad credentials: {rendering}"}}'
    assert Leak("the API key") in scan_text(text, keys=[KEY])
    assert Leak("the API key") not in scan_text(text, keys=["some-other-key-0000000000"])


def test_key_with_surrounding_whitespace_is_still_found() -> None:
    assert scan_text(f"echo {KEY}", keys=[KEY + "\n"])
    assert key_forms("short") == frozenset(), "keys under 8 characters would match ordinary text"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("token 12345$0123abcdef4567890abcdef", "a Gcore API token"),
        ("GCORE_API_KEY=29841$c767b250aa11bb22cc33dd44", "a Gcore API token"),
        (f"your key {TL_KEY} is invalid", "a TwelveLabs API key"),
        ("Authorization: Bearer 9f8e7d6c5b4a39281706", "a credential after an auth scheme"),
        ("authorization: apikey 1234$abcdef5678", "a credential after an auth scheme"),
        ("https://api.example.test/v1/x?page=2&api_key=s3cr3tvalue9", "a credential parameter"),
        ("next: /tasks?apikey=ABCDEF123456&page=3", "a credential parameter"),
        ("grant_type=password&password=hunter22&user=a", "a credential parameter"),
        ('{"api_key": "abc123def456"}', "a secret-named JSON field"),
        (_jwt({"alg": "HS256", "typ": "JWT"}, {"sub": "42"}), "a JWT"),
        (f"session={_jwt({'alg': 'none'}, {})}; Path=/", "a JWT"),
    ],
)
def test_shapes_are_found_without_knowing_the_key(text: str, kind: str) -> None:
    assert kind in find_secrets(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Bearer authentication failed: token required",
        "Token authentication is not enabled for this account",
        "spritefright-blender-cut30sec.mp4 at demo-files.gvideo.io",
        "next_page_token=abc123def456 and sort_key=created_at",
        "price: 100$ or 12$ per month",
        "Authorization: APIKey <scrubbed>",
        '{"authorization": "<scrubbed>", "x-api-key": "<scrubbed>"}',
        "see https://example.test/a.b.c and version 1.2.3",
        "aGVsbG8td29ybGQtaGVsbG8.d29ybGQ.eHl6",  # three base64url segments, header not JSON
        "curl -H 'Authorization: APIKey 1234$abcd...'",  # a documentation placeholder
    ],
)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert find_secrets(text) == [], text


def test_structured_data_fields_pairs_and_embedded_bodies() -> None:
    data = {
        "request": {
            "query": [["page", "2"], ["access_token", "opaque-value"]],
            "headers": {"authorization": "<scrubbed>", "x-session-auth": "Zk3q9XvT2mLp8RwN4bYc"},
        },
        "response": {"body": json.dumps({"error": {"client_secret": "0aa1bb2cc3"}})},
    }
    leaks = scan_data(data)
    pointers = {leak.pointer for leak in leaks}
    assert "/request/query/1/1" in pointers  # the value of an access_token pair
    assert "/request/headers/x-session-auth" in pointers  # random value in an auth-like field
    assert "/response/body/error/client_secret" in pointers  # inside the JSON body
    assert "/request/headers/authorization" not in pointers
    clean = {"query": [["page", "2"]], "headers": {"x-auth-mode": "standard"}}
    assert scan_data(clean) == []


def test_a_finding_never_holds_the_secret() -> None:
    leaks = scan_data({"body": f"echo {KEY} {TL_KEY} {_jwt({'alg': 'HS256'}, {})}"}, keys=[KEY])
    assert len(leaks) >= 3
    rendered = " ".join(f"{leak!r} {leak.describe()}" for leak in leaks)
    for secret in (KEY, TL_KEY, "5f2b9c0d", "2QX8ZK4M"):
        assert secret not in rendered


def test_entropy_gate() -> None:
    assert looks_random("Zk3q9XvT2mLp8RwN4bYc")
    assert not looks_random("aaaaaaaaaaaaaaaaaaaa1")
    assert not looks_random("standard-mode-on")


def test_deep_json_in_a_string_does_not_crash_the_scanner() -> None:
    body = "[" * 100_000 + "]" * 100_000
    assert scan_data({"response": {"body": body}}) == []


def test_no_committed_recording_is_flagged() -> None:
    """No false positive on any committed recording (with a known key, as `contract` runs it)."""
    recordings = load_recordings(ROOT)
    assert len(recordings) > 40
    flagged = {
        str(r.file.relative_to(ROOT)): leaks
        for r in recordings
        if (leaks := scan_recording(r, keys=("contract-test-key-0123456789",)))
    }
    assert flagged == {}
