"""semver: the one version arithmetic (release's next version, vendor's proposal)."""

from __future__ import annotations

import pytest

from specpress.errors import SpecpressError
from specpress.semver import BUMP_RANK, bump_version, max_bump, parse_version


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        ("0.1.0", "major", "0.2.0"),  # below 1.0.0 a breaking change bumps the minor
        ("0.1.3", "minor", "0.2.0"),
        ("0.1.3", "patch", "0.1.4"),
        ("0.1.3", "none", "0.1.3"),
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
    ],
)
def test_bump_version(version: str, bump: str, expected: str) -> None:
    assert bump_version(version, bump) == expected


def test_max_bump_and_bad_version() -> None:
    assert max_bump("none", "patch", "minor") == "minor"
    assert max_bump("major", "patch") == "major"
    with pytest.raises(SpecpressError, match=r"MAJOR\.MINOR\.PATCH"):
        parse_version("1.0")


def test_bump_rank_orders_the_bumps() -> None:
    assert sorted(BUMP_RANK, key=BUMP_RANK.__getitem__) == ["none", "patch", "minor", "major"]
    assert max_bump() == "none"
