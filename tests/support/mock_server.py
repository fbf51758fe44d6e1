"""A scriptable HTTP/1.1 server on 127.0.0.1 for every suite (runtime, clients, contract, faults).

Import it as ``from support.mock_server import MockServer, Reply, json_reply`` (``tests/`` is on
``sys.path`` through the root ``conftest.py``)::

    with MockServer() as server:  # or the ``mock_server`` fixture (import mock_server_fixture)
        server.enqueue("/items", Reply(503, headers={"Retry-After": "0"}), json_reply({"a": 1}))
        server.route("/pages", lambda req: json_reply({"page": req.params.get("page")}))
        server.set_default("/health", Reply(204))
        httpx.get(server.url + "/items")
        assert server.count("/items") == 1
        req = server.requests[0]  # method, path, query (raw), headers, body

Replies per path (optionally per method) are served in FIFO order; once a path's queue is empty
its default (``set_default``/``route``) answers; a request nobody scripted gets ``418`` with a JSON
body naming it (418 is never retried, so mistakes surface at once). ``Reply`` can delay the answer,
reset the connection before answering, or reset it half-way through the body; trickle the status
line and headers or the body one byte at a time (``trickle_headers`` / ``trickle_body`` seconds
per byte); send the body chunked (``chunked``), or as an endless chunked stream (``endless``).
Every request is recorded before it is answered, including the ones that get a reset. Every
slow or endless answer stops when the client goes away or the server stops.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

__all__ = [
    "MockServer",
    "RecordedRequest",
    "Reply",
    "gzip_bomb",
    "json_reply",
    "mock_server_fixture",
]


# --------------------------------------------------------------------------------------------
# Scriptable server
# --------------------------------------------------------------------------------------------


@dataclass
class Reply:
    """One canned answer. ``body``: bytes/str as-is, anything else JSON-encoded."""

    status: int = 200
    body: object = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    reset_before_response: bool = False
    reset_mid_body: bool = False
    trickle_headers: float = 0.0
    trickle_body: float = 0.0
    chunked: bool = False
    endless: bool = False

    def encoded_body(self) -> tuple[bytes, str | None]:
        if isinstance(self.body, bytes):
            return self.body, None
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode("utf-8"), "application/json"


def json_reply(obj: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status=status, body=obj, headers=dict(headers or {}))


def gzip_bomb(inflated: int, prefix: bytes = b'{"results": "') -> bytes:
    """A gzip member that inflates to about ``inflated`` bytes (``prefix`` then spaces), built in
    small steps so making it costs no memory: 512 MiB of it is about 0.5 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [packer.compress(prefix)]
    block = b" " * (1 << 20)
    for _ in range(max(inflated - len(prefix), 0) >> 20):
        parts.append(packer.compress(block))
    parts.append(packer.flush())
    return b"".join(parts)


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: str  # the raw query string, e.g. "status=a&status=b"
    headers: list[tuple[str, str]]
    body: bytes
    time: float

    def header(self, name: str) -> str | None:
        lower = name.lower()
        for key, value in self.headers:
            if key.lower() == lower:
                return value
        return None

    @property
    def params(self) -> dict[str, list[str]]:
        return parse_qs(self.query, keep_blank_values=True)

    def json(self) -> Any:
        return json.loads(self.body)


Responder = Callable[[RecordedRequest], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    mock: MockServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-exchange (on purpose, in fault tests) is not an error."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reset(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _handle(self) -> None:
        mock = self.server.mock
        parts = urlsplit(self.path)
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            query=parts.query,
            headers=list(self.headers.items()),
            body=self._read_body(),
            time=time.monotonic(),
        )
        reply = mock._next_reply(request)
        if reply.delay and mock._stopping.wait(reply.delay):
            self._reset()
            return
        if reply.reset_before_response:
            self._reset()
            return
        body, default_type = reply.encoded_body()
        try:
            head = [f"HTTP/1.1 {reply.status} {self.responses.get(reply.status, ('',))[0]}"]
            names = {k.lower() for k in reply.headers}
            if default_type and "content-type" not in names:
                head.append(f"Content-Type: {default_type}")
            head.extend(f"{key}: {value}" for key, value in reply.headers.items())
            if reply.chunked or reply.endless:
                head.append("Transfer-Encoding: chunked")
            else:
                head.append(f"Content-Length: {len(body)}")
            self._write("\r\n".join(head).encode("latin-1") + b"\r\n\r\n", reply.trickle_headers)
            if self.command == "HEAD":
                self.wfile.flush()
                return
            if reply.endless:
                self._write_endless(body or b" " * 65536)
                return
            if reply.reset_mid_body:
                self._write(body[: len(body) // 2], reply.trickle_body)
                self._reset()
                return
            if reply.chunked:
                for start in range(0, len(body), 16384):
                    piece = body[start : start + 16384]
                    self._write(b"%x\r\n%s\r\n" % (len(piece), piece), reply.trickle_body)
                self._write(b"0\r\n\r\n", 0.0)
            else:
                self._write(body, reply.trickle_body)
            self.wfile.flush()
        except OSError:  # the client gave up (timeout) and closed the socket
            self.close_connection = True

    def _write(self, data: bytes, per_byte: float) -> None:
        """Write ``data``, one byte every ``per_byte`` seconds if trickling (stops on shutdown)."""
        if not per_byte:
            self.wfile.write(data)
            return
        stopping = self.server.mock._stopping
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if stopping.wait(per_byte):
                raise OSError("server stopping")

    def _write_endless(self, chunk: bytes, limit: int = 8 << 30) -> None:
        """Chunk after chunk until the client goes away, the server stops, or ``limit`` bytes."""
        stopping = self.server.mock._stopping
        frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        sent = 0
        while sent < limit and not stopping.is_set():
            self.wfile.write(frame)
            sent += len(chunk)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


class MockServer:
    """A real threaded HTTP server on 127.0.0.1 with an ephemeral port."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[tuple[str, str], deque[Reply | Responder]] = {}
        self._defaults: dict[tuple[str, str], Reply | Responder] = {}
        self._stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> MockServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.mock = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- scripting ---------------------------------------------------------------------------

    def enqueue(self, path: str, *replies: Reply | Responder, method: str = "*") -> None:
        """Serve these replies, in order, to the next requests for ``path`` (and ``method``)."""
        with self._lock:
            self._queues.setdefault((method.upper(), path), deque()).extend(replies)

    def set_default(self, path: str, reply: Reply | Responder, method: str = "*") -> None:
        """Answer ``path`` with ``reply`` whenever its queue is empty."""
        with self._lock:
            self._defaults[(method.upper(), path)] = reply

    def route(self, path: str, responder: Responder, method: str = "*") -> None:
        """Answer ``path`` by calling ``responder(request)`` whenever its queue is empty."""
        self.set_default(path, responder, method)

    def reset(self) -> None:
        with self._lock:
            self._queues.clear()
            self._defaults.clear()
            self.requests.clear()

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            chosen: Reply | Responder | None = None
            for key in ((request.method, request.path), ("*", request.path)):
                queue = self._queues.get(key)
                if queue:
                    chosen = queue.popleft()
                    break
            if chosen is None:
                chosen = self._defaults.get((request.method, request.path)) or self._defaults.get(
                    ("*", request.path)
                )
        if chosen is None:
            return json_reply(
                {"error": f"mock server: nothing scripted for {request.method} {request.path}"},
                status=418,
            )
        return chosen(request) if callable(chosen) else chosen

    # -- inspection --------------------------------------------------------------------------

    def requests_for(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [
                r
                for r in self.requests
                if r.path == path and (method is None or r.method == method.upper())
            ]

    def count(self, path: str | None = None, method: str | None = None) -> int:
        if path is None:
            with self._lock:
                return len(self.requests)
        return len(self.requests_for(path, method))


@pytest.fixture(name="mock_server")
def mock_server_fixture() -> Iterator[MockServer]:
    """A fresh ``MockServer`` per test."""
    with MockServer() as server:
        yield server
