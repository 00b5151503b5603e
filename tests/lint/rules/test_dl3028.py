from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first gem without a version.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM ruby:3\nRUN gem install rails:7.1.0\n", []),
    ("FROM ruby:3\nRUN gem install rails -v 7.1.0\n", []),
    ("FROM ruby:3\nRUN gem install rails --version 7.1.0\n", []),
    ("FROM ruby:3\nRUN gem install rails --version=7.1.0\n", []),
    ("FROM ruby:3\nRUN gem update --system\n", []),
    ("FROM ruby:3\nRUN bundle install\n", []),
    ("FROM ruby:3\nRUN gem install --no-document rails:7\n", []),
    # hadolint takes the word after any option as the option's value:
    ("FROM ruby:3\nRUN gem install -N rails\n", []),
    ("FROM ruby:3\nRUN gem install --install-dir=/x rails\n", []),
    ("FROM ruby:3\n# hadolint ignore=DL3028\nRUN gem install rails\n", []),
    ("FROM ruby:3\nRUN gem list\n", []),
    ("FROM ruby:3\nRUN gem install\n", []),
    ("FROM ruby:3\nRUN gem install rails:7 -- --with-x\n", []),
    ("FROM ruby:3\nRUN gem sources --add https://x\n", []),
    # must fire
    ("FROM ruby:3\nRUN gem install rails\n", [(2, 17)]),
    ("FROM ruby:3\nRUN gem i rails\n", [(2, 11)]),
    ("FROM ruby:3\nRUN gem install bundler:2.5 rails\n", [(2, 29)]),
    ("FROM ruby:3\nRUN gem install -N rails sinatra\n", [(2, 26)]),
    ("FROM ruby:3\nRUN gem install -n /usr/bin rails\n", [(2, 29)]),
    ("FROM ruby:3\nRUN gem install rails -- --use-system-libraries\n", [(2, 17)]),
    ("FROM ruby:3\nONBUILD RUN gem install rails\n", [(2, 25)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3028(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3028", text) == expected
