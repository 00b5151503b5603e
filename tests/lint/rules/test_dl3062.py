"""DL3062. Verdicts checked against hadolint 2.15.1."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2\n", []),
    ("FROM golang:1.23\nRUN go install ./cmd/app\n", []),
    ("FROM golang:1.23\nRUN go build -o /app . && go install .\n", []),
    ("FROM golang:1.23\nRUN go get example.com/lib@v1.2.0\n", []),
    ("FROM golang:1.23\nRUN go run example.com/gen@v1.0.0 example.com/other\n", []),
    ('FROM golang:1.23\nRUN go install -ldflags "-s -w" example.com/tool@v1.4.2\n', []),
    ("FROM golang:1.23\nRUN go mod download && go test ./...\n", []),
    ("FROM golang:1.23\nRUN sudo go install example.com/tool\n", []),
    ("FROM golang:1.23\n# hadolint ignore=DL3062\nRUN go install example.com/tool\n", []),
    ("FROM golang:1.23\nRUN go run ./tools/gen -out /tmp/x\n", []),
    # must fire
    ("FROM golang:1.23\nRUN go install example.com/tool\n", [(2, 16)]),
    ("FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n", [(2, 16)]),
    ("FROM golang:1.23\nRUN CGO_ENABLED=0 go install -tags netgo example.com/tool@v1\n", [(2, 36)]),
    ("FROM golang:1.23\nONBUILD RUN go get example.com/lib\n", [(2, 20)]),
    ("FROM golang:1.23\nRUN go install example.com/a@v1 \\\n    example.com/b\n", [(3, 5)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3062(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3062", text) == expected
