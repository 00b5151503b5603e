"""Issue 14, item 3: bad input that used to end in a traceback and exit 3 is a named or
positioned error with exit 2. Each case goes through `main`, which turns a bug into exit 3."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devenv.cli import main
from devenv.lint.dockerfile import parse, shell_commands

CONFIG = "project: app\nservices:\n  web: {image: 'nginx:1.27'}\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, _, err = run_out(capsys, *args)
    return code, err


def run_out(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    return code, out, err


@pytest.fixture
def loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "devenv.yaml").symlink_to(tmp_path / "a.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "a.yaml"


@pytest.mark.parametrize(
    "command",
    [["render", "dev"], ["render", "prod", "--tag", "v1"], ["lint"], ["diff"], ["up"]],
)
def test_a_config_that_is_a_symlink_loop(
    loop: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    for args in ([*command, "-c", str(loop)], command):  # given, and found as ./devenv.yaml
        code, err = run(capsys, *args)
        assert code == 2, err
        assert "a loop of symbolic links" in err
    code, err = run(capsys, "ntp", "-c", str(loop), "--no-engine")
    assert (code, "a loop of symbolic links" in err) == (2, True)


def test_a_dotenv_that_is_not_utf8(
    write_config: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    (tmp_path / ".env").write_bytes(b"A=1\nB=caf\xe9\n")
    code, err = run(capsys, "render", "dev", "-c", str(tmp_path / "devenv.yaml"))
    assert code == 2
    assert ".env:2:6: not UTF-8 text" in err


def test_interpolation_nested_5000_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = "${A:-" * 5000 + "x" + "}" * 5000
    (tmp_path / "devenv.yaml").write_text(CONFIG.replace("nginx:1.27", deep))
    code, err = run(capsys, "render", "dev", "-c", str(tmp_path / "devenv.yaml"))
    assert code == 2
    assert "devenv.yaml:3:16: services.web.image: '${...}' nested more than 64 deep" in err


def test_a_run_with_1000_continuations_still_lints() -> None:
    steps = [f"echo {i}" for i in range(1000)]
    steps[500] = "cd /tmp"
    steps[998] = "apt-get install -y curl"
    df = parse("FROM debian:12\nRUN " + " && \\\n    ".join(steps) + "\n")
    commands = shell_commands(df.instructions[1])
    assert len(commands) == 1000
    assert commands[500].name == "cd"
    assert commands[500].line == 502
    assert commands[998].args == ("install", "-y", "curl")
    assert commands[999].before == "&&"
    assert commands[0].after == "&&"


def test_lint_of_deep_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chain = " && \\\n    ".join(["echo a"] * 999 + ["apt-get install -y curl"])
    (tmp_path / "Chain").write_text(f"FROM debian:12\nRUN {chain}\n")
    # --no-shellcheck: this is devenv's own shell walker; ShellCheck's bounds on such RUNs
    # are tested in test_shellcheck_bounds.py.
    code, out, _ = run_out(capsys, "lint", "--no-shellcheck", str(tmp_path / "Chain"))
    assert "DL3008" in out
    assert "DL3015" in out
    assert code == 1
    (tmp_path / "Deep").write_text("FROM debian:12\nRUN " + "(" * 20000 + "true" + ")" * 20000)
    code, _ = run(capsys, "lint", "--no-shellcheck", str(tmp_path / "Deep"))
    assert code in (0, 1)


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e300", "0"])
@pytest.mark.parametrize("command", ["ntp", "promote"])
def test_absurd_timeouts_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, value: str
) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    extra = ["--no-engine", "--server", "127.0.0.1:9"] if command == "ntp" else []
    args = [command, "-c", str(tmp_path / "devenv.yaml"), *extra, "--timeout", value]
    code, err = run(capsys, *args)
    assert code == 2
    assert "--timeout" in err
    assert "give a number of seconds above 0 and at most 86400" in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["render", "prod", "--tag", "v1"], ["schema"]])
def test_stdout_on_a_full_disk(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "devenv.yaml").write_text(CONFIG)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "devenv", *command],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "devenv: error: cannot write the output: No space left on device\n"
