"""The canned-page HTTP server the benchmark talks to (a child process bound to 127.0.0.1).

HTTP/1.1 keep-alive, ``TCP_NODELAY`` (without it, small bodies hit a 40 ms Nagle/delayed-ACK
stall), threaded; page bodies are serialized once and cached as bytes, so the server's cost per
request is a dict lookup and a ``sendall``. Pages are answered by the ``page`` query parameter and
every request to an API path is counted. Control paths (not counted):

- ``GET /__set?total=N``: the number of items each list operation has (clears the body cache)
- ``GET /__stats``: ``{"requests": {path: count}}``, then resets the counters

A page past the end answers an empty page (what the official SDKs need to stop).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.payloads import KINDS, page_body

__all__ = ["BenchServer", "serve"]

HOST = "127.0.0.1"
_BY_PATH = {path: (kind, size_param) for kind, (path, size_param) in KINDS.items()}


class _State:
    lock = threading.Lock()
    total = 5000
    counts: dict[str, int] = {}  # noqa: RUF012
    cache: dict[tuple[str, int, int, int], bytes] = {}  # noqa: RUF012


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        st = _State
        if url.path == "/__stats":
            with st.lock:
                body = json.dumps({"requests": st.counts}).encode()
                st.counts = {}
            return self._send(200, body)
        if url.path == "/__set":
            with st.lock:
                st.total = int(query.get("total", [st.total])[0])
                st.cache.clear()
            return self._send(200, b"{}")
        route = _BY_PATH.get(url.path)
        with st.lock:
            st.counts[url.path] = st.counts.get(url.path, 0) + 1
        if route is None:
            return self._send(404, b'{"detail":"Not found."}')
        kind, size_param = route
        page = int(query.get("page", ["1"])[0])
        limit = int(query.get(size_param, ["10"])[0])
        key = (kind, page, limit, st.total)
        body = st.cache.get(key)
        if body is None:
            host = self.headers.get("Host", f"{HOST}:{self.server.server_address[1]}")
            body = page_body(kind, page, limit, st.total, base_url=f"http://{host}")
            st.cache[key] = body
        return self._send(200, body)


def serve() -> None:
    srv = ThreadingHTTPServer((HOST, 0), _Handler)
    srv.daemon_threads = True
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


class BenchServer:
    """Start the server in a child process; ``stop()`` terminates exactly that process."""

    def __init__(self) -> None:
        root = Path(__file__).resolve().parent.parent
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from bench.server import serve; serve()"],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().strip()
        if not line:
            self._proc.kill()
            self._proc.wait()
            raise RuntimeError("benchmark server did not start")
        self.port = int(line)
        self.url = f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> BenchServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    serve()
