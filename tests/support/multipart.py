"""A strict server-side reader of multipart/form-data bodies, for checking what arrived.

Written for the tests (not a general parser): it splits on the boundary of the request's
Content-Type, reads each part's header lines as UTF-8 and fails loudly on anything malformed,
so an injected header line or part shows up as exactly that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Part", "parse_multipart"]


@dataclass(frozen=True)
class Part:
    headers: list[tuple[str, str]]  # every header line of the part, in order
    name: str | None
    filename: str | None
    data: bytes

    def header(self, key: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == key.lower()), None)


_PARAM = re.compile(r';\s*([a-zA-Z*]+)="((?:[^"\\]|\\.)*)"')


def parse_multipart(content_type: str | None, body: bytes) -> list[Part]:
    """The parts of ``body``; ``AssertionError`` when it is not well-formed multipart."""
    assert content_type and content_type.startswith("multipart/form-data; boundary="), content_type
    boundary = content_type.split("boundary=", 1)[1].encode("ascii")
    opener, closer = b"--" + boundary + b"\r\n", b"--" + boundary + b"--\r\n"
    assert body.startswith(opener) or body == closer, body[:80]
    assert body.endswith(closer), body[-80:]
    chunks = body[: -len(closer)].split(b"\r\n--" + boundary + b"\r\n")
    chunks[0] = chunks[0][len(opener) :]
    if body == closer:
        return []
    if chunks[-1].endswith(b"\r\n"):
        chunks[-1] = chunks[-1][:-2]
    parts = []
    for chunk in chunks:
        head, sep, data = chunk.partition(b"\r\n\r\n")
        assert sep, chunk[:80]
        headers = []
        for line in head.decode("utf-8").split("\r\n"):
            key, colon, value = line.partition(": ")
            assert colon and key and not any(c.isspace() for c in key), repr(line)
            headers.append((key, value))
        disposition = next(v for k, v in headers if k.lower() == "content-disposition")
        assert disposition.startswith("form-data"), disposition
        params = dict(_PARAM.findall(disposition))
        rest = _PARAM.sub("", disposition)
        assert rest == "form-data", f"unparsed parameters in {disposition!r}"
        parts.append(Part(headers, params.get("name"), params.get("filename"), data))
    return parts
