"""Bodies that are not JSON: multipart/form-data with file uploads, urlencoded forms, raw bytes.

Shipped only to packages with such an operation. Files are accepted in the official SDKs' forms
(``FileTypes``): ``bytes``, a binary file object, a ``pathlib.Path`` (any ``os.PathLike``), or a
tuple ``(filename, content[, content_type[, headers]])``. A file is read in chunks while the
request is sent, once per send, never held whole in memory; a path is opened only then. A
filename is escaped as browsers do (``"`` -> ``%22``, CR/LF and other control characters as
``%XX``), and a content type or part header with a control character is refused, so no value
can start a header or a part of its own.
"""

from __future__ import annotations

import json as _json
import mimetypes
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeAlias
from urllib.parse import urlencode

from ._exceptions import SDKError
from ._request import EncodedBody, encode_query, jsonable
from ._types import NotGiven, Omit

__all__ = [
    "CHUNK_SIZE",
    "FileContent",
    "FileTypes",
    "InvalidFileError",
    "binary_body",
    "form_body",
    "multipart_body",
]

#: What a file's content may be (as in the official SDKs).
FileContent: TypeAlias = IO[bytes] | bytes | os.PathLike[str]
#: A file argument: its content, or (filename, content[, content_type[, part headers]]).
FileTypes: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)

#: Bytes read from a file per chunk.
CHUNK_SIZE = 64 * 1024
_OCTET_STREAM = "application/octet-stream"
_ESCAPES = {'"': "%22", "\\": "\\\\", **{chr(c): f"%{c:02X}" for c in (*range(0x20), 0x7F)}}


class InvalidFileError(SDKError, ValueError):
    """A file argument cannot be sent: an unsupported type, a missing path, a read failure, or
    a content type / part header that would break the request's framing."""


@dataclass(frozen=True)
class _Source:
    """The bytes of one file: in memory, a path opened per send, or a file object."""

    data: bytes | None = None
    path: Path | None = None
    file: IO[bytes] | None = None
    start: int = 0  # where a seekable file object's content starts
    size: int | None = None
    seekable: bool = True

    def chunks(self) -> Iterator[bytes]:
        if self.data is not None:
            yield self.data
            return
        try:
            if self.path is not None:
                with self.path.open("rb") as handle:
                    yield from _read_chunks(handle)
                return
            assert self.file is not None
            if self.seekable:
                self.file.seek(self.start)
            yield from _read_chunks(self.file)
        except OSError as exc:
            raise InvalidFileError(
                f"cannot read the file to upload: {exc.strerror or exc}"
            ) from None


def _read_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK_SIZE):
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise InvalidFileError("a file to upload must be opened in binary mode")
        yield bytes(chunk)


def _source(content: object) -> _Source:
    if isinstance(content, (bytes, bytearray, memoryview)):
        return _Source(data=bytes(content))
    if isinstance(content, os.PathLike):
        path = Path(os.fspath(content))
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InvalidFileError(f"cannot upload {path.name!r}: {exc.strerror or exc}") from None
        if not path.is_file():
            raise InvalidFileError(f"cannot upload {path.name!r}: not a regular file")
        return _Source(path=path, size=size)
    read = getattr(content, "read", None)
    if callable(read) and not isinstance(content, str):
        file: IO[bytes] = content  # type: ignore[assignment]
        mode = getattr(file, "mode", "b")
        if isinstance(mode, str) and "b" not in mode:
            raise InvalidFileError("a file to upload must be opened in binary mode ('rb')")
        try:
            if hasattr(file, "seekable") and file.seekable():
                start = file.tell()
                size = file.seek(0, os.SEEK_END) - start
                file.seek(start)
                return _Source(file=file, start=start, size=size)
        except OSError:
            pass
        return _Source(file=file, seekable=False)  # a pipe, a socket: sent once, chunked
    raise InvalidFileError(
        f"a file must be bytes, a binary file object or a path, not {type(content).__name__}"
    )


def _header_value(what: str, value: object) -> str:
    """A part header value, refused if it could end the header line."""
    if not isinstance(value, str):
        raise InvalidFileError(f"{what} must be a string, not {type(value).__name__}")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise InvalidFileError(f"{what} contains a control character")
    return value


def _quoted(value: str) -> str:
    """A Content-Disposition parameter, escaped as browsers escape form field and file names."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"'


def _default_filename(content: object) -> str:
    name = getattr(content, "name", None)
    if isinstance(content, os.PathLike):
        name = os.fspath(content)
    return Path(name).name if isinstance(name, str) and name else "upload"


@dataclass(frozen=True)
class _Part:
    head: bytes
    source: _Source


def _file_part(name: str, value: object, default_type: str | None) -> _Part:
    """One file part from any ``FileTypes`` form."""
    filename: object
    content_type: object = None
    headers: object = {}
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 4:
            raise InvalidFileError(f"{name}: a file tuple has 2 to 4 items, not {len(value)}")
        filename, content = value[0], value[1]
        if len(value) > 2:
            content_type = value[2]
        if len(value) > 3:
            headers = value[3]
        if filename is None:
            filename = _default_filename(content)
    else:
        filename, content = _default_filename(value), value
    if not isinstance(filename, str):
        raise InvalidFileError(f"{name}: a filename must be a string")
    if not isinstance(headers, Mapping):
        raise InvalidFileError(f"{name}: part headers must be a mapping")
    source = _source(content)
    if content_type is None:
        content_type = default_type or mimetypes.guess_type(filename)[0] or _OCTET_STREAM
    lines = [f"Content-Disposition: form-data; name={_quoted(name)}; filename={_quoted(filename)}"]
    extra = {_header_value("a part header name", k): v for k, v in headers.items()}
    if not any(k.lower() == "content-type" for k in extra):
        lines.append(f"Content-Type: {_header_value('a content type', content_type)}")
    for key, header in extra.items():
        if not key or any(c in key for c in ' :"()<>@,;\\/[]?={}'):
            raise InvalidFileError(f"{name}: {key!r} is not a header name")
        lines.append(f"{key}: {_header_value('a part header', header)}")
    return _Part(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"), source)


def _text(value: object) -> str:
    """A form field's text: scalars as in a query, objects and lists of objects as JSON."""
    plain = jsonable(value)
    if isinstance(plain, (dict, list)):
        return _json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return str(encode_query({"v": value})[0][1])


def _given(value: object) -> bool:
    return value is not None and not isinstance(value, (NotGiven, Omit))


def _field_values(value: object) -> list[object]:
    """Repeated fields for a list of scalars; one value otherwise."""
    if isinstance(value, (list, tuple)) and all(
        not isinstance(v, (dict, list, tuple)) and not hasattr(v, "model_dump") for v in value
    ):
        return [v for v in value if _given(v)]
    return [value]


def multipart_body(
    fields: Mapping[str, object],
    *,
    files: Iterable[str] = (),
    encoding: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> EncodedBody:
    """A multipart/form-data body: ``fields`` by wire name (unset values dropped), the names in
    ``files`` holding ``FileTypes`` (or lists of them), ``encoding`` the spec's part content
    types, ``extra`` (the call's ``extra_body``) sent as more text fields."""
    file_names = set(files)
    boundary = os.urandom(16).hex()
    parts: list[_Part] = []
    merged = {**fields, **(extra or {})}
    for name, value in merged.items():
        if not _given(value):
            continue
        if name in file_names:
            values = list(value) if isinstance(value, list) else [value]
            default_type = (encoding or {}).get(name)
            if default_type and ("*" in default_type or "," in default_type):
                default_type = None  # a pattern such as video/*: guess from the filename
            parts.extend(_file_part(name, v, default_type) for v in values if _given(v))
        else:
            for item in _field_values(value):
                head = f"Content-Disposition: form-data; name={_quoted(name)}\r\n\r\n"
                parts.append(_Part(head.encode("utf-8"), _Source(data=_text(item).encode("utf-8"))))
    opener = f"--{boundary}\r\n".encode("ascii")
    closer = f"--{boundary}--\r\n".encode("ascii")
    sizes = [p.source.size if p.source.data is None else len(p.source.data) for p in parts]
    length: int | None = None
    if all(size is not None for size in sizes):
        length = len(closer) + sum(
            len(opener) + len(p.head) + (size or 0) + 2
            for p, size in zip(parts, sizes, strict=True)
        )

    def chunks() -> Iterator[bytes]:
        for part in parts:
            yield opener + part.head
            yield from part.source.chunks()
            yield b"\r\n"
        yield closer

    return EncodedBody(
        content_type=f"multipart/form-data; boundary={boundary}",
        chunks=chunks,
        length=length,
        replayable=all(p.source.seekable for p in parts),
    )


def form_body(
    fields: Mapping[str, object], *, extra: Mapping[str, object] | None = None
) -> EncodedBody:
    """An application/x-www-form-urlencoded body (lists as repeated keys, objects as JSON)."""
    pairs = [
        (name, _text(item))
        for name, value in {**fields, **(extra or {})}.items()
        if _given(value)
        for item in _field_values(value)
    ]
    return EncodedBody(
        content_type="application/x-www-form-urlencoded",
        content=urlencode(pairs).encode("ascii"),
    )


def binary_body(
    content: FileContent | Iterable[bytes], *, content_type: str = _OCTET_STREAM
) -> EncodedBody:
    """A raw body: bytes, a binary file object or a path (streamed), or an iterable of byte
    chunks (sent once: not retried)."""
    kind = _header_value("a content type", content_type)
    if isinstance(content, (bytes, bytearray, memoryview, os.PathLike)) or callable(
        getattr(content, "read", None)
    ):
        source = _source(content)
        if source.data is not None:
            return EncodedBody(content_type=kind, content=source.data)
        return EncodedBody(
            content_type=kind, chunks=source.chunks, length=source.size, replayable=source.seekable
        )
    if isinstance(content, Iterable) and not isinstance(content, (str, Mapping, Sequence)):
        iterator = iter(content)

        def once() -> Iterator[bytes]:
            for chunk in iterator:
                if not isinstance(chunk, (bytes, bytearray, memoryview)):
                    raise InvalidFileError("a body iterable must yield bytes")
                yield bytes(chunk)

        return EncodedBody(content_type=kind, chunks=once, replayable=False)
    raise InvalidFileError(
        f"a binary body must be bytes, a binary file object, a path or an iterable of bytes, "
        f"not {type(content).__name__}"
    )
