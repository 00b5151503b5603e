from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the image.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM debian:12\n", []),
    ("FROM scratch\n", []),
    ("FROM debian@sha256:" + "a" * 64 + "\n", []),
    ("FROM debian:12 AS build\nFROM build\n", []),
    ("FROM debian:12 AS build\nFROM build AS test\nFROM test\n", []),
    ("FROM registry.local:5000/app:1\n", []),
    ("FROM ${IMAGE}\n", []),
    ("FROM $BASE AS b\n", []),
    ("ARG TAG=12\nFROM debian:${TAG}\n", []),
    ("ARG BASE=debian:12\nFROM $BASE AS b\n", []),
    ("# hadolint ignore=DL3006\nFROM debian\n", []),
    # Deliberate: Docker matches stage names case-insensitively, hadolint does not.
    ("FROM debian:12 AS Build\nFROM build\n", []),
    # must fire
    ("FROM debian\n", [(1, 6)]),
    ("FROM registry.local:5000/app\n", [(1, 6)]),
    ("FROM --platform=$BUILDPLATFORM golang AS b\n", [(1, 32)]),
    ("FROM build\nFROM debian:12 AS build\n", [(1, 6)]),
    # Deliberate: hadolint does not resolve ARG defaults in FROM (issue 3).
    ("ARG IMAGE=debian\nFROM ${IMAGE}\n", [(2, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3006(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3006", text) == expected
