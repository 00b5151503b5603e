from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.lint.rules.stacks import config_positions

if TYPE_CHECKING:
    from pathlib import Path

    from tests.lint.rules.conftest import CheckRule, RuleFindings

HEAD = "project: p\nservices:\n  api:\n    image: example/api:1.4\n"


def dev(mounts: str, *rules: str, extra: str = "") -> str:
    """The api service's dev section: `mounts` a flow list, each rule one flow mapping (the
    first on line 8, column 11), `extra` more of the service after it."""
    lines = "".join(f"        - {r}\n" for r in rules)
    return HEAD + f"    dev:\n      mounts: {mounts}\n      reload:\n{lines}{extra}"


RESTART_SRC = "{paths: ['src/**'], action: restart}"
EXEC_CONF = "{paths: ['conf/*.ini'], action: exec, exec: kill -HUP 1}"

CASES: list[tuple[str, list[tuple[int, int]]]] = [
    # must not fire
    (HEAD, []),  # no dev section
    (HEAD + "    dev: {mounts: ['./src:/app']}\n", []),  # mounts, no reload rule
    (dev("['./src:/app']", RESTART_SRC), []),  # glob inside a mount
    (dev("['./src:/app']", "{paths: [src/app.py], action: restart}"), []),  # mounted file
    (dev("['./src:/app']", "{paths: [src], action: restart}"), []),  # the mount itself
    (dev("['./src:/app']", "{paths: ['src/'], action: restart}"), []),  # trailing slash
    (dev("['./src/:/app']", "{paths: [src/x], action: restart}"), []),  # on the mount too
    (dev("['src:/app']", "{paths: [src/x], action: restart}"), []),  # no ./ on the mount
    (dev("['./src:/app']", "{paths: [./src/x], action: restart}"), []),  # ./ on the glob
    (dev("['./src:/app:ro']", "{paths: [src/x], action: exec, exec: x}"), []),  # read-only
    (dev("['./src/app:/app']", RESTART_SRC), []),  # a mount inside the glob's folder
    (dev("['./src/app:/app']", "{paths: ['**'], action: restart}"), []),
    (dev("['./web:/srv']", "{paths: ['*.conf'], action: restart}"), []),  # the config folder
    (dev("['.:/app']", EXEC_CONF), []),  # the whole project mounted
    (dev("['./lib/../conf:/c']", EXEC_CONF), []),  # .. in the mount
    (dev("['./conf:/c']", "{paths: ['x/../conf/a.ini'], action: restart}"), []),  # .. in the glob
    (dev("['./src:/app']", "{paths: [conf/x.ini], action: sync, target: /c}"), []),
    (dev("['./src:/app']", "{paths: [requirements.txt], action: rebuild}"), []),
    (
        dev(
            "[]",
            "{paths: [conf/x], action: rebuild}",
            "{paths: [lib/**], action: sync, target: /l}",
        ),
        [],
    ),
    (dev("['./a:/a', './b:/b']", "{paths: [b/x, a/y], action: restart}"), []),  # several mounts
    (dev("[]", RESTART_SRC, extra="      compose: {volumes: ['./src:/app']}\n"), []),
    (
        HEAD + f"    compose: {{volumes: ['./src:/app']}}\n    dev: {{reload: [{RESTART_SRC}]}}\n",
        [],
    ),
    (dev("['./src:/app']", RESTART_SRC, extra="  db:\n    image: postgres:16\n"), []),
    # must fire: at the rule's line
    (dev("['./src:/app']", EXEC_CONF), [(8, 11)]),
    (dev("[]", RESTART_SRC), [(8, 11)]),  # no mount at all
    (dev("['./src:/app']", "{paths: [srcx/y], action: restart}"), [(8, 11)]),  # by folder
    (dev("['./src/app:/app']", "{paths: ['src/lib/**'], action: restart}"), [(8, 11)]),
    (dev("['./src:/app']", "{paths: [src/x, conf/y], action: restart}"), [(8, 11)]),  # one of two
    (dev("['./src:/app']", "{paths: [a], action: rebuild}", RESTART_SRC, EXEC_CONF), [(10, 11)]),
    (dev("['../src:/app']", "{paths: [src/x], action: restart}"), [(8, 11)]),
    (dev("['./src:/app']", "{paths: [../src/x], action: restart}"), [(8, 11)]),
    # a named volume is not a bind mount
    (dev("[]", RESTART_SRC, extra="    volumes: [src:/app]\n") + "volumes: {src: {}}\n", [(8, 11)]),
    (dev("[]", RESTART_SRC, extra="      compose: {volumes: ['src:/app']}\n"), [(8, 11)]),
    # silenced on the rule's line or the line above it
    (dev("['./src:/app']", EXEC_CONF + "  # devenv ignore=DV233"), []),
    (
        HEAD + f"    dev:\n      reload:\n        # devenv ignore=DV233\n        - {RESTART_SRC}\n",
        [],
    ),
    (HEAD + "    dev:  # devenv ignore=DV233\n      reload: [" + RESTART_SRC + "]\n", []),
    (dev("['./src:/app']", EXEC_CONF + "  # devenv ignore=DV230"), [(8, 11)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dv233(check_rule: CheckRule, text: str, expected: list[tuple[int, int]]) -> None:
    assert check_rule("DV233", text) == expected


def test_one_finding_per_rule_in_block_form(check_rule: CheckRule) -> None:
    text = HEAD + (
        "    dev:\n"
        "      mounts: ['./src:/app']\n"
        "      reload:\n"
        "        - paths: ['src/**']\n"
        "          action: restart\n"
        "        - action: exec\n"
        "          exec: kill -HUP 1\n"
        "          paths:\n"
        "            - conf/*.ini\n"
        "            - lib/x\n"
    )
    assert check_rule("DV233", text) == [(10, 11)]


@pytest.mark.parametrize(
    ("mounts", "expected"),
    [
        ("['{root}/src:/app']", []),  # an absolute source inside the config's folder
        ("['{root}/:/app']", []),
        ("['{root}/src/../conf:/app']", [(8, 11)]),
        ("['/elsewhere/src:/app']", [(8, 11)]),
    ],
)
def test_absolute_mount_sources(
    tmp_path: Path, check_rule: CheckRule, mounts: str, expected: list[tuple[int, int]]
) -> None:
    text = dev(mounts.format(root=tmp_path), RESTART_SRC)
    assert check_rule("DV233", text) == expected


def test_the_message_says_what_to_do(rule_findings: RuleFindings) -> None:
    text = dev("['./src:/app']", "{paths: [src/x, 'conf/*.ini', lib], action: exec, exec: x}")
    (finding,) = rule_findings("DV233", text)
    assert finding.message == (
        "service api: a change to conf/*.ini, lib runs its command in the container, but no "
        "bind mount brings it in and the container keeps its image's copy: mount it "
        "(dev.mounts), or use action sync or rebuild"
    )
    (restart,) = rule_findings("DV233", dev("[]", RESTART_SRC))
    assert "src/** restarts the container" in restart.message


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (dev("[]", RESTART_SRC) + "lint: {ignore: [DV233]}\n", []),
        (dev("[]", RESTART_SRC) + "lint: {ignore: [DV230]}\n", [(8, 11)]),
    ],
)
def test_dv233_ignored_in_the_config(
    tmp_path: Path, config: str, expected: list[tuple[int, int]]
) -> None:
    assert config_positions(tmp_path, "DV233", config) == expected
