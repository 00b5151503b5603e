from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

APT = "RUN apt-get install -y"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM python:3.12-slim\nRUN pip install flask==3.0\n", []),
    ("FROM node:20\nRUN apt-get install -y python3=3.11\n", []),
    (f"FROM debian:12\n{APT} curl=7 python3-pip=23 ruby-dev=1\n", []),
    (f"FROM debian:12\n{APT} libpython3.11=3.11\n", []),
    ("FROM alpine:3.20\nRUN apk add --no-cache nodejs-doc=20\n", []),
    ("FROM ubuntu:24.04\nRUN echo apt-get install python3\n", []),
    ("FROM eclipse-temurin:21 AS base\nFROM base\nRUN apt-get install -y openjdk-17-jre\n", []),
    ("FROM devenv-test/python:3.11\nRUN apt-get install -y python3=3.11\n", []),
    (f"FROM ubuntu:24.04\n# devenv ignore=DV103\n{APT} python3=3.12\n", []),
    ("FROM alpine:3.20\n# hadolint ignore=DV103\nRUN apk add nodejs=20\n", []),
    # must fire
    (f"FROM ubuntu:24.04\n{APT} python3=3.12 python3-pip=24\n", [(2, 24)]),
    ("FROM alpine:3.20\nRUN apk add --no-cache nodejs npm\n", [(2, 24)]),
    (
        "FROM debian:12 AS base\nFROM base\nRUN apt-get install -y openjdk-17-jre-headless\n",
        [(3, 24)],
    ),
    (
        "FROM rockylinux:9\nRUN dnf -y install java-17-openjdk && yum install -y ruby\n",
        [(2, 20), (2, 54)],
    ),
    (
        "FROM registry.access.redhat.com/ubi9/ubi:9.4\n"
        "RUN microdnf install -y dotnet-runtime-8.0\n",
        [(2, 25)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv103(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV103", text) == expected
