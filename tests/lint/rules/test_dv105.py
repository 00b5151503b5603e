from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM node:20\nCOPY package.json package-lock.json ./\n", []),
    ("FROM node:20\nCOPY .env.example /app/.env\n", []),
    ("FROM node:20\nCOPY . .\n", []),
    ("FROM node:20\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n", []),
    ("FROM nginx:1.27\nCOPY ca.pem fullchain.pem /etc/ssl/\n", []),
    ("FROM debian:12\nADD nodesource.gpg.key /etc/apt/keyrings/\n", []),
    ("FROM debian:12\nCOPY --from=build /app/.env /app/\n", []),
    ("FROM debian:12\nADD https://example.com/server.key /tmp/\n", []),
    ("FROM debian:12\nCOPY <<EOF /app/.env\nA=1\nEOF\n", []),
    ("FROM debian:12\nCOPY keys.py environment.py /app/\n", []),
    ("FROM debian:12\nRUN cat .env\n", []),
    ("FROM debian:12\n# devenv ignore=DV105\nCOPY .env /app/\n", []),
    ("FROM debian:12\n# hadolint ignore=DV105\nCOPY server.key /tls/\n", []),
    # must fire
    ("FROM node:20\nCOPY .npmrc package.json ./\n", [(2, 6)]),
    ("FROM node:20\nCOPY --chown=node:node ./.env /app/\n", [(2, 24)]),
    ("FROM debian:12\nADD id_rsa /root/.ssh/\n", [(2, 5)]),
    (
        'FROM nginx:1.27\nCOPY ["tls/server.key", "tls/server.pem", "/etc/tls/"]\n',
        [(2, 8), (2, 26)],
    ),
    ("FROM debian:12\nCOPY .aws/ /root/.aws/\n", [(2, 6)]),
    ("FROM debian:12\nCOPY app \\\n     .env.production /app/\n", [(3, 6)]),
    ("FROM python:3.12\nCOPY *.pem /certs/\n", [(2, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv105(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV105", text) == expected
