from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12.7-slim\n", []),
    ("FROM debian\n", []),
    ("FROM scratch\n", []),
    ("FROM debian:latest-slim\n", []),
    ("FROM debian:latest@sha256:" + "a" * 64 + "\n", []),
    ("FROM registry.local:5000/latest\n", []),
    ("FROM golang:1.22 AS latest\nFROM latest\n", []),
    ("ARG TAG=12.7\nFROM debian:${TAG}\n", []),
    ("ARG TAG\nFROM debian:${TAG}\n", []),
    ("FROM debian:12 AS build\nFROM build\nRUN echo latest\n", []),
    ("FROM debian:12\nARG TAG=latest\nRUN echo ${TAG}\n", []),
    ("# hadolint ignore=DL3007\nFROM debian:latest\n", []),
    ("# devenv ignore=DL3008, DL3007\nFROM debian:latest\n", []),
    ("# hadolint global ignore=DL3007\nFROM debian:12\nFROM debian:latest\n", []),
    # must fire
    ("FROM debian:latest\n", [(1, 6)]),
    ("FROM --platform=linux/amd64 registry.local:5000/app:latest AS app\n", [(1, 29)]),
    ("ARG TAG=latest\nFROM nginx:${TAG}\n", [(2, 6)]),
    ('ARG TAG="latest"\nFROM nginx:$TAG\n', [(2, 6)]),
    ("ARG TAG\nFROM nginx:${TAG:-latest}\n", [(2, 6)]),
    ("FROM debian:12 AS a\n\n  from   debian:latest AS b\n", [(3, 10)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3007(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3007", text) == expected


def test_message_names_the_arg_resolution(rule_findings) -> None:  # type: ignore[no-untyped-def]
    (finding,) = rule_findings("DL3007", "ARG TAG=latest\nFROM nginx:${TAG}\n")
    assert "nginx:${TAG} resolves to nginx:latest" in finding.message
