from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\nRUN apt-get update && apt-get install -y curl=7\n", []),
    ("FROM debian:12\nRUN apt-get update\\\n && apt-get -y install curl=7\n", []),
    ("FROM debian:12\nRUN apt-get update; apt-get upgrade -y\n", []),
    ("FROM debian:12\nRUN apt update && apt install -y curl=7\n", []),
    ("FROM debian:12\nRUN apt-get -q update && apt-get -qy dist-upgrade\n", []),
    ("FROM debian:12\nRUN apt-get install -y curl=7\n", []),
    ("FROM debian:12\nRUN echo apt-get update\n", []),
    ("FROM debian:12\nRUN apk update && apk add curl\n", []),
    ("FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl=7\nEOF\n", []),
    ('FROM debian:12\nRUN ["sh", "-c", "apt-get update && apt-get install -y x=1"]\n', []),
    ('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN apt-get update\n', []),
    ("FROM debian:12\nRUN if true; then apt-get update && apt-get build-dep -y x; fi\n", []),
    ("FROM debian:12\n# devenv ignore=DV101\nRUN apt-get update\nRUN apt-get install x\n", []),
    ("FROM debian:12\n# hadolint ignore=DV101\nRUN apt-get update\n", []),
    # must fire
    ("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl=7\n", [(2, 5)]),
    ("FROM debian:12\nRUN  apt update\n", [(2, 6)]),
    ("FROM debian:12\nRUN set -e; \\\n    /usr/bin/apt-get -q update\n", [(3, 5)]),
    ("FROM debian:12\nRUN apt-get update && apt-cache policy curl\n", [(2, 5)]),
    ("FROM debian:12\nRUN <<EOF\nset -e\n  apt-get update\nEOF\n", [(4, 3)]),
    ('FROM debian:12\nRUN ["apt-get", "update"]\n', [(2, 7)]),
    ("FROM debian:12\nONBUILD RUN apt-get update\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv101(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV101", text) == expected
