from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule

APT = "RUN apt-get update && apt-get install -y --no-install-recommends"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\n", []),
    ("FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\n", []),
    (
        "FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /\n",
        [],
    ),
    ("FROM golang:1.22\nRUN go build -o /app\nFROM debian:12\nCOPY --from=0 /app /app\n", []),
    (f"FROM debian:12 AS build\n{APT} gcc=4\nFROM debian:12\nCOPY --from=build /a /a\n", []),
    (f"FROM debian:12\n{APT} curl=7 libpq5=15\n", []),
    (f"FROM debian:12\n{APT} make-doc=1 gomplate=3\n", []),
    ("FROM alpine:3.20\nRUN apk add --no-cache python3=3.12.3-r1\n", []),
    (
        "FROM maven:3.9 AS build\nRUN mvn package\nFROM maven:3.9 AS other\n"
        "FROM eclipse-temurin:21-jre\nCOPY --from=build /t/app.jar /app.jar\n",
        [],
    ),
    ("FROM debian:12\nRUN echo apt-get install gcc\n", []),
    ("FROM golang:1.22\n# devenv ignore=DV102\nFROM golang:1.22\n", []),
    (f"FROM debian:12\n# hadolint ignore=DV102\n{APT} build-essential=12\n", []),
    # must fire
    ("FROM golang:1.22\nRUN go build -o /app\n", [(1, 6)]),
    ("FROM mcr.microsoft.com/dotnet/sdk:8.0\n", [(1, 6)]),
    ('FROM maven:3.9 AS base\nFROM base AS app\nCMD ["java"]\n', [(1, 6)]),
    (f"FROM debian:12\n{APT} curl=7 build-essential=12\n", [(2, 73)]),
    ("FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps musl-dev=1.2\n", [(2, 40)]),
    (
        "FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y \\\n"
        "      libpq-dev=15\n",
        [(4, 7)],
    ),
    ("FROM golang:1.22 AS unused\nFROM rockylinux:9\nRUN dnf install -y gcc-c++\n", [(3, 20)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv102(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV102", text) == expected


DOCKERFILE = 'FROM golang:1.22 AS dev\nRUN go install x@v1\nFROM alpine:3.20 AS prod\nCMD ["x"]\n'


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        ("{context: ., target: prod}", []),
        ("{context: ., target: dev}", [(1, 6)]),
        ("{context: .}", []),
        ("{context: ., target: dev}\nlint: {ignore: [DV102]}", []),
    ],
)
def test_dv102_checks_the_production_target(
    tmp_path: Path, build: str, expected: list[tuple[int, int]]
) -> None:
    config = f"project: p\nservices:\n  app:\n    build: {build}\n"
    found = config_positions(tmp_path, "DV102", config, files={"Dockerfile": DOCKERFILE})
    assert found == expected
