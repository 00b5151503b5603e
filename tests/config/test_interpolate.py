from __future__ import annotations

import pytest

from devenv.config.interpolate import InterpolationError, interpolate, read_dotenv

ENV = {"A": "1", "EMPTY": "", "HOST": "db"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("$A", "1"),
        ("x${A}y", "x1y"),
        ("${UNSET}", ""),
        ("${UNSET:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${A:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("$$A", "$A"),
        ("$$${A}", "$1"),
        ("${UNSET:-${HOST}:5432}", "db:5432"),
        ("cost: 5$", "cost: 5$"),
        ("${A:?needed}", "1"),
    ],
)
def test_interpolate(text: str, expected: str) -> None:
    assert interpolate(text, ENV) == expected


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        (
            "${UNSET:?set the db password}",
            "required variable UNSET is not set: set the db password",
            0,
        ),
        ("${EMPTY:?}", "required variable EMPTY is not set", 0),
        ("ab${A", "unclosed '${'", 2),
        ("${1A}", "invalid variable name", 0),
        ("x ${A:x}", "invalid substitution '${A:x}'", 2),
    ],
)
def test_interpolate_errors(text: str, message: str, offset: int) -> None:
    with pytest.raises(InterpolationError) as info:
        interpolate(text, ENV)
    assert message in str(info.value)
    assert info.value.offset == offset


def test_read_dotenv(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / ".env").write_text("# c\nA=1\nexport B='two words'\nC=\"3\"\nbad line\n")
    assert read_dotenv(tmp_path / ".env") == {"A": "1", "B": "two words", "C": "3"}
    assert read_dotenv(tmp_path / "missing") == {}
