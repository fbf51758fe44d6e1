"""openapi.load: byte-identical round trips of upstream files, one clear error per bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from specpress.errors import SpecpressError
from specpress.openapi import pointer
from specpress.openapi.load import (
    MAX_EXPANDED_NODES,
    YamlStyle,
    detect_style,
    dump_yaml,
    read_plain,
    read_roundtrip,
    to_plain,
)

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM_FILES = sorted(ROOT.glob("specs/*/upstream/*"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "specs").glob("*/upstream/*.yaml"))


def _round_trip(path: Path) -> None:
    document = read_roundtrip(path)
    assert document.dump() == path.read_text(encoding="utf-8")


def test_both_apis_have_upstream_files() -> None:
    """Without this, an empty glob would turn the round-trip test below into a silent skip."""
    assert {p.parent.parent.name for p in UPSTREAM_FILES} == {"gcore-streaming", "twelvelabs"}


@pytest.mark.parametrize("path", UPSTREAM_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_upstream_file_round_trips_byte_identically(path: Path) -> None:
    _round_trip(path)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_round_trips(path: Path) -> None:
    _round_trip(path)


def _fenced(text: str, fence: str) -> str:
    match = re.search(rf"^{fence}yaml[^\n]*\n(.*?)^{fence}", text, re.S | re.M)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize(
    ("seed", "fence"), [("000_71014b2586906ab4.txt", "````"), ("003_f6669a0c3c61bdd2.txt", "```")]
)
def test_seed_excerpts_round_trip(shared_dir: Path, tmp_path: Path, seed: str, fence: str) -> None:
    """The Gcore excerpt (folded scalars, trailing spaces) and the TwelveLabs `- - tag` fragment."""
    text = _fenced((shared_dir / "seeds" / seed).read_text(encoding="utf-8"), fence)
    path = tmp_path / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    _round_trip(path)


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  - - x\n    - y\n  - - - p\n      - q\n    - z\n  - - k: 1\n      j: 2\n  - b\n",
        "a:\n- - x\n  - y\n- b\nc:\n    d: 1\n",
        "d: |\n\n  <Note>\n    indented\n  </Note>\n",
        "q: 'single'\nr: \"double\"\ns: null\nt: {a: 1, b: [x, y]}\n# trailing comment\n",
    ],
)
def test_styles_round_trip(tmp_path: Path, text: str) -> None:
    path = tmp_path / "style.yaml"
    path.write_text(text, encoding="utf-8")
    _round_trip(path)


def test_detect_style() -> None:
    assert detect_style("a:\n  - x\n") == YamlStyle(mapping=2, sequence=4, offset=2)
    assert detect_style("a:\n- x\nb:\n    c: 1\n") == YamlStyle(mapping=4, sequence=2, offset=0)


def test_null_is_written_as_null_and_dates_stay_strings(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 2024-01-01\nb: null\n", encoding="utf-8")
    document = read_roundtrip(path)
    assert document.data["a"] == "2024-01-01"
    document.data["c"] = None
    assert dump_yaml(document.data).endswith("c: null\n")


def test_plain_equals_round_trip_data(tmp_path: Path) -> None:
    path = FIXTURES[0]
    plain = read_plain(path)
    assert plain == to_plain(read_roundtrip(path).data)
    assert type(plain["paths"]) is dict


def test_json_input(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"openapi": "3.1.0", "info": {"title": "t"}}', encoding="utf-8")
    document = read_roundtrip(path)
    assert document.data["info"]["title"] == "t"
    assert read_plain(path) == {"openapi": "3.1.0", "info": {"title": "t"}}
    assert '"openapi": "3.1.0"' in document.dump()


def test_pointer_escapes() -> None:
    assert pointer.join("paths", "/a/{b}", "get") == "/paths/~1a~1{b}/get"
    assert pointer.join("x~y", 0) == "/x~0y/0"


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
    for prev, name in zip("abcdefg", "bcdefgh", strict=False)
)

BAD_INPUTS = [
    ("missing", None, "no such file", None),
    ("invalid.yaml", "a: [1, 2\nb: 3\n", "invalid YAML", "line 2, column 2"),
    ("bomb.yaml", BOMB, f"alias expansion exceeds {MAX_EXPANDED_NODES}", "line "),
    ("tag.yaml", "a: 1\nb: !!python/object:os.system {}\n", "unsafe or unknown tag", "line 2"),
    ("custom.yaml", "a: !custom x\n", "unsafe or unknown tag !custom", "line 1, column 4"),
    ("recursive.yaml", "a: &a [1, *a]\n", "recursive alias", "line 1, column 11"),
    ("duplicate.yaml", "a: 1\na: 2\n", "duplicate key", "line 2, column 1"),
    ("invalid.json", '{"a": 1,\n "b": }', "invalid JSON", "line 2, column 7"),
    ("duplicate.json", '{"a": 1, "a": 2}', "duplicate key 'a'", None),
]


@pytest.mark.parametrize(("name", "text", "message", "location"), BAD_INPUTS, ids=lambda v: v)
@pytest.mark.parametrize("loader", [read_roundtrip, read_plain], ids=["roundtrip", "plain"])
def test_bad_input_is_one_clear_error(
    tmp_path: Path, loader: object, name: str, text: str | None, message: str, location: str | None
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecpressError) as exc:
        loader(path)  # type: ignore[operator]
    error = exc.value
    assert error.file == str(path)
    assert message in error.message
    if location is not None:
        assert error.location is not None and error.location.startswith(location)


def test_small_alias_use_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a: &a {x: 1}\nb: *a\n", encoding="utf-8")
    assert read_plain(path) == {"a": {"x": 1}, "b": {"x": 1}}


def test_read_plain_parses_once_and_gives_every_caller_its_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stages of one run share a parse of the same content, never each other's edits; a
    changed file is parsed again."""
    from specpress.openapi import load

    path = tmp_path / "doc.yaml"
    path.write_text("a: {b: [1, 2]}\n", encoding="utf-8")
    calls: list[str] = []
    real = load.parse_plain
    monkeypatch.setattr(load, "parse_plain", lambda text, p: calls.append(text) or real(text, p))
    first = load.read_plain(path)
    first["a"]["b"].append(3)
    second = load.read_plain(path)
    assert second == {"a": {"b": [1, 2]}} and len(calls) == 1
    second["a"]["c"] = 1
    assert load.read_plain(path) == {"a": {"b": [1, 2]}} and len(calls) == 1
    path.write_text("a: 2\n", encoding="utf-8")
    assert load.read_plain(path) == {"a": 2} and len(calls) == 2
