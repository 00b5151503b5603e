"""The value forms of the label rules (DL3052-DL3058). Each verdict was checked against
hadolint 2.15.1 with a label of that type, so the two tools agree on the edge cases of
the parsers hadolint uses (Network.URI, timerep, Cabal's SPDX list, semver,
email-validate)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from devenv.lint.rules import _labelforms as forms

Check = Callable[[str], bool]

CASES: list[tuple[Check, str, bool]] = [
    (forms.is_url, "https://example.com", True),
    (forms.is_url, "http://a.b/c?d=e#f", True),
    (forms.is_url, "mailto:ops@example.com", True),
    (forms.is_url, "git+https://github.com/a/b", True),
    (forms.is_url, "https://[::1]/", True),
    (forms.is_url, "https://$HOST/x", True),
    (forms.is_url, "https:", True),
    (forms.is_url, "example.com", False),
    (forms.is_url, "git@github.com:a/b.git", False),
    (forms.is_url, "https://a b", False),
    (forms.is_url, "https://a.b:xx/", False),
    (forms.is_url, "https://a.b/%zz", False),
    (forms.is_url, "https://[1::2::3]/", False),
    (forms.is_url, "https://a.b/#a#b", False),
    (forms.is_url, "https://例え.jp", False),
    (forms.is_url, "", False),
    (forms.is_rfc3339, "2024-01-02T03:04:05Z", True),
    (forms.is_rfc3339, "2024-01-02T03:04:05.123+01:00", True),
    (forms.is_rfc3339, "2024-01-02t03:04:05z", True),
    (forms.is_rfc3339, "2024-02-29T00:00:00Z", True),
    (forms.is_rfc3339, "2024-01-02T23:59:60Z", True),
    (forms.is_rfc3339, " 2024-01-02T03:04:05+0100 ", True),
    (forms.is_rfc3339, "2024-01-02", False),
    (forms.is_rfc3339, "2024-01-02 03:04:05Z", False),
    (forms.is_rfc3339, "2024-01-02T03:04:05", False),
    (forms.is_rfc3339, "2023-02-29T00:00:00Z", False),
    (forms.is_rfc3339, "1900-02-29T00:00:00Z", False),
    (forms.is_rfc3339, "2024-01-02T24:00:00Z", False),
    (forms.is_rfc3339, "2024-01-02T03:04:61Z", False),
    (forms.is_rfc3339, "2024-01-02T03:04:05+01", False),
    (forms.is_spdx, "MIT", True),
    (forms.is_spdx, "Apache-2.0", True),
    (forms.is_spdx, "GPL-2.0-or-later", True),
    (forms.is_spdx, "mit", False),
    (forms.is_spdx, "GPL-2.0", False),
    (forms.is_spdx, "MIT OR Apache-2.0", False),
    (forms.is_spdx, "LicenseRef-acme", False),
    (forms.is_git_hash, "0123abc", True),
    (forms.is_git_hash, "0123456789abcdef0123456789abcdef01234567", True),
    (forms.is_git_hash, "0123ABC", False),
    (forms.is_git_hash, "01234567", False),
    (forms.is_semver, "1.2.3", True),
    (forms.is_semver, "01.2.3", True),
    (forms.is_semver, "1.2.3-rc.1+build.5", True),
    (forms.is_semver, "1.2.3-", True),
    (forms.is_semver, "1.2.3-a.", True),
    (forms.is_semver, "v1.2.3", False),
    (forms.is_semver, "1.2", False),
    (forms.is_semver, "1.2.3-a..b", False),
    (forms.is_semver, "1.2.3-.a", False),
    (forms.is_semver, "1.2.3-a+b+c", False),
    (forms.is_semver, "1.2.3 ", False),
    (forms.is_email, "ops@example.com", True),
    (forms.is_email, "a+tag@b.c", True),
    (forms.is_email, "a@b", True),
    (forms.is_email, "a@b.c.", True),
    (forms.is_email, "(team)ops@example.com ", True),
    (forms.is_email, "a@[1.2.3.4]", True),
    (forms.is_email, "Ops <ops@example.com>", False),
    (forms.is_email, "a..b@c.d", False),
    (forms.is_email, "a@-b.c", False),
    (forms.is_email, "a@b-.c", False),
    (forms.is_email, "a@b_c.d", False),
    (forms.is_email, "é@b.c", False),
    (forms.is_email, "x@" + "a" * 64 + ".com", False),
    (forms.is_email, "a@" + ".".join(["abcdefghi"] * 26), False),
]


@pytest.mark.parametrize(("check", "value", "valid"), CASES)
def test_label_value_form(check: Check, value: str, valid: bool) -> None:
    assert check(value) is valid


def test_long_values_do_not_backtrack() -> None:
    # The patterns have no nested repeats of one class: a long bad value fails at once.
    assert not forms.is_semver("1.2.3-" + "a" * 50_000 + "!")
    assert not forms.is_email("a" * 50_000 + ",@b.c")
    assert not forms.is_url("https://a.b/" + "a" * 50_000 + " ")
