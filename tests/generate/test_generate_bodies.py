"""Request bodies that are not JSON, generated (``generate.bodies``): one package with a
multipart upload, a urlencoded form, a raw body and a JSON body passes ruff and mypy --strict,
ships ``_files`` (a JSON-only package does not), and each method puts its body on the wire as
the spec says, parsed by the loopback server."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from specpress.generate.bodies import choose_media_type
from support.generated import build, imported, mypy_clean
from support.mock_server import MockServer, json_reply
from support.multipart import parse_multipart

KEY = "bodies-key-SECRET-31415"


def ok() -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/Thing"}
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def body(media_type: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"required": True, "content": {media_type: {"schema": schema, **extra}}}


UPLOAD = {
    "type": "object",
    "required": ["index_id"],
    "properties": {
        "index_id": {"type": "string", "description": "The index."},
        "video_file": {"type": "string", "format": "binary"},
        "thumbnails": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "poster": {"type": "string", "contentMediaType": "image/png"},  # 3.1 form of a file
        "video_url": {"type": "string"},
        "enable_video_stream": {"type": "boolean"},
        "count": {"type": "integer"},
    },
}


def document() -> dict[str, Any]:
    form = {"type": "object", "properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}
    raw = {"type": "string", "format": "binary"}
    thing = {"type": "object", "properties": {"id": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "bodies", "version": "1"},
        "paths": {
            "/tasks": {
                "post": {
                    "operationId": "create-task",
                    "requestBody": body(
                        "multipart/form-data",
                        UPLOAD,
                        encoding={"poster": {"contentType": "image/png"}},
                    ),
                    "responses": ok(),
                }
            },
            "/login": {
                "post": {
                    "operationId": "login",
                    "requestBody": body("application/x-www-form-urlencoded", form),
                    "responses": ok(),
                }
            },
            "/blobs/{blob_id}": {
                "put": {
                    "operationId": "put-blob",
                    "parameters": [
                        {
                            "name": "blob_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": body("video/mp4", raw),
                    "responses": ok(),
                }
            },
            "/things": {
                "post": {
                    "operationId": "make-thing",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": form},
                            "multipart/form-data": {"schema": form},
                        }
                    },
                    "responses": ok(),
                }
            },
        },
        "components": {"schemas": {"Thing": thing}},
    }


METHODS = {"create": "create-task", "login": "login", "put": "put-blob", "make": "make-thing"}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("bodies"), "bodies_pkg", document(), METHODS)


def test_package_passes_ruff_and_mypy_strict_and_ships_files(package: Path) -> None:
    assert mypy_clean(package) == ""
    ruff = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            str(package),
            "--config",
            str(package / "pyproject.toml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    assert (package / "src" / "bodies_pkg" / "_files.py").is_file()
    source = (package / "src" / "bodies_pkg" / "resources" / "things.py").read_text()
    assert "video_file: FileTypes | NotGiven = NOT_GIVEN" in source
    assert "thumbnails: list[FileTypes] | NotGiven = NOT_GIVEN" in source
    assert "body: FileContent," in source


def test_json_only_package_ships_no_files_module(tmp_path: Path) -> None:
    doc = document()
    doc["paths"] = {"/things": doc["paths"]["/things"]}
    out = build(tmp_path, "json_only_pkg", doc, {"make": "make-thing"})
    assert not (out / "src" / "json_only_pkg" / "_files.py").exists()
    assert "_files" not in (out / "src" / "json_only_pkg" / "resources" / "things.py").read_text()


@pytest.mark.parametrize("use_async", [False, True])
async def test_each_body_kind_arrives_as_the_spec_says(
    package: Path, tmp_path: Path, use_async: bool
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00VIDEO\xff" * 5000)
    with MockServer() as server, imported(package, "bodies_pkg") as pkg:
        for path in ("/tasks", "/login", "/blobs/b%2F1", "/things"):
            server.set_default(path, json_reply({"id": "t1"}))
        cls = pkg.AsyncHostile if use_async else pkg.Hostile
        client = cls(api_key=KEY, base_url=server.url, max_retries=0)
        things = client.things

        async def run(result: Any) -> Any:
            return await result if use_async else result

        created = await run(
            things.create(
                index_id="idx",
                video_file=video,
                thumbnails=[("a.jpg", b"A"), io.BytesIO(b"B")],
                poster=("p", b"PNG"),
                enable_video_stream=True,
                count=5,
                extra_body={"note": "x"},
            )
        )
        assert type(created).__name__ == "Thing" and created.id == "t1"
        sent = server.requests_for("/tasks")[-1]
        parts = parse_multipart(sent.header("content-type"), sent.body)
        assert [(p.name, p.filename) for p in parts] == [
            ("index_id", None),
            ("video_file", "clip.mp4"),
            ("thumbnails", "a.jpg"),
            ("thumbnails", "upload"),
            ("poster", "p"),
            ("enable_video_stream", None),
            ("count", None),
            ("note", None),
        ]
        assert parts[1].data == video.read_bytes()
        assert parts[1].header("content-type") == "video/mp4"
        assert parts[4].header("content-type") == "image/png"  # from the spec's encoding
        assert [parts[5].data, parts[6].data] == [b"true", b"5"]

        await run(things.login(name="a&b", n=2))
        sent = server.requests_for("/login")[-1]
        assert sent.header("content-type") == "application/x-www-form-urlencoded"
        assert parse_qsl(sent.body.decode()) == [("name", "a&b"), ("n", "2")]

        await run(things.put("b/1", body=video))
        sent = server.requests_for("/blobs/b%2F1")[-1]
        assert (sent.header("content-type"), sent.body) == ("video/mp4", video.read_bytes())

        await run(things.make(name="j"))  # JSON is preferred when a body offers it
        assert server.requests_for("/things")[-1].json() == {"name": "j"}
        for request in server.requests:
            assert KEY.encode() not in request.body
        await run(client.close())
        files = importlib.import_module("bodies_pkg._files")
        with pytest.raises(files.InvalidFileError):
            await run(things.create(index_id="i", video_file="a path as str"))


def test_media_type_choice() -> None:
    assert choose_media_type({"multipart/form-data": {}, "application/json": {}}) == (
        "application/json"
    )
    assert choose_media_type({"application/merge-patch+json": {}, "text/plain": {}}) == (
        "application/merge-patch+json"
    )
    assert choose_media_type(
        {"application/x-www-form-urlencoded": {}, "multipart/form-data": {}}
    ) == ("multipart/form-data")
    assert choose_media_type({"image/png": {}}) == "image/png"


def test_multipart_body_that_is_not_an_object_is_left_out_with_the_reason(tmp_path: Path) -> None:
    """The operation is left out with a one-line reason (i13-zero: never the whole package)."""
    doc = document()
    doc["paths"]["/tasks"]["post"]["requestBody"] = body("multipart/form-data", {"type": "string"})
    left_out: list[Any] = []
    out = build(tmp_path, "bad_pkg", doc, {"create": "create-task"}, left_out)
    (skipped,) = left_out
    assert "multipart/form-data body must be an object" in skipped.reason
    assert skipped.where.startswith("/paths/~1tasks/post/requestBody")
    assert "def create(" not in (out / "src" / "bad_pkg" / "resources" / "things.py").read_text()
