"""Deaths while `devenv up` runs (issue 16, item 4): which are news, and how they read."""

from __future__ import annotations

import pytest

from devenv.dev.exits import Expected, epoch, exit_line, signal_name


@pytest.mark.parametrize(
    ("code", "name"),
    [(137, "SIGKILL"), (143, "SIGTERM"), (130, "SIGINT"), (0, ""), (1, ""), (128, ""), (255, "")],
)
def test_signal_name(code: int, name: str) -> None:
    assert signal_name(code) == name


def test_a_kill_left_stopped_reads_like_compose_and_says_what_next() -> None:
    line = exit_line("db", 137, "no", restarting=False, container="demo-dev-db-1")
    assert line.startswith("db exited with code 137 (SIGKILL); left stopped (no restart policy)")
    assert "`docker start demo-dev-db-1`" in line


@pytest.mark.parametrize(
    ("policy", "code", "why"),
    [
        ("unless-stopped", 137, "restart: unless-stopped, but it was stopped by hand"),
        ("always", 0, "restart: always, but it was stopped by hand"),
        ("on-failure:3", 1, "restart: on-failure:3, but it was stopped by hand or ran out"),
        ("on-failure", 0, "restart: on-failure, and it exited 0"),
        ("", 2, "no restart policy"),
    ],
)
def test_left_stopped_says_why(policy: str, code: int, why: str) -> None:
    line = exit_line("web", code, policy, restarting=False, container="c")
    assert f"left stopped ({why}" in line


def test_a_restart_by_policy() -> None:
    line = exit_line("web", 1, "on-failure", restarting=True, container="c")
    assert line == "web exited with code 1; restarted by its policy (restart: on-failure)"


def test_devenvs_own_deaths_are_expected_once_and_only_for_a_while() -> None:
    expected = Expected()
    expected.expect(["a", "b"], now=100.0)
    assert expected.consume("a", now=101.0)
    assert not expected.consume("a", now=101.5)  # the next death of a is news
    assert not expected.consume("b", now=100.0 + Expected.WINDOW + 1)  # expired
    assert not expected.consume("c", now=101.0)


def test_while_quiet_no_death_is_news() -> None:
    expected = Expected()
    expected.quiet(True)
    assert expected.consume("x", now=0.0)
    expected.quiet(False)
    assert not expected.consume("x", now=0.0)


@pytest.mark.parametrize(
    ("stamp", "seconds"),
    [
        ("2026-12-02T06:03:54.123456789Z", 1796191434.123456789),
        ("2026-12-02T06:03:54Z", 1796191434.0),
        ("2026-12-02T07:03:54.5+01:00", 1796191434.5),
        ("0001-01-01T00:00:00Z", -62135596800.0),  # never finished
        ("", 0.0),
        ("yesterday", 0.0),
    ],
)
def test_epoch(stamp: str, seconds: float) -> None:
    assert epoch(stamp) == pytest.approx(seconds, abs=1e-6)
