"""The loopback-only rule must actually bite, or it protects nothing."""

from __future__ import annotations

import socket

import pytest

from conftest import NonLoopbackConnection


def test_non_loopback_connect_is_refused() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NonLoopbackConnection, match="loopback only"):
            sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routable anyway
    finally:
        sock.close()


def test_non_loopback_resolution_is_refused() -> None:
    with pytest.raises(NonLoopbackConnection):
        socket.getaddrinfo("api.gcore.com", 443)


def test_loopback_is_allowed() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect(server.getsockname())
        conn, peer = server.accept()
        conn.close()
        assert peer == client.getsockname()
    finally:
        client.close()
        server.close()
