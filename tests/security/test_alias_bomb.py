"""Issue 14, item 4: an alias bomb is bounded in bytes, not only in nodes. Before, a 1 MB
config with 800 aliases of one 1 MB scalar rendered 839 MB (2.5 GB of memory, exit 0).
Now a document that expands past devenv.config.yamlload's bounds is refused at the alias
that crosses them, and what is accepted loads and renders in under 200 MB."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from devenv.cli import main
from devenv.config import yamlload
from devenv.config.yamlload import MAX_CHARS, MAX_NODES

REPO = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
PEAK_BOUND_KB = 200 * 1024


def bomb(path: Path, aliases: int) -> Path:
    text = (
        "project: bomb\nservices:\n  web:\n    image: 'busybox:1.35'\n"
        f"    environment: {{BIG: &big '{'a' * MB}'}}\n"
        f"    command: [{', '.join(['*big'] * aliases)}]\n"
    )
    path.write_text(text)
    return path


def ordinary(path: Path, services: int) -> Path:
    """Services of the usual shape: 58 keys and values each."""
    lines = ["project: big", "services:"]
    for i in range(services):
        lines += [f"  svc{i}:", "    image: 'busybox:1.35'", "    environment:"]
        lines += [f"      VAR_{j}: '{'v' * 40}{i}-{j}'" for j in range(20)]
        lines += ["    command: [" + ", ".join(f"arg{k}-{i}" for k in range(10)) + "]"]
    path.write_text("\n".join(lines) + "\n")
    return path


def nth_alias(path: Path, n: int) -> str:
    """`line:col` of the n-th `*big` (1-based), where the bound is crossed."""
    text = path.read_text()
    index = -1
    for _ in range(n):
        index = text.index("*big", index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - text.rfind(chr(10), 0, index)}"


def peak(*args: str) -> tuple[int, int, str]:
    """Exit code, peak RSS in kB and stderr of `devenv ARGS` in a process of its own (the
    RSS of this one would count pytest's). Address space capped at 2 GB: the old loader
    would take the machine's memory first."""
    script = (
        "import resource, sys\n"
        "from devenv.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2048 * MB, 2048 * MB))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=cap,
        timeout=120,
        check=False,
    )
    *rest, rss = proc.stderr.rstrip().splitlines() or ["0"]
    return proc.returncode, int(rss) if rss.isdigit() else 0, "\n".join(rest)


def test_a_few_aliases_of_a_big_scalar_are_refused_at_the_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 40 aliases of 1 MB: the old loader rendered all 40 MB; 16 MB is the bound.
    config = bomb(tmp_path / "devenv.yaml", 40)
    out = tmp_path / "out.yaml"
    assert main(["render", "dev", "-c", str(config), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    # The scalar itself, 15 aliases of it and the keys' few characters pass 16 MiB.
    where = nth_alias(config, MAX_CHARS // MB - 1)
    assert f"devenv.yaml:{where}: alias *big expands the document past 16 MiB of text" in err
    assert not out.exists()


def test_the_800_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    config = bomb(tmp_path / "devenv.yaml", 800)
    assert config.stat().st_size < 1.1 * MB
    code, rss, err = peak("render", "dev", "-c", str(config), "-o", str(tmp_path / "out.yaml"))
    assert code == 2, err
    assert "alias *big expands the document past 16 MiB" in err
    assert rss < PEAK_BOUND_KB, f"peak RSS {rss} kB"


def test_aliases_within_the_bound_still_render(tmp_path: Path) -> None:
    config = bomb(tmp_path / "devenv.yaml", 14)
    out = tmp_path / "out.yaml"
    code, rss, err = peak("render", "dev", "-c", str(config), "-o", str(out))
    assert code == 0, err
    assert out.read_text().count("a" * 1000) >= 15 * 1000
    assert rss < PEAK_BOUND_KB, f"peak RSS {rss} kB"


def test_a_10_mb_ordinary_config_is_refused_at_once(tmp_path: Path) -> None:
    config = ordinary(tmp_path / "devenv.yaml", 7200)
    assert 9 * MB < config.stat().st_size < 10 * MB
    code, rss, err = peak("render", "dev", "-c", str(config), "-o", str(tmp_path / "out.yaml"))
    assert code == 2, err
    assert f"the document has more than {MAX_NODES:,} keys and values" in err
    assert rss < PEAK_BOUND_KB, f"peak RSS {rss} kB"


@pytest.mark.slow
def test_an_ordinary_config_at_the_bound_renders_under_200_mb(tmp_path: Path) -> None:
    config = ordinary(tmp_path / "devenv.yaml", (MAX_NODES - 10) // 58)
    out = tmp_path / "out.yaml"
    code, rss, err = peak("render", "prod", "--tag", "v1", "-c", str(config), "-o", str(out))
    assert code == 0, err
    assert rss < PEAK_BOUND_KB, f"peak RSS {rss} kB"


def test_nested_collection_aliases_count_every_node_they_expand_to() -> None:
    # A billion laughs of lists: 10 nodes, then each level ten aliases of the last one.
    levels = ["a0: &a0 [" + ", ".join(["x"] * 9) + "]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    with pytest.raises(Exception, match=r"x\.yaml:6:\d+: alias \*a4 expands the document"):
        yamlload.loads("\n".join(levels) + "\n", "x.yaml")


def test_merge_keys_and_small_aliases_load_as_before() -> None:
    text = "base: &b {image: 'x:1', ports: [80]}\nweb:\n  <<: *b\n  command: [*b]\n"
    data = yamlload.loads(text, "x.yaml").data
    assert data["web"]["image"] == "x:1"
    assert data["web"]["command"] == [{"image": "x:1", "ports": [80]}]
