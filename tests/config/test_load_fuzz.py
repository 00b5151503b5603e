"""Random and mutated YAML never crashes the loader: exit 0, or exit 2 with a position."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devenv.cli import main
from tests.conftest import EXAMPLES

POSITION = re.compile(r"devenv\.yaml:\d+:\d+: ")
SEED = (EXAMPLES / "hello" / "devenv.yaml").read_text()
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "devenv.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code = main(["render", "dev", "-c", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 2), err
    if code == 2:
        assert "Traceback" not in err
        assert POSITION.search(err), err


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)
)
trees = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(text=st.text(max_size=200))
def test_random_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    _check(tmp_path, text.replace("\x00", ""), capsys)


@FUZZ
@given(tree=trees)
def test_random_structures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tree: object
) -> None:
    _check(tmp_path, yaml.safe_dump({"project": "fuzz", "services": {"web": tree}}), capsys)


@FUZZ
@given(
    position=st.integers(min_value=0, max_value=len(SEED)),
    length=st.integers(min_value=0, max_value=12),
    insert=st.text(alphabet=" \n:-[]{}$#'\"&*!|>0aZ", max_size=8),
)
def test_mutated_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], position: int, length: int, insert: str
) -> None:
    _check(tmp_path, SEED[:position] + insert + SEED[position + length :], capsys)


@FUZZ
@given(key=st.sampled_from(["build", "ports", "dev", "prod", "healthcheck", "data"]), value=trees)
def test_replaced_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: object
) -> None:
    doc = yaml.safe_load(SEED)
    doc["services"]["web"][key] = value
    _check(tmp_path, yaml.safe_dump(doc), capsys)
