"""Shared fixtures. The network rule lives here: tests may reach loopback addresses only."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Tests import helpers with `from conftest import ...` (pyproject puts tests/ on sys.path); under
# --import-mode=importlib pytest loads this file as `tests.conftest`: one module for both names,
# so `NonLoopbackConnection` is the class the guard below raises.
sys.modules.setdefault("conftest", sys.modules[__name__])

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NonLoopbackConnection(AssertionError):
    """Raised when a test tries to reach anything but 127.0.0.0/8 or ::1."""


def _is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check_address(family: int, address: Any) -> None:
    if family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if not _is_loopback(str(host)):
            raise NonLoopbackConnection(f"test tried to connect to {host!r}: loopback only")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address(self.family, address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(self.family, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else str(host)
    if host is not None and not _is_loopback(name):
        raise NonLoopbackConnection(f"test tried to resolve {host!r}: loopback only")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared/ not found beside the checkout at {SHARED}")
    return SHARED


@pytest.fixture
def isolated_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throw-away copy of specs/ and templates/ so tests can break things safely."""
    import shutil

    for name in ("specs", "templates"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    monkeypatch.setenv("SPECPRESS_ROOT", str(tmp_path))
    yield tmp_path
