"""Bodies that are not JSON (the runtime's ``_files``) against a real server on 127.0.0.1: what
arrives is parsed server-side. Multipart fields and files in every ``FileTypes`` form, hostile
filenames and part headers, streamed files read once per send, one-shot streams never retried,
urlencoded forms, raw bodies; the key appears in no body, error or log (sync and async)."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from support.mock_server import (
    RecordedRequest,
    Reply,
    json_reply,
    mock_server_fixture,  # noqa: F401  (fixture "mock_server")
)
from support.multipart import Part, parse_multipart
from support.runtime_packages import (
    Harness,
    RuntimePackage,
    harness_fixture,
    runtime_packages_fixture,  # noqa: F401  (fixture "runtime_packages")
)

KEY = "tlk-SECRET-bodies-7777777777"
ITEM = {"_id": "i-1", "status": "ready"}
VIDEO = bytes(range(256)) * 1024  # 256 KiB: several read chunks, every byte value

h = harness_fixture("twelvelabs", KEY)


@pytest.fixture
def files(runtime_packages: dict[str, RuntimePackage]) -> Any:
    return runtime_packages["twelvelabs"].module("_files")


async def send(h: Harness, content: Any, *, path: str = "/up", **options: Any) -> RecordedRequest:
    """POST ``content`` (an ``EncodedBody``) and return what the server received."""
    h.server.set_default(path, json_reply(ITEM))
    client = h.client(max_retries=0, **options)
    item = await h.call(client, "request", "POST", path, content=content, cast_to=dict)
    assert item == ITEM
    return h.server.requests_for(path)[-1]


def parts_of(request: RecordedRequest) -> list[Part]:
    return parse_multipart(request.header("content-type"), request.body)


class CountingReader(io.RawIOBase):
    """A seekable binary file that counts the bytes read from it and the largest read."""

    def __init__(self, data: bytes) -> None:
        self._data, self._pos = data, 0
        self.read_total, self.largest = 0, 0
        self.name = "counted.mp4"

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._data)}[whence]
        self._pos = base + offset
        return self._pos

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else min(len(self._data), self._pos + size)
        chunk = self._data[self._pos : end]
        self._pos = end
        self.read_total += len(chunk)
        self.largest = max(self.largest, len(chunk))
        return chunk


class Pipe(CountingReader):
    """The same, but not seekable (a pipe or socket): the runtime cannot rewind it."""

    def seekable(self) -> bool:
        return False

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        raise io.UnsupportedOperation("seek")

    def tell(self) -> int:
        raise io.UnsupportedOperation("tell")


# -- multipart -----------------------------------------------------------------------------------


async def test_multipart_fields_and_file_arrive_intact(h: Harness, files: Any) -> None:
    body = files.multipart_body(
        {
            "index_id": "idx-1",
            "video_file": ("clip.mp4", VIDEO, "video/mp4"),
            "enable_video_stream": False,
            "tags": ["a", "b"],
            "user_metadata": {"team": "ä", "n": 1},
            "skipped": None,
        },
        files=("video_file",),
    )
    request = await send(h, body)
    assert request.header("content-length") == str(len(request.body))  # not chunked: size known
    parts = parts_of(request)
    assert [(p.name, p.filename) for p in parts] == [
        ("index_id", None),
        ("video_file", "clip.mp4"),
        ("enable_video_stream", None),
        ("tags", None),
        ("tags", None),
        ("user_metadata", None),
    ]
    assert parts[0].data == b"idx-1"
    assert parts[1].data == VIDEO
    assert parts[1].header("content-type") == "video/mp4"
    assert parts[2].data == b"false"
    assert [p.data for p in parts[3:5]] == [b"a", b"b"]
    assert parts[5].data == '{"team":"ä","n":1}'.encode()
    assert KEY.encode() not in request.body
    assert request.header("x-api-key") == KEY


def file_forms(tmp: Path) -> dict[str, tuple[Any, str, str]]:
    """id -> (file argument, filename that should arrive, content type that should arrive)."""
    path = tmp / "local.mp4"
    path.write_bytes(VIDEO)
    return {
        "bytes": (VIDEO, "upload", "application/octet-stream"),
        "bytesio": (io.BytesIO(VIDEO), "upload", "application/octet-stream"),
        "open-file": (path.open("rb"), "local.mp4", "video/mp4"),
        "path": (path, "local.mp4", "video/mp4"),
        "tuple-2": (("given.bin", VIDEO), "given.bin", "application/octet-stream"),
        "tuple-2-none-name": ((None, path), "local.mp4", "video/mp4"),
        "tuple-3": (("a.txt", io.BytesIO(VIDEO), "text/x-custom"), "a.txt", "text/x-custom"),
        "tuple-4": (("b.mp4", path, None, {"X-Part": "1"}), "b.mp4", "video/mp4"),
    }


FORMS = ["bytes", "bytesio", "open-file", "path", "tuple-2", "tuple-2-none-name", "tuple-3"]


@pytest.mark.parametrize("form", [*FORMS, "tuple-4"])
async def test_every_file_form(h: Harness, files: Any, tmp_path: Path, form: str) -> None:
    forms = file_forms(tmp_path)
    value, filename, content_type = forms[form]
    try:
        request = await send(h, files.multipart_body({"f": value}, files=("f",)))
    finally:
        for other, _, _ in forms.values():
            if hasattr(other, "close"):
                other.close()
    (part,) = parts_of(request)
    assert (part.name, part.filename, part.data) == ("f", filename, VIDEO)
    assert part.header("content-type") == content_type
    if form == "tuple-4":
        assert part.header("x-part") == "1"


async def test_a_list_of_files_is_one_part_each(h: Harness, files: Any) -> None:
    body = files.multipart_body({"f": [b"one", ("two.txt", b"two")]}, files=("f",))
    parts = parts_of(await send(h, body))
    assert [(p.filename, p.data) for p in parts] == [("upload", b"one"), ("two.txt", b"two")]


async def test_spec_part_content_type_is_used_unless_it_is_a_pattern(
    h: Harness, files: Any
) -> None:
    body = files.multipart_body(
        {"a": ("a.bin", b"1"), "b": ("b.mp4", b"2")},
        files=("a", "b"),
        encoding={"a": "image/png", "b": "video/*"},
    )
    a, b = parts_of(await send(h, body))
    assert a.header("content-type") == "image/png"
    assert b.header("content-type") == "video/mp4"  # guessed from the filename


async def test_extra_body_adds_text_fields(h: Harness, files: Any) -> None:
    body = files.multipart_body({"x": "1"}, extra={"y": 2, "z": True})
    assert [(p.name, p.data) for p in parts_of(await send(h, body))] == [
        ("x", b"1"),
        ("y", b"2"),
        ("z", b"true"),
    ]


async def test_no_files_is_still_multipart(h: Harness, files: Any) -> None:
    body = files.multipart_body(
        {"video_url": "https://example.com/a.mp4", "video_file": None}, files=("video_file",)
    )
    request = await send(h, body)
    assert str(request.header("content-type")).startswith("multipart/form-data; boundary=")
    assert [(p.name, p.data) for p in parts_of(request)] == [
        ("video_url", b"https://example.com/a.mp4")
    ]


HOSTILE_NAMES = [
    'evil"; name="hijack',
    "line\r\nX-Injected: 1",
    "two\r\n\r\nbody-start",
    "back\\slash\\",
    "ünïcødé 视频 🎬.mp4",
    "nul\x00byte",
]


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
async def test_hostile_filename_cannot_inject_a_header_or_a_part(
    h: Harness, files: Any, filename: str
) -> None:
    body = files.multipart_body({"f": (filename, b"DATA"), "g": "ok"}, files=("f",))
    request = await send(h, body)
    f, g = parts_of(request)  # exactly two parts, each well formed
    assert [k.lower() for k, _ in f.headers] == ["content-disposition", "content-type"]
    assert (f.name, f.data, g.name, g.data) == ("f", b"DATA", "g", b"ok")
    for line in request.body.split(b"\r\n"):
        assert not line.startswith((b"X-Injected", b"body-start", b'name="hijack'))
    arrived = (f.filename or "").replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
    arrived = arrived.replace("%00", "\x00").replace("\\\\", "\\")
    assert arrived == filename  # escaped as browsers do, readable back exactly


@pytest.mark.parametrize(
    "value",
    [
        ("a.bin", b"x", "text/plain\r\nX-Injected: 1"),
        ("a.bin", b"x", None, {"X-Part": "v\r\nX-Injected: 1"}),
        ("a.bin", b"x", None, {"X-Bad\r\nInjected": "v"}),
        ("a.bin", b"x", None, {"Bad Name": "v"}),
        ("a.bin", "text is not bytes"),
        ("a.bin", b"x", None, {}, "fifth"),
        (b"name-not-str", b"x"),
        12345,
    ],
    ids=[
        "ctype-crlf",
        "header-crlf",
        "header-name-crlf",
        "header-name-space",
        "str",
        "5-tuple",
        "bytes-name",
        "int",
    ],
)
async def test_bad_file_arguments_are_refused_before_sending(
    h: Harness, files: Any, value: Any
) -> None:
    with pytest.raises(files.InvalidFileError) as info:
        files.multipart_body({"f": value}, files=("f",))
    assert isinstance(info.value, h.exc.SDKError)
    assert "Injected" not in str(info.value)
    assert h.server.count() == 0


async def test_missing_path_and_text_mode_file_are_package_errors(
    h: Harness, files: Any, tmp_path: Path
) -> None:
    with pytest.raises(files.InvalidFileError, match=r"missing\.mp4"):
        files.multipart_body({"f": tmp_path / "missing.mp4"}, files=("f",))
    (tmp_path / "t.txt").write_text("x")
    with (
        (tmp_path / "t.txt").open("r") as text_file,
        pytest.raises(files.InvalidFileError, match="binary mode"),
    ):
        files.multipart_body({"f": text_file}, files=("f",))


async def test_a_file_is_streamed_once_per_send_in_chunks(h: Harness, files: Any) -> None:
    reader = CountingReader(VIDEO)
    reader.seek(1024)  # a file positioned past a header: the upload starts there
    body = files.multipart_body({"f": reader}, files=("f",))
    assert reader.read_total == 0  # nothing read while building the body
    (part,) = parts_of(await send(h, body))
    assert part.data == VIDEO[1024:]
    assert reader.read_total == len(VIDEO) - 1024  # read exactly once
    assert reader.largest <= files.CHUNK_SIZE  # and never whole


async def test_a_retried_upload_resends_the_whole_file(h: Harness, files: Any) -> None:
    reader = CountingReader(VIDEO)
    h.server.enqueue("/up", Reply(status=503), json_reply(ITEM))
    client = h.client(max_retries=2)
    content = files.multipart_body({"f": reader}, files=("f",))
    await h.call(
        client,
        "request",
        "POST",
        "/up",
        content=content,
        cast_to=dict,
        options={"idempotent": True},
    )
    first, second = h.server.requests_for("/up")
    assert parts_of(first)[0].data == parts_of(second)[0].data == VIDEO
    assert reader.read_total == 2 * len(VIDEO)


async def test_a_stream_that_cannot_rewind_is_sent_once_and_never_retried(
    h: Harness, files: Any
) -> None:
    pipe = Pipe(VIDEO)
    h.server.enqueue("/up", Reply(status=503, body=b'{"message": "busy"}'), json_reply(ITEM))
    client = h.client(max_retries=3)
    content = files.multipart_body({"f": pipe}, files=("f",))
    with pytest.raises(h.exc.InternalServerError) as info:
        await h.call(
            client,
            "request",
            "POST",
            "/up",
            content=content,
            cast_to=dict,
            options={"idempotent": True},
        )
    assert h.server.count("/up") == 1
    request = h.server.requests_for("/up")[0]
    assert request.header("transfer-encoding") == "chunked"  # size unknown
    assert parts_of(request)[0].data == VIDEO
    assert KEY not in str(info.value) and KEY not in repr(info.value)


async def test_a_redirect_resends_a_replayable_upload_but_not_a_pipe(
    h: Harness, files: Any
) -> None:
    h.server.set_default("/moved", Reply(status=307, headers={"Location": "/up"}))
    h.server.set_default("/up", json_reply(ITEM))
    client = h.client(max_retries=0)
    content = files.multipart_body({"f": ("a.bin", io.BytesIO(VIDEO))}, files=("f",))
    await h.call(client, "request", "POST", "/moved", content=content, cast_to=dict)
    assert parts_of(h.server.requests_for("/up")[-1])[0].data == VIDEO
    content = files.multipart_body({"f": Pipe(VIDEO)}, files=("f",))
    with pytest.raises(h.exc.APIStatusError) as info:
        await h.call(client, "request", "POST", "/moved", content=content, cast_to=dict)
    assert info.value.status_code == 307
    assert h.server.count("/up") == 1


async def test_a_read_failure_mid_upload_is_a_package_error(h: Harness, files: Any) -> None:
    class Failing(CountingReader):
        def read(self, size: int = -1) -> bytes:
            if self.read_total:
                raise OSError(5, "Input/output error")
            return super().read(size)

    h.server.set_default("/up", json_reply(ITEM))
    client = h.client(max_retries=0)
    content = files.multipart_body({"f": Failing(VIDEO)}, files=("f",))
    with pytest.raises(h.exc.SDKError, match="Input/output error"):
        await h.call(client, "request", "POST", "/up", content=content, cast_to=dict)


async def test_key_stays_out_of_logs_of_an_upload(
    h: Harness, files: Any, caplog: pytest.LogCaptureFixture
) -> None:
    h.server.set_default("/up", Reply(status=400, body={"message": "bad video"}))
    client = h.client(max_retries=0)
    with caplog.at_level(logging.DEBUG), pytest.raises(h.exc.BadRequestError) as info:
        await h.call(
            client,
            "request",
            "POST",
            "/up",
            cast_to=dict,
            content=files.multipart_body({"f": b"x"}, files=("f",)),
        )
    assert KEY not in caplog.text
    assert KEY not in str(info.value) and KEY not in repr(info.value.request.headers)


# -- urlencoded form and raw bodies --------------------------------------------------------------


async def test_form_body(h: Harness, files: Any) -> None:
    body = files.form_body(
        {"name": "a b&c=d", "n": 3, "on": True, "tags": ["x", "y"], "gone": None},
        extra={"meta": {"k": "ü"}},
    )
    request = await send(h, body)
    assert request.header("content-type") == "application/x-www-form-urlencoded"
    assert parse_qsl(request.body.decode("ascii"), strict_parsing=True) == [
        ("name", "a b&c=d"),
        ("n", "3"),
        ("on", "true"),
        ("tags", "x"),
        ("tags", "y"),
        ("meta", '{"k":"ü"}'),
    ]


async def test_raw_bodies(h: Harness, files: Any, tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(VIDEO)
    for content in (VIDEO, io.BytesIO(VIDEO), path):
        request = await send(h, files.binary_body(content, content_type="video/mp4"))
        assert request.header("content-type") == "video/mp4"
        assert request.header("content-length") == str(len(VIDEO))
        assert request.body == VIDEO
    request = await send(h, files.binary_body(iter([b"ab", b"cd"])))
    assert request.header("content-type") == "application/octet-stream"
    assert request.body == b"abcd"
    with pytest.raises(files.InvalidFileError):
        files.binary_body("a str is not bytes")  # type: ignore[arg-type]
    with pytest.raises(files.InvalidFileError):
        files.binary_body(b"x", content_type="video/mp4\r\nX-Injected: 1")
