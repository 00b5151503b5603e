from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.lint.rules.conftest import CheckRule

# Verdicts checked against hadolint 2.15.1, which always reports column 1.
# devenv reports the column of the first package without a version.
CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    ("FROM python:3.12\nRUN pip install flask==3.0.0\n", []),
    ("FROM python:3.12\nRUN pip install \"flask>=3\" 'x~=1.0' y[async]==2\n", []),
    ("FROM python:3.12\nRUN pip install -r requirements.txt\n", []),
    ("FROM python:3.12\nRUN pip install --requirement requirements.txt flask\n", []),
    ("FROM python:3.12\nRUN pip install .\n", []),
    ("FROM python:3.12\nRUN pip install -e .\n", []),
    ("FROM python:3.12\nRUN pip install -c constraints.txt flask\n", []),
    ("FROM python:3.12\nRUN pip install ./dist/app.whl app.tar.gz /src/app\n", []),
    ("FROM python:3.12\nRUN pip install git+https://github.com/x/y.git@v1\n", []),
    ("FROM python:3.12\nRUN pip install -i https://x/simple -f /wheels flask==1\n", []),
    ("FROM python:3.12\nRUN pip install --target /x flask==1\n", []),
    ("FROM python:3.12\nRUN pip download flask\n", []),
    ("FROM python:3.12\nRUN uv pip install flask\n", []),
    ("FROM python:3.12\nRUN pip install\n", []),
    ("FROM python:3.12\n# hadolint ignore=DL3013\nRUN pip install flask\n", []),
    # must fire
    ("FROM python:3.12\nRUN pip install flask\n", [(2, 17)]),
    ("FROM python:3.12\nRUN pip install --upgrade pip\n", [(2, 27)]),
    ("FROM python:3.12\nRUN pip3 install --no-cache-dir flask==1 requests\n", [(2, 42)]),
    ("FROM python:3.12\nRUN python3 -m pip install -U pip setuptools\n", [(2, 31)]),
    ("FROM python:3.12\nRUN pip install git+https://github.com/x/y.git\n", [(2, 17)]),
    ("FROM python:3.12\nRUN pip install --index-url=https://x/simple flask\n", [(2, 46)]),
    ("FROM python:3.12\nONBUILD RUN pip install flask\n", [(2, 25)]),
    ("FROM python:3.12\nRUN pipx install black\n", [(2, 18)]),
    # issue 15 regressions, verdicts checked against hadolint 2.15.1
    (
        "FROM python:3.12\nRUN pip install --no-cache-dir --root-user-action ignore flask==3.0.3\n",
        [],
    ),
    ('FROM python:3.12\nRUN pipx install --python "$(which python)" black==24.8.0\n', []),
    ("FROM python:3.12\nRUN pip install --python python3 flask==3.0.3\n", []),
    ("FROM python:3.12\nRUN pipenv install flask\n", []),
    ("FROM python:3.12\nRUN pipenv run pip install flask\n", []),
    ("FROM python:3.12\nRUN pip install --root-user-action=ignore flask\n", [(2, 43)]),
    ("FROM python:3.12\nRUN pipx install --python python3.12 black\n", [(2, 38)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dl3013(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DL3013", text) == expected
