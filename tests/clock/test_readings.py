"""Engine and node clock readings: what the engine and the clock job print, parsed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from devenv.clock import readings

if TYPE_CHECKING:
    pass

pytest_plugins = ("tests.fake_ntp",)

# --- servers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2026-11-28T00:33:22.654225971Z", 1795826002.654225971),
        ("2026-11-28T01:33:22.5+01:00", 1795826002.5),
        ("2026-11-28T00:33:22Z", 1795826002.0),
    ],
)
def test_parse_engine_time(text: str, seconds: float) -> None:
    assert readings.parse_engine_time(text) == pytest.approx(seconds, abs=1e-6)


def test_parse_engine_time_rejects_other_text() -> None:
    with pytest.raises(ValueError, match="not an RFC 3339 time"):
        readings.parse_engine_time("yesterday")
