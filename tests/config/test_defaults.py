"""config: a minimal sdk.yaml (the package name) gets every other key from documented defaults,
read from the spec where the spec can tell; what it cannot tell is one error naming the key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specpress.config.defaults import (
    auth_from_spec,
    class_name_of,
    env_prefix_of,
    prefix_from_description,
)
from specpress.config.package import set_version
from specpress.config.sdk import load_sdk_config
from specpress.errors import SpecpressError, SpecpressErrors

GCORE_DESCRIPTION = (
    "API key for authentication. Make sure to include the word `apikey`, followed by a single "
    "space and then your token.\nExample: `apikey 1234$abcdef`"
)


def spec(schemes: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Video  Things API", "version": "2"},
        "paths": {},
        **top,
    }
    if schemes is not None:
        document["components"] = {"securitySchemes": schemes}
    return document


def write(tmp_path: Path, sdk: str, document: dict[str, Any] | None) -> Path:
    path = tmp_path / "sdk.yaml"
    path.write_text(sdk, encoding="utf-8")
    if document is not None:
        (tmp_path / "openapi.yaml").write_text(json.dumps(document), encoding="utf-8")
    return path


def test_one_line_of_sdk_yaml_is_enough(tmp_path: Path) -> None:
    document = spec(
        {"key": {"type": "apiKey", "in": "header", "name": "Authorization",
                 "description": GCORE_DESCRIPTION}},
        servers=[{"url": "https://{region}.example.com/v1/",
                  "variables": {"region": {"default": "eu"}}}],
        security=[{"key": []}],
    )  # fmt: skip
    config = load_sdk_config(write(tmp_path, "package: {dist: video-things}\n", document))
    p, c = config.package, config.client
    assert (p.dist, p.import_name, p.version) == ("video-things", "video_things", "0.1.0")
    assert (p.client_class, p.async_client_class) == ("VideoThings", "AsyncVideoThings")
    assert p.description == "Typed Python client for Video Things API."
    assert (p.user_agent_name, p.license) == ("video-things", "MIT")
    assert c.default_base_url == "https://eu.example.com/v1"
    assert (c.auth_kind, c.auth_header, c.auth_prefix) == ("header", "Authorization", "apikey")
    assert (c.env_api_key, c.env_base_url, c.env_log) == (
        "VIDEO_THINGS_API_KEY",
        "VIDEO_THINGS_BASE_URL",
        "VIDEO_THINGS_LOG",
    )
    assert c.env_strict_response_validation == "VIDEO_THINGS_STRICT_RESPONSE_VALIDATION"
    assert (c.default_timeout, c.default_connect_timeout, c.default_max_retries) == (120, 5, 2)
    assert config.resources == () and config.generator.operations == "all"


def test_explicit_keys_win_over_the_spec(tmp_path: Path) -> None:
    sdk = """\
package: {dist: video-things, client_class: TwelveLabs}
client:
  default_base_url: http://localhost:8080
  auth: {kind: query, name: key}
  env: {base_url: OTHER_URL}
"""
    document = spec({"k": {"type": "http", "scheme": "bearer"}})
    config = load_sdk_config(write(tmp_path, sdk, document))
    c = config.client
    assert config.package.async_client_class == "AsyncTwelveLabs"
    assert c.default_base_url == "http://localhost:8080"
    assert (c.auth_kind, c.auth_query) == ("query", "key")
    assert (c.env_api_key, c.env_base_url) == ("TWELVE_LABS_API_KEY", "OTHER_URL")


def test_what_the_spec_cannot_tell_is_one_error_per_key(tmp_path: Path) -> None:
    path = write(tmp_path, "package: {dist: video-things}\n", spec(servers=[{"url": "/v1"}]))
    with pytest.raises(SpecpressErrors) as info:
        load_sdk_config(path)
    got = {e.location: e.message for e in info.value.errors}
    assert set(got) == {"/client/default_base_url", "/client/auth"}
    assert "no absolute `servers` URL" in got["/client/default_base_url"]
    assert "no securitySchemes" in got["/client/auth"] and "{kind: bearer" in got["/client/auth"]


def test_without_a_spec_the_error_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "package: {dist: video-things}\nclient: {auth: {kind: bearer}}\n", None)
    with pytest.raises(SpecpressError) as info:
        load_sdk_config(path)
    assert info.value.location == "/client/default_base_url"
    assert "no spec (openapi.yaml beside sdk.yaml)" in info.value.message


def test_a_spec_passed_in_is_used_instead_of_the_one_beside(tmp_path: Path) -> None:
    path = write(tmp_path, "package: {dist: video-things}\n", None)
    document = spec({"b": {"type": "http", "scheme": "basic"}}, servers=[{"url": "https://x.io"}])
    config = load_sdk_config(path, document)
    assert (config.client.auth_kind, config.client.auth_prefix) == ("basic", "Basic")


@pytest.mark.parametrize(
    ("schemes", "security", "expected"),
    [
        ({"a": {"type": "apiKey", "in": "header", "name": "x-api-key"}}, None,
         ("header", "x-api-key", "", "")),
        ({"a": {"type": "http", "scheme": "Bearer"}}, None,
         ("bearer", "Authorization", "Bearer", "")),
        ({"a": {"type": "http", "scheme": "basic"}}, None,
         ("basic", "Authorization", "Basic", "")),
        ({"a": {"type": "apiKey", "in": "query", "name": "api_key"}}, None,
         ("query", "", "", "api_key")),
        ({"a": {"type": "oauth2", "flows": {}}}, None,
         ("bearer", "Authorization", "Bearer", "")),
        # the scheme the document requires wins over the first one declared
        ({"a": {"type": "apiKey", "in": "cookie", "name": "s"},
          "b": {"type": "apiKey", "in": "header", "name": "X-Key",
                "description": "Prefix the key with `Token`."}},
         [{"b": []}], ("header", "X-Key", "Token", "")),
        # a $ref to a scheme is followed
        ({"a": {"$ref": "#/components/securitySchemes/b"},
          "b": {"type": "http", "scheme": "bearer"}}, [{"a": []}],
         ("bearer", "Authorization", "Bearer", "")),
    ],
)  # fmt: skip
def test_auth_from_security_schemes(
    schemes: dict[str, Any], security: list[Any] | None, expected: tuple[str, ...]
) -> None:
    document = spec(schemes, **({"security": security} if security else {}))
    derived = auth_from_spec(document)
    assert not isinstance(derived, str), derived
    assert (derived.kind, derived.header, derived.prefix, derived.query) == expected


def test_unsupported_schemes_are_named() -> None:
    message = auth_from_spec(spec({"s": {"type": "apiKey", "in": "cookie", "name": "sid"}}))
    assert message == "no securityScheme of a supported kind: 's' (apiKey in cookie)"
    assert auth_from_spec(spec()) == "the spec declares no securitySchemes"


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        (GCORE_DESCRIPTION, "apikey"),
        ("Example: `Token 8f2b...`", "Token"),
        ("Send `Bearer <token>` in the header", "Bearer"),
        ("prefixed with 'JWT'", "JWT"),
        ("Your API key.", ""),
        ("Use the key as the value `abc123`", ""),
    ],
)
def test_prefix_from_the_description(text: str, prefix: str) -> None:
    assert prefix_from_description(text) == prefix


def test_names() -> None:
    assert class_name_of("twelvelabs-tasks") == "TwelvelabsTasks"
    assert env_prefix_of("TwelveLabs") == "TWELVE_LABS"
    assert env_prefix_of("AIClient2") == "AI_CLIENT_2"
    assert env_prefix_of("Gcore") == "GCORE"


@pytest.mark.parametrize(
    ("sdk", "location", "message"),
    [
        ("client: {auth: {kind: magic}}", "/client/auth/kind", "unknown auth kind 'magic'"),
        ("client: {auth: {kind: query}}", "/client/auth/name", "missing required key 'name'"),
        ("client: {auth: {kind: bearer, header: X}}", "/client/auth/header", "does not apply"),
        ("generator: {operations: some}", "/generator/operations", "expected one of all, listed"),
        ("generator: {retrieve_name: fetch}", "/generator/retrieve_name", "retrieve, get"),
        ("generator: {datamodel: {Bad Name: 1}}", "/generator/datamodel/Bad Name", "not a"),
        ("generator: {datamodel: {x: {a: 1}}}", "/generator/datamodel/x", "expected true"),
        ("generator: {colour: red}", "/generator/colour", "unknown key 'colour'"),
    ],
)
def test_new_keys_are_checked(tmp_path: Path, sdk: str, location: str, message: str) -> None:
    document = spec({"k": {"type": "http", "scheme": "bearer"}}, servers=[{"url": "https://x.io"}])
    path = write(tmp_path, "package: {dist: video-things}\n" + sdk + "\n", document)
    with pytest.raises(SpecpressError) as info:
        load_sdk_config(path)
    assert info.value.location == location and message in info.value.message


def test_generator_settings_are_read(tmp_path: Path) -> None:
    sdk = """\
package: {dist: video-things}
resources: [{path: things, methods: {list: {operation: a, paginate: false}, get: {operation: b}}}]
generator:
  operations: all
  retrieve_name: get
  datamodel: {enum_field_as_literal: one, use-title-as-name: true, strict-types: [str, int]}
"""
    document = spec({"k": {"type": "http", "scheme": "bearer"}}, servers=[{"url": "https://x.io"}])
    config = load_sdk_config(write(tmp_path, sdk, document))
    assert config.generator.operations == "all" and config.generator.retrieve_name == "get"
    assert config.generator.datamodel == (
        ("enum-field-as-literal", "one"),
        ("use-title-as-name", True),
        ("strict-types", ["str", "int"]),
    )
    listed, detected = config.resources[0].methods
    assert (listed.paginate, listed.detect) == (None, False)
    assert (detected.paginate, detected.detect) == (None, True)


def test_set_version_adds_the_key_a_minimal_file_leaves_out(tmp_path: Path) -> None:
    path = tmp_path / "sdk.yaml"
    path.write_text("# mine\npackage:\n  dist: demo  # the name\n  client_class: Demo\n")
    assert set_version(path, "0.2.0") == (
        "# mine\npackage:\n  dist: demo  # the name\n  version: 0.2.0\n  client_class: Demo\n"
    )
