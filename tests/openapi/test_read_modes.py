"""load: the fast read mode and ruamel.yaml read every document alike, and refuse alike."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from specpress.errors import SpecpressError
from specpress.openapi import _libyaml, _ruamel, limits
from specpress.openapi.load import read_plain, read_roundtrip

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = sorted(ROOT.glob("specs/*/upstream/*.yaml"))


def _exact(path: Path) -> object:
    return _ruamel.parse(path.read_text(encoding="utf-8"), path, roundtrip=False)


def test_libyaml_is_what_the_fast_mode_uses() -> None:
    """Without libyaml every read below would take the ruamel path and prove nothing."""
    assert _libyaml.available()


@pytest.mark.parametrize("path", UPSTREAM, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_fast_mode_reads_upstream_files_as_ruamel_does(path: Path) -> None:
    assert _libyaml.parse(path.read_text(encoding="utf-8"), anchors=True) == _exact(path)


def test_fast_mode_reads_reference_specs_as_ruamel_does(shared_dir: Path) -> None:
    paths = sorted((shared_dir / "reference-specs").rglob("*.yaml"))
    assert len(paths) >= 10
    for path in paths:
        assert read_plain(path) == _exact(path), path


SCALARS = """\
bools: [true, True, FALSE, yes, no, on, off, y, n]
ints: [0, 12, -3, +4, 012, 0o17, 0x1F, 0b101, 1_000]
floats: [1.5, 1e5, -.5, .inf, -.INF, 6.02E+23]
strings: [2024-01-01, 2024-01-01T10:00:00Z, "1", '2', 1:20, =, ~x]
nulls: [~, null, Null, NULL]
empty:
"""


def test_yaml_1_2_scalars(tmp_path: Path) -> None:
    path = tmp_path / "scalars.yaml"
    path.write_text(SCALARS, encoding="utf-8")
    fast = _libyaml.parse(SCALARS, anchors=False)
    assert fast == _exact(path)
    assert fast["bools"] == [True, True, False, "yes", "no", "on", "off", "y", "n"]
    assert fast["ints"] == [0, 12, -3, 4, 12, 15, 31, 5, 1000]
    assert fast["strings"][:2] == ["2024-01-01", "2024-01-01T10:00:00Z"]
    assert fast["nulls"] == [None] * 4 and fast["empty"] is None
    nan = _libyaml.parse("x: .nan\n", anchors=False)["x"]
    assert math.isnan(nan)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("a: !!python/object:os.system {}\n", "tag"),
        ("a: !custom x\n", "tag"),
        ("a: !!binary aGk=\n", "tag"),
        ("a: !!timestamp 2024-01-01\n", "tag"),
        ("a: 1\na: 2\n", "duplicate"),
        ("a: &a [1, *a]\n", "recursive"),
        (
            "a: &a [x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 20)}]\n"
                for p, n in zip("abcde", "bcdef", strict=False)
            ),
            "bomb",
        ),
    ],
)
def test_fast_mode_defers_what_it_refuses_to_ruamel(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(_libyaml.Unsure):
        _libyaml.parse(text, anchors=True)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    for read in (read_plain, read_roundtrip):
        with pytest.raises(SpecpressError) as info:
            read(path)
        assert info.value.file == str(path)
        assert (info.value.location or "").startswith("line "), why


def test_one_alias_limit_in_both_modes(tmp_path: Path) -> None:
    """Aliases adding just under MAX_EXPANDED_NODES pass in both modes; just over, neither."""
    width = 1000  # `a` is 1001 nodes; `b` aliases it just under / just over the limit
    fits = limits.MAX_EXPANDED_NODES // (width + 1)

    def text(count: int) -> str:
        return f"a: &a [{', '.join(['x'] * width)}]\nb: [{', '.join(['*a'] * count)}]\n"

    under, over = tmp_path / "under.yaml", tmp_path / "over.yaml"
    under.write_text(text(fits), encoding="utf-8")
    over.write_text(text(fits + 1), encoding="utf-8")
    assert len(read_plain(under)["b"]) == fits
    assert len(read_roundtrip(under).data["b"]) == fits
    assert _libyaml.parse(under.read_text(), anchors=True)["b"][0] == ["x"] * width
    for read in (read_plain, read_roundtrip):
        with pytest.raises(SpecpressError, match="alias bomb"):
            read(over)


def test_anchor_scan_sees_every_anchor() -> None:
    """A text the cheap scan calls anchor-free must have no anchor, or the bomb check is
    skipped: the scan may over-report (`R &D`), never under-report."""
    from specpress.openapi.load import _may_hold_anchor

    assert _may_hold_anchor("a: &x 1\nb: *x\n")
    assert _may_hold_anchor("- &x [1]\n")
    assert _may_hold_anchor("{a: &x 1}")
    assert not _may_hold_anchor("url: https://x.test/?a=1&b=2\nq: 'R&D'\n")
