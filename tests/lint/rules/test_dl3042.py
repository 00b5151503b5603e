from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the `pip` command.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM python:3.12\nRUN pip install --no-cache-dir flask==1\n", []),
    ("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==1\n", []),
    ('FROM python:3.12\nENV PIP_NO_CACHE_DIR="true"\nRUN pip install flask==1\n', []),
    ("FROM python:3.12\nENV PIP_NO_CACHE_DIR 1\nRUN pip install flask==1\n", []),
    ("FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask==1\n", []),
    ("FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=true && pip install flask==1\n", []),
    ("FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x==1\n", []),
    ("FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n", []),
    ("FROM python:3.12\nRUN pipx install black\n", []),
    ("FROM python:3.12\nRUN python -m pipx install black\n", []),
    ("FROM python:3.12\nRUN pipenv install\n", []),
    ("FROM python:3.12\nRUN pip download flask\n", []),
    ("FROM python:3.12\n# hadolint ignore=DL3042\nRUN pip install flask==1\n", []),
    # Deliberate: an ARG is in the RUN's environment too; hadolint reads ENV only.
    ("FROM python:3.12\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask==1\n", []),
    # must fire
    ("FROM python:3.12\nRUN pip install flask==1\n", [(2, 5)]),
    ("FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask==1\n", [(3, 5)]),
    ("FROM python:3.12\nRUN pip install -r requirements.txt\n", [(2, 5)]),
    ("FROM python:3.12\nRUN python -m pip install flask==1\n", [(2, 5)]),
    ("FROM python:3.12\nRUN pip install x==1 && pip install --no-cache-dir y==1\n", [(2, 5)]),
    (
        "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\n"
        "RUN pip3 install flask==1\n",
        [(4, 5)],
    ),
    ("FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install x==1\n", [(2, 44)]),
    ("FROM python:3.12\nONBUILD RUN pip install --no-cache-dir=false flask==1\n", [(2, 13)]),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    (
        "FROM python:3.12\n"
        "RUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask==3.0.3\n",
        [],
    ),
    (
        "FROM python:3.12\n"
        "ONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3\n",
        [],
    ),
    ("FROM python:3.12\nONBUILD RUN pip install flask==3.0.3\n", [(2, 13)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3042(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3042", text) == expected
