from __future__ import annotations

import pytest

from devenv.lint import runner as lint
from devenv.lint.dockerfile import parse
from devenv.lint.rules import RULES

# Verdicts checked against hadolint 2.15.1 with the same `trustedRegistries`; hadolint
# reports column 1, devenv the column of the image.
TRUSTED = ("docker.io", "*.corp.test", "quay.io")
CASES: list[tuple[str, tuple[str, ...], list[tuple[int, int]]]] = [
    # must not fire
    ("FROM ghcr.io/acme/app:1\n", (), []),  # no list: the rule is off
    ("FROM debian:12\n", TRUSTED, []),
    ("FROM library/debian:12\n", TRUSTED, []),
    ("FROM docker.io/library/debian:12\n", TRUSTED, []),
    ("FROM quay.io/acme/app:1\n", TRUSTED, []),
    ("FROM registry.corp.test/app:1\n", TRUSTED, []),
    ("FROM a.b.corp.test/app:1\n", TRUSTED, []),
    ("FROM scratch\n", ("ghcr.io",), []),
    ("FROM ghcr.io/acme/app:1 AS build\nFROM build\n", ("ghcr.io",), []),
    ("FROM hub.docker.com/x:1\nFROM debian:12\n", ("hub.docker.com",), []),
    ("# hadolint ignore=DL3026\nFROM ghcr.io/acme/app:1\n", TRUSTED, []),
    ("ARG REG=quay.io\nFROM ${REG}/acme/app:1\n", TRUSTED, []),
    # must fire
    ("FROM ghcr.io/acme/app:1\n", TRUSTED, [(1, 6)]),
    ("FROM corp.test/app:1\n", TRUSTED, [(1, 6)]),
    ("FROM registry.local:5000/app\n", TRUSTED, [(1, 6)]),
    ("FROM debian:12\nFROM quay.io/x:1\n", ("quay.io",), [(1, 6)]),
    ("FROM --platform=linux/arm64 gcr.io/x:1 AS b\nFROM b\n", TRUSTED, [(1, 29)]),
    ("ARG REG=gcr.io\nFROM ${REG}/acme/app:1\n", TRUSTED, [(2, 6)]),
    # hadolint 2.15.1 also checks the images COPY --from and RUN --mount=from= read
    ("FROM debian:12 AS b\nCOPY --from=b /a /b\n", TRUSTED, []),
    # an index is a stage (hadolint reads `0` as an image from Docker Hub)
    ("FROM quay.io/d:1\nCOPY --from=0 /a /b\n", ("quay.io",), []),
    ("FROM debian:12\nCOPY --from=alpine:3.20 /a /b\n", TRUSTED, []),
    ("FROM debian:12\nCOPY --from=ghcr.io/x/y:1 /a /b\n", (), []),
    ("FROM debian:12\nONBUILD COPY --from=ghcr.io/x/y:1 /a /b\n", TRUSTED, []),
    ("FROM quay.io/d:1\nRUN --mount=type=cache,target=/c true\n", ("quay.io",), []),
    ("FROM debian:12 AS b\nFROM debian:12\nRUN --mount=from=b,target=/m true\n", TRUSTED, []),
    ("FROM debian:12\nCOPY --from=ghcr.io/x/y:1 /a /b\n", TRUSTED, [(2, 13)]),
    (
        "FROM debian:12\nRUN --mount=type=bind,from=quay.io/z:1,target=/m true\n",
        ("docker.io",),
        [(2, 28)],
    ),
]


@pytest.mark.parametrize(("text", "trusted", "expected"), CASES)
def test_dl3026(text: str, trusted: tuple[str, ...], expected: list[tuple[int, int]]) -> None:
    df = parse(text)._replace(options={"trustedRegistries": trusted})
    found = [f for f in lint.check(df, [RULES["DL3026"]]) if f.rule == "DL3026"]
    assert [(f.line, f.column) for f in found] == expected


def test_dl3026_says_where_the_image_is_from() -> None:
    df = parse("FROM node:22\n")._replace(options={"trustedRegistries": ("quay.io",)})
    (finding,) = lint.check(df, [RULES["DL3026"]])
    assert "node:22 is from Docker Hub, not quay.io" in finding.message
