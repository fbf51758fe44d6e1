"""Lenient by default, never silent; strict on request. And idempotency keys where an API has them.

Against real loopback servers: a body that does not match its model still comes back (known
fields typed, the rest as sent), each deviation is on the object, on the raw response and in one
WARNING per operation and shape; ``strict_response_validation`` (argument, the official
``_strict_response_validation`` spelling, or the environment variable named in sdk.yaml) raises
instead. Invalid JSON is an error in both modes."""

from __future__ import annotations

import logging

import pytest

from support.mock_server import (
    MockServer,
    Reply,
    json_reply,
    mock_server_fixture,  # noqa: F401  (fixture "mock_server")
)
from support.runtime_packages import (
    Harness,
    RuntimePackage,
    harness_fixture,
    maybe_await,
    runtime_packages_fixture,  # noqa: F401  (fixture "runtime_packages")
)

KEY = "lenient-test-key-777777"
ITEM = {"_id": "i-1", "status": "ready", "progress": 100}


def _fresh_logging(harness: Harness) -> None:
    harness.pkg.module("_logging")._logged_shapes.clear()  # "once" is per process


h = harness_fixture("idempotent", KEY, _fresh_logging)


def warnings_of(caplog: pytest.LogCaptureFixture, pkg: RuntimePackage) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == pkg.name
        and r.levelno == logging.WARNING
        and "does not match" in r.getMessage()
    ]


async def test_lenient_keeps_the_object_and_records_each_deviation(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bad = [ITEM, {"_id": "i-2", "status": "ready", "progress": "half"}, {"status": "failed"}]
    h.server.set_default("/items", json_reply(bad))
    items = await h.call(h.client(), "request", "GET", "/items", cast_to=list[h.pkg.client.Item])
    assert [type(i).__name__ for i in items] == ["Item", "Item", "Item"]
    assert items[1].progress == "half" and items[1].id == "i-2"  # kept as sent, rest typed
    assert items[2].id is None and "id" not in items[2].model_fields_set  # missing: None, unset
    assert items[2].model_dump(by_alias=True, exclude_unset=True) == {"status": "failed"}
    assert [(d.path, d.expected, d.got) for d in items[1].model_deviations()] == [
        ("1.progress", "int", "string 'half'")
    ]
    assert [(d.path, d.got) for d in items[2].model_deviations()] == [("2._id", "missing")]
    assert items[0].model_deviations() == []
    (warning,) = warnings_of(caplog, h.pkg)
    assert "GET /items" in warning and "1.progress: expected int" in warning
    assert "2._id: expected str, got missing" in warning


async def test_logged_once_per_operation_and_shape(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    client = h.client()
    for item_id, progress in (("a", "x"), ("b", "y"), ("c", "z")):  # same shape, other values
        h.server.set_default(f"/items/{item_id}", json_reply({**ITEM, "progress": progress}))
        assert (await h.call(client, "get_item", item_id)).progress == progress
    assert len(warnings_of(caplog, h.pkg)) == 1
    h.server.set_default("/items/d", json_reply({"status": "ready"}))  # another shape
    await h.call(client, "get_item", "d")
    assert len(warnings_of(caplog, h.pkg)) == 2


async def test_strict_mode_switches(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    h.server.set_default("/items/i-1", json_reply({**ITEM, "progress": "half"}))
    for strict in (
        h.client(strict_response_validation=True),
        h.client(_strict_response_validation=True),  # the official SDKs' spelling
        h.client().with_options(strict_response_validation=True),
    ):
        with pytest.raises(h.exc.APIResponseValidationError, match="progress"):
            await h.call(strict, "get_item", "i-1")
    monkeypatch.setenv("RT_IDEM_STRICT_RESPONSE_VALIDATION", "1")
    with pytest.raises(h.exc.APIResponseValidationError):
        await h.call(h.client(), "get_item", "i-1")
    lenient = h.client(strict_response_validation=False)  # the argument beats the environment
    assert (await h.call(lenient, "get_item", "i-1")).progress == "half"
    monkeypatch.setenv("RT_IDEM_STRICT_RESPONSE_VALIDATION", "maybe")
    with pytest.raises(ValueError, match="RT_IDEM_STRICT_RESPONSE_VALIDATION"):
        h.client()


@pytest.mark.parametrize("strict", [False, True])
async def test_invalid_json_is_an_error_in_both_modes(h: Harness, strict: bool) -> None:
    h.server.set_default("/items/i-1", Reply(200, b'{"_id": "i-1", ', {"Content-Type": "x"}))
    with pytest.raises(h.exc.APIResponseValidationError, match="not valid JSON"):
        await h.call(h.client(strict_response_validation=strict), "get_item", "i-1")


async def test_a_list_where_an_object_was_declared_is_kept(h: Harness) -> None:
    h.server.set_default("/items/i-1", json_reply([1, 2, 3]))
    raw = await h.call(h.client(), "request_raw", "GET", "/items/i-1", cast_to=h.pkg.client.Item)
    assert await maybe_await(raw.parse()) == [1, 2, 3]
    assert [(d.path, d.expected) for d in raw.deviations] == [("", "Item")]


def test_union_variant_repaired_in_the_generated_models(mock_server: MockServer) -> None:
    """A Gcore task whose transcription ``task_data`` has a wrong field type: the variant chosen
    by its tag is still the typed Transcription model, with only that field kept as sent."""
    gcore = pytest.importorskip("gcore_streaming_ai")
    task_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    body = {
        "task_id": task_id,
        "status": "SUCCESS",
        "task_name": "transcription",
        "task_data": {"task_name": "transcription", "url": 42, "audio_language": "ger"},
    }
    mock_server.set_default(f"/streaming/ai/tasks/{task_id}", json_reply(body))
    with gcore.Gcore(api_key=KEY, base_url=mock_server.url) as client:
        task = client.streaming.ai_tasks.get(task_id)
    data = task.task_data
    assert not type(data).__name__.startswith("Unknown")
    assert data.audio_language == "ger" and data.url == 42
    assert [d.path for d in task.model_deviations()] == ["task_data.url"]
    assert task.to_dict()["task_data"]["url"] == 42


# -- idempotency keys -----------------------------------------------------------------------


async def test_idempotency_key_makes_a_post_retryable(h: Harness) -> None:
    h.server.enqueue("/items", json_reply({"error": "boom"}, 500), json_reply(ITEM), method="POST")
    h.server.enqueue("/items", json_reply(ITEM), method="POST")
    client = h.client()
    assert (await h.call(client, "create_item", name="x")).id == "i-1"
    await h.call(client, "create_item", name="y")
    first, retry, second = h.server.requests_for("/items", "POST")
    key = first.header("Idempotency-Key")
    assert key and len(key) == 36 and key.count("-") == 4  # a uuid4
    assert retry.header("Idempotency-Key") == key  # the same key on the retry
    assert second.header("Idempotency-Key") not in (None, key)  # a fresh key per call
    h.server.set_default("/items/i-1", json_reply(ITEM))
    await h.call(client, "get_item", "i-1")
    assert h.server.requests_for("/items/i-1")[0].header("Idempotency-Key") is None


async def test_caller_idempotency_key_wins(h: Harness) -> None:
    h.server.set_default("/items", json_reply(ITEM), method="POST")
    options = {"extra_headers": {"idempotency-key": "mine-1"}}
    await h.call(h.client(), "create_item", name="x", options=options)
    assert h.server.requests_for("/items")[0].header("Idempotency-Key") == "mine-1"


async def test_without_an_idempotency_header_a_post_is_not_replayed(
    runtime_packages: dict[str, RuntimePackage], mock_server: MockServer
) -> None:
    pkg = runtime_packages["gcore"]  # like both shipped APIs: no idempotency header documented
    mock_server.set_default("/items", json_reply({"error": "boom"}, 500), method="POST")
    with (
        pkg.client.Client(api_key=KEY, base_url=mock_server.url) as client,
        pytest.raises(pkg.exceptions.InternalServerError),
    ):
        client.create_item(name="x")
    (only,) = mock_server.requests_for("/items")
    assert only.header("Idempotency-Key") is None
