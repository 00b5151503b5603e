from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

CONFIG = (
    "project: p\nservices:\n"
    "  api:\n    build: {context: api}\n"
    "  worker:\n    build: {context: worker}\n"
    "  admin:\n    build: {context: api}\n"
)
INSTALL = "RUN apt-get update && apt-get install -y libpq5=15\n"


def files(api: str, worker: str) -> dict[str, str]:
    return {"api/Dockerfile": api, "worker/Dockerfile": worker}


CASES: list[tuple[dict[str, str], list[tuple[int, int]]]] = [
    # must not fire
    (files("FROM python:3.12\n" + INSTALL, "FROM python:3.11\n" + INSTALL), []),
    (files("FROM python:3.12\nWORKDIR /app\nCOPY . .\n", "FROM python:3.12\nWORKDIR /app\n"), []),
    (files(f"FROM python:3.12\nCOPY . .\n{INSTALL}", f"FROM python:3.12\nCOPY . .\n{INSTALL}"), []),
    (files(f"FROM python:3.12\nRUN a\n{INSTALL}", f"FROM python:3.12\nRUN b\n{INSTALL}"), []),
    (
        files(
            "FROM python:3.12\n" + INSTALL, "FROM golang:1.22 AS b\nFROM python:3.12\n" + INSTALL
        ),
        [],
    ),
    # must fire
    (files("FROM python:3.12\n" + INSTALL, "FROM python:3.12\n" + INSTALL), [(6, 5)]),
    (
        files(
            f"ARG PY=3.12\nFROM python:${{PY}}\nWORKDIR /app\n{INSTALL}COPY . .\n",
            f"FROM python:3.12\nWORKDIR /app\n{INSTALL}RUN pip install x==1\n",
        ),
        [(6, 5)],
    ),
]


@pytest.mark.parametrize(("dockerfiles", "expected"), CASES)
def test_dv207(
    check_rule: CheckRule, dockerfiles: dict[str, str], expected: list[tuple[int, int]]
) -> None:
    assert check_rule("DV207", CONFIG, files=dockerfiles) == expected


def test_dv207_ignored_in_the_config(tmp_path: Path) -> None:
    config = CONFIG + "lint: {ignore: [DV207]}\n"
    same = files("FROM python:3.12\n" + INSTALL, "FROM python:3.12\n" + INSTALL)
    assert config_positions(tmp_path, "DV207", config, files=same) == []


def test_dv207_message_names_both_files(rule_findings) -> None:  # type: ignore[no-untyped-def]
    same = files("FROM python:3.12\n" + INSTALL, "FROM python:3.12\n" + INSTALL)
    (finding,) = rule_findings("DV207", CONFIG, files=same)
    assert "worker/Dockerfile starts like" in finding.message
    assert "api/Dockerfile (service api)" in finding.message
